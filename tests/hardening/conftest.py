"""The ledger the hardening tests post to, and a signed-in browser for each persona."""

import pytest
from django.test import Client

from tests.hardening.world import World, build_world


@pytest.fixture
def world(editor, contributor, frozen_now) -> World:
    return build_world(editor, contributor)


@pytest.fixture
def clients(world) -> dict[str | None, Client]:
    made: dict[str | None, Client] = {None: Client()}
    for name in ("editor", "contributor"):
        made[name] = Client()
        made[name].force_login(getattr(world, name))
    return made
