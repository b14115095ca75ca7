"""A real HTTP client for the end-to-end tests: it keeps cookies (the CSRF
cookie, the session) and shows redirects instead of following them."""

import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from urllib.parse import urlencode


class KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the test looks at the redirect itself


def browser() -> urllib.request.OpenerDirector:
    """A real HTTP client that keeps its cookies (the CSRF cookie) between requests."""
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(CookieJar()), KeepRedirects()
    )


def fetch(opener, url: str, form: dict | None = None) -> tuple[int, str, str]:
    """Status, Location and body; error statuses are answers here, not exceptions."""
    data = urlencode(form).encode() if form is not None else None
    try:
        with opener.open(url, data=data, timeout=30) as response:
            return response.status, response.headers.get("Location", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", ""), error.read().decode()
