"""The sources pages: what was said where, with the captured text and the
copy of the page a worker captured (sources.services.capture)."""

import hashlib

from django.views.generic import DetailView, ListView

from core.page_cache import cached_for_readers
from predictions import selectors
from predictions.views.paging import KeysetListMixin
from predictions.views.params import search_text, web_url
from sources.highlight import find_quotes, highlight_quotes
from sources.models import Source, SourceCapture

SOURCES_PER_PAGE = 50


class SourcesView(KeysetListMixin, ListView):
    """The sources, newest first, a page at a time by cursor; only the page's
    rows are counted (selectors.count_sources)."""

    template_name = "predictions/sources.html"
    paginate_by = SOURCES_PER_PAGE

    def get_queryset(self):
        return selectors.sources_list(q=search_text(self.request.GET))

    def paginate_queryset(self, queryset, page_size):
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        # The page shows its rows that a public list may, with their counts.
        page.found.object_list = selectors.count_sources(rows)
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs):
        return super().get_context_data(q=search_text(self.request.GET), **kwargs)


class SourceView(DetailView):
    template_name = "predictions/source.html"
    context_object_name = "source"

    def get_queryset(self):
        # The capture comes in the same query, without its raw copy: the page
        # shows the copy's hash and the text read from it, never the bytes.
        return selectors.source_page().select_related("capture").defer("capture__raw_gzip")

    def get_context_data(self, **kwargs):
        source = self.object
        statements = list(selectors.source_statements(source))
        computed_sha256 = hashlib.sha256(source.text.encode()).hexdigest() if source.text else ""
        capture = capture_of(source)
        return super().get_context_data(
            url=web_url(source.url),
            archive_url=web_url(source.archive_url),
            capture=capture,
            capture_url=web_url(capture.final_url) if capture else "",
            # Whether the text shown is the one read from the captured copy,
            # rather than one a person gave (pasted with a filing, or corrected).
            text_from_capture=bool(
                capture and capture.text_sha256 and capture.text_sha256 == computed_sha256
            ),
            text=highlight_quotes(source.text, [s.text for s in statements]),
            # The quotes the text does not contain, each said so under it.
            not_in_text={
                s.pk for s in statements if source.text and not find_quotes(source.text, [s.text])
            },
            sha256=source.text_sha256 or computed_sha256,
            # The stored hash is of the text as captured; a different one now
            # means the text was edited since.
            text_changed=bool(source.text_sha256) and source.text_sha256 != computed_sha256,
            statements=statements,
            predictions=selectors.source_predictions(source),
            **kwargs,
        )


def capture_of(source: Source) -> SourceCapture | None:
    """The capture of ``source``'s page, if one was asked for (selected with it)."""
    try:
        return source.capture
    except SourceCapture.DoesNotExist:
        return None


sources = cached_for_readers(SourcesView.as_view())
source = SourceView.as_view()
