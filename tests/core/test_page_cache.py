"""List pages are kept whole for signed-out readers until a write they could
show commits (core.page_cache): a kept page costs no query; a signed-in
reader, a cookie, a CSRF token, a message or an error is never kept or served
from the cache; the API keeps its throttle and tells JSON from the
browsable API."""

import datetime as dt

import pytest
from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.services import create_api_token
from core import page_cache
from predictions import services
from predictions.models import Tag
from tests.support.factories import (
    PersonFactory,
    PredictionFactory,
    SourceFactory,
    StatementFactory,
    UserFactory,
    make_editor,
    make_verified,
)

pytestmark = pytest.mark.django_db

LISTS = ["/", "/predictions/", "/people/", "/people/?sort=accuracy", "/sources/"]


@pytest.fixture(autouse=True)
def keeping(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def ledger(frozen_now):
    return PredictionFactory.create(claim="Trams run again", resolves_on=dt.date(2026, 3, 20))


def kept(url: str):
    """What the cache keeps for a signed-out reader's GET of ``url``."""
    key = page_cache.page_key(RequestFactory().get(url))
    assert key is not None
    return cache.get(key)


@pytest.mark.parametrize("url", LISTS)
def test_a_second_signed_out_visit_is_served_without_a_query(
    client, ledger, url, django_assert_num_queries
):
    first = client.get(url)
    assert first.status_code == 200
    assert kept(url) is not None  # (home's sections alone would make no query either)

    with django_assert_num_queries(0):
        second = client.get(url)

    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Cookie" in second["Vary"]


def test_a_committed_write_ends_the_kept_pages(client, ledger, django_capture_on_commit_callbacks):
    assert "Trams run again" in client.get("/predictions/").content.decode()
    assert kept("/predictions/") is not None
    editor = make_editor(UserFactory.create(username="ed"))

    with django_capture_on_commit_callbacks(execute=True):
        services.file_claim(
            filed_by=editor,
            claim="The bridge reopens",
            predictor=ledger.predictor,
            resolves_on=dt.date(2026, 4, 1),
        )

    assert kept("/predictions/") is None
    assert "The bridge reopens" in client.get("/predictions/").content.decode()


def test_a_write_not_yet_committed_leaves_them(client, ledger, django_capture_on_commit_callbacks):
    client.get("/predictions/")
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        PredictionFactory.create(claim="Not committed yet", predictor=ledger.predictor)

    assert "Not committed yet" not in client.get("/predictions/").content.decode()
    assert waiting  # what the commit would run
    for callback in waiting:
        callback()
    assert "Not committed yet" in client.get("/predictions/").content.decode()


def rename(person):
    person.name = "Renamed"
    person.save()


def queries_made(get) -> int:
    with CaptureQueriesContext(connection) as context:
        get()
    return len(context)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda p: rename(p.predictor), id="person"),
        pytest.param(lambda p: SourceFactory.create(), id="source"),
        pytest.param(lambda p: StatementFactory.create(), id="quote"),
        pytest.param(lambda p: Tag.objects.create(name="trams", slug="trams"), id="tag"),
        pytest.param(lambda p: p.delete(), id="prediction deleted"),
    ],
)
def test_saves_that_write_no_event_end_them_too(
    client, ledger, change, django_capture_on_commit_callbacks
):
    version = page_cache.ledger_version()
    with django_capture_on_commit_callbacks(execute=True):
        change(ledger)
    assert page_cache.ledger_version() != version


def test_a_sign_in_does_not_end_them(client, ledger, django_capture_on_commit_callbacks):
    user = UserFactory.create(username="reader", password="a long passphrase")
    version = page_cache.ledger_version()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.login(username="reader", password="a long passphrase")
    assert page_cache.ledger_version() == version
    with django_capture_on_commit_callbacks(execute=True):
        user.first_name = "Renamed"
        user.save()
    assert page_cache.ledger_version() != version


def test_the_query_order_does_not_matter(client, ledger, django_assert_num_queries):
    client.get("/predictions/?status=open&sort=deadline")
    with django_assert_num_queries(0):
        client.get("/predictions/?sort=deadline&status=open")


def test_a_signed_in_reader_is_never_served_a_kept_page(client, ledger):
    anonymous = client.get("/predictions/").content.decode()
    client.force_login(UserFactory.create(username="reader"))

    signed_in = client.get("/predictions/").content.decode()

    assert "Sign out reader" in signed_in
    assert "Sign out" not in anonymous


