"""An operator configures Hindsight with environment variables only. With none
set it runs embedded under var/; a malformed value stops start-up with a
message naming the variable. Each case starts a fresh Python with a controlled
environment, the way a deployment would, and never touches the real var/."""

from pathlib import Path

import pytest

from tests.support.settings_process import PRODUCTION, refusal, settings_for

# --- Nothing set: the embedded setup ---------------------------------------


def test_with_nothing_set_everything_lives_under_the_var_dir(tmp_path):
    settings = settings_for(tmp_path)

    assert settings["DEBUG"] is True
    assert settings["DATABASE"]["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(settings["DATABASE"]["NAME"]).parent == tmp_path
    assert settings["CELERY_BROKER_URL"] == "filesystem://"
    broker_dir = Path(settings["CELERY_BROKER_TRANSPORT_OPTIONS"]["data_folder_in"])
    assert broker_dir.is_relative_to(tmp_path)
    assert broker_dir.is_dir()
    assert settings["CELERY_BROKER_TRANSPORT_OPTIONS"]["data_folder_out"] == str(broker_dir)
    # Not a "control" folder in whatever directory a command was run from.
    assert settings["CELERY_BROKER_TRANSPORT_OPTIONS"]["control_folder"] == str(
        broker_dir / "control"
    )
    assert settings["CACHE"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    mailer = settings["MAILERS"]["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert Path(mailer["OPTIONS"]["file_path"]) == tmp_path / "mail"
    assert settings["TIME_ZONE"] == "UTC"


def test_development_secret_key_is_generated_once_and_kept(tmp_path):
    first = settings_for(tmp_path)["SECRET_KEY"]
    second = settings_for(tmp_path)["SECRET_KEY"]

    key_file = tmp_path / "secret_key"
    assert len(first) >= 50
    assert second == first
    assert key_file.read_text().strip() == first
    assert key_file.stat().st_mode & 0o077 == 0, "the key file is readable by others"


def test_production_with_key_and_hosts_starts(tmp_path):
    settings = settings_for(tmp_path, **PRODUCTION)

    assert settings["DEBUG"] is False
    assert settings["SECRET_KEY"] == PRODUCTION["SECRET_KEY"]
    assert settings["ALLOWED_HOSTS"] == ["hindsight.example.com"]
    assert not (tmp_path / "secret_key").exists()


# --- Malformed or missing values stop start-up ------------------------------


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        pytest.param({"DEBUG": "false"}, "SECRET_KEY", id="production-without-secret-key"),
        pytest.param(
            {"DEBUG": "false", "SECRET_KEY": "short"}, "SECRET_KEY", id="short-secret-key"
        ),
        pytest.param(
            {"DEBUG": "false", "SECRET_KEY": PRODUCTION["SECRET_KEY"]},
            "ALLOWED_HOSTS",
            id="production-without-allowed-hosts",
        ),
        pytest.param({"DEBUG": "maybe"}, "DEBUG", id="debug-not-a-boolean"),
        pytest.param({"DATABASE_URL": "not-a-url"}, "DATABASE_URL", id="database-no-scheme"),
        pytest.param(
            {"DATABASE_URL": "postgres://h:notaport/db"}, "DATABASE_URL", id="database-bad-port"
        ),
        pytest.param({"DATABASE_URL": "postgres://host"}, "DATABASE_URL", id="database-no-name"),
        pytest.param({"REDIS_URL": "localhost:6379"}, "REDIS_URL", id="redis-no-scheme"),
        pytest.param({"REDIS_URL": "redis://"}, "REDIS_URL", id="redis-no-host"),
        pytest.param({"EMAIL_URL": "carrier-pigeon://x"}, "EMAIL_URL", id="email-unknown-scheme"),
        pytest.param({"DUE_CHECK_SECONDS": "often"}, "DUE_CHECK_SECONDS", id="due-check-words"),
        pytest.param({"DUE_CHECK_SECONDS": "0"}, "DUE_CHECK_SECONDS", id="due-check-zero"),
        pytest.param({"TIME_ZONE": "Mars/Olympus_Mons"}, "TIME_ZONE", id="time-zone-unknown"),
        # DRF would read it only on the first API request, and fail every one.
        pytest.param({"API_THROTTLE_USER": "lots"}, "API_THROTTLE_USER", id="throttle-rate-words"),
    ],
)
def test_bad_environment_stops_start_up_naming_the_variable(tmp_path, environ, named):
    assert named in refusal(tmp_path, **environ)


# --- Services named by URL ----------------------------------------------------


def test_database_url_switches_to_postgresql_without_connecting(tmp_path):
    # Nothing listens on db.example.com: importing the settings must not connect.
    settings = settings_for(tmp_path, DATABASE_URL="postgres://u:p@db.example.com:5432/hs")

    assert settings["DATABASE"] == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "hs",
        "HOST": "db.example.com",
        "PORT": 5432,
        "USER": "u",
    }
    assert not (tmp_path / "hindsight.sqlite3").exists()


def test_redis_url_is_the_broker_and_the_cache(tmp_path):
    settings = settings_for(tmp_path, REDIS_URL="redis://cache.example.com:6379/2")

    assert settings["CELERY_BROKER_URL"] == "redis://cache.example.com:6379/2"
    # Redis's own backend, made to fail open (config/cache.py): an outage is a miss.
    assert settings["CACHE"]["BACKEND"] == "config.cache.FailOpenRedisCache"
    assert settings["CACHE"]["LOCATION"] == "redis://cache.example.com:6379/2"
    assert not (tmp_path / "celery-broker").exists()


def test_smtp_email_url_with_starttls(tmp_path):
    settings = settings_for(tmp_path, EMAIL_URL="smtp://user:pw@mail.example.com:587?tls=1")

    mailer = settings["MAILERS"]["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] == {
        "host": "mail.example.com",
        "port": 587,
        "username": "user",
        "password": "pw",
        "use_ssl": False,
        "use_tls": True,
        "timeout": 10,
    }


def test_console_email_url(tmp_path):
    settings = settings_for(tmp_path, EMAIL_URL="console://")

    assert settings["MAILERS"] == {
        "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    }


def test_time_zone_is_read_from_the_environment(tmp_path):
    assert settings_for(tmp_path, TIME_ZONE="Europe/London")["TIME_ZONE"] == "Europe/London"
