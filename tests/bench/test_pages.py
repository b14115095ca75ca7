"""How the bench finds a deep page of an HTML list: by the list's own "next"
link, numbered pages or cursors alike."""

import base64
from datetime import UTC, datetime
from urllib.parse import parse_qs

from bench import floor, pages


def test_the_next_link_is_found_whatever_the_order_of_its_attributes():
    assert pages.next_link('<a href="?page=2" rel="next">Next</a>') == "?page=2"
    cursor_link = '<a class="more" rel="next" href="?cursor=abc&amp;q=x">Next</a>'
    assert pages.next_link(cursor_link) == "?cursor=abc&q=x"
    assert pages.next_link('<a href="?page=1" rel="prev">Previous</a>') is None


def test_a_built_cursor_reads_back_as_the_position_it_was_made_from():
    at = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    cursor = pages.api_cursor(at)
    assert parse_qs(base64.b64decode(cursor).decode()) == {"p": ["2024-05-06 07:08:09+00:00"]}
    assert floor.decode_cursor(cursor) == ("2024-05-06 07:08:09+00:00", 0)
