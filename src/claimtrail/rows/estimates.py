"""The estimates table: low, best and high per event, measure and place, derived from the figures (UCDP style).

The whole rule is in this module: which figures count (counts_toward_estimate),
which place a figure speaks of (figure_place), and how the figures of one
event, measure and place become one row (estimate_row).  The site reads the
table through report/queries/event_estimates.sql and restates nothing.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence

from ..raw.events import Event, Place
from .article import Row

# The rule column's values (schema.vocabularies.ESTIMATE_RULES names them in the registry).
MEDIAN_OF_VALUES = "median_of_values"
BOUNDS_ONLY = "bounds_only"
WHOLE_EVENT = 0  # place_order of the row for figures that name no single one of a multi-place event's places


def counts_toward_estimate(figure: Row) -> bool:
    """Whether a figure enters its event's estimates: linked to an event, not an earlier toll, not part of another.

    A figure that restates an earlier toll (toll_state "earlier") or that is one
    part of a larger figure (part_of set) would count the same people twice.
    """
    if not figure.get("event_id"):
        return False
    if figure.get("toll_state") == "earlier":
        return False
    return not figure.get("part_of")


def _names(place: Place) -> list[str]:
    return sorted({n for n in (place.name, place.gazetteer_name) if n}, key=len, reverse=True)


def figure_place(event: Event, quote: str) -> int:
    """place_order of the one place of `event` the claim's words name, else WHOLE_EVENT (1 for a one-place event)."""
    if len(event.places) == 1:
        return 1
    named = [
        order
        for order, place in enumerate(event.places, start=1)
        if any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", quote, flags=re.IGNORECASE) for n in _names(place))
    ]
    return named[0] if len(named) == 1 else WHOLE_EVENT


def estimate_row(figures: Sequence[Row], publisher_of: Mapping[str, str]) -> dict[str, object]:
    """low, best, high, high_open, the counts and the rule for the figures of one event, measure and place.

    low is the lowest stated lower bound (empty when none is stated); high is the
    highest stated upper bound, or the highest lower bound when that is greater
    (an open "more than 225" lifts high to 225), and high_bound is open when some
    figure gives no upper bound; best is the median of the figures' point values
    (a vague figure has none), empty when no figure has one.
    """
    lows = [float(f["low"]) for f in figures if f["low"] is not None]
    highs = [float(f["high"]) for f in figures if f["high"] is not None]
    values = [float(f["value"]) for f in figures if f["value"] is not None]
    tops = highs + lows
    return {
        "low": min(lows) if lows else None,
        "best": statistics.median(values) if values else None,
        "high": max(tops) if tops else None,
        "high_bound": "open" if any(f["high"] is None for f in figures) else "closed",
        "n_figures": len(figures),
        "n_sources": len({f["source_id"] for f in figures}),
        "n_independent_sources": len({publisher_of[f["source_id"]] for f in figures}),
        "rule": MEDIAN_OF_VALUES if values else BOUNDS_ONLY,
    }


def estimate_rows(
    events: Sequence[Event], figures: Sequence[Row], quotes: Mapping[str, str], publisher_of: Mapping[str, str]
) -> list[Row]:
    """Rows of the estimates table: one per event, measure and place, sorted by those keys.

    `quotes` maps a claim id to its quote (where the figure's place is read);
    `publisher_of` maps a source id to its publisher (independent sources are
    distinct publishers).
    """
    by_id = {e.event_id: e for e in events}
    groups: dict[tuple[str, str, int], list[Row]] = defaultdict(list)
    for f in figures:
        if counts_toward_estimate(f) and f["event_id"] in by_id:
            event = by_id[f["event_id"]]
            groups[(event.event_id, f["measure"], figure_place(event, quotes.get(f["claim_id"], "")))].append(f)
    rows: list[Row] = []
    for (event_id, measure, order), group in sorted(groups.items()):
        event = by_id[event_id]
        place = "; ".join(p.name for p in event.places) if order == WHOLE_EVENT else event.places[order - 1].name
        group = sorted(group, key=lambda f: str(f["figure_id"]))
        rows.append(
            {"event_id": event_id, "measure": measure, "place_order": order, "place": place}
            | estimate_row(group, publisher_of)
        )
    return rows