def test_a_signed_in_readers_page_is_never_kept(client, ledger):
    client.force_login(UserFactory.create(username="reader"))
    assert "Sign out reader" in client.get("/predictions/").content.decode()
    client.logout()

    assert kept("/predictions/") is None
    assert "Sign out" not in client.get("/predictions/").content.decode()


@pytest.mark.parametrize(
    "cookie",
    ["sessionid", "messages", "anything"],
)
def test_a_reader_with_a_cookie_is_served_afresh(client, ledger, cookie):
    client.get("/predictions/")
    client.cookies[cookie] = "x"
    assert queries_made(lambda: client.get("/predictions/")) > 0  # not the kept page


def test_the_csrf_cookie_alone_still_gets_the_kept_page(client, ledger, django_assert_num_queries):
    client.get("/predictions/")
    client.cookies["csrftoken"] = "x" * 32
    with django_assert_num_queries(0):
        client.get("/predictions/")


def test_a_filter_error_is_not_kept(client, ledger):
    assert client.get("/predictions/?made_after=never").status_code == 400
    assert queries_made(lambda: client.get("/predictions/?made_after=never")) > 0


def _page_view(body: str, *, add_message: bool = False):
    template = engines["django"].from_string(body)
    calls = []

    def view(request):
        calls.append(request)
        if add_message:
            messages.info(request, "Saved.")
        return HttpResponse(template.render({}, request))

    return page_cache.cached_for_readers(view), calls


def _request():
    request = RequestFactory().get("/somewhere/")
    request.COOKIES = {}
    return request


def test_a_page_holding_a_csrf_token_is_not_kept():
    view, calls = _page_view("<form>{% csrf_token %}</form>")
    view(_request())
    view(_request())
    assert len(calls) == 2


def test_a_page_adding_a_message_is_not_kept():
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.cache import SessionStore

    view, calls = _page_view("done", add_message=True)
    for _ in range(2):
        request = _request()
        request.session = SessionStore()
        request._messages = FallbackStorage(request)
        view(request)
    assert len(calls) == 2


def test_a_plain_page_is_kept():
    view, calls = _page_view("the same for everyone")
    first, second = view(_request()), view(_request())
    assert len(calls) == 1
    assert first.content == second.content == b"the same for everyone"


def test_keeping_can_be_turned_off(settings):
    settings.PAGE_CACHE_SECONDS = 0
    view, calls = _page_view("the same for everyone")
    view(_request())
    view(_request())
    assert len(calls) == 2


def test_the_api_keeps_json_apart_from_the_browsable_api(client, ledger, django_assert_num_queries):
    json_page = client.get("/api/v1/predictions/")
    assert json_page["Content-Type"] == "application/json"
    with django_assert_num_queries(0):
        again = client.get("/api/v1/predictions/")
    assert again.json() == json_page.json()

    browsable = client.get("/api/v1/predictions/", HTTP_ACCEPT="text/html")
    assert browsable["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("url", ["/api/v1/people/", "/api/v1/sources/", "/api/v1/tags/"])
def test_the_other_api_lists_are_kept(client, ledger, url, django_assert_num_queries):
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_a_kept_api_page_still_counts_against_the_throttle(client, ledger, settings):
    settings.API_THROTTLE_RATES = {"anon": "3/min", "user": None}
    codes = [client.get("/api/v1/predictions/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_an_api_token_is_never_served_a_kept_page_nor_keeps_one(client, ledger):
    _, key = create_api_token(user=make_verified(UserFactory.create(username="machine")))
    with_token = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert client.get("/api/v1/predictions/", **with_token).status_code == 200
    assert kept("/api/v1/predictions/") is None

    client.get("/api/v1/predictions/")  # a signed-out reader's, kept
    with CaptureQueriesContext(connection) as context:
        assert client.get("/api/v1/predictions/", **with_token).status_code == 200

    assert any('FROM "predictions_prediction"' in q["sql"] for q in context.captured_queries)


def test_each_url_is_its_own_page(client, frozen_now):
    first = PersonFactory.create(name="Ada First")
    second = PersonFactory.create(name="Bo Second")
    PredictionFactory.create(claim="Trams run again", predictor=first)
    PredictionFactory.create(claim="The bridge reopens", predictor=second)

    one = client.get(f"/predictions/?person={first.slug}").content.decode()
    other = client.get(f"/predictions/?person={second.slug}").content.decode()

    assert "Trams run again" in one and "The bridge reopens" not in one
    assert "The bridge reopens" in other and "Trams run again" not in other
