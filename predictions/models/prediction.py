"""Predictions (their tags: predictions.models.tags; the questions asked of
them: predictions.models.queries; their history: predictions.models.events)."""

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from core import limits
from predictions.models.queries import PredictionQuerySet, published_at
from predictions.models.tags import Tag
from sources.models import Person, Statement

# The condition of the partial indexes that serve the public lists: what they
# show is published (Prediction.ReviewState.PUBLISHED).
PUBLISHED = Q(review_state="published")


class Prediction(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DUE = "due", "Due"
        RESOLVED = "resolved", "Resolved"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Outcome(models.TextChoices):
        RIGHT = "right", "Right"
        WRONG = "wrong", "Wrong"
        PARTLY_RIGHT = "partly_right", "Partly right"
        UNRESOLVABLE = "unresolvable", "Unresolvable"

    class ReviewState(models.TextChoices):
        # A claim filed by a non-editor waits for an editor before it enters
        # public lists and anyone's record.
        PENDING = "pending", "Awaiting review"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"

    class ConfidenceBasis(models.TextChoices):
        # Only what the speaker committed to (a number, or words the hedge
        # table reads) is the speaker's forecast; the filer's estimate is not.
        STATED = "stated", "Stated by the speaker"
        HEDGE = "hedge", "Read from the speaker's words"
        FILER = "filer", "The filer's estimate"

    # A withdrawn prediction stays on the ledger, with its history, but no
    # longer counts: not in a person's number of predictions, not in any record.
    COUNTED_STATUSES = (Status.OPEN, Status.DUE, Status.RESOLVED)
    # A confidence enters Brier scores and calibration only when it is the
    # speaker's (a number they gave, or their words read by the hedge table);
    # the filer's estimate is shown on the page, never scored.
    SCORED_BASES = (ConfidenceBasis.STATED, ConfidenceBasis.HEDGE)

    claim = models.CharField(max_length=limits.CLAIM, help_text="The testable sentence.")
    predictor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="predictions")
    statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.PROTECT, related_name="predictions"
    )
    made_on = models.DateField()
    resolves_on = models.DateField(help_text="The deadline, inclusive.")
    deadline_text = models.CharField(max_length=limits.DEADLINE_TEXT, blank=True)
    confidence = models.FloatField(null=True, blank=True)
    confidence_basis = models.CharField(max_length=10, choices=ConfidenceBasis, blank=True)
    # The speaker's words the confidence was read from, when the basis is "hedge".
    confidence_hedge = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.OPEN)
    outcome = models.CharField(max_length=20, choices=Outcome, blank=True)
    resolution_note = models.TextField(max_length=limits.NOTE, blank=True)
    evidence_url = models.URLField(max_length=1000, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    # Resolved by the account linked to the predictor: a forecaster judging
    # their own forecast, as on PredictionBook; the record says so.
    self_judged = models.BooleanField(default=False)
    review_state = models.CharField(
        max_length=20, choices=ReviewState, default=ReviewState.PUBLISHED
    )
    review_reason = models.TextField(max_length=limits.REASON, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # An outcome someone who may not resolve has proposed; it counts nowhere
    # until an editor confirms it.
    proposed_outcome = models.CharField(max_length=20, choices=Outcome, blank=True)
    proposed_note = models.TextField(max_length=limits.NOTE, blank=True)
    proposed_evidence_url = models.URLField(max_length=1000, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="filed_predictions",
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="predictions")
    # Where an imported prediction came from ("fatebook:…", "predictionbook:123"):
    # importing the same file again updates it rather than filing it twice.
    external_id = models.CharField(max_length=200, blank=True, default="", db_default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped by every write; a writer holding an older number gets a conflict.
    version = models.PositiveIntegerField(default=1)
    # The reminders of the current due round (predictions.notifications.reminders):
    # the number of the last one written (0 to 4; 0 when none yet) and when the
    # next is owed (null when none is: all four written). Kept here so that the
    # reminder check reads only what is owed, never the outbox's history, and
    # so that pruning sent outbox rows cannot bring a reminder back.
    reminder_sequence = models.PositiveSmallIntegerField(default=0, db_default=0)
    next_reminder_at = models.DateTimeField(null=True, blank=True)

    objects = PredictionQuerySet.as_manager()

    # What a track record reads of a prediction; the totals tables
    # (predictions.records.contributions) compare it before and after a save.
    COUNTED_FIELDS = (
        "predictor_id",
        "status",
        "outcome",
        "review_state",
        "confidence",
        "confidence_basis",
    )
    # Those fields as last read from or written to the database; None until then.
    counted_as: tuple[Any, ...] | None = None

    class Meta:
        ordering = ["resolves_on", "id"]
        # Held by the editors group (migration 0006) and checked by predictions.rules.
        permissions = [
            ("editor", "Can resolve, reopen, withdraw and edit any prediction"),
            # Granted when an account confirms its email address (accounts);
            # revoking it makes an account read-only without closing it.
            ("contribute", "Can file, propose, dispute, watch and follow"),
        ]
        indexes = [
            # predictions.services.mark_due (the check_due_predictions job):
            # "status = open and resolves_on < today"; also the due lists.
            models.Index(fields=["status", "resolves_on"], name="prediction_status_deadline"),
            # The reminder check: published due predictions owed a reminder.
            models.Index(
                fields=["next_reminder_at"],
                condition=Q(status="due", review_state="published", next_reminder_at__isnull=False),
                name="prediction_reminder_owed",
            ),
            models.Index(fields=["predictor", "status"], name="prediction_predictor_status"),
            models.Index(fields=["-created_at"], name="prediction_recent"),
            # The published ledger's lists (predictions.sorting, core.keyset):
            # each order's key with the id, and the filters a list offers
            # that no order's index narrows (a person's predictions, a status).
            models.Index(fields=["resolves_on", "id"], condition=PUBLISHED, name="pub_deadline"),
            models.Index(fields=["made_on", "id"], condition=PUBLISHED, name="pub_made"),
            # A person's outcome strip: their resolved predictions by deadline.
            models.Index(
                fields=["predictor", "-resolves_on"],
                condition=PUBLISHED & Q(status="resolved"),
                name="pub_resolved_by_deadline",
            ),
            # The API's default order (filed, newest first) for one person.
            models.Index(
                fields=["predictor", "created_at", "id"],
                condition=PUBLISHED,
                name="pub_predictor_filed",
            ),
            models.Index(fields=["created_at", "id"], condition=PUBLISHED, name="pub_filed"),
            # The feed of newly published predictions (feeds.selectors).
            models.Index(
                published_at().desc(), F("id").desc(), condition=PUBLISHED, name="pub_published"
            ),
            models.Index(
                fields=["predictor", "resolves_on", "id"],
                condition=PUBLISHED,
                name="pub_predictor_deadline",
            ),
            models.Index(
                fields=["status", "resolves_on", "id"],
                condition=PUBLISHED,
                name="pub_status_deadline",
            ),
            models.Index(
                fields=["status", "made_on", "id"], condition=PUBLISHED, name="pub_status_made"
            ),
            models.Index(
                fields=["status", "created_at", "id"], condition=PUBLISHED, name="pub_status_filed"
            ),
            # The few claims not (yet) published, by quote: what keeps a source
            # or a quote off the public lists (predictions.selectors.public)
            # is found without reading the published ledger.
            models.Index(fields=["statement"], condition=~PUBLISHED, name="unpublished_statement"),
            # The editors' queue: claims awaiting review, outcomes proposed.
            models.Index(
                fields=["created_at"],
                condition=Q(review_state="pending"),
                name="prediction_pending_review",
            ),
            models.Index(
                fields=["proposed_at"],
                condition=~Q(proposed_outcome=""),
                name="prediction_proposed_outcome",
            ),
            # The home page's sections (predictions.selectors.home), each in
            # its own order over the published predictions it lists.
            models.Index(
                fields=["resolves_on", "id"],
                condition=Q(status="due", review_state="published"),
                name="home_due_now",
            ),
            models.Index(
                fields=["resolves_on", "id"],
                condition=Q(status="open", review_state="published"),
                name="home_coming_due",
            ),
            models.Index(
                fields=["-resolved_at", "-id"],
                condition=Q(status="resolved", review_state="published"),
                name="home_recently_resolved",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="prediction_unique_external_id",
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=0, confidence__lte=1),
                name="prediction_confidence_range",
            ),
            models.CheckConstraint(
                condition=Q(resolves_on__gte=F("made_on")),
                name="prediction_deadline_after_made",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "due", "resolved", "withdrawn"]),
                name="prediction_status_valid",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        status="resolved",
                        outcome__in=["right", "wrong", "partly_right", "unresolvable"],
                    )
                    | (~Q(status="resolved") & Q(outcome=""))
                ),
                name="prediction_outcome_iff_resolved",
            ),
            models.CheckConstraint(
                condition=Q(review_state__in=["pending", "published", "rejected"]),
                name="prediction_review_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True, confidence_basis="")
                | Q(confidence__isnull=False, confidence_basis__in=["stated", "hedge", "filer"]),
                name="prediction_confidence_has_basis",
            ),
            models.CheckConstraint(
                condition=Q(proposed_outcome="")
                | Q(proposed_outcome__in=["right", "wrong", "partly_right", "unresolvable"]),
                name="prediction_proposed_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.claim

    def get_absolute_url(self) -> str:
        return reverse("predictions:detail", args=[self.pk])

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any, **kwargs: Any) -> Self:
        instance = super().from_db(db, field_names, values, **kwargs)
        if all(name in instance.__dict__ for name in cls.COUNTED_FIELDS):
            instance.counted_as = tuple(getattr(instance, name) for name in cls.COUNTED_FIELDS)
        return instance

    @property
    def is_published(self) -> bool:
        return self.review_state == self.ReviewState.PUBLISHED

    @property
    def has_proposal(self) -> bool:
        return bool(self.proposed_outcome)

    @property
    def confidence_is_scored(self) -> bool:
        return self.confidence is not None and self.confidence_basis in self.SCORED_BASES

    @classmethod
    def scored_confidence_filter(cls, through: str = "") -> Q:
        """The predictions whose confidence a Brier score and calibration take
        (SCORED_BASES), reached ``through`` a relation as in counted_filter."""
        return Q(
            **{
                f"{through}confidence__isnull": False,
                f"{through}confidence_basis__in": cls.SCORED_BASES,
            }
        )

    @classmethod
    def counted_filter(cls, through: str = "") -> Q:
        """The condition of PredictionQuerySet.counted, for predictions reached
        ``through`` a relation ("predictions__" from a Person), as aggregates need:
        published and not withdrawn. A claim awaiting review, or rejected,
        counts in nobody's record."""
        return Q(
            **{
                f"{through}status__in": cls.COUNTED_STATUSES,
                f"{through}review_state": cls.ReviewState.PUBLISHED,
            }
        )
