"""Filings racing each other over the same new page or person: the second
finds what the first added, instead of failing (an IntegrityError, a 500) or
asking whom it meant (a 400). The load test found both."""

import threading
import time

import pytest
from django.db import connection, transaction

from sources import services
from sources.models import Person, Source, Statement
from sources.services import people as people_services
from tests.support.markers import requires_postgres

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]

URL = "https://example.com/one-page"


def someone_waits_on_a_lock(timeout: float = 30.0) -> bool:
    """Whether another session of this database is blocked on a lock."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # Within a transaction the statistics views are a snapshot: renew it.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False


def test_a_source_added_meanwhile_is_reused():
    inserted = threading.Event()
    first: dict = {}

    def first_filing():
        # Its own connection: adds the source, and commits only once the
        # second filing is blocked inserting the same URL.
        try:
            with transaction.atomic():
                first["source"], first["created"] = services.get_or_create_source(
                    url=URL, title="First"
                )
                inserted.set()
                first["saw_the_wait"] = someone_waits_on_a_lock()
        finally:
            inserted.set()
            connection.close()

    thread = threading.Thread(target=first_filing)
    thread.start()
    assert inserted.wait(timeout=30)
    try:
        second, created = services.get_or_create_source(url=URL, title="Second")
    finally:
        thread.join(timeout=60)

    assert first["saw_the_wait"], "the second filing never blocked on the first's insert"
    assert (first["created"], created) == (True, False)
    assert second == first["source"]
    assert list(Source.objects.values_list("title", flat=True)) == ["First"]


@pytest.mark.django_db
def test_a_person_added_meanwhile_under_the_same_name_is_found(monkeypatch):
    """Two filings naming the same new person at once: the second's lookups
    by exact name and by slug ran before the first committed, its look-alike
    lookup after. The person it finds there is the one it named, not a
    look-alike to ask about (a 400 under the load test)."""
    real_name_key = people_services.name_key
    added: list[Person] = []

    def first_filing_commits_now(name: str) -> str:
        if not added:
            person = Person(name="Load Pundit", slug="load-pundit")
            person.name_key = real_name_key(person.name)
            person.save()
            added.append(person)
        return real_name_key(name)

    monkeypatch.setattr(people_services, "name_key", first_filing_commits_now)

    found = services.find_person(services.PersonReference(name="Load Pundit"), field="predictor")

    assert added
    assert found == added[0]


def test_the_same_words_filed_meanwhile_are_one_statement():
    speaker = Person.objects.create(name="Load Pundit", slug="load-pundit")
    source = Source.objects.create(url=URL, title="A page", published_on="2026-03-01")
    words = "It will happen within the year."
    added = threading.Event()
    first: dict = {}

    def first_filing():
        # Adds the words, and commits only once the second filing waits on it.
        try:
            with transaction.atomic():
                first["statement"] = services.create_statement(
                    source=source, speaker=speaker, text=words
                )
                added.set()
                first["saw_the_wait"] = someone_waits_on_a_lock()
        finally:
            added.set()
            connection.close()

    thread = threading.Thread(target=first_filing)
    thread.start()
    assert added.wait(timeout=30)
    try:
        second = services.create_statement(source=source, speaker=speaker, text=words)
    finally:
        thread.join(timeout=60)

    assert first["saw_the_wait"], "the second filing never waited for the first"
    assert second == first["statement"]
    assert Statement.objects.filter(speaker=speaker).count() == 1
