"""Due emails, end to end: a real Celery worker and beat on the test PostgreSQL
and Redis send through a real SMTP server (aiosmtpd) on localhost, and the
outbox survives the faults it exists for: the mail server down, the worker
killed in the middle of a batch, Redis stopped.

Each fault test prints one line, ``created=N delivered=N duplicated=N
emails=N``: the outbox rows written, the rows marked sent whose Message-ID the
SMTP server received, the messages that arrived again with a Message-ID
already seen, and all the messages the server accepted.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from predictions import services
from predictions.models import (
    EmailPreferences,
    Follow,
    Notification,
    Prediction,
    PredictionEvent,
    Tag,
    TagFollow,
    Watch,
)
from tests.support.api import client_for
from tests.support.factories import PersonFactory, PredictionFactory, StatementFactory, UserFactory
from tests.support.markers import requires_postgres, requires_redis
from tests.support.ports import free_port
from tests.support.redis_server import TIMEOUTS, RedisServer
from tests.support.smtp_server import Inbox, SmtpServer
from tests.support.worker import (
    ROOT,
    CeleryProcesses,
    children_of,
    process_group,
    purge_broker,
    wait_for,
)

pytestmark = [
    pytest.mark.integration,
    requires_postgres,
    requires_redis,
    pytest.mark.django_db(transaction=True),
]

# Links in the fault tests' emails are never followed; only their host shows,
# in the Message-ID.
SITE_URL = "http://hindsight.test"

SENT = Notification.Status.SENT
PENDING = Notification.Status.PENDING


# --- fixtures and helpers ---------------------------------------------------------


@pytest.fixture
def celery(tmp_path):
    """Makes CeleryProcesses with a given environment; stops them all at the end."""
    made: list[CeleryProcesses] = []

    def make(**environ: str) -> CeleryProcesses:
        processes = CeleryProcesses(tmp_path / f"celery-{len(made)}", **environ)
        made.append(processes)
        return processes

    purge_broker(settings.REDIS_URL)
    yield make
    for processes in made:
        processes.stop()
    purge_broker(settings.REDIS_URL)


@pytest.fixture
def smtp():
    """An SMTP server on a free port, not yet started: each test starts it when
    the story needs it to be up."""
    server = SmtpServer(free_port(), Inbox())
    yield server
    server.stop()


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own, which it may stop and start again."""
    directory = tmp_path / "redis"
    directory.mkdir()
    server = RedisServer(free_port(), directory)
    server.start()
    yield server
    server.kill()


def worker_settings(smtp: SmtpServer, **overrides: str) -> dict[str, str]:
    return {
        "EMAIL_URL": smtp.url,
        "SITE_URL": SITE_URL,
        "DUE_CHECK_SECONDS": "1",
        "NOTIFICATION_RETRY_BACKOFF_SECONDS": "1",
        "NOTIFICATION_RETRY_BACKOFF_MAX_SECONDS": "2",
        # A killed worker's rows are free to be claimed again this soon.
        "NOTIFICATION_CLAIM_SECONDS": "3",
        "NOTIFICATION_SWEEP_SECONDS": "1",
        "NOTIFICATION_SWEEP_AFTER_SECONDS": "3",
        **overrides,
    }


def due_prediction(**fields) -> Prediction:
    """Open, its deadline two days gone: beat's next check makes it due."""
    deadline = timezone.localdate() - dt.timedelta(days=2)
    return PredictionFactory(
        made_on=deadline - dt.timedelta(days=30), resolves_on=deadline, **fields
    )


def readers(count: int, prefix: str) -> list:
    """``count`` users with addresses, made in one query."""
    User = get_user_model()
    return User.objects.bulk_create(
        User(username=f"{prefix}{n}", email=f"{prefix}{n}@example.com") for n in range(count)
    )


def all_sent(expected_rows: int):
    def check() -> bool:
        rows = Notification.objects.all()
        return rows.count() == expected_rows and not rows.exclude(status=SENT).exists()

    return check


def tally(inbox: Inbox) -> dict[str, int]:
    received = inbox.message_ids()
    rows = list(Notification.objects.all())
    return {
        "created": len(rows),
        "delivered": sum(row.status == SENT and row.message_id in received for row in rows),
        "duplicated": inbox.duplicates(),
        "emails": len(inbox),
    }


