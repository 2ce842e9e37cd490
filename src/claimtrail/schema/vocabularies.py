"""Controlled vocabularies and patterns of the registry: the values a field may take.

Each vocabulary has one owner, here, and a name that says its role
(CLAIMANT_TYPES is the claims.claimant_type vocabulary; the drafting rules that
map words to those types are extract.claimants.TYPE_PATTERNS).
"""

from __future__ import annotations

PUBLISHED_PRECISIONS = ("day", "month", "year", "unknown")
DATE_PRECISIONS = ("day", "week", "part_of_month", "month", "year", "range", "unknown")
GEO_PRECISIONS = ("city", "near_city", "centroid", "country", "unknown")
EVENT_TYPES = (
    "bombing",
    "air_strikes",
    "air_campaign",
    "ground_offensive",
    "capture",
    "ceasefire",
    "withdrawal",
    "deployment",
    "diplomacy",
    "negotiations",
    "political_statement",
    "alleged_collusion",
    "document_disclosure",
    "war_onset",
    "other",
    # the types linking detects (MACHINE_EVENT_TYPES) that the curated list lacks
    "chemical_attack",
    "abduction",
    "hostage_taking",
    "shelling",
    "shooting",
    "massacre",
    "siege",
    "attack",
)
#: Event types that linking detects, most specific first (the first one found names a machine event).
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
#: How a claim or figure came to its event: reviewed (a curator's), machine (linking's), none (no event).
EVENT_LINKS = ("reviewed", "machine", "none")
#: A feature's verdict in an event link.
LINK_MATCHES = ("yes", "no", "unknown")
CLAIMANT_TYPES = (
    "outlet",
    "state_media",
    "monitor",
    "government",
    "official",
    "military",
    "armed_group",
    "militant_media",
    "intelligence_sources",
    "individual",
    "documents",
    "unattributed",
)
CLAIM_TYPES = (
    "attack",
    "casualties",
    "military_operation",
    "territorial_change",
    "responsibility",
    "confirmation",
    "official_statement",
    "diplomacy",
    "allegation",
    "assessment",
    "forecast",
    "context",
)
REVIEW_STATUSES = ("curated", "machine", "reviewed", "corrected")
# What a figure counts.  The casualty measures first (the verb and noun of the
# figure decide among them; who the victims are is the figure's `group`), then
# the counts of things and forces, kept as they were.
CASUALTY_MEASURES = (
    "killed",
    "injured",
    "missing",
    "abducted",
    "detained",
    "displaced",
    "casualties",
)
MEASURES = (
    *CASUALTY_MEASURES,
    "attacks",
    "bombs",
    "car_bombs",
    "suicide_bombings",
    "airstrikes",
    "air_forces",
    "troops",
    "fighters",
    "files",
    "gas_fields",
    "villages",
    "aircraft",
    "other",
)
# Who the people counted by a casualty figure are (figures.group).
GROUPS = (
    "people",
    "civilians",
    "children",
    "women",
    "men",
    "fighters",
    "soldiers",
    "police",
    "attackers",
    "aid_workers",
    "journalists",
    "other",
)
# Whether a toll is the one the text stands by (current) or one it reports as superseded (earlier).
TOLL_STATES = ("current", "earlier")
QUALIFIERS = (
    "exact",
    "approximately",
    "nearly",
    "at_least",
    "more_than",
    "at_most",
    "range",
    "vague",
)
ESTIMATE_RULES = ("median_of_values", "bounds_only")
ESTIMATE_HIGH_BOUNDS = ("closed", "open")
CORROBORATION_STATUSES = ("single_source", "corroborated", "contested", "unreported")
NON_CLAIM_REASONS = ("heading", "rhetoric", "credit")
SENTENCE_COVERAGE = ("claim", "non_claim", "uncovered")
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
PARTIAL_DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
MENTION_KINDS = ("date", "place", "attribution")
