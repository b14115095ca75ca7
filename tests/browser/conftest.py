"""Playwright pointed at the system Chromium, and Django told that the
browser tests' event loop is deliberate."""

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def allow_orm_beside_the_event_loop():
    # pytest-playwright runs an event loop in the main thread from the first
    # browser test to the end of the session; Django's ORM refuses to run
    # there unless told this is deliberate. Only these tests are told so: they
    # run last (tests/conftest.py), and this starts with the first of them.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
