"""Error pages: JSON under /api/, the site's pages elsewhere."""

from django.conf import settings
from django.http import JsonResponse
from django.views import defaults


def not_found(request, exception):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Something went wrong on our side."}, status=500)
    return defaults.server_error(request)


class DesignedNotFoundMiddleware:
    """With DEBUG on (``make run``), Django answers an unknown address with its
    technical 404, which lists every URL pattern and cannot be read on a
    phone: the site's own page answers instead, as in production.
    DEBUG_TECHNICAL_404 brings Django's back for a developer who wants it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        technical = (
            settings.DEBUG
            and not settings.DEBUG_TECHNICAL_404
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
        )
        return not_found(request, None) if technical else response
