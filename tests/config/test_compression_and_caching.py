"""Pages and JSON come back gzipped to a client that accepts it (and plain to
one that does not); static files whose names carry their hash are cached for
good, the others briefly."""

import gzip
import json

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware  # type: ignore[import-untyped]

from tests.support.factories import PredictionFactory

pytestmark = pytest.mark.django_db

GZIP = "gzip, deflate, br"


@pytest.fixture
def ledger():
    PredictionFactory.create_batch(3)


@pytest.mark.parametrize("path", ["/predictions/", "/api/v1/predictions/"])
def test_pages_and_json_are_gzipped_when_accepted(ledger, path):
    plain = Client().get(path)
    zipped = Client().get(path, HTTP_ACCEPT_ENCODING=GZIP)

    assert plain.status_code == zipped.status_code == 200
    assert not plain.has_header("Content-Encoding")
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert len(zipped.content) < len(plain.content)
    assert int(zipped["Content-Length"]) == len(zipped.content)
    body = gzip.decompress(zipped.content)
    if path.startswith("/api/"):
        assert json.loads(body) == plain.json()
    else:
        assert b"Something testable happens" in body


def test_a_tiny_response_is_left_alone():
    # Not worth compressing: gzip's own header would make it larger.
    response = Client().get("/api/v1/predictions/999999/", HTTP_ACCEPT_ENCODING=GZIP)

    assert response.status_code == 404
    assert len(response.content) < 200
    assert not response.has_header("Content-Encoding")


@pytest.fixture
def collected(tmp_path, settings):
    """Static files collected as in production: hashed names and a manifest."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    return settings.STATIC_ROOT


def served(path: str, **headers):
    """``path`` as WhiteNoise answers it in production, where it reads the
    collected files once at start (DEBUG is off in tests)."""
    middleware = WhiteNoiseMiddleware(lambda request: pytest.fail(f"{path} is not a file"))
    return middleware(RequestFactory().get(path, **headers))


def a_hashed_stylesheet(collected) -> tuple[str, str]:
    """(name, hashed name) of a collected stylesheet."""
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
    return next((o, h) for o, h in manifest.items() if o.endswith(".css"))


def test_hashed_static_files_are_cached_for_good(collected):
    original, hashed = a_hashed_stylesheet(collected)
    assert hashed != original

    forever = served(f"/static/{hashed}")
    briefly = served(f"/static/{original}")

    assert forever.status_code == briefly.status_code == 200
    assert forever["Cache-Control"] == "max-age=315360000, public, immutable"
    assert briefly["Cache-Control"] == "max-age=60, public"


def test_static_files_are_served_compressed(collected):
    _, hashed = a_hashed_stylesheet(collected)

    plain = served(f"/static/{hashed}")
    zipped = served(f"/static/{hashed}", HTTP_ACCEPT_ENCODING=GZIP)

    assert not plain.has_header("Content-Encoding")
    assert zipped["Content-Encoding"] in ("gzip", "br")
    assert zipped["Cache-Control"] == "max-age=315360000, public, immutable"
