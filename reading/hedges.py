"""Estimative language: the ICD 203 probability bands and the words that pick one.

US Intelligence Community Directive 203 (Analytic Standards, 2 January 2015) gives seven
terms, each with a synonym and a probability range. A prediction's hedge word ("may",
"likely", "almost certainly") is matched to one of those bands so the filer sees a suggested
confidence range. Words the directive does not list are mapped to the nearest band and the
`Hedge` says so (`mapped=True`). The filer decides: a confidence kept as read from the
speaker's words is checked against this table (`hedge_named`, `midpoint`).
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# ICD 203's seven bands, weakest first: term -> (low, high). Adjacent ranges share their
# endpoints in the directive itself (e.g. 0.05 ends one band and starts the next).
BANDS: dict[str, tuple[float, float]] = {
    "almost no chance": (0.01, 0.05),
    "very unlikely": (0.05, 0.20),
    "unlikely": (0.20, 0.45),
    "roughly even chance": (0.45, 0.55),
    "likely": (0.55, 0.80),
    "very likely": (0.80, 0.95),
    "almost certain": (0.95, 0.99),
}


@dataclass(frozen=True)
class Hedge:
    """The phrase that sets a prediction's strength and the ICD 203 band it suggests."""

    phrase: str  # as found in the text, e.g. "may" or "Almost certainly"
    icd203_term: str  # the band's first ICD 203 term, a key of BANDS
    low: float
    high: float
    mapped: bool  # True when the phrase is not itself an ICD 203 term or synonym


def _words(phrase: str) -> str:
    """A literal phrase as a pattern that tolerates any run of whitespace between words."""
    return r"\s+".join(re.escape(word) for word in phrase.split())


# The directive's own wording (mapped=False). "probably" and "improbably" are the adverbs of
# the listed "probable"/"improbable"; "almost certainly" likewise of "almost certain".
_ICD_TERMS: dict[str, str] = {
    "almost no chance": "almost no chance",
    "very unlikely": "very unlikely",
    "highly improbable": "very unlikely",
    "unlikely": "unlikely",
    "improbable": "unlikely",
    "improbably": "unlikely",
    "roughly even chance": "roughly even chance",
    "roughly even odds": "roughly even chance",
    "likely": "likely",
    "probable": "likely",
    "probably": "likely",
    "very likely": "very likely",
    "highly probable": "very likely",
    "almost certain": "almost certain",
    "almost certainly": "almost certain",
    "nearly certain": "almost certain",
    "nearly certainly": "almost certain",
}

# Everyday words the directive does not list, each put in one band (mapped=True).
_MAPPED_TERMS: dict[str, str] = {
    # An intensified "unlikely" is ICD's "very unlikely"; a negated "likely"/"probably" is
    # the band below "likely", i.e. "unlikely".
    "highly unlikely": "very unlikely",
    "extremely unlikely": "very unlikely",
    "not likely": "unlikely",
    "probably not": "unlikely",
    "probably won't": "unlikely",
    "probably will not": "unlikely",
    "even chance": "roughly even chance",
    "even odds": "roughly even chance",
    "fifty-fifty": "roughly even chance",
    "toss-up": "roughly even chance",
    # "possibly"/"perhaps" say something can happen without leaning either way, and readers
    # put very different numbers on them (Mauboussin & Mauboussin, HBR, July 2018: "possible"
    # and its variants have wide ranges), so no band fits well. "Roughly even chance" is the
    # one that claims no lean; the filer is expected to move it.
    "possibly": "roughly even chance",
    "perhaps": "roughly even chance",
    "highly likely": "very likely",
    "certainly": "almost certain",
    "definitely": "almost certain",
    "virtually certain": "almost certain",
}

# Patterns that need context to be a hedge at all: "remote" only about a chance ("a remote
# possibility", "the chance is remote", not "remote work"); "possible"/"certain" only as
# "is possible"/"is certain" (not "the best possible", "a certain company").
_CONTEXTUAL: list[tuple[str, str, bool]] = [
    (r"remote(?=\s+(?:chance|possibility|prospect|likelihood))", "almost no chance", False),
    (r"(?<=\bis\s)remote|(?<=\bare\s)remote|(?<=\bseems\s)remote", "almost no chance", False),
    (r"(?<=\bis\s)possible|(?<=\bit's\s)possible", "roughly even chance", True),
    (r"(?<=\bis\s)certain|(?<=\bit's\s)certain", "almost certain", True),
]

