"""Share cards: the 1200 × 630 PNG a link preview shows for a prediction or a
person (Open Graph's ``og:image``, Twitter's large summary card).

What a card says is a ``Card`` of plain strings, built from the ledger by
``prediction_card`` and ``person_card``; ``render`` draws it with Pillow. A
card is kept in the cache under a hash of what it says, so a changed claim or
outcome draws a new one and an unchanged one is drawn once.
"""

import hashlib
import io
from dataclasses import astuple, dataclass
from functools import cache as memoise

from django.core.cache import cache
from PIL import Image, ImageDraw, ImageFont

from predictions.models import Prediction
from predictions.records.scoring import Record
from predictions.templatetags.ledger_rows import long_date
from sources.models import Person

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
INK, MUTED, PAPER, ACCENT = "#1b1b1b", "#555555", "#fbfbf8", "#1f56b3"
# Chip colours by outcome, then by status: the site's badge colours, dark
# enough for white text at these sizes.
CHIP_COLOURS = {
    "right": "#1a7f37",
    "wrong": "#b42318",
    "partly_right": "#8a5a00",
    "unresolvable": "#555555",
    "open": "#1f56b3",
    "due": "#8a5a00",
    "withdrawn": "#555555",
    "record": "#1f56b3",
}
CLAIM_LINES = 4
KEPT_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Card:
    headline: str  # the claim, or the person's name
    lines: tuple[str, ...]  # smaller lines under it
    chip: str  # the outcome or status, or the record in a few words
    chip_kind: str  # a key of CHIP_COLOURS


def prediction_card(prediction: Prediction) -> Card:
    chip = (
        prediction.get_outcome_display() if prediction.outcome else prediction.get_status_display()
    )
    return Card(
        headline=prediction.claim,
        lines=(
            f"Predicted by {prediction.predictor.name} on {long_date(prediction.made_on)}",
            f"Deadline: {long_date(prediction.resolves_on)}",
        ),
        chip=str(chip),
        chip_kind=prediction.outcome or prediction.status,
    )


def person_card(person: Person, record: Record, counts: str) -> Card:
    """``counts`` is the person page's sentence ("12 predictions: 5 open, …")."""
    if record.shows_accuracy and record.accuracy is not None:
        chip = f"Right {record.right} of {record.scored} · {record.accuracy:.0%}"
    elif record.resolved:
        chip = "Not enough resolved predictions yet"
    else:
        chip = "Nothing resolved yet"
    return Card(headline=person.name, lines=(counts,), chip=chip, chip_kind="record")


def png_for(card: Card) -> bytes:
    """The card drawn, from the cache when the same words were drawn before."""
    key = "share-card:v1:" + hashlib.sha256(repr(astuple(card)).encode()).hexdigest()
    png = cache.get(key)
    if png is None:
        png = render(card)
        cache.set(key, png, KEPT_SECONDS)
    return png


Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@memoise
def _font(size: int) -> Font:
    # Pillow's bundled scalable font: present wherever Pillow is, so a new
    # machine needs no font package.
    return ImageFont.load_default(size=size)


def wrap(text: str, font: Font, width: int) -> list[str]:
    """Greedy word wrap to ``width`` pixels; a word longer than a line is cut."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while font.getlength(word) > width:
            cut = len(word)
            while cut > 1 and font.getlength(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _clipped(lines: list[str], most: int, font: Font, width: int) -> list[str]:
    """The first ``most`` lines, the last ending in an ellipsis if any were left out."""
    if len(lines) <= most:
        return lines
    kept = lines[:most]
    last = kept[-1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + "…"
    return kept


def _headline(
    text: str, width: int
) -> tuple[list[str], ImageFont.FreeTypeFont | ImageFont.ImageFont]:
    # The largest size at which the claim fits in CLAIM_LINES; the smallest
    # size clips it with an ellipsis (the page has the whole claim).
    for size in (64, 56, 48, 42):
        font = _font(size)
        lines = wrap(text, font, width)
        if len(lines) <= CLAIM_LINES:
            return lines, font
    return _clipped(lines, CLAIM_LINES, font, width), font


def render(card: Card) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    draw.rectangle((0, 0, 16, HEIGHT), fill=ACCENT)
    draw.text((MARGIN, 48), "Hindsight", font=_font(36), fill=ACCENT)

    lines, font = _headline(card.headline, width)
    y = 120
    step = int(font.size * 1.2) if isinstance(font, ImageFont.FreeTypeFont) else 60
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=INK)
        y += step

    small = _font(32)
    y += 24
    for line in card.lines:
        for part in _clipped(wrap(line, small, width), 2, small, width):
            draw.text((MARGIN, y), part, font=small, fill=MUTED)
            y += 42

    chip_font = _font(34)
    text_width = int(chip_font.getlength(card.chip))
    top = HEIGHT - 48 - 64
    box = (MARGIN, top, MARGIN + text_width + 48, top + 64)
    draw.rounded_rectangle(box, radius=32, fill=CHIP_COLOURS.get(card.chip_kind, MUTED))
    draw.text((MARGIN + 24, top + 32), card.chip, font=chip_font, fill="white", anchor="lm")

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
