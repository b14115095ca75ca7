from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"

    def ready(self) -> None:
        # Connects the receivers on users' saves (tokens, username skeletons).
        from accounts import signals  # noqa: F401
