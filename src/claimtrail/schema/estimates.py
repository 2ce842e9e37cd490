"""The estimates table's declaration: low, best and high per event, measure and place (the rule is rows.estimates)."""

from __future__ import annotations

from .model import Field, ForeignKey, Table, _id
from .vocabularies import ESTIMATE_HIGH_BOUNDS, ESTIMATE_RULES, MEASURES

ESTIMATES = Table(
    name="estimates",
    title="Estimates",
    grain="one row per event, measure and place",
    description=(
        "Low, best and high estimates of each event's counts, derived from the sources' figures in the manner "
        "of UCDP's low, best and high estimates: a figure that names one of a multi-place event's places counts "
        "toward that place's row, every other figure toward the row of the event as a whole (place_order 0). "
        "A figure that restates an earlier toll or is part of a larger figure is left out."
    ),
    fields=(
        _id("event_id", "Identifier of the event in the events table."),
        Field("measure", "string", "What is counted (as figures.measure).", required=True, enum=MEASURES),
        Field(
            "place_order",
            "integer",
            "The place the row is about: its place_order in event_places; 0 for the event as a whole "
            "(figures of a multi-place event that name no single one of its places).",
            required=True,
            minimum=0,
        ),
        Field(
            "place",
            "string",
            "The place's name; for place_order 0, every place of the event, separated by '; '.",
            required=True,
        ),
        Field("low", "number", "The lowest lower bound any figure states; empty when none states one.", minimum=0),
        Field(
            "best",
            "number",
            "The median of the figures' point values; empty when every figure is vague or a bound only.",
            minimum=0,
        ),
        Field(
            "high",
            "number",
            "The highest upper bound any figure states, or the highest lower bound when that is greater "
            "(an open 'more than 225' lifts high to 225); empty when no figure states a bound.",
            minimum=0,
        ),
        Field(
            "high_bound",
            "string",
            "open when some figure gives no upper bound ('at least 120'), so the count may exceed high; "
            "closed when every figure states one.",
            required=True,
            enum=ESTIMATE_HIGH_BOUNDS,
        ),
        Field("n_figures", "integer", "Number of figures the row rests on.", required=True, minimum=1),
        Field("n_sources", "integer", "Number of distinct articles those figures come from.", required=True, minimum=1),
        Field(
            "n_independent_sources",
            "integer",
            "Number of distinct publishers those figures come from.",
            required=True,
            minimum=1,
        ),
        Field(
            "rule",
            "string",
            "How best was derived: median_of_values when one or more figures give a point value (the median "
            "of those values); bounds_only when none does (best is empty, low and high are the bounds).",
            required=True,
            enum=ESTIMATE_RULES,
        ),
    ),
    primary_key=("event_id", "measure", "place_order"),
    foreign_keys=(ForeignKey(("event_id",), "events", ("event_id",)),),
)
