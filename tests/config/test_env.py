"""config/env.py: each parser turns an environment variable into a setting,
or stops start-up with ImproperlyConfigured naming the variable. Called
directly here; tests/integration/test_settings.py starts real processes."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework.throttling import SimpleRateThrottle

from config import env


def refused(call, *args, **kwargs) -> str:
    with pytest.raises(ImproperlyConfigured) as refusal:
        call(*args, **kwargs)
    return str(refusal.value)


# --- API throttle rates -------------------------------------------------------------


class AnyRateThrottle(SimpleRateThrottle):
    """A DRF throttle that needs no scope, to ask DRF how it reads a rate."""

    rate = "1/s"


@pytest.mark.parametrize(
    ("raw", "rate", "per_seconds"),
    [
        ("", "60/min", (60, 60)),  # unset: the default
        ("100/hour", "100/hour", (100, 3600)),
        (" 5 / s ", "5/s", (5, 1)),
        ("1000/Day", "1000/day", (1000, 86400)),
        ("30/minutes", "30/minutes", (30, 60)),
    ],
)
def test_a_throttle_rate_is_read_as_drf_reads_it(monkeypatch, raw, rate, per_seconds):
    monkeypatch.setenv("API_THROTTLE_ANON", raw)

    parsed = env.throttle_rate("API_THROTTLE_ANON", default="60/min")

    assert parsed == rate
    assert AnyRateThrottle().parse_rate(parsed) == per_seconds


@pytest.mark.parametrize(
    "raw",
    ["lots", "60", "60/", "/min", "0/min", "-1/min", "6.5/min", "60/fortnight", "60/min/extra"],
)
def test_a_malformed_throttle_rate_is_refused_by_name(monkeypatch, raw):
    monkeypatch.setenv("API_THROTTLE_USER", raw)

    message = refused(env.throttle_rate, "API_THROTTLE_USER", default="600/min")

    assert message.startswith("API_THROTTLE_USER ")
    assert repr(raw.strip()) in message


# --- The forms' rate limits -----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "limit"),
    [
        ("", (5, 900)),  # unset: the default
        ("5/15min", (5, 900)),
        (" 30 / hour ", (30, 3600)),
        ("100/Day", (100, 86400)),
        ("10/30s", (10, 30)),
        ("3/2 hours", (3, 7200)),
        ("off", None),
        ("OFF", None),
    ],
)
def test_a_rate_limit_is_a_count_and_a_window_in_seconds(monkeypatch, raw, limit):
    monkeypatch.setenv("RATE_LIMIT_SIGN_IN", raw)

    assert env.rate_limit("RATE_LIMIT_SIGN_IN", default="5/15min") == limit


@pytest.mark.parametrize(
    "raw", ["lots", "5", "5/", "/min", "0/min", "5/0min", "5.5/min", "5/fortnight", "5/min/x"]
)
def test_a_malformed_rate_limit_is_refused_by_name(monkeypatch, raw):
    monkeypatch.setenv("RATE_LIMIT_FILING", raw)

    message = refused(env.rate_limit, "RATE_LIMIT_FILING", default="30/hour")

    assert message.startswith("RATE_LIMIT_FILING ")
    assert repr(raw) in message


# --- SITE_URL -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("", "http://127.0.0.1:8000"),
        ("https://hindsight.example.com", "https://hindsight.example.com"),
        (" https://hindsight.example.com/ ", "https://hindsight.example.com"),
        ("http://localhost:8080", "http://localhost:8080"),
    ],
)
def test_the_site_url_is_an_origin_without_a_trailing_slash(monkeypatch, raw, url):
    monkeypatch.setenv("SITE_URL", raw)

    assert env.site_url("SITE_URL", default="http://127.0.0.1:8000") == url


@pytest.mark.parametrize(
    "raw",
    [
        "hindsight.example.com",
        "ftp://hindsight.example.com",
        "https://",
        "https://hindsight.example.com/ledger",
        "https://hindsight.example.com/?x=1",
        "https://hindsight.example.com/#top",
        "https://hindsight.example.com:port",
        "https://user:pw@hindsight.example.com",
    ],
)
def test_a_site_url_that_is_not_an_origin_is_refused_by_name(monkeypatch, raw):
    monkeypatch.setenv("SITE_URL", raw)

    assert refused(env.site_url, "SITE_URL", default="http://127.0.0.1:8000").startswith(
        "SITE_URL "
    )


# --- DEFAULT_FROM_EMAIL --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "address"),
    [
        ("", "Hindsight <hindsight@localhost>"),
        ("ledger@example.com", "ledger@example.com"),
        ("The Ledger <ledger@example.com>", "The Ledger <ledger@example.com>"),
        (
            '"Hindsight, the ledger" <ledger@example.com>',
            '"Hindsight, the ledger" <ledger@example.com>',
        ),
    ],
)
def test_the_from_address_is_kept_as_written(monkeypatch, raw, address):
    monkeypatch.setenv("DEFAULT_FROM_EMAIL", raw)

    assert (
        env.from_email("DEFAULT_FROM_EMAIL", default="Hindsight <hindsight@localhost>") == address
    )


@pytest.mark.parametrize(
    "raw",
    [
        "not an address",
        "Hindsight <>",
        "Hindsight <ledger@>",
        "ledger@example.com, other@example.com",
        "ledger@example.com\nBcc: everyone@example.com",
    ],
)
def test_a_from_address_that_is_not_one_is_refused_by_name(monkeypatch, raw):
    monkeypatch.setenv("DEFAULT_FROM_EMAIL", raw)

    message = refused(env.from_email, "DEFAULT_FROM_EMAIL", default="x@localhost")

    assert message.startswith("DEFAULT_FROM_EMAIL ")


# --- The parsers that were there before ---------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"), [("", True), ("false", False), (" YES ", True), ("0", False), ("off", False)]
)
def test_a_boolean(monkeypatch, raw, value):
    monkeypatch.setenv("DEBUG", raw)
    assert env.bool_value("DEBUG", default=True) is value


def test_a_boolean_that_is_neither_is_refused_by_name(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    assert refused(env.bool_value, "DEBUG", default=True).startswith("DEBUG ")


@pytest.mark.parametrize(("raw", "value"), [("", 300), ("60", 60), (" 1 ", 1)])
def test_a_whole_number(monkeypatch, raw, value):
    monkeypatch.setenv("DUE_CHECK_SECONDS", raw)
    assert env.int_value("DUE_CHECK_SECONDS", default=300) == value


@pytest.mark.parametrize("raw", ["often", "1.5", "0", "-5"])
def test_a_whole_number_out_of_range_or_not_one_is_refused_by_name(monkeypatch, raw):
    monkeypatch.setenv("DUE_CHECK_SECONDS", raw)
    assert refused(env.int_value, "DUE_CHECK_SECONDS", default=300).startswith("DUE_CHECK_SECONDS ")


def test_a_required_value_missing_is_refused_with_the_reason(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "  ")
    assert (
        refused(env.required, "SECRET_KEY", "when DEBUG is false")
        == "SECRET_KEY must be set when DEBUG is false."
    )


def test_a_database_url_becomes_a_databases_entry():
    config = env.database_config("DATABASE_URL", "postgres://u:p@db.example.com:5433/hs")

    assert (config["ENGINE"], config["NAME"], config["HOST"], config["PORT"]) == (
        "django.db.backends.postgresql",
        "hs",
        "db.example.com",
        5433,
    )
    assert config["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize(
    "url", ["mysql://db/hs", "postgres://db:port/hs", "postgres://db.example.com"]
)
def test_a_database_url_postgres_cannot_use_is_refused_by_name(url):
    assert refused(env.database_config, "DATABASE_URL", url).startswith("DATABASE_URL ")


@pytest.mark.parametrize("url", ["redis://cache:6379/0", "rediss://cache", "redis://cache/"])
def test_a_redis_url_is_kept(url):
    assert env.redis_url("REDIS_URL", url) == url


@pytest.mark.parametrize("url", ["cache:6379", "redis://", "redis://cache/zero", "redis://c:x/0"])
def test_a_malformed_redis_url_is_refused_by_name(url):
    assert refused(env.redis_url, "REDIS_URL", url).startswith("REDIS_URL ")


def test_an_smtps_email_url_uses_implicit_tls_on_465(tmp_path):
    mailer = env.mailers_config(
        "EMAIL_URL", "smtps://me%40x:p%2Fw@mail.example.com", file_path=tmp_path
    )

    assert mailer["default"]["OPTIONS"] == {
        "host": "mail.example.com",
        "port": 465,
        "username": "me@x",
        "password": "p/w",
        "use_ssl": True,
        "use_tls": False,
        "timeout": 10,
    }


def test_a_file_email_url_writes_under_the_given_folder(tmp_path):
    mailer = env.mailers_config("EMAIL_URL", "file://", file_path=tmp_path)

    assert mailer["default"]["OPTIONS"] == {"file_path": str(tmp_path)}


@pytest.mark.parametrize("url", ["carrier-pigeon://x", "smtp://", "smtp://host:port"])
def test_an_email_url_that_names_no_mailer_is_refused_by_name(tmp_path, url):
    assert refused(env.mailers_config, "EMAIL_URL", url, file_path=tmp_path).startswith(
        "EMAIL_URL "
    )
