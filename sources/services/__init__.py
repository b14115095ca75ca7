"""Every write to people, sources and statements (the sources app's
services), in three modules: people, sources with their statements, and the
captures of sources' pages."""

from sources.services.capture import (
    capture_page,
    queue_capture,
    record_capture,
    record_failure,
    requeue_due,
)
from sources.services.people import (
    LookalikePeople,
    PersonReference,
    create_person,
    current_person,
    find_person,
    get_or_create_person,
    merge_person_records,
    person_by_slug_or_name,
    person_for,
    save_person,
    set_person_name,
)
from sources.services.sources import (
    check_source_url,
    create_statement,
    fingerprint,
    get_or_create_source,
    save_source,
    set_statement_text,
)

__all__ = [
    "LookalikePeople",
    "PersonReference",
    "capture_page",
    "check_source_url",
    "create_person",
    "create_statement",
    "current_person",
    "find_person",
    "fingerprint",
    "get_or_create_person",
    "get_or_create_source",
    "merge_person_records",
    "person_by_slug_or_name",
    "person_for",
    "queue_capture",
    "record_capture",
    "record_failure",
    "requeue_due",
    "save_person",
    "save_source",
    "set_person_name",
    "set_statement_text",
]