def logged(processes: CeleryProcesses, *words: str) -> bool:
    """Some line of the processes' logs holds all these words."""
    return any(all(word in line for word in words) for line in processes.log().splitlines())


def summary(counts: dict[str, int]) -> str:
    return " ".join(f"{name}={value}" for name, value in counts.items())


def report(counts: dict[str, int]) -> str:
    line = summary(counts)
    print(f"\n{line}")
    return line


# --- the happy path ---------------------------------------------------------------


class PostForm(HTMLParser):
    """The fields of the page's form that posts to an email link."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.action = ""
        self._inside = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "/email/resolve/" in (attrs.get("action") or ""):
            self._inside = True
            self.action = attrs["action"]
        elif self._inside and tag in {"input", "textarea"} and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False


class KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the test looks at the redirect itself


def browser() -> urllib.request.OpenerDirector:
    """A real HTTP client that keeps its cookies (the CSRF cookie) between requests."""
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(CookieJar()), KeepRedirects()
    )


def fetch(opener, url: str, form: dict | None = None) -> tuple[int, str, str]:
    """Status, Location and body; error statuses are answers here, not exceptions."""
    data = urlencode(form).encode() if form is not None else None
    try:
        with opener.open(url, data=data, timeout=30) as response:
            return response.status, response.headers.get("Location", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", ""), error.read().decode()


def text_and_html(message) -> tuple[str, str]:
    assert message.get_content_type() == "multipart/alternative"
    parts = {part.get_content_type(): part.get_content() for part in message.iter_parts()}
    assert set(parts) == {"text/plain", "text/html"}
    return parts["text/plain"], parts["text/html"]


def link_labelled(text: str, label: str) -> str:
    [url] = [
        line.split(": ", 1)[1]
        for line in text.splitlines()
        if line.strip().startswith(f"{label}: http")
    ]
    return url


def test_a_due_prediction_mails_each_recipient_once_and_its_wrong_link_resolves_it(
    celery, smtp, live_server
):
    filer = UserFactory(username="fiona")
    watcher = UserFactory(username="walter")
    predictor_fan = UserFactory(username="petra")
    tag_fan = UserFactory(username="tomas")
    opted_out = UserFactory(username="olga")
    EmailPreferences.objects.create(user=opted_out, due_emails=False)
    no_address = UserFactory(username="nadia", email="")
    statement = StatementFactory(text="The Riverton bridge reopens within the next month.")
    prediction = due_prediction(
        claim="The Riverton bridge reopens",
        predictor=statement.speaker,
        statement=statement,
        deadline_text="within the next month",
        filed_by=filer,
    )
    transport = Tag.objects.create(name="transport", slug="transport")
    prediction.tags.add(transport)
    for user in (filer, watcher):  # the filer watches what they file
        Watch.objects.create(user=user, prediction=prediction)
    for user in (predictor_fan, opted_out, no_address):
        Follow.objects.create(user=user, person=prediction.predictor)
    TagFollow.objects.create(user=tag_fan, tag=transport)
    owed = {user.email: user for user in (filer, watcher, predictor_fan, tag_fan)}
    smtp.start()
    # The sweeper stays out of it: these emails go by the tasks queued when the
    # rows were written.
    processes = celery(
        **worker_settings(smtp, SITE_URL=live_server.url, NOTIFICATION_SWEEP_AFTER_SECONDS="3600")
    )

    processes.start_worker()
    processes.start_beat()

    delivered = wait_for(lambda: len(smtp.inbox) >= len(owed) and all_sent(len(owed))())
    assert delivered, f"{summary(tally(smtp.inbox))}\n{processes.log()}"
    rows = {row.recipient_id: row for row in Notification.objects.all()}
    assert set(rows) == {user.pk for user in owed.values()}
    messages = {received.to: received.message for received in smtp.inbox.messages}
    for received in smtp.inbox.messages:
        # On the wire the header is the plain URL, not RFC 2047 encoded words.
        assert f"List-Unsubscribe: <{live_server.url}/email/unsubscribe/".encode() in received.raw
    assert sorted(received.to for received in smtp.inbox.messages) == sorted(owed)
    for address, message in messages.items():
        row = rows[owed[address].pk]
        assert message["Message-ID"] == row.message_id
        assert message["List-Unsubscribe"].startswith(f"<{live_server.url}/email/unsubscribe/")
        assert message["List-Unsubscribe"].endswith(">")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        text, html = text_and_html(message)
        assert "The Riverton bridge reopens" in text and "The Riverton bridge reopens" in html
        assert f"{live_server.url}{prediction.get_absolute_url()}" in text
    filers_text, _ = text_and_html(messages[filer.email])
    watchers_text, _ = text_and_html(messages[watcher.email])
    assert "Wrong: http" not in watchers_text  # only who may resolve gets outcome links
    wrong = link_labelled(filers_text, "Wrong")
    assert wrong.startswith(f"{live_server.url}/email/resolve/")

    http = browser()
    status, _, page = fetch(http, wrong)
    assert status == 200, page
    assert Prediction.objects.get(pk=prediction.pk).status == "due"  # a GET changes nothing
    form = PostForm()
    form.feed(page)
    assert form.fields["outcome"] == "wrong" and form.fields["csrfmiddlewaretoken"]
    form.fields["note"] = "Still closed: the council postponed the works."
    status, location, page = fetch(http, live_server.url + form.action, form.fields)

    assert status == 302, page
    assert location == prediction.get_absolute_url()
    resolved = Prediction.objects.get(pk=prediction.pk)
    assert (resolved.status, resolved.outcome, resolved.resolved_by) == ("resolved", "wrong", filer)
    event = resolved.events.get(kind=PredictionEvent.Kind.RESOLVED)
    assert event.actor == filer
    assert fetch(http, wrong)[0] == 410  # used: the link now says so and changes nothing
    assert len(smtp.inbox) == len(owed)


# --- faults -------------------------------------------------------------------------


def test_with_the_mail_server_down_rows_wait_and_all_go_once_it_answers(celery, smtp):
    first, second = due_prediction(), due_prediction()
    users = readers(6, "reader")
    # Two readers watch both: one email each, about two predictions.
    Watch.objects.bulk_create(
        [Watch(user=user, prediction=first) for user in users[:4]]
        + [Watch(user=user, prediction=second) for user in users[2:]]
    )
    rows_owed, emails_owed = 8, 6
    # Nothing listens on smtp.port yet. Enough attempts that none turns failed
    # while the server is down.
    processes = celery(**worker_settings(smtp, NOTIFICATION_MAX_ATTEMPTS="50"))
    processes.start_worker()
    processes.start_beat()

    def all_tried() -> bool:
        rows = Notification.objects.all()
        return (
            rows.count() == rows_owed
            and not rows.filter(attempts=0).exists()
            and not rows.filter(last_error="").exists()
        )

    assert wait_for(all_tried), processes.log()
    waiting = list(Notification.objects.all())
    assert {row.status for row in waiting} == {PENDING}, processes.log()
    assert all("Connection refused" in row.last_error for row in waiting), [
        row.last_error for row in waiting
    ]

    smtp.start()  # the mail server is back, on the same port

    delivered = wait_for(all_sent(rows_owed), timeout=90)
    counts = tally(smtp.inbox)
    line = report(counts)
    assert delivered, f"{line}\n{processes.log()}"
    assert counts["delivered"] == counts["created"] == rows_owed, line
    assert len(smtp.inbox.message_ids()) == emails_owed, line
    assert counts["duplicated"] == 0, line


def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_at_most_one(celery, smtp):
    predictions = [due_prediction() for _ in range(4)]
    users = readers(200, "reader")
    Watch.objects.bulk_create(
        Watch(user=user, prediction=predictions[n % 4]) for n, user in enumerate(users)
    )
    # A few milliseconds per message, so the kill lands in the middle of the batch.
    smtp.inbox.delay = 0.005
    smtp.start()
    # The sweeper waits long enough not to race the first worker, and then
    # re-queues whatever the killed one left pending.
    processes = celery(
        **worker_settings(
            smtp, NOTIFICATION_SWEEP_SECONDS="2", NOTIFICATION_SWEEP_AFTER_SECONDS="10"
        )
    )
    doomed = processes.start_worker()
    processes.start_beat()

    assert wait_for(lambda: len(smtp.inbox) >= 1, timeout=90), processes.log()
    # The solo pool sends from the worker process itself: killing it stops the work.
    assert children_of(doomed.pid) == []
    assert wait_for(lambda: len(smtp.inbox) >= 40, every=0.005), processes.log()
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait(timeout=10)
    received_at_kill = len(smtp.inbox)
    assert process_group(doomed.pid) == []  # no orphan left behind
    assert received_at_kill < 200, "the worker finished before it was killed"

    processes.start_worker()

    delivered = wait_for(all_sent(200), timeout=120)
    counts = tally(smtp.inbox)
    line = report({**counts, "received_at_kill": received_at_kill})
    assert delivered, f"{line}\n{processes.log()}"
    ids = smtp.inbox.message_ids()
    assert len(ids) == 200, line
    assert set(ids) == set(Notification.objects.values_list("message_id", flat=True)), line
    assert counts["delivered"] == counts["created"] == 200, line
    assert counts["duplicated"] <= 1, f"{line}: {[i for i, n in ids.items() if n > 1]}"


def test_with_redis_stopped_the_site_answers_and_the_sweeper_delivers_after(
    own_redis, smtp, celery, settings, client
):
    filer = UserFactory(username="fiona")
    person = PersonFactory(name="A Mayor")
    owed = due_prediction(predictor=person, filed_by=filer)
    Watch.objects.create(user=filer, prediction=owed)
    Follow.objects.bulk_create(Follow(user=user, person=person) for user in readers(5, "fan"))
    to_resolve = services.file_claim(
        filed_by=filer,
        claim="The Riverton bridge reopens",
        predictor=person,
        resolves_on=timezone.localdate() + dt.timedelta(days=30),
    )
    smtp.start()
    processes = celery(
        **worker_settings(
            smtp,
            REDIS_URL=own_redis.url,
            # The due check is the command below, run while Redis is down.
            DUE_CHECK_SECONDS="3600",
            NOTIFICATION_SWEEP_AFTER_SECONDS="2",
        )
    )
    processes.start_worker()
    processes.start_beat()
    # Beat, Redis and the worker work together: the sweeper has run once.
    swept = wait_for(lambda: logged(processes, "deliver_pending_notifications[", "succeeded"))
    assert swept, processes.log()

    own_redis.stop()
    # The site's cache is that Redis too, with throttling on (it counts in the cache).
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.FailOpenRedisCache",
            "LOCATION": own_redis.url,
            "KEY_PREFIX": "hindsight",
            "OPTIONS": TIMEOUTS,
        }
    }
    settings.API_THROTTLE_RATES = {"anon": "60/min", "user": "600/min"}

    filed = client_for(filer).post(
        "/api/v1/predictions/",
        {
            "claim": "The tram line opens",
            "predictor": {"name": "A Mayor"},
            "made_on": timezone.localdate().isoformat(),
            "resolves_on": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
        },
        format="json",
    )
    assert filed.status_code == 201, filed.content
    client.force_login(filer)
    resolved = client.post(
        f"/predictions/{to_resolve.pk}/resolve/",
        {"version": to_resolve.version, "outcome": "right", "note": "Opened on time."},
    )
    assert resolved.status_code == 302, resolved.content
    assert Prediction.objects.get(pk=to_resolve.pk).outcome == "right"
    check = subprocess.run(
        [sys.executable, "manage.py", "check_due"],
        cwd=ROOT,
        env=processes.environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stderr
    assert "1 prediction became due." in check.stdout, check.stdout + check.stderr
    assert "Could not queue" in check.stderr, check.stderr  # the broker was down
    waiting = Notification.objects.filter(prediction=owed)
    assert waiting.count() == 6
    assert set(waiting.values_list("status", "attempts")) == {(PENDING, 0)}

    own_redis.start()  # empty, on the same port: the queued tasks are gone

    delivered = wait_for(all_sent(6), timeout=90)
    counts = tally(smtp.inbox)
    line = report(counts)
    assert delivered, f"{line}\n{processes.log()}"
    assert counts["delivered"] == counts["created"] == 6, line
    assert len(smtp.inbox.message_ids()) == 6, line
    assert counts["duplicated"] == 0, line
