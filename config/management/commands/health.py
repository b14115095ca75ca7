import json

from django.core.management.base import BaseCommand

from config import health


class Command(BaseCommand):
    help = (
        "Print the health report /healthz gives (database, broker, when the due check last "
        "completed, the outboxes) as JSON; exit 1 when it is red, for a monitor or cron "
        "to alert on (a warning exits 0)."
    )

    def handle(self, *args, **options):
        result = health.report()
        self.stdout.write(json.dumps(result, indent=2))
        if result["status"] == health.RED:
            raise SystemExit(1)
