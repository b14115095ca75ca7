"""The admin of people and quotes, as predictions extends sources' own:
merging two people, and correcting a person's name or a quote's words.

A name and a quote's words are shown on every prediction they belong to, so
changing either goes through predictions.services.corrections, which records
the old and new values, with the editor's reason, on each of those
predictions. Sources' admin shows them read-only (it cannot record that);
these subclasses offer them again with a reason field.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse

from core.errors import DomainError, InvalidInput
from core.forms import DomainErrorsMixin
from predictions import selectors
from predictions.services import corrections
from predictions.services import people as people_services
from sources import admin as sources_admin
from sources.models import Person, Statement

REASON_HELP = "Why it changes: shown on the history of every prediction it changes."


class CorrectionForm(DomainErrorsMixin, forms.ModelForm):
    """A change form whose ``corrected`` field is changed through a service
    that wants a reason; the reason is asked only when that field changes."""

    corrected = ""
    reason = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP
    )

    def corrects(self) -> bool:
        return self.instance.pk is not None and self.corrected in self.changed_data

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        if self.corrects() and self.corrected not in self.errors:
            try:
                corrections.require_reason(cleaned.get("reason", ""))
                self.check(cleaned.get(self.corrected) or "")
            except InvalidInput as error:
                self.add_service_errors(error.errors)
        return cleaned

    def check(self, value: str) -> None:
        """What the service would refuse in ``value`` (InvalidInput)."""


class PersonForm(CorrectionForm):
    corrected = "name"

    class Meta:
        model = Person
        # The admin lists the fields it shows; these are the ones it may edit.
        fields = ["name", "slug", "kind", "description", "url"]

    def check(self, value: str) -> None:
        if not value.strip():
            raise InvalidInput.field("name", "Give the person's name.")


class StatementForm(CorrectionForm):
    corrected = "text"

    class Meta:
        model = Statement
        fields = ["source", "speaker", "text", "said_on", "context", "added_by"]

    def check(self, value: str) -> None:
        corrections.check_statement_text(self.instance, value)


class CorrectingAdmin(admin.ModelAdmin):
    """Saves every other field as sources' admin does, then the corrected one
    through ``correct``, with the form's reason."""

    form: type[CorrectionForm]

    def get_readonly_fields(self, request, obj=None):
        corrected = self.form.corrected
        return [name for name in super().get_readonly_fields(request, obj) if name != corrected]

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        # A new person or quote has no history yet: nothing to give a reason for.
        return fields if obj is not None else [name for name in fields if name != "reason"]

    def save_model(self, request, obj, form, change):
        if not (change and form.corrects()):
            super().save_model(request, obj, form, change)
            return
        field = form.corrected
        value = getattr(obj, field)
        # The rest as it was typed, this field as it is stored, for now.
        setattr(obj, field, form.initial[field])
        super().save_model(request, obj, form, change)
        try:
            self.correct(obj, value, request.user, form.cleaned_data["reason"])
        except DomainError as error:
            # The form checked the input; what is left is a refusal or a race.
            self.message_user(request, str(error), messages.ERROR)
        obj.refresh_from_db()

    def correct(self, obj, value: str, actor, reason: str) -> None:
        raise NotImplementedError


admin.site.unregister(Person)
admin.site.unregister(Statement)


@admin.register(Statement)
class StatementAdmin(CorrectingAdmin, sources_admin.StatementAdmin):
    form = StatementForm

    def correct(self, obj, value, actor, reason):
        corrections.correct_statement_text(statement=obj, text=value, actor=actor, reason=reason)

    def has_delete_permission(self, request, obj=None):
        # A quote a prediction cites stays with it (PROTECT).
        if obj is not None and obj.predictions.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Person)
class PersonAdmin(CorrectingAdmin, sources_admin.PersonAdmin):
    form = PersonForm
    actions = ["merge"]

    def correct(self, obj, value, actor, reason):
        corrections.rename_person(person=obj, name=value, actor=actor, reason=reason)

    def has_delete_permission(self, request, obj=None):
        # Whoever made a prediction stays with it (PROTECT).
        if obj is not None and obj.predictions.exists():
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description="Merge the two selected people into one…")
    def merge(self, request, queryset):
        """Asks which of the two stays, then calls merge_people."""
        people = list(queryset.order_by("name", "pk"))
        if len(people) != 2:
            self.message_user(request, "Select exactly two people to merge.", messages.ERROR)
            return None
        if request.POST.get("into"):
            into = next((p for p in people if str(p.pk) == request.POST["into"]), None)
            if into is None:
                self.message_user(request, "Choose one of the two to keep.", messages.ERROR)
                return None
            (source,) = [person for person in people if person.pk != into.pk]
            try:
                merged = people_services.merge_people(
                    from_person=source, into_person=into, actor=request.user
                )
            except DomainError as error:
                self.message_user(request, str(error), messages.ERROR)
                return None
            self.message_user(
                request,
                f"Merged {source.name} into {into.name}: {merged.predictions} predictions moved.",
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/sources/person/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": "Merge two people",
                "people": people,
                # For each of the two: what would move to them if they stayed.
                "choices": [
                    (people[0], people[1], selectors.merge_preview(people[1], people[0])),
                    (people[1], people[0], selectors.merge_preview(people[0], people[1])),
                ],
                "opts": self.model._meta,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )
