from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from predictions.generation import writer


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--today: {error}") from error


class Command(BaseCommand):
    help = (
        "Write a realistic generated ledger on PostgreSQL with COPY: people (a few prolific), "
        "sources, quotes, tags, predictions with deadlines ten years either side of today and "
        "their hash-chained events, watches. The same --seed and --today give the same rows. "
        "Refuses a database holding anything it did not generate."
    )

    def add_arguments(self, parser):
        parser.add_argument("--predictions", type=int, required=True, metavar="N")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today", type=_day, default=None, metavar="YYYY-MM-DD",
            help="The day the ledger is as of (default: today).",
        )  # fmt: skip
        parser.add_argument(
            "--replace", action="store_true", help="Replace a previously generated ledger."
        )
        parser.add_argument("--batch-size", type=int, default=writer.BATCH_SIZE)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        count = options["predictions"]
        if count < 1 or options["batch_size"] < 1:
            raise CommandError("--predictions and --batch-size must be at least 1.")
        written = writer.generate(
            predictions=count,
            seed=options["seed"],
            today=options["today"] or timezone.localdate(),
            replace=options["replace"],
            batch_size=options["batch_size"],
            progress=None if options["no_progress"] else writer.text_progress(self.stderr),
        )
        self.stdout.write(
            f"{written.predictions} predictions, {written.events} events, {written.people} "
            f"people, {written.accounts} accounts, {written.sources} sources, "
            f"{written.statements} quotes, {written.watches} watches"
        )
