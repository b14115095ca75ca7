"""The API's parser (writes take JSON only): JSON with a limit on nesting.

Python's json module recurses once per level of nesting, so a few kilobytes
of "[[[[…" raise RecursionError inside it: JSON deeper than MAX_JSON_DEPTH is
refused with a 400 before it is decoded. No body the API takes nests beyond a
handful of levels. Every string in the decoded body, keys included, must be
storable text (core.text): a NUL or a lone surrogate ("\\ud800") is a 400
naming where it is, before any field sees it.

DRF's JSON parser reads request.body, where Django refuses a body over
DATA_UPLOAD_MAX_MEMORY_SIZE (RequestDataTooBig, answered 413 by api.errors)."""

import codecs
import io
import re

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

from core.text import dotted, first_unstorable

MAX_JSON_DEPTH = 20
# A JSON string (its escapes included), whose brackets are not nesting, and
# the brackets that are.
JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
BRACKET = re.compile(r"[\[\]{}]")


def json_depth(text: str) -> int:
    """How deeply ``text`` nests arrays and objects, counted without decoding
    it (an unterminated string only makes the count larger)."""
    depth = deepest = 0
    for bracket in BRACKET.findall(JSON_STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        raw = stream.read()
        try:
            text = codecs.decode(raw, encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise ParseError(f"The body is not valid {encoding} text.") from error
        if json_depth(text) > MAX_JSON_DEPTH:
            raise ParseError(
                f"The JSON nests arrays and objects more than {MAX_JSON_DEPTH} levels deep."
            )
        data = super().parse(io.BytesIO(raw), media_type, parser_context)
        refuse_unstorable(data)
        return data


def refuse_unstorable(data: object) -> None:
    """A 400 naming the first string in ``data`` that cannot be stored: under
    its top-level field, as the API's other errors are."""
    found = first_unstorable(data)
    if found is None:
        return
    path, problem = found
    where = dotted(path)
    field = path[0] if isinstance(data, dict) else "detail"
    message = problem if len(path) == 1 else f"{where}: {problem}"
    raise ValidationError({field: [message]} if field != "detail" else {field: message})
