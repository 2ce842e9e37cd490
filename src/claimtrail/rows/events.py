"""The corpus-wide event rows: events, event places, and how well each event's figures are corroborated."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from ..raw.events import Event
from ..schema import table
from .article import Row, Tables
from .estimates import estimate_rows


def event_tables(events: Sequence[Event], sources: Sequence[Row], linked: Sequence[Row]) -> Tables:
    """Rows of events, event_places and estimates, from the events and the claims and figures linked to them.

    `linked` holds the claim and figure rows whose event_id is set (a figure row has a figure_id).
    """
    claims = [r for r in linked if "figure_id" not in r]
    figures = [r for r in linked if "figure_id" in r]
    event_rows, place_rows = _events(events, sources, claims, figures)
    publisher_of = {s["source_id"]: (s["publisher"] or s["source_id"]) for s in sources}
    quotes = {c["claim_id"]: c["quote"] for c in claims}
    estimates = estimate_rows(events, figures, quotes, publisher_of)
    return {
        name: [{f: r[f] for f in table(name).field_names} for r in rows]
        for name, rows in (("events", event_rows), ("event_places", place_rows), ("estimates", estimates))
    }


def _events(
    events: Sequence[Event], sources: Sequence[Row], claims: Sequence[Row], figures: Sequence[Row]
) -> tuple[list[Row], list[Row]]:
    publisher_of = {s["source_id"]: (s["publisher"] or s["source_id"]) for s in sources}
    claims_by_event: dict[str, list[Row]] = defaultdict(list)
    for c in claims:
        if c["event_id"]:
            claims_by_event[c["event_id"]].append(c)
    figures_by_event: dict[str, list[Row]] = defaultdict(list)
    for f in figures:
        if f["event_id"]:
            figures_by_event[f["event_id"]].append(f)
    event_rows: list[Row] = []
    place_rows: list[Row] = []
    for e in sorted(events, key=lambda e: e.event_id):
        ev_claims = claims_by_event.get(e.event_id, [])
        ev_figures = figures_by_event.get(e.event_id, [])
        n_sources = len({c["source_id"] for c in ev_claims})
        publishers = {publisher_of[c["source_id"]] for c in ev_claims}
        points = [p for p in e.places if p.latitude is not None and p.longitude is not None]
        if len(points) == 1 and len(e.places) == 1:
            lat, lon, geo = points[0].latitude, points[0].longitude, points[0].geo_precision
        elif points:
            lat = round(sum(p.latitude or 0.0 for p in points) / len(points), 5)
            lon = round(sum(p.longitude or 0.0 for p in points) / len(points), 5)
            geo = "centroid"
        else:
            lat, lon, geo = None, None, "country"
        event_rows.append(
            {
                "event_id": e.event_id,
                "title": e.title,
                "event_type": e.event_type,
                "date_start": e.date_start,
                "date_end": e.date_end,
                "date_precision": e.date_precision,
                "date_basis": e.date_basis,
                "place": "; ".join(p.name for p in e.places),
                "latitude": lat,
                "longitude": lon,
                "geo_precision": geo,
                "actors": "; ".join(e.actors),
                "n_sources": n_sources,
                "n_publishers": len(publishers),
                "n_claims": len(ev_claims),
                "n_figures": len(ev_figures),
                "corroboration": corroboration(len(publishers), ev_figures, publisher_of),
            }
        )
        for order, p in enumerate(e.places, start=1):
            place_rows.append(
                {
                    "event_id": e.event_id,
                    "place_order": order,
                    "place": p.name,
                    "gazetteer_name": p.gazetteer_name,
                    "geonames_id": p.geonames_id,
                    "country_code": p.country_code,
                    "latitude": p.latitude,
                    "longitude": p.longitude,
                    "geo_precision": p.geo_precision,
                }
            )
    return event_rows, place_rows


def corroboration(n_publishers: int, figures: Sequence[Row], publisher_of: Mapping[str, str]) -> str:
    """unreported / single_source / corroborated / contested (see the events table's docs).

    Contested: two figures for the same measure from different publishers whose
    [low, high] intervals do not overlap (an open bound is unbounded).
    """
    if n_publishers == 0:
        return "unreported"
    if n_publishers == 1:
        return "single_source"
    by_measure: dict[str, list[Row]] = defaultdict(list)
    for f in figures:
        by_measure[f["measure"]].append(f)
    for rows in by_measure.values():
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                if publisher_of[a["source_id"]] == publisher_of[b["source_id"]]:
                    continue
                a_lo = a["low"] if a["low"] is not None else float("-inf")
                a_hi = a["high"] if a["high"] is not None else float("inf")
                b_lo = b["low"] if b["low"] is not None else float("-inf")
                b_hi = b["high"] if b["high"] is not None else float("inf")
                if a_hi < b_lo or b_hi < a_lo:
                    return "contested"
    return "corroborated"
