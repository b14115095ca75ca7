"""The multipart parser, held to DATA_UPLOAD_MAX_MEMORY_SIZE like the others.

DRF's JSON and form parsers read request.body, where Django refuses a body
over the limit (RequestDataTooBig, answered 413 by api.errors). The multipart
parser reads the stream instead, and Django counts only the non-file parts
against the limit; reading request.body first makes a file part count too."""

from rest_framework import parsers


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        if request is not None:
            request.body  # noqa: B018 -- read for Django's size check
        return super().parse(stream, media_type, parser_context)
