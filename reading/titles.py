"""A page's title as a source's title: without the site's name that most
pages add to it ("Night trains to Berlin | The Nordic Times")."""

import re

# " | Site", " - Site", " – Site", " — Site", " · Site", " :: Site".
_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|·|::)\s+")
# A trailing part longer than this is more likely part of the headline.
_SITE_NAME_LENGTH = 40


def without_site_name(title: str, site: str = "") -> str:
    """``title`` without the site's name at its end (or start): the one the page
    names (``site``, its og:site_name) if given; else a short last part after
    a separator, when what is left is the longer part."""
    title = " ".join(title.split())
    site = " ".join(site.split()).casefold()
    separators = list(_SEPARATOR.finditer(title))
    if not separators:
        return title
    last, first = separators[-1], separators[0]
    head, tail = title[: last.start()], title[last.end() :]
    if site:
        if tail.casefold() == site:
            return head
        if title[: first.start()].casefold() == site:
            return title[first.end() :]
        return title
    # A bar or a dot nearly always comes before a site's name; a dash may
    # also start a headline's second half, so it is taken to when the part
    # kept is the longer.
    dashed = last[0].strip() in "-–—"
    if len(tail) <= _SITE_NAME_LENGTH and (not dashed or len(head) > len(tail)):
        return head
    return title
