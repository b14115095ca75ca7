"""OpenAPI: every operation documents the errors it can answer with, so that
clients (and schemathesis) know a 400 or a 409 is part of the contract.

Request bodies are JSON only (the one parser in REST_FRAMEWORK's settings), so
each write advertises one body: a client generated from the schema (e.g. by
openapi-python-client) sends JSON, nested objects included."""

from typing import Any

from drf_spectacular.openapi import AutoSchema

from api.errors import JSON_ONLY

# An error answer: its body's JSON schema and what it means.
type ErrorAnswer = tuple[dict[str, Any], str]

DETAIL: dict[str, Any] = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS: dict[str, Any] = {
    "type": "object",
    "description": "Each invalid field (or `detail`) with its messages.",
    "additionalProperties": True,
    "example": {"claim": ["Ensure this field has no more than 500 characters."]},
}
CONFLICT: dict[str, Any] = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "current_version": {"type": "integer"}},
    "required": ["detail"],
}


class HindsightAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors: dict[str, ErrorAnswer] = {
            "400": (FIELD_ERRORS, "Invalid input: the fields and their messages."),
            "401": (DETAIL, "A token that is unknown or revoked, or a write without one."),
            "429": (DETAIL, "Too many requests; see Retry-After."),
        }
        if "{" in self.path:
            errors["404"] = (DETAIL, "No such object.")
        if self.method in {"POST", "PATCH", "PUT", "DELETE"}:
            errors["403"] = (DETAIL, "Not allowed for this user.")
            errors["413"] = (DETAIL, "The body is over 1 MB.")
            if self.get_request_serializer() is not None:
                errors["415"] = (DETAIL, "The body is not JSON. " + JSON_ONLY)
            if self.path.startswith("/api/v1/predictions/{"):
                errors["409"] = (CONFLICT, "The prediction changed, or its state forbids this.")
        for code, (schema, description) in errors.items():
            if code not in responses:
                response = self._get_response_for_code(dict(schema), code, direction=direction)
                response["description"] = description
                responses[code] = response
        return responses
