"""Track-record totals kept in tables: one row per person and one per tag.

Each row holds what ``predictions.records.totals`` used to count over every
prediction on each request: the counts by status and outcome, the Brier sum
(exact, in numeric) and the ten calibration bins. The services change them by
a delta in the same transaction as each change of a prediction
(``predictions.records.contributions``); ``manage.py rebuild_totals`` counts
them afresh. The leaderboard's sort keys (``accuracy_low``, ``brier``) are
stored beside them so that an index can serve each ranking.

There is no site row: every publish would update it, and all writers would
queue on its lock. The site's record is the sum of the person rows (each
prediction has one predictor), cached until a write commits.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from predictions.models.tags import Tag
from sources.models import Person

BIN_FIELDS = tuple(f"bin{index}" for index in range(10)) + tuple(
    f"bin{index}_right" for index in range(10)
)
# The counts a prediction adds to a row; brier_sum is the one decimal.
COUNT_FIELDS = (
    "predictions",
    "open",
    "overdue",
    "resolved",
    "withdrawn",
    "right",
    "wrong",
    "partly_right",
    "unresolvable",
    "brier_count",
    *BIN_FIELDS,
)
# Squares of confidences exact to 17 places have 34; a million of them stay
# far below 10^25.
BRIER_DIGITS, BRIER_PLACES = 60, 34


class RecordTotals(models.Model):
    predictions = models.PositiveIntegerField(default=0)  # published, not withdrawn
    open = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)  # published, withdrawn
    right = models.PositiveIntegerField(default=0)
    wrong = models.PositiveIntegerField(default=0)
    partly_right = models.PositiveIntegerField(default=0)
    unresolvable = models.PositiveIntegerField(default=0)
    brier_count = models.PositiveIntegerField(default=0)
    brier_sum = models.DecimalField(default=0, max_digits=BRIER_DIGITS, decimal_places=BRIER_PLACES)
    bin0 = models.PositiveIntegerField(default=0)
    bin1 = models.PositiveIntegerField(default=0)
    bin2 = models.PositiveIntegerField(default=0)
    bin3 = models.PositiveIntegerField(default=0)
    bin4 = models.PositiveIntegerField(default=0)
    bin5 = models.PositiveIntegerField(default=0)
    bin6 = models.PositiveIntegerField(default=0)
    bin7 = models.PositiveIntegerField(default=0)
    bin8 = models.PositiveIntegerField(default=0)
    bin9 = models.PositiveIntegerField(default=0)
    bin0_right = models.PositiveIntegerField(default=0)
    bin1_right = models.PositiveIntegerField(default=0)
    bin2_right = models.PositiveIntegerField(default=0)
    bin3_right = models.PositiveIntegerField(default=0)
    bin4_right = models.PositiveIntegerField(default=0)
    bin5_right = models.PositiveIntegerField(default=0)
    bin6_right = models.PositiveIntegerField(default=0)
    bin7_right = models.PositiveIntegerField(default=0)
    bin8_right = models.PositiveIntegerField(default=0)
    bin9_right = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class PersonTotals(RecordTotals):
    """A person's totals and the leaderboard's sort keys. Every person has a
    row (made with the person, or by rebuild_totals), so the people list and
    the leaderboard read this table alone, in index order."""

    person = models.OneToOneField(
        Person, primary_key=True, on_delete=models.CASCADE, related_name="totals"
    )
    # The person's name, copied (kept by a signal on Person) so that the
    # rankings' tie-break, by name, is in the same index as their key.
    name = models.CharField(max_length=200, default="")
    # The lower end of the accuracy's 95% interval; None when nothing is scored.
    accuracy_low = models.FloatField(null=True)
    # brier_sum / brier_count; None when nothing is scored.
    brier = models.FloatField(null=True)

    class Meta:
        indexes = [
            models.Index(Lower("name"), "person", name="totals_people_by_name"),
            models.Index(
                models.F("accuracy_low").desc(),
                "name",
                "person",
                condition=Q(accuracy_low__isnull=False),
                name="totals_rank_accuracy",
            ),
            models.Index(
                "brier",
                "name",
                "person",
                condition=Q(brier__isnull=False),
                name="totals_rank_brier",
            ),
            models.Index(
                models.F("resolved").desc(), "name", "person", name="totals_rank_resolved"
            ),
            models.Index(models.F("overdue").desc(), "name", "person", name="totals_rank_overdue"),
        ]

    def __str__(self) -> str:
        return f"Totals of {self.name}"


class TagTotals(RecordTotals):
    tag = models.OneToOneField(
        Tag, primary_key=True, on_delete=models.CASCADE, related_name="totals"
    )

    def __str__(self) -> str:
        return f"Totals of tag {self.tag_id}"


class PersonTagTotals(models.Model):
    """How many published predictions (any status) of a person carry a tag:
    the tag filter on a person's page lists the tags whose count is above
    zero, reading a person's few rows rather than every prediction they made.
    Kept by the same deltas as the other totals."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="tag_totals")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="person_totals")
    predictions = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "tag"], name="person_tag_totals_unique")
        ]

    def __str__(self) -> str:
        return f"Totals of tag {self.tag_id} for person {self.person_id}"
