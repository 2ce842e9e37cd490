"""The domain words that decide what a number counts and who says so (the project's own vocabulary)."""

from __future__ import annotations

from ..gazetteer import DEFAULT_COUNTRY
from ..schema import MEASURES, QUALIFIERS, VAGUE_BOUNDS
from .casualty_words import GROUP_NOUNS


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


MONTH_ABBREVIATIONS = {
    "Jan": 1,
    "Feb": 2,
    "Mar": 3,
    "Apr": 4,
    "Jun": 6,
    "Jul": 7,
    "Aug": 8,
    "Sep": 9,
    "Sept": 9,
    "Oct": 10,
    "Nov": 11,
    "Dec": 12,
}


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


MONTH_NUMBER = {**{m: i for i, m in enumerate(MONTHS, start=1)}, **MONTH_ABBREVIATIONS}


TIME_UNITS = _words(
    "second seconds minute minutes hour hours day days night nights week weeks weekend weekends "
    "month months year years decade decades century centuries"
)


TIME_UNIT_MODIFIERS = _words(
    "more long full consecutive straight previous past last whole entire additional further of"
)


MEASUREMENT_UNITS = _words(
    "percent per % km kms kilometres kilometers kilometre kilometer miles mile metres meters metre meter "
    "feet foot ft yards yard inches inch cm mm kg kilograms kilogram tonnes tons tonne ton pounds "
    "dollars dollar euros euro degrees mph litres liters times"
)


AUXILIARIES = _words("were was have has had been are is being")


# Head nouns of counted things; compounds (modifier, head) that make the measure precise.
HEAD_MEASURE = {
    "bombs": "bombs", "bomb": "bombs", "explosives": "bombs", "ieds": "bombs",
    # "thousands of bombings" is curated as attacks; "suicide"/"car" bombings have their own measures
    "bombings": "attacks",
    "airstrikes": "airstrikes", "strikes": "airstrikes", "raids": "airstrikes", "sorties": "airstrikes",
    "attacks": "attacks", "assaults": "attacks", "blasts": "attacks", "explosions": "attacks", "ambushes": "attacks",
    "troops": "troops", "soldiers": "troops", "servicemen": "troops", "marines": "troops",
    "personnel": "troops", "commandos": "troops", "paratroopers": "troops", "forces": "troops",
    "fighters": "fighters", "militants": "fighters", "jihadists": "fighters", "rebels": "fighters",
    "gunmen": "fighters", "insurgents": "fighters", "combatants": "fighters", "mercenaries": "fighters",
    "files": "files", "documents": "files", "records": "files",
    "villages": "villages", "hamlets": "villages",
    "aircraft": "aircraft", "warplanes": "aircraft", "planes": "aircraft", "jets": "aircraft",
    "helicopters": "aircraft", "drones": "aircraft", "bombers": "aircraft",
}  # fmt: skip


COMPOUND_MEASURE = {
    ("car", "bombs"): "car_bombs", ("car", "bombings"): "car_bombs", ("car", "bomb"): "car_bombs",
    ("suicide", "bombings"): "suicide_bombings", ("suicide", "bombs"): "suicide_bombings",
    ("suicide", "bombers"): "suicide_bombings", ("suicide", "attacks"): "suicide_bombings",
    ("suicide", "blasts"): "suicide_bombings",
    ("gas", "fields"): "gas_fields", ("air", "forces"): "air_forces",
    ("air", "strikes"): "airstrikes", ("air", "raids"): "airstrikes",
    ("oil", "fields"): "other", ("fighter", "jets"): "aircraft",
}  # fmt: skip


PERSON_NOUNS = (
    _words(
        "people persons person civilians children child women men man residents villagers worshippers "
        "passengers students patients refugees members policemen police officers workers protesters "
        "demonstrators victims individuals pilgrims prisoners detainees hostages kurds boys girls farmers "
        "terrorists militiamen attackers assailants cadets journalists reporters idps palestinians yazidis others "
        "mourners staff family families teachers doctors nurses medics volunteers contractors employees farmers "
        "journalist tourists migrants traders"
    )
    | frozenset(w for w, m in HEAD_MEASURE.items() if m in ("troops", "fighters"))
    | frozenset(GROUP_NOUNS)
)


IRREGULAR_PLURALS = _words("people men women children police personnel staff cattle aircraft")


