"""Refuse oversized API bodies before anything reads them."""

from django.conf import settings
from django.http import JsonResponse


def api_body_size_limit(get_response):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    def middleware(request):
        if request.path.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return JsonResponse({"detail": "Content-Length is not a number."}, status=400)
            if length > limit:
                return JsonResponse(
                    {"detail": f"The request body is larger than {limit // 1024} KB."},
                    status=413,
                )
        return get_response(request)

    return middleware
