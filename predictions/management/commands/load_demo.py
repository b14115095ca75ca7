from django.core.management.base import BaseCommand

from predictions import demo


class Command(BaseCommand):
    help = "Load the demo ledger (the seed article and a few examples). Safe to run twice."

    def handle(self, *args, **options):
        created = demo.load_demo()
        if created:
            self.stdout.write(f"Demo ledger loaded: {created} new predictions.")
        else:
            self.stdout.write("Demo ledger already loaded; nothing to add.")
