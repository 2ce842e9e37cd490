"""The registry's event-linking declarations: the event_links table and the link fields other tables carry."""

from __future__ import annotations

from .model import Field, ForeignKey, Table, _id
from .vocabularies import EVENT_LINKS, LINK_MATCHES, REVIEW_STATUSES

LINK_FEATURES = ("date", "place", "type", "actor")
LINK_BASES = ("clause", "sentence", "context", "main", "claim")

EVENT_LINK_FIELD = Field(
    "event_link",
    "string",
    "How the row came to its event: reviewed (a curator's link, or a machine link a curator confirmed), "
    "machine (linked by the machine: its evidence is in event_links), none (no event).",
    required=True,
    enum=EVENT_LINKS,
)

REPEATS_FIELD = _id(
    "repeats_source_id",
    "source_id of the article this one repeats (a syndicated copy of near-identical text); empty when it "
    "repeats none.  A copy counts once as an independent source.",
    required=False,
)

EVENT_LINK_COUNTS = (
    Field(
        "n_reviewed_sources",
        "integer",
        "Number of articles with a claim a curator linked to the event.",
        required=True,
        minimum=0,
    ),
    Field(
        "n_machine_sources",
        "integer",
        "Number of articles with a claim the machine linked to the event (see event_links).",
        required=True,
        minimum=0,
    ),
    Field(
        "n_independent_sources",
        "integer",
        "Number of independent sources: distinct publishers, a syndicated copy counted as the source it repeats.",
        required=True,
        minimum=0,
    ),
    Field(
        "review_status",
        "string",
        "reviewed for a curated event (raw/events.yaml); machine for an event that linking made.",
        required=True,
        enum=REVIEW_STATUSES,
    ),
)


def _feature_fields(name: str) -> tuple[Field, ...]:
    return (
        Field(
            f"{name}_matched", "string", f"Whether the {name} matched the event's.", required=True, enum=LINK_MATCHES
        ),
        Field(
            f"{name}_quote",
            "string",
            f"The first words of the article that carried the {name}: raw_text[{name}_char_start:{name}_char_end]; "
            "empty when no words did.",
        ),
        Field(f"{name}_char_start", "integer", f"Start of {name}_quote in the raw file; empty with it.", minimum=0),
        Field(f"{name}_char_end", "integer", f"End of {name}_quote in the raw file; empty with it.", minimum=0),
    )


EVENT_LINKS_TABLE = Table(
    name="event_links",
    title="Event links",
    grain="one row per machine link of a claim or a figure to an event",
    description=(
        "Why the machine put a claim or a figure on its event: the score of the event mention it belongs to, "
        "and for each of date, place, type and actor whether it matched the event and which words carried it."
    ),
    fields=(
        _id("link_id", "Identifier of the link: the figure id, or the claim id for a claim's link.", unique=True),
        _id("source_id", "Identifier of the article in the sources table."),
        _id("claim_id", "Identifier of the claim in the claims table (the figure's claim for a figure's link)."),
        _id("figure_id", "Identifier of the figure in the figures table; empty for a claim's link.", required=False),
        _id("event_id", "Identifier of the event in the events table."),
        Field(
            "mention_id", "string", "The event mention linked: source id, '#', its position (0: main).", required=True
        ),
        Field(
            "basis",
            "string",
            "How the figure belongs to the mention: its clause, its sentence, the sentence's context, the article's "
            "main event; claim when a figure or claim takes the link of its claim's first linked figure.",
            required=True,
            enum=LINK_BASES,
        ),
        Field(
            "score", "number", "The mention's link score (0 when it founded a machine event).", required=True, minimum=0
        ),
        *(f for name in LINK_FEATURES for f in _feature_fields(name)),
        Field("raw_path", "string", "Path of the raw file the offsets point into.", required=True),
        Field(
            "review_status",
            "string",
            "machine: linked by the machine; reviewed: a curator confirmed it in the annotation.",
            required=True,
            enum=REVIEW_STATUSES,
        ),
    ),
    primary_key=("link_id",),
    foreign_keys=(
        ForeignKey(("source_id",), "sources", ("source_id",)),
        ForeignKey(("claim_id",), "claims", ("claim_id",)),
        ForeignKey(("event_id",), "events", ("event_id",)),
    ),
)
