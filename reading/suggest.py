"""Suggest quotes and predictions from an article's text, for a filer to edit.

`suggest_claims` reads plain text and returns the quotations it finds (with the sentence and,
where one is named, the speaker) and the sentences that look ahead (with a suggested claim, its
deadline and a hedge on the ICD 203 scale). It is a best-effort reading by regular expressions,
not a parser: every suggestion is for a person to check, and nothing is stored.

Only the first MAX_CHARS characters are read, so a pasted book costs no more than a long
article; every pattern scans forward without nested repetition, so the work stays linear.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import asdict, dataclass
from datetime import date
from itertools import islice
from typing import Any

from reading import speakers, voice
from reading.datelines import Dateline, read_dateline
from reading.deadlines import Deadline, parse_deadline
from reading.hedges import Hedge, find_hedge  # Hedge is part of this module's API
from reading.speakers import wordset

MAX_CHARS = 200_000  # about 30,000 words: far beyond an article, well within a request's time


@dataclass(frozen=True)
class QuoteSuggestion:
    """A quotation, the sentence it stands in, and who said it when the text names them."""

    text: str
    speaker: str | None
    sentence: str


@dataclass(frozen=True)
class PredictionSuggestion:
    """A sentence that looks ahead, with a claim to file, its deadline and hedge if found, and
    the words to quote: the speaker's own (the quotation marks' contents) or, when the sentence
    quotes none, the sentence itself as the article's paraphrase."""

    sentence: str
    claim: str
    speaker: str | None
    deadline: Deadline | None
    hedge: Hedge | None
    quote: str = ""
    paraphrase: bool = False


@dataclass(frozen=True)
class Suggestions:
    """Everything suggested for one article: quotes in the order the text gives them,
    predictions with a deadline before those without (each in the text's order); and the day
    the words were said (the dateline's, else the day the article was published)."""

    quotes: list[QuoteSuggestion]
    predictions: list[PredictionSuggestion]
    said_on: date | None = None
    dateline: Dateline | None = None


# --- Sentences -------------------------------------------------------------------------------

