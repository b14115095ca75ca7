from django.core.management.base import BaseCommand, CommandError

from predictions import history


class Command(BaseCommand):
    help = (
        "Recompute every prediction's hash chain and check each link. Exits 0 when every "
        "chain is intact; otherwise exits 1 naming the first broken link."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--prediction", type=int, metavar="ID", help="Check this prediction's chain only."
        )

    def handle(self, *args, **options):
        only = options["prediction"]
        result = history.verify(prediction_id=only)
        if only is not None and result.predictions == 0:
            raise CommandError(f"There is no prediction {only}.")
        if result.broken is not None:
            raise CommandError(f"Broken chain: {result.broken}.")
        predictions = f"{result.predictions} prediction{'' if result.predictions == 1 else 's'}"
        events = f"{result.events} event{'' if result.events == 1 else 's'}"
        self.stdout.write(f"{predictions}, {events}: every chain intact")
