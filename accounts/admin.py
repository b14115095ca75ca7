"""The admin's users: never deleted, deactivated instead
(accounts.services.deactivate_user), and never renamed or made with a name
that looks like another account's (accounts.confusables)."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.services import check_username, deactivate_user
from core.errors import InvalidInput


def _checked(username: str, account: User | None) -> str:
    if not username:  # Django's check found it taken and said so
        return username
    try:
        check_username(username, account=account)
    except InvalidInput as error:
        raise ValidationError(error.errors["username"]) from None
    return username


class AccountChangeForm(UserChangeForm):
    def clean_username(self) -> str:
        return _checked(self.cleaned_data.get("username", ""), self.instance)


class AccountCreationForm(AdminUserCreationForm):
    def clean_username(self) -> str:
        return _checked(super().clean_username(), None)


admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    form = AccountChangeForm
    add_form = AccountCreationForm
    actions = ["deactivate"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deleting would fail on the protected history, or lose who did what.
        return False

    @admin.action(
        description="Deactivate: remove name, address, password and tokens; keep the history"
    )
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = 0
        for user in queryset:
            deactivate_user(user)
            count += 1
        self.message_user(
            request,
            f"Deactivated {count} account(s); their history shows as “deleted user #<id>”.",
            messages.SUCCESS,
        )