# An end of sentence: . ! or ? (then any closing quotes or brackets), whitespace, and a capital,
# digit or opening quote starting the next one.
# The lookbehind and possessive quantifiers keep a run of "!!!!" from being retried at every
# character.
_BOUNDARY = re.compile(r"(?<![.!?])[.!?]++[\"”’')\]]*+\s+(?=[\"“‘(\[]?[A-Z0-9])")
# Before these a dot never ends a sentence: a title ("Mr. Brown") or a single initial ("J.").
_TITLES = wordset("mr mrs ms dr prof gen gov sen rep")
# Before these it usually does not ("Acme Inc. said", "the U.S. economy", "e.g. this")...
_ABBREVIATIONS = wordset(
    "st mt inc corp ltd co llc plc vs etc no sr jr fig approx "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
# ...unless the next word plainly opens a new sentence ("in the U.S. The next day").
_OPENERS = wordset("The This That These Those He She It They We I But And Then However")
# How far from a quotation to look for its speaker when its sentence runs on past twice this.
_REACH = 500
_HELD_QUOTE = 400  # characters: about three sentences of speech
# Initials and dotted abbreviations, seen without their final dot: "U.S", "e.g", "i.e".
_INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")


def _continues(paragraph: str, dot: int, next_start: int) -> bool:
    """Whether the dot at `dot` is an abbreviation's, so the sentence goes on."""
    # Only the word each side matters; short windows keep a paragraph of "U.S. U.S." linear.
    before = paragraph[max(0, dot - 20) : dot].split(" ")[-1].lstrip("\"“‘'([")
    after = paragraph[next_start : next_start + 20].split(" ")[0].strip('"“‘([')
    if before.lower() in _TITLES or (len(before) == 1 and before.isalpha()):
        return True
    if before.lower() in _ABBREVIATIONS or _INITIALS.fullmatch(before):
        return after not in _OPENERS
    return False


def _sentence_spans(paragraph: str, quotes: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """(start, end) of each sentence in a paragraph whose whitespace is already collapsed. A
    quotation of a few sentences stays in one; a long one (more likely two quotation marks
    paired wrongly) does not hold the rest of the paragraph together."""
    inside = [0] * (len(paragraph) + 1)  # for each character, 1 + the quotation holding it
    for number, (q_start, q_end, _) in enumerate(quotes, 1):
        if q_end - q_start <= _HELD_QUOTE:
            inside[q_start + 1 : q_end] = [number] * (q_end - q_start - 1)
    spans, start = [], 0
    for match in _BOUNDARY.finditer(paragraph):
        if paragraph[match.start()] == "." and _continues(paragraph, match.start(), match.end()):
            continue
        if inside[match.start()] and inside[match.start()] == inside[match.end()]:
            continue
        end = match.start() + len(match[0].rstrip())
        spans.append((start, end))
        start = match.end()
    if start < len(paragraph):
        spans.append((start, len(paragraph)))
    return spans


# --- Quotations ------------------------------------------------------------------------------

_DOUBLE_QUOTE = re.compile(r"\"([^\"]+)\"|“([^“”]+)”")
# A single curly quote is a quotation mark only when it opens after whitespace, a bracket or
# punctuation and closes before whitespace, punctuation or the end; the ’ inside "company’s" is
# followed by a letter, so it never closes one.
_SINGLE_QUOTE = re.compile(r"(?<![^\s(\[{—–:;,\"“/-])‘(?=\S)([^‘]+?)’(?![^\s.,;:!?)\]}—–\"”-])")


def _quote_spans(paragraph: str) -> list[tuple[int, int, str]]:
    """(start, end, inner text) of each quotation; a single-quoted one inside a double-quoted
    one is the speaker quoting someone else, so only the outer one counts."""
    spans = [(m.start(), m.end(), m[1] or m[2]) for m in _DOUBLE_QUOTE.finditer(paragraph)]
    starts = [start for start, _, _ in spans]  # in order, and double quotations never overlap
    for m in _SINGLE_QUOTE.finditer(paragraph):
        outer = bisect_right(starts, m.start()) - 1
        if outer < 0 or spans[outer][1] <= m.start():
            spans.append((m.start(), m.end(), m[1]))
    return sorted(spans)


# --- Predictions -----------------------------------------------------------------------------

# Forward-looking cues. Modal verbs match in lower case only ("May" the month, "Will" the name).
_FORWARD = re.compile(
    r"(?<=\w)[’']ll(?![\w-])|(?<![\w'’-])(?:will|won[’']t|shall|may|might|could|(?i:(?:is|are|am|was|were)\s+going\s+to"
    r"|expects?|expected\s+to|predicts?|predicted|predictions?|forecasts?|forecasted"
    r"|anticipates?|anticipated|likely|unlikely|probably|almost\s+certainly|plans?\s+to"
    r"|(?:is|are)\s+set\s+to|on\s+track\s+to|by\s+(?:the\s+end\s+of\s+)?(?:19|20)\d\d))(?![\w-])"
)
# "would" is as often conditional as future, so it counts only with a deadline.
_WOULD = re.compile(r"(?<![\w'’-])would(?![\w-])")
_THAT_CLAUSE = re.compile(
    r"\b(?:predicts?|predicted|predicting|expects?|expected|expecting|said|says|say|believes?"
    r"|believed|argues?|argued|thinks?|thought|warns?|warned|claims?|claimed|notes?|noted"
    r"|suggests?|suggested|suggesting|indicates?|indicated|forecasts?|forecasted|estimates?"
    r"|estimated|hopes?|hoped|acknowledged|admitted|insisted|stated|wrote|added|emphasi[sz]e[sd]?"
    r"|emphasi[sz]ing|concluded|demonstrated|shows?|showed|fears?|feared|concerns?)\s+that\s+",
    re.IGNORECASE,
)
_CLAIM_END = re.compile(
    r",\s+(?:suggesting|which|meaning|adding|emphasi[sz]ing|noting|arguing|saying|according\s+to"
    r"|although|though|whereas)\b|;|\s+[—–]\s+|\s+--\s+",
    re.IGNORECASE,
)
_CONNECTIVE = re.compile(
    r"^(?:In\s+conclusion|In\s+addition|In\s+short|Moreover|However|Meanwhile|Furthermore"
    r"|Additionally|Still|Also|Nevertheless|Overall|Ultimately|Finally|Indeed|Therefore|Thus"
    r"|So|But|And|Yet)\b,?\s+"
)


# "Jane Smith said the deal will close": reported speech without "that". Only verbs that take a
# whole clause, so "Acme warned investors ..." keeps its object.
_REPORTED = re.compile(
    # A subject of a few words, perhaps with an appositive ("Its chair, Tomas Berg, said").
    r"^(?:[^\s,]+\s+){0,3}?[^\s,]+(?:,\s[^,]{1,60},)?\s+(?:said|says|believes|believed|thinks|thought|predicts|predicted"
    r"|argues|argued|claims|claimed|insists|insisted|reckons)\s+(?!that\b)"
)
_QUOTE_MARKS = '"“”‘’ '
# Who said it, after the words: ", its chief executive said on Thursday", ", said Anna Lind".
# Looked for only in a claim's last _ATTRIBUTION_REACH characters, so that its bounded
# repetitions cost the same whatever the sentence's length.
_ATTRIBUTION = re.compile(
    r",\s+(?:(?:said|says|added|wrote)\s+[A-Z][\w’'.-]*+(?:\s+[A-Z][\w’'.-]*+){0,3}(?:,[^,]*)?"
    r"|(?:[^,.]{1,60},\s+){0,2}(?:[^\s,]+\s+){0,5}?"
    r"(?:said|says|told\s+\w+|added|wrote|argued|warned|predicted)"
    r"(?:\s+(?:on|last|this)\s+\w+|\s+\w+day)?)\.?$"
)
_ATTRIBUTION_REACH = 200


def _looking_ahead(text: str) -> str | None:
    """`text` cut before a trailing comment (", suggesting ...") when what is left still looks
    ahead, else whole if it looks ahead at all, else None."""
    head = _CLAIM_END.split(text, maxsplit=1)[0]
    for part in (head, text):
        # "would" counts here: the sentence is already known to be a prediction.
        if _FORWARD.search(part) or _WOULD.search(part):
            return part
    return None


def _suggest_claim(sentence: str, spoken: str) -> str:
    """The part of a sentence a filer would file: the first of these that looks ahead: a clause
    after "predicts that" (or a similar verb), the clause after "Jane Smith said", the speaker's
    words (`spoken`: its quotations together), one quotation; else the sentence without its
    opening connective."""
    plain = _CONNECTIVE.sub("", sentence)
    reported = _REPORTED.match(plain)
    candidates = [
        # A whole sentence quoted ("“I will not run again,” she said") first.
        *([spoken] if spoken[:1].isupper() else []),
        # A few of each: a sentence of a thousand "said that"s is not worth reading through.
        *(sentence[m.end() :] for m in islice(_THAT_CLAUSE.finditer(sentence), 3)),
        *([plain[reported.end() :]] if reported else []),
        spoken,
        *(inner for _, _, inner in _quote_spans(sentence)[:3]),
        plain,
    ]
    claim = next(filter(None, map(_looking_ahead, candidates)), plain).strip()
    if claim[:1] in _QUOTE_MARKS:
        claim = claim.strip(_QUOTE_MARKS)
    claim = _without_attribution(claim.rstrip(".!,:").strip()) or sentence.strip()
    return claim[:1].upper() + claim[1:]


def _without_attribution(claim: str) -> str:
    head, tail = claim[:-_ATTRIBUTION_REACH], claim[-_ATTRIBUTION_REACH:]
    return head + _ATTRIBUTION.sub("", tail, count=1)


def _is_prediction(sentence: str, deadline: Deadline | None) -> bool:
    # A question asks about the future without predicting it.
    if sentence.rstrip("\"”’') ").endswith("?"):
        return False
    return bool(_FORWARD.search(sentence) or (deadline and _WOULD.search(sentence)))


# --- The whole article -----------------------------------------------------------------------


def _paragraphs(text: str) -> list[str]:
    text = text[:MAX_CHARS].replace("\r\n", "\n").replace("\r", "\n")
    collapsed = (re.sub(r"\s+", " ", block).strip() for block in re.split(r"\n\s*\n", text))
    return [paragraph for paragraph in collapsed if paragraph]


class _Paragraph:
    """A paragraph's sentences and quotations, and who is named where, to find speakers."""

    def __init__(self, text: str, known: dict[str, str]) -> None:
        self.text = text
        self.quotes = _quote_spans(text)
        blanked = list(text)  # names inside quotations are not speakers
        for start, end, _ in self.quotes:
            blanked[start:end] = " " * (end - start)
        self.masked = "".join(blanked)
        self.spans = _sentence_spans(text, self.quotes)
        self.ends = [end for _, end in self.spans]
        self.candidates = speakers.candidates(self.masked, known)
        self.candidate_starts = [start for start, *_ in self.candidates]
        self.named = [self.named_in(start, end) for start, end in self.spans]
        # The last speaker named before each sentence, for "he said".
        self.earlier: list[str | None] = [None]
        for name in self.named:
            self.earlier.append(name or self.earlier[-1])

    def named_in(self, start: int, end: int, near: int | None = None) -> str | None:
        """The likeliest speaker named between start and end: one next to a speech verb or an
        appositive comma before any other, then the nearest to `near`, else the first."""
        first = bisect_left(self.candidate_starts, start)
        last = bisect_left(self.candidate_starts, end)
        ranked = [
            # Starts differ, so names are never compared.
            (
                not cued,
                0 if near is None else min(abs(near - c_start), abs(near - c_end)),
                c_start,
                name,
            )
            for c_start, c_end, name, cued in self.candidates[first:last]
            if c_end <= end
        ]
        if any(uncued for uncued, *_ in ranked) and speakers.is_headline(self.masked[start:end]):
            ranked = [entry for entry in ranked if not entry[0]]
        return min(ranked)[3] if ranked else None

    def sentence_of(self, position: int) -> int:
        return min(bisect_right(self.ends, position), len(self.spans) - 1)

    def window(self, first: int, last: int, near: int | None = None) -> tuple[int, int]:
        """Where sentences first..last are, or, in a run-on "sentence" (a list, a transcript)
        too long to be one, the part of them within _REACH of `near`."""
        start, end = self.spans[first][0], self.spans[last][1]
        if near is not None and end - start > 2 * _REACH:
            start, end = max(start, near - _REACH), min(end, near + _REACH)
        return start, end

    def speaker(self, first: int, last: int, near: int | None = None) -> str | None:
        """Who speaks in sentences first..last, the nearest to `near` if given: named there;
        else, for "he said", the last one named earlier in the paragraph; else, unless the
        sentences have a speech verb of their own ("the group wrote"), the one named in the
        sentence before."""
        start, end = self.window(first, last, near)
        masked = self.masked[start:end]
        name = self.named_in(start, end, near)
        if name is None and speakers.PRONOUN_SPEECH.search(masked):
            name = self.earlier[first]
        elif name is None and first > 0 and not speakers.SPEECH_VERB.search(masked):
            name = self.named[first - 1]
        return name


def suggest_claims(text: str, published_on: date | None) -> Suggestions:
    """Quotes and forward-looking sentences in `text`, an article published on `published_on`.
    Relative deadlines ("within the next month") count from the day the words were said: the
    article's dateline ("STOCKHOLM, 20 November 2026 —"), else `published_on`; with neither
    there is nothing to count from, and sentences whose deadline needs one get none."""
    dateline, text = read_dateline(text[:MAX_CHARS], published_on)
    said_on = (dateline.said_on if dateline else None) or published_on
    quotes: dict[str, QuoteSuggestion] = {}
    predictions: dict[str, PredictionSuggestion] = {}
    organisations: dict[str, str | None] = {}
    surnames: dict[str, str] = {}  # of those named so far, for "Lind said" after "Anna Lind"
    for paragraph in (_Paragraph(block, surnames) for block in _paragraphs(text)):
        for start, end, inner in paragraph.quotes:
            quote = inner.strip().rstrip(",").strip()
            key = " ".join(quote.split()).casefold()
            if not quote or key in quotes:
                continue
            # A quotation spanning sentences is shown, and searched, with all of them.
            first, last = paragraph.sentence_of(start), paragraph.sentence_of(end - 1)
            speaker = paragraph.speaker(first, last, near=start)
            if len(quote.split()) >= 2 or speaker:
                sentence = paragraph.text[slice(*paragraph.window(first, last, start))]
                quotes[key] = QuoteSuggestion(quote, speaker, sentence.strip())

        for index, (start, end) in enumerate(paragraph.spans):
            sentence = paragraph.text[start:end]
            key = " ".join(sentence.split()).casefold()
            if key in predictions or not (_FORWARD.search(sentence) or _WOULD.search(sentence)):
                continue
            deadline = parse_deadline(sentence, said_on) if said_on else None
            if not _is_prediction(sentence, deadline):
                continue
            speaker = paragraph.speaker(index, index)
            if speaker is not None and speaker not in organisations:
                organisations[speaker] = voice.organisation_of(speaker, text)
            spoken = _spoken(sentence)
            claim = voice.third_person(
                _suggest_claim(sentence, spoken),
                speaker=speaker,
                organisation=organisations.get(speaker) if speaker else None,
            )
            predictions[key] = PredictionSuggestion(
                sentence=sentence,
                claim=claim,
                speaker=speaker,
                deadline=deadline,
                hedge=find_hedge(claim) or find_hedge(sentence),
                quote=spoken or sentence,
                paraphrase=not spoken,
            )
    dated_first = sorted(predictions.values(), key=lambda p: p.deadline is None)
    return Suggestions(list(quotes.values()), dated_first, said_on, dateline)


def _spoken(sentence: str) -> str:
    """The speaker's own words in `sentence`: its quotations, joined ("“We will,” she said,
    “run trains”" gives "We will run trains"), if together they look ahead; else ""."""
    parts = [inner.strip() for _, _, inner in _quote_spans(sentence)]
    parts = [part for part in parts if part]
    if not parts:
        return ""
    # A quotation broken off by "she said" ends with the narration's comma.
    words = " ".join(part.rstrip(",").strip() for part in parts)
    return words if _FORWARD.search(words) or _WOULD.search(words) else ""


def as_json(suggestions: Suggestions) -> dict[str, Any]:
    """The suggestions as JSON-ready data for the API, dates as ISO 8601 strings."""
    return {
        "said_on": suggestions.said_on.isoformat() if suggestions.said_on else None,
        "dateline": suggestions.dateline.matched if suggestions.dateline else None,
        "quotes": [asdict(quote) for quote in suggestions.quotes],
        "predictions": [
            {
                "sentence": p.sentence,
                "claim": p.claim,
                "speaker": p.speaker,
                "quote": p.quote,
                "quote_is_paraphrase": p.paraphrase,
                "resolves_on": p.deadline.resolves_on.isoformat() if p.deadline else None,
                "deadline_text": p.deadline.matched if p.deadline else None,
                "hedge": asdict(p.hedge) if p.hedge else None,
            }
            for p in suggestions.predictions
        ],
    }
