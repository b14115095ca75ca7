from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from feeds import calendar, selectors, services, tokens
from feeds.atom import PublishedFeed, ResolvedFeed

published = cache_control(public=True, max_age=600)(PublishedFeed())
resolved = cache_control(public=True, max_age=600)(ResolvedFeed())


def _calendar_response(name: str, predictions, filename: str) -> StreamingHttpResponse:
    rows = predictions.iterator(chunk_size=selectors.CALENDAR_CHUNK)
    response = StreamingHttpResponse(
        calendar.stream(name, rows), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
@cache_control(public=True, max_age=600)
def deadlines(request: HttpRequest) -> StreamingHttpResponse:
    scope = selectors.scope_from(request.GET)
    return _calendar_response(
        f"Hindsight deadlines{scope.words}", selectors.deadlines(scope), "deadlines.ics"
    )


@require_GET
@cache_control(private=True, max_age=600)
def my_deadlines(request: HttpRequest, token: str) -> StreamingHttpResponse:
    user = tokens.account_for(token)
    if user is None:
        raise Http404("This calendar address has been replaced, or was never valid.")
    return _calendar_response(
        "Hindsight: what I watch and follow", selectors.watched_deadlines(user), "mine.ics"
    )


@require_POST
@login_required
def replace_calendar_address(request: HttpRequest):
    services.replace_calendar_key(request.user)
    messages.success(
        request,
        "Your calendar has a new address. The old one no longer works: subscribe again "
        "with the new one wherever you used it.",
    )
    return redirect("accounts:account")
