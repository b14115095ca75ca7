"""The sources pages: what was said where, with the captured text."""

import hashlib

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from predictions import selectors
from predictions.views.params import search_text, web_url
from sources.highlight import highlight_quotes

SOURCES_PER_PAGE = 50


def sources(request):
    q = search_text(request.GET)
    page = Paginator(selectors.sources_with_counts(q=q), SOURCES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "predictions/sources.html", {"page": page, "q": q})


def source(request, pk: int):
    source = get_object_or_404(selectors.sources_with_counts(), pk=pk)
    statements = list(selectors.source_statements(source))
    computed_sha256 = hashlib.sha256(source.text.encode()).hexdigest() if source.text else ""
    return render(
        request,
        "predictions/source.html",
        {
            "source": source,
            "url": web_url(source.url),
            "archive_url": web_url(source.archive_url),
            "text": highlight_quotes(source.text, [s.text for s in statements]),
            "sha256": source.text_sha256 or computed_sha256,
            # The stored hash is of the text as captured; a different one now
            # means the text was edited since.
            "text_changed": bool(source.text_sha256) and source.text_sha256 != computed_sha256,
            "statements": statements,
            "predictions": selectors.source_predictions(source),
        },
    )