# Bare modal verbs. They are the weakest evidence of strength, so an explicit estimative word
# anywhere in the text wins over them ("will probably" is "probably"). They match lower case
# only: "May" and "Will" are more often a month or a name than a verb.
_MODALS: dict[str, str] = {
    # "may"/"might"/"could" say only that something is possible: the same reasoning and band
    # as "possibly" above.
    "may": "roughly even chance",
    "might": "roughly even chance",
    "could": "roughly even chance",
    # A flat "will"/"won't" is stated as fact: the top band. For "won't"/"will not" the band
    # is the confidence in the negation, which the suggested claim then states.
    "will": "almost certain",
    "won't": "almost certain",
    "will not": "almost certain",
    "shall": "almost certain",
    # Reported speech turns "will" into "would" ("he predicted it would fail").
    "would": "almost certain",
    "is going to": "almost certain",
    "are going to": "almost certain",
    "am going to": "almost certain",
}

_EDGE_BEFORE = r"(?<![\w'-])"
_EDGE_AFTER = r"(?![\w-])(?!'\w)"


def _compile(
    entries: list[tuple[str, str, bool]], flags: int
) -> list[tuple[re.Pattern[str], str, bool]]:
    return [
        (re.compile(_EDGE_BEFORE + f"(?:{pattern})" + _EDGE_AFTER, flags), term, mapped)
        for pattern, term, mapped in entries
    ]


_EXPLICIT = _compile(
    [(_words(p), t, False) for p, t in _ICD_TERMS.items()]
    + [(_words(p), t, True) for p, t in _MAPPED_TERMS.items()]
    + _CONTEXTUAL,
    re.IGNORECASE,
)
_MODAL = _compile([(_words(p), t, True) for p, t in _MODALS.items()], 0)


def _first_longest(
    text: str, table: list[tuple[re.Pattern[str], str, bool]]
) -> tuple[int, int, str, bool] | None:
    """(start, end, term, mapped) of the leftmost match in `text`, the longest of those
    starting there ("very likely" over "likely", "probably not" over "probably")."""
    best: tuple[int, int, str, bool] | None = None
    for pattern, term, mapped in table:
        match = pattern.search(text)
        if match and (best is None or (match.start(), -match.end()) < (best[0], -best[1])):
            best = (match.start(), match.end(), term, mapped)
    return best


def find_hedge(text: str) -> Hedge | None:
    """The hedge that sets the strength of `text`: its first explicit estimative phrase, or
    failing that its first modal verb; None when it has neither."""
    # Curly apostrophes become straight ones so "won’t" matches; one character for one
    # keeps the offsets valid, and the phrase is cut from the original text.
    plain = text.replace("\u2019", "'")
    found = _first_longest(plain, _EXPLICIT) or _first_longest(plain, _MODAL)
    if found is None:
        return None
    start, end, term, mapped = found
    low, high = BANDS[term]
    return Hedge(text[start:end], term, low, high, mapped)


def hedge_named(phrase: str) -> Hedge | None:
    """The hedge that ``phrase`` is as a whole ("very likely", "may", "is possible"), or None
    when the table above does not know it or it holds more than the hedge ("not very likely"
    is not "very likely"). Case and runs of whitespace do not matter; a bare modal verb is
    known in lower case too ("Will" at the start of a quote is still "will")."""
    text = " ".join(phrase.split())
    for candidate in (text, text.lower()):
        found = find_hedge(candidate)
        if found is None:
            continue
        if found.phrase.lower() == candidate.lower():
            return found
        # A hedge that needs its context ("possible" only in "is possible") is named by the
        # phrase with that context; alone, its word is no hedge.
        if find_hedge(found.phrase) is None and len(candidate.split()) <= 3:
            return found
    return None


def phrase_occurs(phrase: str, text: str) -> bool:
    """Whether ``phrase`` occurs in ``text`` as whole words ("likely" is not in "unlikely"),
    whatever the case, the runs of whitespace and the kind of apostrophe."""
    words = phrase.replace("\u2019", "'").split()
    if not words:
        return False
    pattern = _EDGE_BEFORE + _words(" ".join(words)) + _EDGE_AFTER
    return re.search(pattern, text.replace("\u2019", "'"), re.IGNORECASE) is not None


def midpoint(hedge: Hedge) -> float:
    """The one confidence a hedge reads as when nobody gave a number: the middle of its
    band, to the hundredth, halves rounded up ("likely", 55%–80%, is 0.68)."""
    middle = (Decimal(str(hedge.low)) + Decimal(str(hedge.high))) / 2
    return float(middle.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
