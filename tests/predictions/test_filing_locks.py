"""Two filings about one person at once commit in turn, never deadlock.

A filing with a quote locks its speaker's row while it looks for the same
words (sources.services.create_statement), then moves the person's totals
row; a filing without a quote moves the totals row at once, and only at
commit checks its foreign key to the person (Django's constraints are
deferred), which takes a KEY SHARE lock on the person. Had the first lock
been FOR UPDATE, that check would wait for the first filing while the first
waited for the totals row: the deadlock the load test met. A FOR NO KEY
UPDATE lock serialises the filings just the same and lets the check pass.
"""

import datetime as dt
import threading

import pytest
from django.db import connection, transaction

from predictions import services
from predictions.models import PersonTotals, Prediction
from sources import services as source_services
from tests.sources.test_source_race import someone_waits_on_a_lock
from tests.support.factories import PersonFactory, UserFactory, make_editor
from tests.support.markers import requires_postgres

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]

DEADLINE = dt.date(2030, 1, 1)


def test_a_quoted_and_an_unquoted_filing_about_one_person_both_commit(monkeypatch):
    editor = make_editor(UserFactory.create(username="ed"))
    person = PersonFactory.create(name="A Mayor")
    quoted_holds_the_person = threading.Event()
    unquoted_filed = threading.Event()
    outcome: dict = {}

    def unquoted_filing():
        # Its own connection: files once the quoted filing holds the
        # person's row, and commits once that filing waits for the totals.
        try:
            assert quoted_holds_the_person.wait(timeout=30)
            with transaction.atomic():
                services.file_claim(
                    filed_by=editor, claim="Unquoted", predictor=person, resolves_on=DEADLINE
                )
                unquoted_filed.set()
                outcome["saw_the_wait"] = someone_waits_on_a_lock()
        except Exception as error:  # reported by the assertions below
            outcome["error"] = error
        finally:
            unquoted_filed.set()
            connection.close()

    real_create_statement = source_services.create_statement

    def create_statement_then_let_the_other_file(**kwargs):
        statement = real_create_statement(**kwargs)
        quoted_holds_the_person.set()
        assert unquoted_filed.wait(timeout=30)
        return statement

    monkeypatch.setattr(
        source_services, "create_statement", create_statement_then_let_the_other_file
    )
    thread = threading.Thread(target=unquoted_filing)
    thread.start()
    try:
        services.file_claim(
            filed_by=editor,
            claim="Quoted",
            predictor=person,
            resolves_on=DEADLINE,
            made_on=dt.date(2026, 11, 1),
            quote="The tram line will open.",
            source_title="City hall minutes",
        )
    finally:
        quoted_holds_the_person.set()
        thread.join(timeout=60)

    assert "error" not in outcome, outcome.get("error")
    assert outcome["saw_the_wait"], "the quoted filing never waited for the totals row"
    assert set(Prediction.objects.values_list("claim", flat=True)) == {"Quoted", "Unquoted"}
    assert PersonTotals.objects.get(person=person).predictions == 2
