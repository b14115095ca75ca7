from datetime import timedelta

from django.core.management.base import BaseCommand

from predictions import services
from predictions.services.delivery import DeliveryFailed


class Command(BaseCommand):
    help = (
        "Send every pending notification now, in this process, without Celery "
        "(cron-friendly). Failures are recorded on the rows and retried on the next run."
    )

    def handle(self, *args, **options):
        sent = cancelled = failed = 0
        for recipient_id in services.recipients_left_pending(older_than=timedelta(0)):
            try:
                delivery = services.deliver_notifications(recipient_id=recipient_id)
            except DeliveryFailed as exc:
                failed += 1
                self.stderr.write(str(exc))
                continue
            sent += delivery.sent
            cancelled += delivery.cancelled
        self.stdout.write(
            f"Sent {sent} notification(s); cancelled {cancelled} no longer owed; "
            f"{failed} recipient(s) failed."
        )
        if failed:
            raise SystemExit(1)
