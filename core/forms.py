"""Domain errors shown on a form: the one mapping from InvalidInput's
``{field: [messages]}`` onto a form's own fields."""

from collections.abc import Mapping

from django import forms


class DomainErrorsMixin:
    """For forms whose input a service checks again: its errors land beside
    the field they are about, or at the top when the form has no such field."""

    # A service's field name → the form field that shows its errors, where
    # the two differ (a form's "deadline" takes a date or words, say).
    service_fields: Mapping[str, str] = {}

    def add_service_errors(self, errors: Mapping[str, list[str]]) -> None:
        assert isinstance(self, forms.BaseForm)
        for field, messages in errors.items():
            name = self.service_fields.get(field, field)
            self.add_error(name if name in self.fields else None, list(messages))
