"""Finding a quote inside the captured text of its source.

Captured text and quotes differ in ways that do not change the words: runs of
whitespace and line breaks, typographic against straight quotation marks and
apostrophes, dashes, and letter case. The quote is looked for with those
differences ignored, and its place is given in the original text so it can be
highlighted there.
"""

import re
from dataclasses import dataclass

# Characters read as the same as another for matching.
EQUIVALENTS = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "″": '"',
        "–": "-",
        "—": "-",
        "‒": "-",
        "−": "-",
        "\u00a0": " ",
    }
)
SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Found:
    """Where a quote is in a text: ``text[start:end]``, with some context."""

    start: int
    end: int
    before: str
    match: str
    after: str


def _folded(text: str) -> tuple[str, list[int]]:
    """The text made comparable (see EQUIVALENTS, whitespace runs as one space,
    case folded char by char), with each folded character's index in the original."""
    folded: list[str] = []
    origin: list[int] = []
    previous_space = False
    for index, char in enumerate(text.translate(EQUIVALENTS)):
        if char.isspace():
            if previous_space:
                continue
            previous_space = True
            folded.append(" ")
            origin.append(index)
            continue
        previous_space = False
        lowered = char.lower()
        # lower() of a few characters (e.g. "İ") is longer than one: keep the
        # first so offsets stay one to one.
        folded.append(lowered[0] if lowered else char)
        origin.append(index)
    return "".join(folded), origin


def locate(quote: str, text: str, context: int = 240) -> Found | None:
    """The first place ``quote`` occurs in ``text``, or None when it does not
    (or either is empty). ``context`` characters either side come with it."""
    wanted, _ = _folded(quote.strip().strip("\"'“”‘’"))
    wanted = wanted.strip()
    if not wanted or not text:
        return None
    haystack, origin = _folded(text)
    at = haystack.find(wanted)
    if at < 0:
        return None
    start = origin[at]
    end = origin[at + len(wanted) - 1] + 1
    return Found(
        start=start,
        end=end,
        before=text[max(0, start - context) : start],
        match=text[start:end],
        after=text[end : end + context],
    )
