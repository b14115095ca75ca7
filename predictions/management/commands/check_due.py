from django.core.management.base import BaseCommand

from predictions import heartbeats, notifications, services


class Command(BaseCommand):
    help = (
        "Mark every open prediction whose deadline has passed as due, write the emails "
        "that owes and any weekly reminders (what Celery beat runs). Without a worker, "
        "follow it with `send_pending`."
    )

    def handle(self, *args, **options):
        flipped = services.mark_due()
        reminders = notifications.queue_reminders()
        heartbeats.record(heartbeats.DUE_CHECK)  # for the health check, as the task does
        self.stdout.write(f"{flipped} prediction{'' if flipped == 1 else 's'} became due.")
        self.stdout.write(f"{reminders} reminder{'' if reminders == 1 else 's'} owed.")
