"""What the capture tests share: sources made and read back, a claim filed
with a source, the stored raw copy."""

import datetime as dt

from predictions import services as prediction_services
from sources import services
from sources.models import Source, SourceCapture

State = SourceCapture.State
QUOTE = "the first trams should carry passengers within four years"


def new_source(url: str, **fields) -> Source:
    source, created = services.get_or_create_source(url=url, **fields)
    assert created
    return source


def capture_of(source: Source) -> SourceCapture:
    return SourceCapture.objects.get(source=source)


def file_with_source(user, source_url: str, **fields):
    return prediction_services.file_claim(
        filed_by=user,
        claim="The river tram carries passengers by 2030",
        predictor="Riverton Council",
        quote=QUOTE,
        source_url=source_url,
        made_on=dt.date(2026, 3, 1),
        resolves_on=dt.date(2030, 12, 31),
        **fields,
    )


def raw_copy(capture: SourceCapture) -> bytes:
    """The gzipped raw copy as stored (PostgreSQL hands back a memoryview)."""
    assert capture.raw_gzip is not None
    return bytes(capture.raw_gzip)
