"""The generator's vocabulary: invented outlets, places (gazetteer names), figure forms, actors, sentences."""

from __future__ import annotations

from ...layout import RAW_DIR, REPO_DIRS, REPO_FILES

YEAR = 2016  # curated events happen in this year (a leap year: 366 days)


#: Years over which the events nobody curated are spread (the more days, the fewer events share a city's week).
EVENT_YEARS = (2015, 2016)


#: Two events of one city are at least this many days apart: closer, no reader could tell them apart.
MIN_DAYS_APART_IN_A_CITY = 3


RETRIEVED = "2017-01-15"  # the sidecars' retrieval date: fixed, never the clock


TEMPLATE_FILES = REPO_FILES


TEMPLATE_DIRS = tuple(d for d in REPO_DIRS if d != RAW_DIR)  # raw/ is written, not copied


N_EVENTS = 6


N_FILLERS = 16  # kinds of sentence without figures (_Writer.filler_sentence)


# Gazetteer names (claimtrail.gazetteer.lookup_city resolves each of them in Syria), each with its area and
# where in Syria it lies.  Cities of one area lie in one governorate within 75 km of each other (Douma, a
# suburb of Damascus, counts with the capital): linking may rightly take two attacks there on one day for one
# event, so no two events of one area are written on nearby days except as a decoy in the same city weeks
# away; a "same day, other city" decoy is in another area.  A lead names a place the way wire copy does
# ("the northern Syrian city of Aleppo").
PLACE_REGIONS = {
    "Aleppo": ("Aleppo", "northern"), "Azaz": ("Aleppo", "northern"), "Manbij": ("Manbij", "northern"),
    "Kobani": ("Kobani", "northern"), "Damascus": ("Damascus", "southern"), "Douma": ("Damascus", "southern"),
    "Homs": ("Homs", "central"), "Palmyra": ("Palmyra", "central"), "Hama": ("Hama", "central"),
    "Salamiyah": ("Hama", "central"), "Masyaf": ("Hama", "central"), "Idlib": ("Idlib", "northwestern"),
    "Saraqib": ("Idlib", "northwestern"), "Latakia": ("Latakia", "coastal"), "Jableh": ("Latakia", "coastal"),
    "Tartous": ("Tartous", "coastal"), "Baniyas": ("Tartous", "coastal"), "Raqqa": ("Raqqa", "northern"),
    "Al-Tabqa": ("Raqqa", "northern"), "Deir ez-Zor": ("Deir ez-Zor", "eastern"),
    "Mayadin": ("Deir ez-Zor", "eastern"), "Daraa": ("Daraa", "southern"), "Nawa": ("Daraa", "southern"),
    "Quneitra": ("Quneitra", "southwestern"), "Suwayda": ("Suwayda", "southern"),
    "Hasakah": ("Hasakah", "northeastern"),
}  # fmt: skip


PLACES = tuple(PLACE_REGIONS)


#: At most this many events per area: beyond, an area's calendar fills and the reports of one event grow instead.
EVENTS_PER_AREA = 40


# Invented outlets, or generic names that belong to no real outlet.
OUTLETS = (
    "The Levant Ledger", "Orient Herald", "Euphrates Post", "The Daily Compass", "Mediterranean Mail",
    "Crescent Times", "The Global Courier", "Frontline Weekly", "Harbour Gazette", "The Morning Tribune",
    "Desert Sun", "Continental Observer", "Atlas Review", "The World Desk", "Capital Chronicle",
    "Beacon News", "Northern Star Online", "The Evening Record", "Riverside Journal", "Meridian Wire",
    "Summit Daily", "The Weekly Dispatch", "Cedar Standard", "Horizon Press", "Polaris News Service",
)  # fmt: skip


# Outlets that name themselves in their text ("levantfile’s military sources say"), like debkafile.
SELF_NAMING_OUTLETS = ("levantfile", "orientfile", "mideastfile")


WIRES = ("Reuters", "AFP", "AP")


SECTIONS = ("Middle East", "World", "International", "Syria", "Conflict", "News Analysis")


CATEGORIES = ("Category: Syria", "Category: Syria", "Categories: Syria, Middle East", "Filed under: Syria")


FOOTERS = (
    "%d bloggers like this:",
    "%d bloggers like this:",
    "Share this:\n\n%d bloggers like this:",
    "Like this:\n\nLoading...\n\n%d bloggers like this:",
)


TITLE_PREFIXES = ("Syria update", "Dispatch", "Briefing", "Live report", "War diary", "Bulletin", "Field report")


# Source line styles of a compilation page; duplicates make a style more frequent.
PAGE_STYLES = (
    "en_dash", "en_dash", "en_dash", "em_dash", "hyphen",
    "pipe_section_news", "pipe_section_news", "pipe_section",
    "wire_title_only", "wire_title_only", "wire_dash_agency", "wire_us_suffix", "self_naming",
)  # fmt: skip


SINGLE_STYLES = ("outlet", "outlet", "outlet", "wire")


GENERATED_MEASURES = ("killed", "injured", "bombs", "airstrikes", "troops", "fighters", "villages")


# Qualifier forms of a figure; each is drawn once per shuffled deck, so every form appears early.
FORMS = (
    "digits", "separator", "word", "dozen", "between_words", "between_digits", "en_dash_range", "to_range",
    "plus", "about", "around", "some", "roughly", "nearly", "almost", "at least", "no less than",
    "no fewer than", "more than", "over", "upwards of", "up to", "as many as", "vague",
)  # fmt: skip


