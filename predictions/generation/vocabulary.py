"""Words the generated ledger is made of: names, claims, quotes, sources.

Plain lists, so a generated page reads like a ledger and the full-text
search has real English to index; nothing here is about anyone real.
"""

FIRST_NAMES = (
    "Ada Alan Amara Anders Beatriz Carmen Chen Dara Elif Emeka Farah Grace Hana Ivan "
    "Jonas Kaito Lena Luis Maya Mehdi Nadia Noor Olga Omar Priya Rafael Sofia Tomas "
    "Uma Viktor Wen Yara Zoe Kofi Ines Mateo Sione Astrid Bruno Leila"
).split()
LAST_NAMES = (
    "Abara Berg Castillo Dubois Eriksen Fischer Garcia Haddad Ito Jansen Kowalski "
    "Larsen Moreau Nakamura Okafor Petrov Quinn Rossi Santos Tanaka Usman Varga "
    "Weber Xu Yilmaz Zhang Novak Costa Silva Mensah Horvat Lindqvist"
).split()
ORGANIZATIONS = (
    "Institute Council Research Group Foundation Bank Agency Lab Observatory Forum"
).split()

SUBJECTS = (
    "global oil demand",
    "the price of bitcoin",
    "solar capacity in Europe",
    "the unemployment rate",
    "average rents in large cities",
    "electric car sales",
    "the central bank's main rate",
    "world population",
    "commercial fusion power",
    "self-driving taxis",
    "the Arctic summer sea ice",
    "inflation in the euro area",
    "a crewed landing on Mars",
    "quantum computers",
    "lab-grown meat",
    "the share of remote work",
    "wheat harvests",
    "the housing market",
    "container shipping rates",
    "general-purpose robots",
)
VERBS = (
    "will double",
    "will halve",
    "will exceed its record",
    "will fall below its 2020 level",
    "will be widely available",
    "will stay flat",
    "will grow by a third",
    "will collapse",
    "will reach parity with its rival",
    "will become profitable",
)
HEDGES = (
    ("almost certainly", 0.95),
    ("very likely", 0.85),
    ("likely", 0.7),
    ("probably", 0.65),
    ("a coin toss", 0.5),
    ("unlikely", 0.3),
    ("very unlikely", 0.1),
)
PUBLISHERS = (
    "The Daily Ledger",
    "Morning Review",
    "Open Economy Podcast",
    "Science Weekly",
    "Policy Notes",
    "The Long View",
    "Market Hour",
    "Tech Horizon",
)
TAGS = (
    "economy energy climate technology space health housing markets crypto ai "
    "transport food politics science labour finance cities demography robotics "
    "biotech trade inflation shipping agriculture fusion mobility media education "
    "water security"
).split()
REASONS = (
    "Duplicate of an earlier claim.",
    "The claim turned out not to be testable.",
    "Filed against the wrong person.",
)
NOTES = (
    "Official statistics published after the deadline settle it.",
    "The annual report for the year shows the figure.",
    "Several independent sources agree on the number.",
    "The data is ambiguous; the claim cannot be judged.",
)
