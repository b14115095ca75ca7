from django.core.management.base import BaseCommand

from predictions import services


class Command(BaseCommand):
    help = "Mark every open prediction whose deadline has passed as due (what Celery beat runs)."

    def handle(self, *args, **options):
        flipped = services.mark_due()
        self.stdout.write(f"{flipped} prediction{'' if flipped == 1 else 's'} became due.")
