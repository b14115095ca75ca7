"""Whose words a suggestion holds, and a claim in the third person.

A ledger's claim is a statement about the world someone can check later,
"Skanderail runs night trains to Berlin by the end of 2027", not the
speaker's "We will run night trains ...": ``third_person`` turns a claim that
opens with "We will" or "I will" into one about the organisation the speaker
speaks for (named near them in the article) or about the speaker.
"""

import re
from itertools import islice

from reading.speakers import NOT_NAME

# "Anna Lind, chief executive of Skanderail" / "head of strategy at Skanderail".
_ORGANISATION = r"(?P<org>[A-Z][\w&’'.-]*(?:\s+(?:[A-Z][\w&’'.-]*|&))*)"
_ROLE = r"(?:[a-z-]+\s+){1,6}"  # "chief executive", "who leads the fusion programme"
# The same, before the name: "Skanderail's chief executive, Anna Lind".
_ROLE_BEFORE = r"(?:[a-z-]+\s+){0,5}[a-z-]+,?\s+"
# A title before a name with nothing between ("Skanderail chief executive Anna
# Lind"), where any run of capitals followed by lower-case words would do.
_ROLE_TITLE = (
    r"(?:[a-z-]+\s+){0,3}(?:executive|CEO|president|chair|chairman|chairwoman|founder"
    r"|director|head|minister|secretary|governor|spokesman|spokeswoman|spokesperson"
    r"|economist|analyst|officer|manager|leader|boss)\s+"
)
_AROUND = 150  # characters each side of a mention of the speaker


def organisation_of(speaker: str, text: str) -> str | None:
    """The organisation ``text`` says ``speaker`` speaks for, if it says so
    beside their name: "<speaker>, chief executive of <Org>", "<Org>'s chief
    executive, <speaker>", "<Org> chief executive <speaker>"."""
    name = re.escape(speaker)
    # Only around the name's first few mentions: the article may be long.
    windows = [
        text[max(0, found.start() - _AROUND) : found.end() + _AROUND]
        for found in islice(re.finditer(name, text), 10)
    ]
    for pattern in (
        rf"{name},\s+(?:the\s+|its\s+)?{_ROLE}?(?:of|at|for)\s+(?:the\s+)?{_ORGANISATION}",
        rf"{_ORGANISATION}[’']s\s+{_ROLE_BEFORE}{name}",
        rf"{_ORGANISATION}\s+{_ROLE_TITLE}{name}",
    ):
        for match in (m for window in windows for m in re.finditer(pattern, window)):
            org = match["org"].rstrip(".’'")
            if org and org not in speaker and org.split()[0] not in NOT_NAME:
                return org
    return None


# "We will", "We'll", "We are going to", "I will", ... then the verb.
_OPENING = re.compile(
    r"^(?P<who>We|I)(?:\s+will|[’']ll|\s+(?:are|am)\s+going\s+to|[’']re\s+going\s+to"
    r"|[’']m\s+going\s+to)(?P<negated>\s+not)?"
    # "also run", "never sell", "probably step down": the adverb stays before the verb.
    r"(?:\s+(?P<adverb>also|never|still|soon|then|now|finally|always|certainly"
    # Verbs that end like adverbs ("apply", "rely", "rally") are verbs.
    r"|(?!(?:ap|re|sup|multi|com|im)?ply\b|rely\b|fly\b|[rt]?ally\b|bully\b)[a-z]+ly))?"
    r"\s+(?P<verb>[a-z]+)\b"
)
_IRREGULAR = {"be": "is", "have": "has", "do": "does", "go": "goes"}


def _third_singular(verb: str) -> str:
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if re.search(r"(?:s|sh|ch|x|z|o)$", verb):
        return verb + "es"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ies"
    return verb + "s"


def third_person(claim: str, *, speaker: str | None, organisation: str | None) -> str:
    """``claim`` about the organisation ("We will run" → "Skanderail runs") or
    the speaker ("I will step down" → "Jane Roe steps down"), when it opens
    in the first person and the article says who that is; else unchanged."""
    match = _OPENING.match(claim)
    if match is None:
        return claim
    subject = organisation if match["who"] == "We" else speaker
    if not subject:
        return claim
    verb = match["verb"]
    adverb = f"{match['adverb']} " if match["adverb"] else ""
    if verb == "be":  # "is never", "is not always"
        predicate = f"is {'not ' if match['negated'] else ''}{adverb}".rstrip()
    elif match["negated"]:
        predicate = f"does not {adverb}{verb}"
    else:
        predicate = f"{adverb}{_third_singular(verb)}"
    rest = claim[match.end() :]
    if match["who"] == "We":
        rest = re.sub(r"\bour\b", "its", rest)
    return f"{subject} {predicate}{rest}"
