"""PAGE_CACHE_SECONDS: how long a list page kept for signed-out readers may
be served (core.page_cache). 300 with Redis; 0 (off) without, since each
process's own cache would miss the others' writes; 0 turns it off; a
negative number stops start-up naming the variable."""

import json

import pytest

from tests.support.settings_process import start

REPORT = """
import django
django.setup()
from django.conf import settings
print(settings.PAGE_CACHE_SECONDS)
"""
REDIS = "redis://127.0.0.1:6379/0"


def seconds(tmp_path, **environ: str) -> int:
    result = start(tmp_path, REPORT, **environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, 0),
        ({"REDIS_URL": REDIS}, 300),
        ({"REDIS_URL": REDIS, "PAGE_CACHE_SECONDS": "0"}, 0),
        ({"REDIS_URL": REDIS, "PAGE_CACHE_SECONDS": "60"}, 60),
    ],
)
def test_pages_are_kept_only_with_a_shared_cache(tmp_path, environ, expected):
    assert seconds(tmp_path, **environ) == expected


def test_a_negative_number_is_refused_by_name(tmp_path):
    result = start(tmp_path, REPORT, REDIS_URL=REDIS, PAGE_CACHE_SECONDS="-1")

    assert result.returncode != 0
    assert "PAGE_CACHE_SECONDS must be at least 0" in result.stderr
