from django import forms
from django.contrib import admin

from core.errors import InvalidInput
from sources import services
from sources.models import Person, Source, Statement


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
    list_filter = ["kind", "published_on"]
    search_fields = ["title", "publisher", "url"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["added_by"]
    readonly_fields = ["text_sha256", "created_at"]
    inlines = [StatementInline]

    def save_model(self, request, obj, form, change):
        services.save_source(source=obj)

    def has_delete_permission(self, request, obj=None):
        # A source that quotes come from cannot go (PROTECT): offer no Delete
        # the database would refuse.
        if obj is not None and obj.statements.exists():
            return False
        return super().has_delete_permission(request, obj)


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