VALUE_RANGES = {
    "killed": (3, 160),
    "injured": (5, 300),
    "bombs": (2, 12),
    "airstrikes": (4, 90),
    "troops": (40, 900),
    "fighters": (20, 800),
    "villages": (2, 14),
}


LARGE_MEASURES = frozenset({"killed", "injured", "airstrikes", "troops", "fighters"})  # "1,200" makes sense


GENERATED_VAGUE_WORDS = {
    "killed": ("dozens", "scores", "hundreds"),
    "injured": ("dozens", "scores", "hundreds"),
    "bombs": ("dozens",),
    "airstrikes": ("dozens", "scores", "hundreds"),
    "troops": ("hundreds", "thousands"),
    "fighters": ("dozens", "hundreds", "thousands"),
    "villages": ("dozens",),
}


ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip


TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


# Kinds of the events stories report: attacks with victims (a capture or a deployment is no casualty event).
STORY_KINDS = ("bombing", "bombing", "air_strikes", "ground_offensive")


# Share of stories that also tell an earlier event (background: "On March 3, a car bomb in Homs killed 12").
BACKGROUND_SHARE = 0.3


LEDE_MEASURES = {
    "bombing": ("killed", "bombs", "injured"),
    "air_strikes": ("airstrikes", "killed"),
    "ground_offensive": ("fighters", "killed"),
    "capture": ("villages", "fighters"),
    "deployment": ("troops",),
}


ATTACK_NOUNS = {
    "bombing": ("bombings", "twin blasts", "car bomb attack", "suicide attack", "explosions"),
    "air_strikes": ("air raids", "bombardment", "strikes", "air attack"),
    "ground_offensive": ("offensive", "assault", "fighting", "ground attack"),
    "capture": ("advance", "offensive", "fighting"),
    "deployment": ("build-up", "reinforcement", "deployment"),
}


ACTORS = {
    "bombing": ("Islamic State", "Islamic State militants", "jihadist cells", "suicide bombers"),
    "air_strikes": ("Russian warplanes", "Syrian government aircraft", "the US-led coalition", "Russian jets"),
    "ground_offensive": ("government forces", "rebel groups", "Jabhat al-Nusra", "pro-government militias"),
    "capture": ("rebel groups", "government forces", "Kurdish-led forces", "Jabhat al-Nusra"),
    "deployment": ("the Syrian army", "Russia", "Hezbollah", "the Pentagon"),
}


GROUPS = ("Islamic State", "Jabhat al-Nusra", "Ahrar al-Sham", "the Free Syrian Army", "Jaish al-Islam")


AIR_ACTORS = ("Russian warplanes", "Syrian government aircraft", "the US-led coalition", "Russian and Syrian jets")


GOVERNMENTS = ("the Syrian army", "Russia", "the Pentagon", "Damascus", "Moscow")


MONITORS = (
    "the Syrian Observatory for Human Rights",
    "a local monitoring group",
    "local monitors",
    "the Britain-based Syrian Observatory for Human Rights",
    "monitoring groups",
)


STATE_MEDIA = ("state media", "Syrian state media", "the state news agency SANA", "Syrian state television")


OFFICIALS = (
    "a military source",
    "a spokesman for the opposition",
    "Russia’s defence ministry",
    "the Pentagon",
    "civil defence workers",
    "medical sources",
    "residents",
    "a rebel commander",
    "a senior security official",
    "the health ministry",
    "opposition activists",
    "a Western diplomat",
)


PERSONS = (
    "Omar Haddad", "Rania Saleh", "Karim Nassar", "Lina Mansour", "Yusuf Khoury", "Samir Aziz",
    "Hana Darwish", "Tarek Hamdan", "Maya Sabbagh", "Fadi Qassem", "Nour Bitar", "Walid Shami",
)  # fmt: skip


REPORTERS = (
    "Tom Perry", "Laila Bassam", "Suleiman Al-Khalidi", "Ellen Francis", "John Davison", "Kinda Makieh",
    "Angus McDowall", "Sarah Dadouch", "Dominic Evans", "Andrew Roche", "Mark Heinrich", "Alison Williams",
)  # fmt: skip


LANDMARKS = (
    "a bus station", "the main hospital", "a crowded market", "an electricity station",
    "a checkpoint", "a mosque", "the old city", "a school", "an army barracks", "a bakery",
)  # fmt: skip


SUBHEADINGS = (
    "A fragile truce", "Pressure on Moscow", "What comes next", "Fear on the coast",
    "A war of attrition", "The view from Damascus", "Shifting front lines", "A message to the regime",
)  # fmt: skip


MODELS = ("Su-24", "Su-34", "Su-25", "MiG-23", "MiG-29", "Tu-22")


QUOTES = (
    "We heard the explosion and then everyone started running",
    "There is no safe place left in this city",
    "The hospitals cannot cope with the wounded",
    "We will respond to this crime with full force",
    "Nobody expected an attack here",
    "The ceasefire exists only on paper",
    "Our forces are holding their positions",
    "The people of this town have nowhere else to go",
    "This escalation puts the whole political process at risk",
    "We are burying our dead and waiting for the next strike",
)
