"""The feeds a page offers: ``{% feed_alternates person=… tag=… %}`` in its
<head> (for feed readers that look there), and ``{% subscribe person=… tag=…
%}`` in its body (for people)."""

from django import template

from feeds.links import scope_query, url_of, webcal

register = template.Library()


def _feeds(person: str, tag: str, label: str) -> dict[str, str]:
    query = scope_query(person, tag)
    calendar = url_of("feeds:deadlines") + query
    return {
        "published": url_of("feeds:published") + query,
        "resolved": url_of("feeds:resolved") + query,
        "calendar": calendar,
        "webcal": webcal(calendar),
        "label": label,
    }


@register.inclusion_tag("feeds/alternates.html")
def feed_alternates(person: str = "", tag: str = "", label: str = "") -> dict[str, str]:
    return _feeds(person, tag, label)


@register.inclusion_tag("feeds/subscribe.html")
def subscribe(person: str = "", tag: str = "", label: str = "") -> dict[str, str]:
    return _feeds(person, tag, label)
