"""Conditional GETs of a prediction's page: a reader who has the page answers
304 to its ETag while nothing it shows has changed.

Only for signed-out readers. A signed-in reader's page carries their own
actions, whether they watch the prediction and a CSRF token (in the watch
and sign-out forms), none of which a validator read before rendering could
vouch for cheaply; their pages are rendered every time, as before. A signed-out
reader's page depends only on the prediction, its history and disputes, the
texts of the rows it cites (predictions.selectors.freshness) and today's date
(the days left or overdue), which the ETag names, so it changes at midnight
too. A page with a message waiting (a notice after signing out, say) is
rendered, so the message is shown.

No Last-Modified: a date cannot tell that a cited source's title was corrected,
and a client that sent only If-Modified-Since would be told 304 wrongly.
``Cache-Control: no-cache`` makes browsers ask every time rather than
guess a freshness; the page varies by Cookie (the session middleware says so)."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag

from predictions.selectors.freshness import published_freshness

View = Callable[..., HttpResponseBase]


def _signed_out_reader(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not len(messages.get_messages(request))
    )


def conditional_for_readers(view: View) -> View:
    """Wrap a prediction page's view (its URL names ``pk``) with an ETag and
    304s for signed-out readers."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, pk: int, **kwargs) -> HttpResponseBase:
        if not _signed_out_reader(request):
            return view(request, *args, pk=pk, **kwargs)
        freshness = published_freshness(pk)
        if freshness is None:  # not there, or not public: the view says so
            return view(request, *args, pk=pk, **kwargs)
        etag = quote_etag(freshness.tag(timezone.localdate().isoformat()))
        response: HttpResponseBase | None = get_conditional_response(request, etag=etag)
        if response is None:
            response = view(request, *args, pk=pk, **kwargs)
            if response.status_code != 200:
                return response
        response["ETag"] = etag
        patch_cache_control(response, no_cache=True)
        return response

    return wrapped
