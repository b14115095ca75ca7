from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.services import TOKEN_LIFETIMES, create_api_token


class Command(BaseCommand):
    help = "Create an API token for a user and print it on the last line (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="created with manage.py")
        parser.add_argument(
            "--expires-in-days",
            type=int,
            choices=[days for days in TOKEN_LIFETIMES if days is not None],
            help="Days until the token stops working; without it, until revoked.",
        )

    def handle(self, *args, username, name, expires_in_days, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive.")
        token, key = create_api_token(user=user, name=name, expires_in_days=expires_in_days)
        self.stderr.write(
            f"Token {token.prefix}… for {username}; keep it secret, it is not shown again."
        )
        self.stdout.write(key)
