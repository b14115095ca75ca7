from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.db.models.functions import Length
from django.http import HttpRequest
from django.utils.html import format_html_join

from core.errors import InvalidInput
from sources import services
from sources.models import Person, Source, SourceCapture, Statement


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    # Neither is a field to edit by hand: a merge moves predictions, statements
    # and followers (the merge action does it), and a linked account judges its
    # own forecasts (editors approve the account's request in the review queue).
    readonly_fields = ["merged_into", "account"]

    def get_readonly_fields(self, request, obj=None):
        # A name is shown on every prediction of theirs, so changing it is
        # recorded on each; this app cannot record that, and the admin that
        # can (predictions.admin, which replaces this one) offers it again.
        if obj is not None:
            return [*self.readonly_fields, "name"]
        return self.readonly_fields

    def get_prepopulated_fields(self, request, obj=None):
        # The slug follows the name only when a person is added: their
        # address stays when the name is corrected.
        return self.prepopulated_fields if obj is None else {}

    def save_model(self, request, obj, form, change):
        # Through the service, which keeps the key lookalike names are found by.
        services.save_person(person=obj)

    def has_delete_permission(self, request, obj=None):
        # Someone quoted, or whom others were merged into, stays (PROTECT).
        if obj is not None and (obj.statements.exists() or obj.merged_from.exists()):
            return False
        return super().has_delete_permission(request, obj)


class StatementInline(admin.TabularInline):
    # Shown, not edited: a quote is changed on its own page, which keeps one
    # that a prediction cites as it was filed.
    model = Statement
    extra = 0
    fields = ["speaker", "text", "said_on"]
    readonly_fields = ["speaker", "text", "said_on"]
    show_change_link = True


class SourceAdminForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = [
            "url",
            "title",
            "publisher",
            "published_on",
            "kind",
            "description",
            "text",
            "archive_url",
            "added_by",
        ]

    def clean_url(self) -> str:
        # The service's rule, asked before saving so that a taken URL is a
        # message on the form rather than an error on save.
        try:
            return services.check_source_url(self.cleaned_data["url"], source=self.instance)
        except InvalidInput as error:
            raise forms.ValidationError(error.errors["url"]) from None


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceAdminForm
    list_display = ["title", "publisher", "kind", "published_on", "url"]
    list_filter = ["kind", "published_on", "capture__state"]
    search_fields = ["title", "publisher", "url"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["added_by"]
    readonly_fields = ["text_sha256", "created_at", "page_capture"]
    inlines = [StatementInline]
    actions = ["capture_again"]

    def save_model(self, request, obj, form, change):
        services.save_source(source=obj)

    @admin.display(description="Captured copy")
    def page_capture(self, obj: Source) -> str:
        # Shown here, read only, rather than as an inline: an inline is one
        # more formset every post of this form would have to carry.
        capture = (
            SourceCapture.objects.filter(source_id=obj.pk)
            .annotate(raw_size=Length("raw_gzip"))
            .defer("raw_gzip")
            .first()
            if obj.pk
            else None
        )
        if capture is None:
            return "None asked for (no URL, or added before pages were captured)."
        return format_html_join(
            "\n",
            "<div><strong>{}:</strong> {}</div>",
            ((label, value) for label, value in capture_facts(capture) if value not in ("", None)),
        )

    @admin.action(description="Capture the page again (those not captured)", permissions=["change"])
    def capture_again(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        """Queue a new capture of each chosen source's page that has none kept:
        a page once captured stays as it was (it is the record)."""
        queued = sum(services.queue_capture(source, again=True) is not None for source in queryset)
        skipped = queryset.count() - queued
        if queued:
            self.message_user(request, f"Capturing {queued} page(s) again.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"{skipped} left as they are: captured already, no URL, or capture turned off.",
                messages.WARNING,
            )

    def has_delete_permission(self, request, obj=None):
        # A source that quotes come from cannot go (PROTECT): offer no Delete
        # the database would refuse.
        if obj is not None and obj.statements.exists():
            return False
        return super().has_delete_permission(request, obj)


def capture_facts(capture: SourceCapture) -> list[tuple[str, object]]:
    """What the admin shows of a capture, label and value; all read only."""
    raw_size = getattr(capture, "raw_size", None)
    return [
        ("State", capture.get_state_display()),
        ("Tries", capture.attempts),
        ("Asked for", capture.requested_url),
        ("Fetched from", capture.final_url),
        ("Fetched at", capture.fetched_at),
        ("Content type", "; charset=".join(filter(None, [capture.content_type, capture.charset]))),
        ("Raw copy, gzipped", f"{raw_size} bytes" if raw_size is not None else ""),
        ("SHA-256 of the page as fetched", capture.raw_sha256),
        ("SHA-256 of the text read from it", capture.text_sha256),
        ("Author, as the page names them", capture.author),
        ("Error", f"{capture.error} ({capture.error_reason})" if capture.error else ""),
        ("Next try", capture.next_attempt_at),
        ("Last changed", capture.updated_at),
    ]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["__str__", "speaker", "source", "said_on"]
    list_filter = ["said_on"]
    list_select_related = ["speaker", "source"]
    search_fields = ["text", "speaker__name", "source__title"]
    autocomplete_fields = ["source", "speaker", "added_by"]
    readonly_fields = ["created_at"]

    def get_readonly_fields(self, request, obj=None):
        # The words a prediction cites are part of its record: changing them
        # here would rewrite what was filed with no event on its history.
        # predictions.admin, which replaces this admin, offers the words again
        # through the service that records the correction on each prediction;
        # who said them, where and when stay (a wrong one is a withdraw-and-refile).
        if obj is not None and is_cited(obj):
            return [*self.readonly_fields, "text", "speaker", "source", "said_on"]
        return self.readonly_fields


def is_cited(statement: Statement) -> bool:
    """Whether anything refers to ``statement`` (a prediction quoting it). Asked
    of the model's relations, so that this app needs to know none of the others."""
    return any(
        relation.related_model._default_manager.filter(**{relation.field.name: statement}).exists()
        for relation in Statement._meta.related_objects
    )
