"""TRUSTED_PROXIES: how many reverse proxies in front of the app append to
X-Forwarded-For (core/client_ip.py). Unset it is 0, none; anything but a
whole number of at least 0 stops start-up naming the variable."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env
from tests.support.settings_process import start


def trusted_proxies() -> int:
    # As config/settings.py reads it.
    return env.int_value("TRUSTED_PROXIES", default=0, minimum=0)


@pytest.mark.parametrize(("raw", "count"), [("", 0), ("0", 0), ("1", 1), (" 2 ", 2)])
def test_trusted_proxies_is_a_count_of_none_by_default(monkeypatch, raw, count):
    monkeypatch.setenv("TRUSTED_PROXIES", raw)
    assert trusted_proxies() == count


@pytest.mark.parametrize("raw", ["-1", "one", "1.5", "yes"])
def test_a_malformed_trusted_proxies_is_refused_by_name(monkeypatch, raw):
    monkeypatch.setenv("TRUSTED_PROXIES", raw)

    with pytest.raises(ImproperlyConfigured) as refusal:
        trusted_proxies()

    assert str(refusal.value).startswith("TRUSTED_PROXIES ")


def test_the_settings_read_it(tmp_path):
    # A fresh process, as a deployment starts: the bad value stops it.
    result = start(tmp_path, TRUSTED_PROXIES="-1")

    assert result.returncode != 0
    assert "TRUSTED_PROXIES must be at least 0" in result.stderr
