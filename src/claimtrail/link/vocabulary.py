"""The words of event linking: event types, their triggers, perpetrators and cue words.

Everything here is domain vocabulary of our own, declared once.  The event
types (MACHINE_EVENT_TYPES) are declared in the schema registry, beside the
curated ones of ``claimtrail.schema.EVENT_TYPES``.
"""

from __future__ import annotations

import re

from ..schema.vocabularies import MACHINE_EVENT_TYPES as MACHINE_EVENT_TYPES  # the registry owns it


def words(spaced: str) -> frozenset[str]:
    """The set of the space-separated words of a string (vocabulary lists stay readable)."""
    return frozenset(spaced.split())


# --------------------------------------------------------------------------
# Event types and the words that trigger them
# --------------------------------------------------------------------------

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
NON_CASUALTY_MEASURES = words(
    "air_forces aircraft airstrikes attacks bombs car_bombs files gas_fields suicide_bombings villages"
)

#: Nouns of things: a figure counting these (churches, hotels, vehicles) is no casualty figure.
THING_UNITS = words(
    "airports attacks bases blasts bombs bridges buildings buses camps cars cases checkpoints churches "
    "cities countries days districts dollars embassies explosions floors groups homes hospitals hotels "
    "hours houses incidents kilometers kilometres markets meters metres miles minutes missiles months "
    "mosques organisations organizations percent points posts provinces religions rockets rounds schools "
    "shells shrines sides stations synagogues temples times towns trucks types vehicles villages weeks "
    "years"
)
#: Cue regex -> the casualty measure (of the schema's casualty measures) it makes of a nearby figure; the
#: nearest cue decides, and "" means the figure counts no victims.
CASUALTY_CUES: tuple[tuple[str, str], ...] = (
    (r"kidnapp?(?:ed|ing)?|abduct(?:ed|ion)?|taken|seized|herded|loaded", "abducted"),
    (r"missing|unaccounted", "missing"),
    (r"hostages?", "abducted"),
    (r"arrested|detained|in custody|captured|under arrest", "detained"),
    # people who got away are counted by none of the casualty measures: the nearest cue says so
    (r"escaped|freed|fled|jumped|rescued|evacuated|released", ""),
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
    r"anniversary|years? (?:after|on)|in the aftermath of the \d{4}|"
    r"(?:in|at|near) the same (?:city|town|capital|area|district|province|village))\b",
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
FACILITY_NOUNS = words(
    "airport arena base camp cathedral center centre church churches college complex embassy hospital "
    "hotel mall market mosque school shopping square stadium station town university village"
)

# --------------------------------------------------------------------------
# Places (the words around gazetteer names)
# --------------------------------------------------------------------------

#: Words after a name that make it a region (Borno state, Idlib province).
REGION_WORDS = words("state province county region governorate district prefecture oblast")
#: Words before a name that place something there.
LOCATIVE = words("in at near outside from of inside")
#: Capitalised words of the calendar, never places.
MONTHS_DAYS = words(
    "january february march april may june july august september october november december jan feb mar "
    "apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday easter "
    "christmas"
)
#: Capitalised words that are never places here (titles, institutions, common sentence starts).
NOT_PLACES = words(
    "a afp al an ap army bbc breaking central church cnn college cross dr east eastern el eu florence fox "
    "getty government governor grand he health high hope hotel i images independence interior "
    "international it its liberty live loading main mall mass mercy minister more mr mrs ms national new "
    "news north northern old photo police president press primary read red reuters saint school secondary "
    "security she south southern st station sunday that the these they this those uk un union university "
    "update upscale us victoria we west western"
)
#: Demonyms the gazetteer's country names do not give by a suffix rule.
DEMONYMS = {
    "afghan": "AF",
    "british": "GB",
    "chinese": "CN",
    "dutch": "NL",
    "french": "FR",
    "iraqi": "IQ",
    "israeli": "IL",
    "japanese": "JP",
    "kenyan": "KE",
    "lebanese": "LB",
    "pakistani": "PK",
    "saudi": "SA",
    "somali": "SO",
    "spanish": "ES",
    "sudanese": "SD",
    "turkish": "TR",
    "ukrainian": "UA",
    "yemeni": "YE",
}
#: Everyday names of countries that the gazetteer spells otherwise (case-sensitive: "US", not "us").
COUNTRY_ALIASES = {
    "Britain": "GB",
    "Great Britain": "GB",
    "UK": "GB",
    "U.K.": "GB",
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "US": "US",
    "U.S.": "US",
    "USA": "US",
    "America": "US",
    "Holland": "NL",
    "Ivory Coast": "CI",
    "Burma": "MM",
    "Czech Republic": "CZ",
    "DR Congo": "CD",
    "DRC": "CD",
}
