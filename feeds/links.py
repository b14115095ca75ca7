"""Absolute links in feeds: a feed is read far from the request that made it,
so every link starts from SITE_URL (the address the site is served at), as
emails' links do, never from the Host header a request happened to carry."""

from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def url_of(name: str, *args: object) -> str:
    return absolute(reverse(name, args=args))


def scope_query(person: str = "", tag: str = "") -> str:
    """ "?person=ada&tag=energy": the query a feed is narrowed by."""
    params = {name: slug for name, slug in (("person", person), ("tag", tag)) if slug}
    return f"?{urlencode(params)}" if params else ""


def webcal(url: str) -> str:
    """The same address as webcal://, which asks the system's calendar app to
    subscribe rather than the browser to download."""
    return urlunsplit(urlsplit(url)._replace(scheme="webcal"))
