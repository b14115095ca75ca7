"""Who is speaking: capitalised runs that look like a person's name, near a
speech verb ("said", "argued") or an appositive ("Sam Altman, CEO of OpenAI,").

Part of the article reader (reading.suggest): best-effort, for a person
to check.
"""

import re


def wordset(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string, easier to read than a list."""
    return frozenset(words.split())


_SPEECH_VERBS = (
    "said|says|say|admitted|admits|acknowledged|acknowledges|argued|argues|told|tells|wrote|"
    "writes|predicted|predicts|expects|expected|warned|warns|claimed|claims|added|adds|noted|"
    "notes|stated|states|explained|explains|believes|believed|insisted|insists|suggested|"
    "suggests|announced|announces|conceded|concedes|replied|estimated|estimates|forecast|"
    "forecasts|expressed|thinks|"
    # Plural subjects: "analysts expect", "economists warn".
    "expect|predict|warn|argue|believe|think|estimate|claim|suggest"
)
# A word of a name: "Mr.", "Sam", "O’Brien", "McDonald", "Smith-Jones", or a middle initial "J.".
_NAME_WORD = (
    r"(?:(?:Mr|Mrs|Ms|Dr|Prof)\.|(?:[A-Z][a-z]*[’'])?(?:Mc)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]\.)"
)
_CAPITALISED_RUN = re.compile(rf"(?<![\w’'-]){_NAME_WORD}(?: {_NAME_WORD})*(?![\w-])")
_CUE_AFTER = re.compile(rf"(?:,|\s+(?:has\s+|had\s+)?(?:\w+ly\s+)?(?:{_SPEECH_VERBS})\b)")
_CUE_BEFORE = re.compile(rf"\b(?:{_SPEECH_VERBS}|according\s+to)\s+$")
SPEECH_VERB = re.compile(rf"\b(?:{_SPEECH_VERBS})\b", re.IGNORECASE)
# Only "he"/"she": "they said" is as often a group as a person.
PRONOUN_SPEECH = re.compile(rf"\b(?:he|she)\s+(?:\w+ly\s+)?(?:{_SPEECH_VERBS})\b", re.IGNORECASE)
# Capitalised words that are not part of a name: sentence openers, pronouns, months, days, and
# titles (dropped so "President Jane Doe" names "Jane Doe").
NOT_NAME = wordset(
    "A An The This That These Those In On At By For From With Without Of To As After Before "
    "During Since Until When While If But And Or Nor So Yet Then Also Still However Moreover "
    "Meanwhile Although Though Because According Later Earlier Now Separately Today Yesterday "
    "Tomorrow Last Next Its It His Her Their Our My Your We He She They I You What Why How "
    "Where Who Which Some Many Most One Each Every All Both Such Other Here There "
    "Mr Mrs Ms Dr Prof President Prime Minister "
    "Senator Governor Chancellor Secretary Chief Executive Officer Professor Sir Dame Lord Lady "
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
)
# A last word that marks an organisation, and first words that usually start a place.
_ORG_ENDINGS = wordset(
    "Inc Corp Corporation Ltd Llc Co Company Group Holdings Bank University Institute College "
    "Foundation Association Agency Department Ministry Council Committee Party Times Post News "
    "Labs Technologies Systems Capital Partners Ventures Fund Street Valley House City "
    "Energy Air Airlines Airways Motors Rail Railways Media Research Insurance Pharma"
)
_HONORIFICS = wordset("Mr Mrs Ms Dr Prof")
_PLACE_STARTS = wordset("New United North South East West Silicon Wall White Hong Los San")


def candidates(text: str, known: dict[str, str] | None = None) -> list[tuple[int, int, str, bool]]:
    """(start, end, name, cued) of each run of 2-4 capitalised words that could be a person's
    name, of a title and a surname ("Mr. Brown"), or of the surname alone of someone named in
    full before ("Lind said", after "Anna Lind"), named in full; cued when a speech verb or an
    appositive comma is next to it. ``known`` maps the surnames of the people named so far to
    their names, and gains those named in ``text``."""
    known = {} if known is None else known
    found = []
    for run in _CAPITALISED_RUN.finditer(text):
        words, offset = [], run.start()
        for word in run[0].split(" "):
            words.append((offset, word))
            offset += len(word) + 1
        # Split the run at words that cannot be part of a name, then judge each piece.
        group: list[tuple[int, str]] = []
        title: int | None = None  # where a title ending just before the piece starts
        for position, word in [*words, (offset, "")]:
            if word and word.rstrip(".") not in NOT_NAME:
                group.append((position, word))
                continue
            while group and group[-1][1].endswith("."):  # a name does not end with an initial
                group.pop()
            names = [w for _, w in group]
            if group and _looks_like_a_name(names, title is not None):
                start = group[0][0] if len(group) > 1 or title is None else title
                end = group[-1][0] + len(group[-1][1])
                cued = _CUE_AFTER.match(text, end) or _CUE_BEFORE.search(text, start - 40, start)
                found.append((start, end, text[start:end], bool(cued)))
                if len(names) > 1:
                    known[names[-1]] = " ".join(names)
            elif len(group) == 1 and title is None and names[0] in known:
                start, end = group[0][0], group[0][0] + len(names[0])
                cued = _CUE_AFTER.match(text, end) or _CUE_BEFORE.search(text, start - 40, start)
                found.append((start, end, known[names[0]], bool(cued)))
            group = []
            title = position if word.rstrip(".") in _HONORIFICS else None
    return found


def _looks_like_a_name(words: list[str], after_title: bool) -> bool:
    """Whether capitalised words name a person: a surname after a title, or 2-4 words that do
    not end like an organisation ("Acme Corp") or start like a place ("New York")."""
    if len(words) == 1:
        return after_title
    return (
        len(words) <= 4
        and not words[0].endswith(".")
        and words[-1] not in _ORG_ENDINGS
        and words[0] not in _PLACE_STARTS
    )


def is_headline(text: str) -> bool:
    """Title Case text, where capitals cannot tell a name from any other word."""
    words = re.findall(r"[A-Za-z]+", text)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)
