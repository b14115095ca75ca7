from datetime import timedelta

from django.core.management.base import BaseCommand

from predictions import notifications
from predictions.notifications.delivery import DeliveryFailed


class Command(BaseCommand):
    help = (
        "Send every pending notification whose next try is due, in this process, without "
        "Celery (cron-friendly). Failures are recorded on the rows with their backoff and "
        "retried by a later run."
    )

    def handle(self, *args, **options):
        sent = cancelled = failed = 0
        for recipient_id in notifications.recipients_left_pending(older_than=timedelta(0)):
            # A recipient whose rows went in more than one email (a batch a
            # dead worker left, then newer rows) is delivered until done.
            more = True
            while more:
                try:
                    delivery = notifications.deliver_notifications(recipient_id=recipient_id)
                except DeliveryFailed as exc:
                    failed += 1
                    self.stderr.write(str(exc))
                    break
                sent += delivery.sent
                cancelled += delivery.cancelled
                more = delivery.more
        self.stdout.write(
            f"Sent {sent} notification(s); cancelled {cancelled} no longer owed; "
            f"{failed} recipient(s) failed."
        )
        if failed:
            raise SystemExit(1)
