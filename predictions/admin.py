"""The admin is for staff. Predictions change only through the services, so
the timeline stays complete: new ones are filed with file_claim and edits go
through edit_prediction; state fields are read-only here."""

from django import forms
from django.contrib import admin, messages

from core.errors import DomainError
from core.forms import DomainErrorsMixin

# People and quotes are sources' records, but merging people and correcting
# names and quotes change predictions (with events), which sources cannot
# reach: predictions.people_admin replaces sources' admin of both.
from predictions import (
    history,
    notifications,
    people_admin,  # noqa: F401  (registers on import)
    rules,
    services,
    validation,
)
from predictions.models import (
    EmailPreferences,
    Follow,
    Notification,
    Prediction,
    PredictionEvent,
    Tag,
    TagFollow,
    Watch,
)


class PredictionEventInline(admin.TabularInline):
    model = PredictionEvent
    extra = 0
    can_delete = False
    fields = ["at", "kind", "actor", "data"]
    readonly_fields = ["at", "kind", "actor", "data"]
    ordering = ["at", "id"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PredictionAdminForm(DomainErrorsMixin, forms.ModelForm):
    # The version the editor loaded. The admin reads the prediction afresh when
    # the form is posted, so without this a save would silently undo whatever
    # another editor changed in between.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        # The services' rules, checked here so that a refusal is shown on the
        # form instead of next to a "saved successfully" message.
        super().clean()
        cleaned = self.cleaned_data
        loaded = cleaned.get("loaded_version")
        if self.instance.pk and loaded is not None and loaded != self.instance.version:
            raise forms.ValidationError(
                "This prediction changed since you loaded it (%(change)s). Reload the page "
                "and make your change again.",
                params={"change": history.last_change(self.instance.pk) or "elsewhere"},
            )

        def value(name: str):
            # A field shown read-only (a resolved prediction's claim) is as stored.
            return cleaned.get(name) if name in self.fields else getattr(self.instance, name)

        errors = validation.validate_fields(
            claim=value("claim") or "",
            made_on=value("made_on"),
            resolves_on=value("resolves_on"),
            confidence=value("confidence"),
            tags=validation.clean_tags(tag.name for tag in cleaned.get("tags") or []),
            require_deadline=True,
        )
        if "confidence" in self.fields:
            statement = cleaned.get("statement") or self.instance.statement
            stated, basis_errors = validation.confidence_with_basis(
                confidence=cleaned.get("confidence"),
                basis=cleaned.get("confidence_basis"),
                hedge=cleaned.get("confidence_hedge"),
                quote=statement.text if statement is not None else "",
            )
            errors = {**basis_errors, **errors}
            # What will be stored (a number without a basis is the filer's), so
            # the model's own check of the pair passes.
            cleaned.update(
                confidence=stated.confidence,
                confidence_basis=stated.basis,
                confidence_hedge=stated.hedge,
            )
        # A field that already failed its own check keeps just that message.
        self.add_service_errors({f: m for f, m in errors.items() if f not in self.errors})
        if "confidence" not in self.fields:
            return cleaned
        if cleaned.get("confidence") is None:
            cleaned["confidence_basis"] = ""
        elif not cleaned.get("confidence_basis"):
            # As when filing anywhere: a confidence of unstated origin is the filer's.
            cleaned["confidence_basis"] = Prediction.ConfidenceBasis.FILER
        return cleaned


# The editable fields in the order the form shows them.
EDITABLE_ORDER = [name for name in services.EDITABLE_FIELDS if name != "tags"]


@admin.register(Prediction)
class PredictionAdmin(admin.ModelAdmin):
    form = PredictionAdminForm
    list_display = ["claim", "predictor", "made_on", "resolves_on", "status", "outcome"]
    list_filter = ["review_state", "status", "outcome", "resolves_on", "tags"]
    list_select_related = ["predictor"]
    search_fields = ["claim", "deadline_text", "predictor__name", "statement__text"]
    date_hierarchy = "resolves_on"
    autocomplete_fields = ["predictor", "statement", "tags"]
    readonly_fields = [
        "status",
        "outcome",
        "resolution_note",
        "evidence_url",
        "resolved_by",
        "resolved_at",
        "self_judged",
        "review_state",
        "review_reason",
        "reviewed_by",
        "reviewed_at",
        "proposed_outcome",
        "proposed_note",
        "proposed_evidence_url",
        "proposed_by",
        "proposed_at",
        "filed_by",
        "created_at",
        "updated_at",
        "version",
    ]
    inlines = [PredictionEventInline]

    def get_readonly_fields(self, request, obj=None):
        # The predictor and quote are part of what was filed; fixing them is a
        # withdraw-and-refile, so the record shows it. What a resolved
        # prediction was judged on waits until it is reopened (rules.locked_fields).
        if obj is not None:
            locked = [name for name in EDITABLE_ORDER if name in rules.locked_fields(obj)]
            return [*self.readonly_fields, "predictor", "statement", *locked]
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        # A prediction whose state rules out editing (a withdrawn one) is shown
        # read-only instead of as a form that cannot save.
        if obj is not None and not rules.is_available("edit", obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Its events are append-only (they would go with it): a prediction
        # filed in error is withdrawn, and stays on the record.
        return False

    def save_model(self, request, obj, form, change):
        # Validation errors were shown by the form (model validation runs the
        # database constraints); what remains is a conflict, shown as a message.
        tags = [tag.name for tag in form.cleaned_data.get("tags", [])]
        try:
            if change:
                changes = {
                    f: form.cleaned_data[f]
                    for f in form.changed_data
                    if f in services.EDITABLE_FIELDS
                }
                if "tags" in changes:
                    changes["tags"] = tags
                saved = services.edit_prediction(
                    prediction=obj,
                    actor=request.user,
                    changes=changes,
                    expected_version=form.cleaned_data.get("loaded_version"),
                )
            else:
                saved = services.file_claim(
                    filed_by=request.user,
                    claim=obj.claim,
                    predictor=obj.predictor,
                    statement=obj.statement,
                    made_on=obj.made_on,
                    resolves_on=obj.resolves_on,
                    deadline_text=obj.deadline_text,
                    confidence=obj.confidence,
                    confidence_basis=obj.confidence_basis,
                    confidence_hedge=obj.confidence_hedge,
                    tags=tags,
                )
        except DomainError as error:
            self.message_user(request, str(error), level=messages.ERROR)
            return
        # The admin goes on with the instance it passed in (form.instance).
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # Tags were saved by the service, so the form's own save_m2m() is
        # skipped; the (read-only) event formset still goes through its save.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(PredictionEvent)
class PredictionEventAdmin(admin.ModelAdmin):
    list_display = ["prediction", "kind", "actor", "at"]
    list_filter = ["kind", "at"]
    list_select_related = ["prediction", "actor"]
    search_fields = ["prediction__claim"]
    date_hierarchy = "at"
    # Shown, never changed: the hashes are not editable, so they are listed here.
    readonly_fields = ["prediction", "kind", "actor", "at", "data", "previous_hash", "hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Watch)
class WatchAdmin(admin.ModelAdmin):
    list_display = ["user", "prediction", "created_at"]
    list_select_related = ["user", "prediction"]
    search_fields = ["user__username", "prediction__claim"]
    autocomplete_fields = ["user", "prediction"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "person", "created_at"]
    list_select_related = ["user", "person"]
    search_fields = ["user__username", "person__name"]
    autocomplete_fields = ["user", "person"]


@admin.register(TagFollow)
class TagFollowAdmin(admin.ModelAdmin):
    list_display = ["user", "tag", "created_at"]
    list_select_related = ["user", "tag"]
    search_fields = ["user__username", "tag__name"]
    autocomplete_fields = ["user", "tag"]


@admin.register(EmailPreferences)
class EmailPreferencesAdmin(admin.ModelAdmin):
    list_display = ["user", "due_emails", "reminder_emails", "updated_at"]
    list_filter = ["due_emails", "reminder_emails"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "recipient",
        "prediction",
        "kind",
        "sequence",
        "status",
        "attempts",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status", "kind", "created_at"]
    list_select_related = ["recipient", "prediction"]
    search_fields = ["recipient__username", "recipient__email", "prediction__claim", "message_id"]
    autocomplete_fields = ["recipient", "prediction"]
    readonly_fields = [
        "created_at",
        "sent_at",
        "message_id",
        "attempts",
        "last_attempt_at",
        "last_error",
        "claimed_until",
    ]
    actions = ["retry"]

    @admin.action(description="Retry the selected failed notifications")
    def retry(self, request, queryset):
        count = notifications.retry_failed(queryset)
        self.message_user(
            request,
            f"{count} failed notification{'' if count == 1 else 's'} queued again.",
            messages.SUCCESS if count else messages.WARNING,
        )
