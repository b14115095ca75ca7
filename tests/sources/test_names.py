"""The key under which spellings of one name meet (sources.names), and the
people services that keep it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from sources import services
from sources.models import Person
from sources.names import name_key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Sam Altman", "sam altman"),
        # case and spacing
        ("SAM   ALTMAN", "sam altman"),
        ("  Sam\tAltman\n", "sam altman"),
        # accents, including letters NFKD cannot take apart
        ("Sam Altmán", "sam altman"),
        ("Zoë Ångström", "zoe angstrom"),
        ("Łukasz Øster", "lukasz oster"),
        ("Straße", "strasse"),
        # compatibility forms: full-width letters, ligatures
        ("ＳＡＭ Altman", "sam altman"),
        ("ﬁnn", "finn"),
        # look-alike letters from other scripts
        ("Sаm Аltman", "sam altman"),  # Cyrillic а, А
        ("Рutin Οleg", "putin oleg"),  # Cyrillic Р, Greek Ο
        ("Ноwеll Хі", "howell xi"),  # Cyrillic Н о е Х і
        ("Αlpha Ρrime", "alpha prime"),  # Greek Α, Ρ
        ("İlkay", "ilkay"),
        ("ılkay", "ilkay"),  # dotless i
        # punctuation
        ("Jean-Paul Sartre", "jean paul sartre"),
        ("J.R.R. Tolkien", "j r r tolkien"),
        ("O'Brien", "obrien"),
        ("O’Brien", "obrien"),
        ("Altman, Sam (OpenAI)", "altman sam openai"),
        ("---", ""),
    ],
)
def test_name_key(name, key):
    assert name_key(name) == key


def test_different_names_keep_different_keys():
    assert name_key("Sam Altman") != name_key("Sam Altmann")
    assert name_key("Jean Paul") != name_key("Jeanpaul")


def test_the_key_is_bounded_however_a_name_expands():
    # One character NFKC writes out as eighteen.
    assert len(name_key("\ufdfa" * 200)) == 400


@pytest.mark.django_db
class TestKeptByTheServices:
    def test_creating(self):
        person = services.create_person(name="Sam Altmán")
        assert Person.objects.get(pk=person.pk).name_key == "sam altman"

    def test_getting_or_creating_by_slug(self):
        person = services.get_or_create_person(name="Zoë Smith", slug="zoe")
        assert Person.objects.get(pk=person.pk).name_key == "zoe smith"

    def test_adding_when_filing(self):
        person = services.person_for(services.PersonReference(name="Dario Amodéi"), field="x")
        assert Person.objects.get(pk=person.pk).name_key == "dario amodei"

    def test_renaming(self):
        person = services.create_person(name="Sam Altman")
        person.name = "Samuel Altman"
        services.save_person(person=person)
        assert Person.objects.get(pk=person.pk).name_key == "samuel altman"


@pytest.mark.django_db
def test_the_admin_keeps_the_key_of_a_renamed_person(client, staff):
    person = services.create_person(name="Sam Altman")
    client.force_login(staff)

    response = client.post(
        reverse("admin:sources_person_change", args=[person.pk]),
        {
            "name": "Samuel Altmán",
            "slug": person.slug,
            "kind": "person",
            "reason": "His full name.",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).name_key == "samuel altman"


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_keys_of_people_already_there():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    before = [("sources", "0002_people_accounts_and_merges")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("sources", "Person")
    old.objects.create(name="Sam Altmán", slug="sam-altman")
    try:
        executor = MigrationExecutor(connection)
        executor.migrate([("sources", "0003_person_name_key")])
        assert Person.objects.get(slug="sam-altman").name_key == "sam altman"
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
