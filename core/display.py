"""How an account is named on public pages and in the API: its username,
except for a deactivated account (accounts.services.deactivate_user), which
is "deleted user #<id>". Its history stays attributed to the same row, so
the id still tells its actions apart from others'."""

from django.contrib.auth.base_user import AbstractBaseUser

DELETED_USERNAME_PREFIX = "deleted-user-"


def deleted_username(pk: object) -> str:
    """The username a deactivated account is given (reserved at sign-up)."""
    return f"{DELETED_USERNAME_PREFIX}{pk}"


def is_deleted_account(user: AbstractBaseUser) -> bool:
    return not user.is_active and user.get_username() == deleted_username(user.pk)


def account_name(user: AbstractBaseUser | None) -> str | None:
    """The name to show for ``user``; None for no account (the system acted,
    or an older record lost its link)."""
    if user is None:
        return None
    if is_deleted_account(user):
        return f"deleted user #{user.pk}"
    return user.get_username()
