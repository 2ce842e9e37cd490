"""The corpus-wide event rows: events, event places, and how well each event's figures are corroborated."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from ..link import MachineEvent
from ..raw.events import Event
from ..schema import table
from .article import Row, Tables
from .estimates import estimate_rows
from .linking import machine_event_rows

#: What the event tables read of a claim or figure row linked to an event: each article keeps these of its
#: linked rows until every article is in (a figure row is told from a claim row by its figure_id).
LINKED_FIELDS = (
    "claim_id",
    "figure_id",
    "source_id",
    "event_id",
    "event_link",
    "quote",
    "measure",
    "value",
    "low",
    "high",
    "part_of",
    "toll_state",
)


def event_tables(
    events: Sequence[Event],
    sources: Sequence[Row],
    linked: Sequence[Row],
    machine: Sequence[MachineEvent] = (),
) -> Tables:
    """Rows of events, event_places and estimates: the curated events, then the machine events, with their claims
    and figures (estimates are derived for the curated events).

    `linked` holds the claim and figure rows whose event_id is set (a figure row has a figure_id).
    """
    claims = [r for r in linked if "figure_id" not in r]
    figures = [r for r in linked if "figure_id" in r]
    maps = source_maps(sources)
    event_rows, place_rows = _events(events, maps, claims, figures)
    by_event: dict[str, tuple[list[Row], list[Row]]] = defaultdict(lambda: ([], []))
    for r in linked:
        by_event[r["event_id"]][1 if "figure_id" in r else 0].append(r)
    for e, places in machine_event_rows(machine):
        ev_claims, ev_figures = by_event.get(e.event_id, ([], []))
        event_rows.append(_machine_row(e, places, maps, ev_claims, ev_figures))
        place_rows.extend(places)
    event_rows.sort(key=lambda r: r["event_id"])
    place_rows.sort(key=lambda r: (r["event_id"], r["place_order"]))
    publisher_of = {s["source_id"]: (s["publisher"] or s["source_id"]) for s in sources}
    quotes = {c["claim_id"]: c["quote"] for c in claims}
    estimates = estimate_rows(events, figures, quotes, publisher_of)
    return {
        name: [{f: r[f] for f in table(name).field_names} for r in rows]
        for name, rows in (("events", event_rows), ("event_places", place_rows), ("estimates", estimates))
    }


def _events(
    events: Sequence[Event],
    maps: tuple[Mapping[str, str], Mapping[str, str]],
    claims: Sequence[Row],
    figures: Sequence[Row],
) -> tuple[list[Row], list[Row]]:
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
                **counts(ev_claims, ev_figures, maps),
                "review_status": "reviewed",
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


def source_maps(sources: Sequence[Row]) -> tuple[dict[str, str], dict[str, str]]:
    """Publisher, and the source a syndicated copy repeats, of every source id."""
    return (
        {s["source_id"]: (s["publisher"] or s["source_id"]) for s in sources},
        {s["source_id"]: s.get("repeats_source_id") or "" for s in sources},
    )


def counts(claims: Sequence[Row], figures: Sequence[Row], maps: tuple[Mapping[str, str], Mapping[str, str]]) -> Row:
    """An event's source counts: articles, publishers, reviewed, machine-linked and independent sources.

    Independent sources count publishers once, and a syndicated copy as the source it repeats.
    """
    publisher_of, repeats = maps
    ids = {c["source_id"] for c in claims}
    publishers = {publisher_of[i] for i in ids}
    independent = {publisher_of[repeats[i] or i] for i in ids}
    return {
        "n_sources": len(ids),
        "n_publishers": len(publishers),
        "n_reviewed_sources": len({c["source_id"] for c in claims if c.get("event_link") == "reviewed"}),
        "n_machine_sources": len({c["source_id"] for c in claims if c.get("event_link") == "machine"}),
        "n_independent_sources": len(independent),
        "n_claims": len(claims),
        "n_figures": len(figures),
        "corroboration": corroboration(len(independent), figures, publisher_of),
    }


def _machine_row(
    e: MachineEvent,
    places: Sequence[Row],
    maps: tuple[Mapping[str, str], Mapping[str, str]],
    ev_claims: Sequence[Row],
    ev_figures: Sequence[Row],
) -> Row:
    """The events row of a machine event: its profile as linking built it, counted like a curated one."""
    points = [p for p in places if p["latitude"] is not None and p["longitude"] is not None]
    if len(points) == 1:
        lat, lon, geo = points[0]["latitude"], points[0]["longitude"], "city"
    elif points:
        lat = round(sum(float(p["latitude"]) for p in points) / len(points), 5)
        lon = round(sum(float(p["longitude"]) for p in points) / len(points), 5)
        geo = "centroid"
    else:
        lat, lon, geo = None, None, "country" if any(p["geo_precision"] == "country" for p in places) else "unknown"
    return {
        "event_id": e.event_id,
        "title": e.title,
        "event_type": e.event_type,
        "date_start": e.date_start or "",
        "date_end": e.date_end or "",
        "date_precision": e.date_precision,
        "date_basis": f"machine: mention {e.anchor}",
        "place": "; ".join(str(p["place"]) for p in places),
        "latitude": lat,
        "longitude": lon,
        "geo_precision": geo,
        "actors": "; ".join(e.actors),
        **counts(ev_claims, ev_figures, maps),
        "review_status": "machine",
    }


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