# Function words end a noun phrase; lower case.
FUNCTION_WORDS = _words(
    "the a an of in on at to from by with for and or but nor that which who whom whose were was is are "
    "had have has been be being will would could should may might can did do does as than into over under "
    "near across during after before since while when where its their his her our your my this these those "
    "it they we he she i you there here not no also already still just only even more most less some any "
    "all both each every other such then so if because although though yet"
)


QUALIFIER_PHRASES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("no", "less", "than"), "at_least"),
    (("no", "fewer", "than"), "at_least"),
    (("not", "less", "than"), "at_least"),
    (("a", "minimum", "of"), "at_least"),
    (("in", "excess", "of"), "more_than"),
    (("as", "many", "as"), "at_most"),
    (("no", "more", "than"), "at_most"),
    (("not", "more", "than"), "at_most"),
    (("at", "least"), "at_least"),
    (("more", "than"), "more_than"),
    (("upwards", "of"), "more_than"),
    (("just", "over"), "more_than"),
    (("up", "to"), "at_most"),
    (("at", "most"), "at_most"),
    # "fewer than 10": an exclusive upper bound, kept at the number as more_than keeps its low
    (("fewer", "than"), "at_most"),
    (("less", "than"), "at_most"),
    (("just", "under"), "nearly"),
    (("an", "estimated"), "approximately"),
    (("over",), "more_than"),
    (("about",), "approximately"),
    (("around",), "approximately"),
    (("some",), "approximately"),
    (("roughly",), "approximately"),
    (("approximately",), "approximately"),
    (("estimated",), "approximately"),
    (("likely",), "approximately"),
    (("closer", "to"), "approximately"),
    (("close", "to"), "approximately"),
    (("~",), "approximately"),
    (("nearly",), "nearly"),
    (("almost",), "nearly"),
)


# "dozens", "scores", "hundreds", "thousands", "tens" (of thousands): the documented vague words
VAGUE_WORDS = frozenset(words.split()[0] for words, _, _ in VAGUE_BOUNDS)


SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}


NUMBER_JOINERS = frozenset({"and", "-"})


# Places: Syria and its neighbours are always plausible; a gazetteer city
# elsewhere must be large, or a common word or surname would become a town.
REGION_COUNTRIES = frozenset({DEFAULT_COUNTRY, "IQ", "JO", "LB", "TR", "IL", "PS"})


MIN_POPULATION_ELSEWHERE = 150_000


PERSON_TITLES = _words(
    "president minister secretary spokesman spokeswoman spokesperson leader mr mrs ms dr gen general "
    "col colonel commander chief king prince sheikh imam envoy ambassador senator governor mayor"
)


GEO_SUFFIXES = _words("province provinces governorate city district region countryside airport")


NAME_PARTICLES = _words("al el ez ad as ar ash az an at ibn bin abu")


SAY_FORMS = _words(
    "said says say told stated added reported reports report claimed claims claim confirmed confirms confirm "
    "suggest suggests suggested announced gave estimates estimate estimated revised counted documented warned"
)


NEEDS_THAT = frozenset({"announced", "added", "warned"})
# Reporting verbs that also report an act ("revised its estimate to nine", "counted 65 bodies"): they need
# an object that is a figure or a toll word within a few words.
NEEDS_FIGURE = frozenset({"revised", "counted", "documented"})
# Titles written with a full stop inside a claimant's name: "Col. Edgard Arevalo".
TITLE_ABBREVIATIONS = _words("col gen lt maj capt sgt dr mr mrs ms prof brig cmdr adm gov sen rep st")
# Heads that name no body: "according to preliminary information" cites nobody.
NON_AGENTS = _words("information data figures statistics numbers tallies counts estimates")


GAVE_OBJECTS = _words("toll figure figures number estimate tally count")


AUX_ADVERBS = _words(
    "has have had also previously reportedly later earlier again officially already publicly recently "
    "separately subsequently initially first would will did does do then"
)


CONJUNCTIONS = frozenset({"and", "but", "yet", "or"})


PASSIVE_AUXILIARIES = _words("was were is are been being be")


CLAUSE_STOPS = _words(
    "that which who whom whose when where while because if as after before since although though but yet so "
    "than then whether in on at to from by with into near over about during against under"
)


DETERMINERS = _words("the a an this that these those its their his her our")


BOUNDARY_PUNCT = frozenset(',;:.!?()“”"‘’–—[]')

assert set(HEAD_MEASURE.values()) <= set(MEASURES)
assert set(COMPOUND_MEASURE.values()) <= set(MEASURES)
assert {q for _, q in QUALIFIER_PHRASES} <= set(QUALIFIERS)
