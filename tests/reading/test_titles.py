"""A page's title as a source's title: the site's name taken off."""

import pytest

from reading.titles import without_site_name


@pytest.mark.parametrize(
    ("title", "site", "headline"),
    [
        ("Night trains to Berlin | The Nordic Times", "", "Night trains to Berlin"),
        ("Night trains to Berlin - The Nordic Times", "The Nordic Times", "Night trains to Berlin"),
        ("The Nordic Times — Night trains to Berlin", "The Nordic Times", "Night trains to Berlin"),
        ("Night trains to Berlin · Nordic", "", "Night trains to Berlin"),
        ("Rail: a plan - why it matters", "The Nordic Times", "Rail: a plan - why it matters"),
        ("A story - The Daily", "", "A story - The Daily"),  # a dash, and a short headline
        ("A story | The Daily", "", "A story"),
        ("Home", "", "Home"),
        ("  Night   trains  |  Times ", "", "Night trains"),
        # What is left would be shorter than what goes: the last part is headline.
        ("Why? - Everything that happens next in the long story of northern railways", "",
         "Why? - Everything that happens next in the long story of northern railways"),
        # A hyphen inside a word is no separator.
        ("Stockholm-Berlin sleeper announced", "", "Stockholm-Berlin sleeper announced"),
    ],
)  # fmt: skip
def test_without_site_name(title, site, headline):
    assert without_site_name(title, site) == headline
