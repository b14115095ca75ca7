import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict
from django.utils import timezone

from transfer import export
from transfer.selectors import ExportRequestError, exported_predictions


class Command(BaseCommand):
    help = (
        "Write the published ledger as one file: CSV, lossless JSON (with sources, "
        "statements and hashed events: it imports again unchanged) or a Fatebook "
        "spreadsheet. --filter takes the predictions list's filters, e.g. "
        "--filter person=ada-lovelace --filter status=resolved."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=export.FORMATS, default="csv")
        parser.add_argument(
            "--output", metavar="FILE", help="Where to write it (default: standard output)."
        )
        parser.add_argument(
            "--filter", action="append", default=[], metavar="NAME=VALUE",
            help="A filter of the predictions list: status, outcome, person, tag, q, "
            "due_after, due_before, made_after.",
        )  # fmt: skip

    def handle(self, *args, **options):
        query = QueryDict(mutable=True)
        query["format"] = options["format"]
        for item in options["filter"]:
            name, equals, value = item.partition("=")
            if not equals or not name:
                raise CommandError(f"--filter {item!r}: write it as NAME=VALUE.")
            query[name] = value
        try:
            format, predictions = exported_predictions(query)
        except ExportRequestError as error:
            raise CommandError(str(error)) from error
        chunks = export.chunks(
            format, predictions, site_url=settings.SITE_URL, exported_at=timezone.now()
        )
        if options["output"]:
            # newline="": the CSV writer ends its lines with \r\n itself.
            with open(options["output"], "w", encoding="utf-8", newline="") as out:
                out.writelines(chunks)
        else:
            sys.stdout.writelines(chunks)
