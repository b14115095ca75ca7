"""The bad values the tables send, by the kind of field they are sent to.
Each kind lists what a client might wrongly send in its place: other JSON
types, nothing, too much, characters no text column holds."""

from tests.hardening.world import HUGE, NUL, SURROGATE

Values = list[tuple[str, object]]

NOT_TEXT: Values = [("number", 123), ("boolean", True), ("list", ["x"]), ("object", {"a": "b"})]
UNSTORABLE: Values = [("1 MB", HUGE), ("NUL", NUL), ("lone surrogate", SURROGATE)]
NULL: Values = [("null", None)]
EMPTY: Values = [("empty", ""), ("spaces", "   ")]

TEXT = [*NOT_TEXT, *UNSTORABLE, *NULL, *EMPTY]  # required text
OPTIONAL_TEXT = [*NOT_TEXT, *UNSTORABLE, *NULL]
CHOICE = [*TEXT, ("not a choice", "nope"), ("choice in a list", ["right"])]
OPTIONAL_CHOICE = [*OPTIONAL_TEXT, ("not a choice", "nope")]
NULLABLE_CHOICE = [value for value in OPTIONAL_CHOICE if value[0] != "null"]
BOOLEAN = [("text", "maybe"), ("number", 7), ("list", [True]), ("object", {}), *NULL]
INTEGER = [
    ("text", "1"),
    ("boolean", True),
    ("fraction", 1.5),
    ("list", [1]),
    ("object", {}),
    ("zero", 0),
    ("NUL", NUL),
    *NULL,
]
PROBABILITY = [
    ("boolean", True),
    ("text", "0.5"),
    ("text NaN", "NaN"),
    ("list", [0.5]),
    ("object", {}),
    ("above one", 2),
    ("below zero", -1),
    ("beyond a float", 10**400),
]
DATE = [
    ("number", 20260101),
    ("boolean", True),
    ("list", ["2026-01-01"]),
    ("impossible", "2026-02-30"),
    ("year 1", "0001-01-01"),
    ("year 9999", "9999-12-31"),
    *UNSTORABLE,
]
REQUIRED_DATE = [*DATE, *NULL, ("empty", "")]
PERSON = [
    *NOT_TEXT,
    *NULL,
    ("empty object", {}),
    ("name a number", {"name": 123}),
    ("name a surrogate", {"name": SURROGATE}),
    ("name with NUL", {"name": NUL}),
    ("name of 1 MB", {"name": HUGE}),
    ("empty name", {"name": "  "}),
    ("new not a boolean", {"name": "Zed Unknown", "new": "yes"}),
    ("unknown key", {"name": "Zed Unknown", "colour": "red"}),
    ("surrogate key", {"name": "Zed Unknown", "\ud800": 1}),
    ("unknown slug", "no-such-person"),
    *UNSTORABLE,
]
TAGS = [
    ("text", "a,b"),
    ("numbers", [1, 2]),
    ("booleans", [True]),
    ("nested", [["a"]]),
    ("objects", [{}]),
    ("nulls", [None]),
    ("empty tag", [""]),
    ("1 MB tag", [HUGE]),
    ("NUL tag", [NUL]),
    ("surrogate tag", [SURROGATE]),
    ("a thousand", [f"t{n}" for n in range(1000)]),
    *NULL,
]
OPTIONAL_ID = [
    ("text", "abc"),
    ("boolean", True),
    ("fraction", 1.5),
    ("beyond bigint", 10**30),
    ("negative", -1),
    ("list", [1]),
    ("object", {}),
    ("unknown", 999_999),
    ("NUL", NUL),
    ("surrogate", SURROGATE),
]
ID = [*OPTIONAL_ID, *NULL]

# Whole bodies that are not an object of fields.
NOT_AN_OBJECT: Values = [
    ("a list", []),
    ("a string", "claim"),
    ("a number", 1),
    ("null", None),
    ("nested 30 deep", [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]),
]
