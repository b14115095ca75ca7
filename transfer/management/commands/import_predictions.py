import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from transfer.formats.detect import FORMATS
from transfer.formats.records import UnreadableFile
from transfer.importing import import_file, is_restore, summary_lines


class Command(BaseCommand):
    help = (
        "Import predictions from Hindsight's own files (JSON restores the history, hashes "
        "included; CSV imports the records), Fatebook's CSV export, or PredictionBook's API "
        "JSON or CSV. The format is told from each file unless --format says. Each prediction "
        "is imported on its own: a bad row is named and skipped, the rest go in, and importing "
        "the file again updates what it imported before. Everything imported by someone who "
        "is not an editor awaits review."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--format", choices=FORMATS)
        parser.add_argument(
            "--user",
            help="The account the predictions are filed by. Not for a Hindsight JSON file, "
            "whose history names its own accounts.",
        )
        parser.add_argument(
            "--person", default="",
            help="Whose predictions these are, when the file does not say (or says otherwise).",
        )  # fmt: skip
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; save nothing."
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"--user: there is no account “{options['user']}”.")
        failed = False
        for name in options["files"]:
            path = Path(name)
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"{name}: cannot be read ({error}).") from error
            try:
                if user is None and not is_restore(
                    text, filename=path.name, format=options["format"]
                ):
                    raise CommandError(f"{name}: give --user, the account to file it as.")
                report = import_file(
                    text,
                    user=user,
                    filename=path.name,
                    format=options["format"],
                    dry_run=options["dry_run"],
                    person=options["person"],
                    progress=None if options["no_progress"] else self._progress(path.name),
                )
            except UnreadableFile as error:
                raise CommandError(f"{name}: {error}") from error
            if not options["no_progress"]:
                sys.stderr.write("\n")
            self.stdout.write(f"{name} ({report.format}):")
            for line in summary_lines(report):
                self.stdout.write(f"  {line}")
            failed = failed or bool(report.problems)
        if failed:
            # Everything that could be imported was; the exit status says some was not.
            raise CommandError("Some rows were not imported: see above.", returncode=1)

    @staticmethod
    def _progress(name: str):
        width = 30

        def show(done: int, total: int) -> None:
            filled = width * done // total if total else width
            bar = "#" * filled + "-" * (width - filled)
            sys.stderr.write(f"\r{name} [{bar}] {done}/{total}")
            sys.stderr.flush()

        return show
