"""Names compared as a reader compares them: the key under which two spellings
of one name meet, so that a near-duplicate person is caught before it is made.

"Sam Altman", "SAM  ALTMAN", "Sam Altmán" and "Sаm Altman" (with a Cyrillic
а) all have the key "sam altman". The key is for comparing only: it is never
shown, and a name with a key of its own is not thereby a new person.
"""

import re
import unicodedata

# Letters that look like Latin ones in most fonts, from the scripts a pasted
# name most often smuggles in (Cyrillic and Greek), and Latin letters that
# carry their mark inside the letter, so that NFKD cannot strip it. Keys are
# lower-case: the table is applied after casefolding.
CONFUSABLES = str.maketrans(
    {
        # Cyrillic
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "e",
        "һ": "h",
        "і": "i",
        "ї": "i",
        "ј": "j",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "ѕ": "s",
        "т": "t",
        "у": "y",
        "х": "x",
        "ԁ": "d",
        "ԛ": "q",
        "ԝ": "w",
        # Greek
        "α": "a",
        "β": "b",
        "ε": "e",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        # Latin letters whose mark is part of the letter
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
    }
)

# Apostrophes join ("O'Brien" is "OBrien"); any other run of punctuation or
# space separates words ("Jean-Paul" is "Jean Paul").
APOSTROPHES = re.compile(r"['’‘ʼ`´]")
SEPARATORS = re.compile(r"[\W_]+")

MAX_KEY_LENGTH = 400


def name_key(name: str) -> str:
    """``name`` reduced to what tells names apart: compatibility forms folded
    (full-width letters, ligatures), case folded, look-alike letters from
    other scripts made Latin, accents stripped, punctuation and spacing
    collapsed to single spaces."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = text.translate(CONFUSABLES)
    text = "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )
    # Decomposing can reveal a letter the table maps (й is и plus a breve).
    text = text.translate(CONFUSABLES)
    text = APOSTROPHES.sub("", text)
    return SEPARATORS.sub(" ", text).strip()[:MAX_KEY_LENGTH]
