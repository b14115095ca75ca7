"""Domain errors shown on a form: the one mapping from InvalidInput's
``{field: [messages]}`` onto a form's own fields; and the summary of a
form's errors at its top (templates/_error_summary.html)."""

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


class ErrorSummaryMixin:
    """``summary``: every error of the form, top-down, each with the label
    and id of the input it is about (none for a hidden field or the form as
    a whole), for a summary that links to each."""

    @property
    def summary(self) -> list[dict[str, str]]:
        assert isinstance(self, forms.BaseForm)
        entries = [{"message": str(e), "target": "", "label": ""} for e in self.non_field_errors()]
        for field in self:
            target = "" if field.is_hidden else field.auto_id
            if target and isinstance(field.field.widget, forms.RadioSelect):
                target = f"{field.auto_id}_0"  # the first choice: what focus lands on
            label = "" if field.is_hidden else str(field.label)
            entries.extend(
                {"message": str(message), "target": target, "label": label}
                for message in field.errors
            )
        return entries
