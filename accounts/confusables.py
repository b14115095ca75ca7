"""The "skeleton" of a username: what it looks like, with the differences a
reader cannot see on the page taken out. Two names with the same skeleton
are confusable (``admin``, ``Admin``, ``аdmin`` with a Cyrillic а, ``adm1n``,
``ａｄｍｉｎ`` in fullwidth), so sign-up refuses the second.

In the spirit of Unicode TR39's skeletons, but smaller and stricter for
names: NFKC first (fullwidth and other compatibility forms, ligatures,
mathematical letters become plain ones), then Cyrillic, Greek and a few
other letters shaped like Latin ones become those, then the case goes,
then the look-alike groups within Latin collapse: ``i``, ``l``, ``1``, ``|``
(a capital I and a small l look alike in most sans-serif fonts, and the
case is gone by then) and ``0``/``o``, ``rn``/``m``, ``vv``/``w``.

The price is a few refusals of names a careful reader could tell apart
(``all`` after ``ali``, ``modem`` after ``modern``); the person picks
another name. The table is deliberately short: it covers the scripts
someone would use to imitate a Latin name, not every confusable in Unicode.
"""

import unicodedata

# Letters of other scripts drawn like Latin letters, both cases, applied
# before casefolding (Greek capital Η is an H, its small η an n). Each pair
# of strings maps character for character.
_LOOKALIKES = (
    ("АВЕЗІЈКМНОРСЅТХУҮԀԌԚԜӀ", "ABE3IJKMHOPCSTXYYDGQWI"),  # Cyrillic capitals
    ("авезіїјкмнопрсѕтуүхԁԛԝһьӏ", "abe3iijkmhonpcstyyxdqwhbl"),  # Cyrillic small
    ("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX"),  # Greek capitals
    ("αβγεηικνορτυχω", "abyeniknoptuxw"),  # Greek small
    ("ıȷłƚǀ", "ijlll"),  # Latin letters that pass for others
)
_LOOKALIKE_TABLE = str.maketrans(
    "".join(a for a, _ in _LOOKALIKES), "".join(b for _, b in _LOOKALIKES)
)

# Within Latin, after casefolding: one member stands for each group.
_GROUPS = str.maketrans({"i": "l", "1": "l", "|": "l", "!": "l", "0": "o"})
_SEQUENCES = (("rn", "m"), ("vv", "w"))


def _without_marks(text: str) -> str:
    # A combining accent over a Latin letter is easy to miss (é vs e): the
    # marks go, as a decomposition shows them.
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def skeleton(username: str) -> str:
    """The username as a reader would see it, for comparing."""
    text = unicodedata.normalize("NFKC", username)
    text = _without_marks(text).translate(_LOOKALIKE_TABLE).casefold()
    text = text.translate(_GROUPS)
    for sequence, single in _SEQUENCES:
        text = text.replace(sequence, single)
    return text


SKELETON_MAX_LENGTH = 600


def stored_skeleton(username: str) -> str:
    """The skeleton as the database keeps it (accounts.models.UsernameSkeleton):
    cut to the column's length, which only a name made around the forms'
    checks could reach."""
    return skeleton(username)[:SKELETON_MAX_LENGTH]
