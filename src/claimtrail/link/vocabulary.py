"""The words of event linking: event types, their triggers, perpetrators and cue words.

Everything here is domain vocabulary of our own, declared once.  The event
types extend the curated ones of ``claimtrail.schema.EVENT_TYPES``; the lead
moves them into the schema registry when linking is integrated.
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------
# Event types and the words that trigger them
# --------------------------------------------------------------------------

#: Event types that linking detects, most specific first (the first one found names the event).
MACHINE_EVENT_TYPES = (
    "chemical_attack",
    "abduction",
    "hostage_taking",
    "bombing",
    "air_strikes",
    "shelling",
    "shooting",
    "massacre",
    "siege",
    "attack",
)

#: Trigger patterns (case-insensitive regex) by event type.
TRIGGERS: dict[str, tuple[str, ...]] = {
    "chemical_attack": (
        r"chemical (?:weapons? )?(?:attack|strike|weapons?)s?",
        r"(?:toxic |poison(?:ous)? |nerve |sarin |chlorine )?gas attacks?",
        r"sarin",
        r"chlorine (?:attack|bomb)s?",
        r"nerve agents?",
        r"toxic gas",
    ),
    "abduction": (
        r"abduct(?:ed|ion|ions|ing|s)?",
        r"kidnap(?:ped|ping|pings|s)?",
    ),
    "hostage_taking": (r"(?:took|taken|taking|held|holding) hostages?", r"hostage[- ]taking"),
    "bombing": (
        r"(?:suicide |car |truck |ambulance |roadside |twin |bomb )*bomb(?:s|ings?|ed|ers?)?",
        r"blasts?",
        r"explosions?",
        r"explod(?:ed|es|ing)",
        r"detonat(?:ed|es|ing|ions?)",
        r"IEDs?",
    ),
    "air_strikes": (r"air ?strikes?", r"air raids?", r"(?:regime |missile |aerial )strikes?"),
    "shelling": (r"shell(?:ing|ed)", r"mortar (?:fire|attacks?|rounds?)", r"rocket (?:fire|attacks?)"),
    "shooting": (r"shoot(?:ing|ings|out)", r"opened fire", r"shot dead", r"gunfire", r"gunned down"),
    "massacre": (r"massacr(?:e|es|ed)", r"slaughter(?:ed)?", r"atrocit(?:y|ies)", r"carnage"),
    "siege": (r"sieges?", r"stand-?off", r"stormed", r"storming"),
    "attack": (r"attack(?:s|ed|ers?)?", r"assaults?", r"raid(?:s|ed)?", r"gunmen", r"militants? (?:struck|hit)"),
}

#: Pairs of event types that may be the same real-world event (symmetric; every type matches itself).
TYPE_COMPATIBLE: frozenset[frozenset[str]] = frozenset(
    frozenset(p)
    for p in (
        *(("attack", t) for t in MACHINE_EVENT_TYPES),
        *(("massacre", t) for t in MACHINE_EVENT_TYPES),
        ("shooting", "siege"),
        ("shooting", "hostage_taking"),
        ("siege", "hostage_taking"),
        ("abduction", "hostage_taking"),
        ("chemical_attack", "air_strikes"),
        ("air_strikes", "shelling"),
        ("air_strikes", "bombing"),
        # the curated vocabulary (claimtrail.schema.EVENT_TYPES)
        ("air_strikes", "air_campaign"),
        ("attack", "ground_offensive"),
        ("shelling", "ground_offensive"),
    )
)

#: Curated types that are violent incidents (comparable with machine types at all).
CURATED_INCIDENT_TYPES = frozenset({"bombing", "air_strikes", "air_campaign", "ground_offensive", "capture"})

# --------------------------------------------------------------------------
# Perpetrators
# --------------------------------------------------------------------------

#: Canonical actor name -> regex of its spellings (case-insensitive unless the pattern says (?-i)).
ACTORS: dict[str, str] = {
    "al-Shabaab": r"al[- ]?shabaa?b|\bshabaa?b\b",
    "Boko Haram": r"boko[- ]haram",
    "Taliban": r"taliban|haqqani",
    "Islamic State": r"islamic state|\bisis\b|\bisil\b|daesh|(?-i:\bIS\b)",
    "al-Qaeda": r"al[- ]?qa'?[ei]da",
    "PKK": r"(?-i:\bPKK\b)|kurdistan workers'? party",
    "TAK": r"(?-i:\bTAK\b)|kurdistan freedom falcons",
    "Syrian government": r"syrian (?:air force|government|regime|army|warplanes?|jets?)|assad regime|regime (?:forces|aircraft)",
    "Hezbollah": r"hezbollah|hizbollah",
    "Hamas": r"\bhamas\b",
    "National Thowheeth Jama'ath": r"thowhee?th? jama'?ath|national towheed",
}

# --------------------------------------------------------------------------
# Casualty words (what a figure counts when the extractor's measure is vaguer)
# --------------------------------------------------------------------------

#: Extractor measures that are casualty counts outright (those of the casualty kind in the schema registry).
CASUALTY_MEASURES = frozenset({"killed", "injured", "missing", "abducted", "detained", "displaced", "casualties"})
#: Extractor measures that never count casualties (a count of things or forces).
NON_CASUALTY_MEASURES = frozenset(
    {
        "attacks",
        "bombs",
        "car_bombs",
        "suicide_bombings",
        "airstrikes",
        "air_forces",
        "files",
        "gas_fields",
        "villages",
        "aircraft",
    }
)

#: Nouns of people: a figure counting anything else (churches, hotels, vehicles) is no casualty figure.
PERSON_UNITS = frozenset(
    [
        "people",
        "persons",
        "person",
        "civilians",
        "students",
        "girls",
        "boys",
        "women",
        "men",
        "children",
        "soldiers",
        "police",
        "policemen",
        "officers",
        "guards",
        "foreigners",
        "worshippers",
        "hostages",
        "attackers",
        "gunmen",
        "militants",
        "fighters",
        "insurgents",
        "terrorists",
        "schoolgirls",
        "pupils",
        "passengers",
        "workers",
        "employees",
        "citizens",
        "nationals",
        "victims",
        "others",
        "individuals",
        "females",
        "males",
        "adults",
        "residents",
        "troops",
        "personnel",
        "staff",
        "members",
        "themselves",
        "bodies",
        "dead",
        "injured",
        "wounded",
        "deaths",
        "fatalities",
        "casualties",
    ]
)
#: Nouns of things: a figure counting these (churches, hotels, vehicles) is no casualty figure.
THING_UNITS = frozenset(
    [
        "churches",
        "mosques",
        "temples",
        "synagogues",
        "shrines",
        "markets",
        "stations",
        "airports",
        "embassies",
        "bridges",
        "checkpoints",
        "bases",
        "camps",
        "hotels",
        "vehicles",
        "cars",
        "trucks",
        "buses",
        "hospitals",
        "floors",
        "posts",
        "incidents",
        "cases",
        "types",
        "missiles",
        "rockets",
        "sides",
        "buildings",
        "homes",
        "houses",
        "schools",
        "villages",
        "towns",
        "cities",
        "explosions",
        "bombs",
        "attacks",
        "blasts",
        "shells",
        "rounds",
        "organisations",
        "organizations",
        "groups",
        "religions",
        "countries",
        "provinces",
        "districts",
        "days",
        "hours",
        "weeks",
        "months",
        "years",
        "minutes",
        "kilometres",
        "kilometers",
        "miles",
        "metres",
        "meters",
        "dollars",
        "percent",
        "times",
        "points",
    ]
)
#: Cue regex -> the casualty measure it makes of a nearby figure (first match wins, nearest first).
CASUALTY_CUES: tuple[tuple[str, str], ...] = (
    (r"kidnapp?(?:ed|ing)?|abduct(?:ed|ion)?|taken|seized|herded|loaded", "abducted"),
    (r"missing|unaccounted", "missing"),
    (r"hostages?", "hostages"),
    (r"arrested|detained|in custody|captured|under arrest", "detained"),
    (r"escaped|freed|fled|jumped", "escaped"),
    (r"rescued|evacuated", "rescued"),
    (r"dead|died|kill(?:ed|ing|s)?|deaths?|fatalities|bodies|lives|slain|death toll|succumbed|victims", "killed"),
    (r"wounded|wounding|injured|injuring|hurt|critical", "injured"),
)

# --------------------------------------------------------------------------
# Cues that a clause is about another event than the article's main one
# --------------------------------------------------------------------------

BACKGROUND_CUES = re.compile(
    r"\b(?:earlier this (?:year|month|week)|last (?:year|month)|previous(?:ly)?|prior|the (?:last|latest) such|"
    r"recent|(?:two|three|several) more|other (?:attacks?|bombings?)|deadliest since|worst since|"
    r"(?:third|second|fourth|fifth) (?:major )?(?:attack|bombing|blast)|since|ago|before|replica|"
    r"anniversary|years? (?:after|on)|in the aftermath of the \d{4})\b",
    re.IGNORECASE,
)

#: Words that open a clause about a different moment ("hours after an explosion ...").
CLAUSE_OPENERS = ("after", "before", "while", "whereas", "compared", "since", "but", "amid")

#: Relative offsets: "a week after", "two days before", "hours after".
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "several": 3}
DURATION_DAYS = {"hour": 0, "hours": 0, "day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30}

#: Dates introduced by these words report a toll's moment, not the event's date.
REPORTING_DATE_CUES = re.compile(r"\b(?:as of|by|until|till|through|as at|updated?|since)\s*$", re.IGNORECASE)

#: Clause words that make a figure an aggregate over a period (a toll of a conflict), not one event's.
AGGREGATE_CUES = re.compile(
    r"\b(?:this year|so far this|since (?:19|20)\d\d|between (?:19|20)\d\d and|insurgency|war)\b", re.I
)

#: Nouns of a facility or locality named just before them ("the Westgate mall", "Garissa University").
FACILITY_NOUNS = frozenset(
    [
        "arena",
        "mall",
        "shopping",
        "centre",
        "center",
        "university",
        "college",
        "school",
        "hotel",
        "station",
        "church",
        "churches",
        "cathedral",
        "mosque",
        "market",
        "embassy",
        "square",
        "complex",
        "stadium",
        "hospital",
        "camp",
        "base",
        "airport",
        "village",
        "town",
    ]
)
