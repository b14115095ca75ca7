from django import forms

from core.forms import ErrorSummaryMixin
from transfer.formats import detect
from transfer.formats.records import UnreadableFile

MAX_BYTES = 20 * 1024 * 1024
FORMAT_CHOICES = [
    ("", "Tell from the file"),
    ("hindsight", "Hindsight (JSON restores the history; CSV imports the records)"),
    ("fatebook", "Fatebook (its CSV export)"),
    ("predictionbook", "PredictionBook (its API's JSON, or its CSV)"),
]


class ImportForm(ErrorSummaryMixin, forms.Form):
    file = forms.FileField(
        label="File",
        help_text="A Hindsight export, Fatebook's CSV export, or PredictionBook's JSON or CSV.",
    )
    format = forms.ChoiceField(label="Format", choices=FORMAT_CHOICES, required=False)
    person = forms.CharField(
        label="Whose predictions",
        max_length=200,
        required=False,
        help_text="Their name, when the file does not say (or says otherwise).",
    )
    dry_run = forms.BooleanField(
        label="Dry run: report what would be imported, and save nothing",
        required=False,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        if upload.size > MAX_BYTES:
            self.add_error("file", f"The file is over {MAX_BYTES // (1024 * 1024)} MB.")
            return cleaned
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            self.add_error("file", "The file is not UTF-8 text: save it as CSV (UTF-8) or JSON.")
            return cleaned
        try:
            detected = detect.detect_format(text, upload.name)
        except UnreadableFile as error:
            self.add_error("file", str(error))
            return cleaned
        chosen = cleaned.get("format") or detected
        if (
            detected == detect.HINDSIGHT
            and text.lstrip().startswith("{")
            and not (self.user is not None and self.user.is_superuser)
        ):
            # A restore writes history as it stands in the file, in the names
            # of the accounts it gives; its hashes prove it unchanged since it
            # was written, not who wrote it. So it is for the site's owners.
            self.add_error(
                "file",
                "A Hindsight JSON file restores a ledger's history, so only the site's "
                "administrators may import one (manage.py import_predictions). Import its CSV "
                "export instead to bring in the predictions.",
            )
            return cleaned
        if chosen != detected:
            self.add_error(
                "format",
                f"The file reads as {dict(FORMAT_CHOICES)[detected].split(' (')[0]}, "
                "not as the format chosen.",
            )
        cleaned["text"], cleaned["format"] = text, chosen
        return cleaned
