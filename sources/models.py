"""Who said what, where: people, the sources they spoke in, their verbatim words."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce

from core import limits

# Stands in for an undated source's date in the sources list's order, which
# puts undated ones last: no source was published on the first day of year 1.
UNDATED = date(1, 1, 1)


class Person(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organisation"

    name = models.CharField(max_length=200)
    # sources.names.name_key(name), kept by sources.services: names that
    # normalise alike ("Sam Altmán", "sam altman") are asked about before a
    # second person is made. The database default lets code that predates the
    # column (a rolling deploy's old processes) still add people.
    name_key = models.CharField(
        max_length=400, blank=True, default="", db_default="", db_index=True, editable=False
    )
    slug = models.SlugField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PERSON)
    description = models.TextField(max_length=limits.DESCRIPTION, blank=True)
    url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The person's own account, once an editor has agreed it is theirs: their
    # forecasts about themselves they may publish and judge directly.
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    # Set when an editor merged this person into another: the slug redirects there.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="person_unique_slug"),
            models.CheckConstraint(
                condition=Q(kind__in=["person", "organization"]), name="person_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Source(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", "Article"
        VIDEO = "video", "Video"
        PODCAST = "podcast", "Podcast"
        SOCIAL = "social", "Social media post"
        PAPER = "paper", "Paper"
        OTHER = "other", "Other"

    # Stored normalised (sources.normalize.normalize_url), so that one page filed
    # twice with different tracking parameters is one source.
    url = models.URLField(max_length=1000, blank=True)
    title = models.CharField(max_length=500)
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.ARTICLE)
    # Editorial notes about the source itself: assumptions, provenance.
    description = models.TextField(max_length=limits.DESCRIPTION, blank=True)
    text = models.TextField(
        max_length=limits.SOURCE_TEXT, blank=True, help_text="The captured text of the source."
    )
    text_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    archive_url = models.URLField(max_length=1000, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "-created_at"]
        indexes = [
            # The sources list's order, newest first and undated last
            # (predictions.selectors.sources): the key of its keyset pages.
            models.Index(
                Coalesce("published_on", Value(UNDATED)).desc(),
                F("created_at").desc(),
                F("id").desc(),
                name="source_list_order",
            ),
            # A source without a URL is found again by its captured text
            # (sources.services.get_or_create_source).
            models.Index(
                fields=["text_sha256"],
                condition=Q(url="") & ~Q(text_sha256=""),
                name="source_text_without_url",
            ),
        ]
        constraints = [
            # A source may have no URL (a transcript, a printed page), so
            # uniqueness only applies to the ones that have one.
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="source_unique_url"),
            models.CheckConstraint(
                condition=Q(kind__in=["article", "video", "podcast", "social", "paper", "other"]),
                name="source_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Statement(models.Model):
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="statements")
    speaker = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="statements")
    text = models.TextField(max_length=limits.QUOTE, help_text="The words as said, verbatim.")
    # The source's words about what the speaker said ("the speaker predicts
    # that ..."), not the speaker's own: shown as such, never in quotation marks.
    is_paraphrase = models.BooleanField(
        default=False,
        db_default=False,
        help_text="The source's paraphrase of what was said, not the speaker's exact words.",
    )
    said_on = models.DateField()
    context = models.TextField(max_length=limits.QUOTE_CONTEXT, blank=True)
    # A source that reports words first said elsewhere (an article quoting
    # an interview) points to them as recorded from where they were said.
    original = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        help_text="Where these words were first said, when this source reports them.",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-said_on", "-id"]
        indexes = [
            # What a person said, newest first: their page's second list.
            models.Index(fields=["speaker", "-said_on", "-id"], name="statement_speaker_said"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="statement_text_not_empty"),
        ]

    def __str__(self) -> str:
        short = self.text if len(self.text) <= 60 else self.text[:57] + "…"
        if self.is_paraphrase:
            return f"{self.speaker} (paraphrased): {short}"
        return f"{self.speaker}: “{short}”"


class AccountLinkRequest(models.Model):
    """An account asking to be recognised as a person on the ledger; an editor
    approves (the person's ``account`` is set) or declines it."""

    class State(models.TextChoices):
        PENDING = "pending", "Awaiting review"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="link_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person_link_requests"
    )
    message = models.TextField(
        max_length=limits.MESSAGE, blank=True, help_text="How an editor can tell it is you."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=State, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(max_length=limits.REASON, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "user"],
                condition=Q(state="pending"),
                name="link_request_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "approved", "declined"]),
                name="link_request_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} as {self.person}"


class SourceCapture(models.Model):
    """The page at a source's URL as a worker fetched it: the raw response
    kept gzipped with its SHA-256, where the redirects led and when; or why
    it could not be kept. One per source (sources.services.capture).

    The text read out of the page goes to the source (its ``text`` and
    ``text_sha256``) when the source has none; ``text_sha256`` here is that
    reading's hash, so a page can tell whether the source's text is it.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be fetched"
        CAPTURED = "captured", "Captured"
        FAILED = "failed", "Failed"  # for now: tried again at next_attempt_at, if set
        REFUSED = "refused", "Refused"  # for good: asking again gets the same answer

    source = models.OneToOneField(Source, on_delete=models.CASCADE, related_name="capture")
    state = models.CharField(max_length=10, choices=State, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    requested_url = models.URLField(max_length=limits.URL, blank=True)
    # Where the redirects led: a text, as no limit of ours bounds a server's Location.
    final_url = models.TextField(blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)  # the media type only
    charset = models.CharField(max_length=40, blank=True)  # as the Content-Type header gave it
    # The body as received (after transfer and content decoding), gzipped.
    raw_gzip = models.BinaryField(null=True, blank=True, editable=False)
    raw_sha256 = models.CharField(max_length=64, blank=True)  # of the body, not of the gzip
    text_sha256 = models.CharField(max_length=64, blank=True)  # of the text read from it
    author = models.CharField(max_length=limits.NAME, blank=True)  # as the page names them
    error_reason = models.CharField(max_length=40, blank=True)  # a slug: "timeout", "too_large"
    error = models.TextField(max_length=limits.MESSAGE, blank=True)  # a sentence for a person
    # Pending: when the sweep takes the queued task as lost and queues it
    # again. Failed: when it is tried again; none once given up.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # The try under way: when it started and its token. Two tries of one page
    # may overlap (a task delivered twice, a worker presumed dead); only the
    # latest records what it found (sources.services.capture).
    attempt_started_at = models.DateTimeField(null=True, blank=True)
    attempt_token = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # The sweep's question: which captures are owed a try by now.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state__in=["pending", "failed"]),
                name="source_capture_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["pending", "captured", "failed", "refused"]),
                name="source_capture_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Capture of {self.requested_url or self.source_id} ({self.state})"
