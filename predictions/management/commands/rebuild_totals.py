from django.core.management.base import BaseCommand

from predictions.records.rebuild import rebuild_totals


class Command(BaseCommand):
    help = "Count the people's and tags' track-record totals afresh (repairs any drift)."

    def handle(self, *args, **options):
        rebuild_totals()
        self.stdout.write("Totals rebuilt.")
