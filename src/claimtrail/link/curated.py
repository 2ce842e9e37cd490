"""Curated events (raw/events.yaml, as ``claimtrail.events.Event``) in the shape linking compares with.

Duck-typed on the fields linking needs, so this module imports nothing of the
events parser: a place with a GeoNames id becomes that gazetteer city (with its
admin1 region); a country-level place becomes a country.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from .model import CuratedEvent, PlaceRef
from .places import city_by_id, place_key


class _Place(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def geonames_id(self) -> int | None: ...
    @property
    def country_code(self) -> str: ...
    @property
    def geo_precision(self) -> str: ...


class _Event(Protocol):
    @property
    def event_id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def event_type(self) -> str: ...
    @property
    def date_start(self) -> str: ...
    @property
    def date_end(self) -> str: ...
    @property
    def date_precision(self) -> str: ...
    @property
    def places(self) -> Sequence[_Place]: ...
    @property
    def actors(self) -> Sequence[str]: ...


def curated_place(p: _Place) -> PlaceRef:
    """A curated place as linking sees it."""
    if p.geonames_id is not None:
        ref = city_by_id(p.geonames_id)
        if ref is not None:
            return ref
    if p.geo_precision == "country":
        return PlaceRef("country", p.name, p.country_code, key=p.country_code)
    return PlaceRef("locality", p.name, p.country_code, key=place_key(p.name))


def curated_event(e: _Event) -> CuratedEvent:
    """A curated event as linking sees it (dates as written; an empty end is the start)."""
    return CuratedEvent(
        event_id=e.event_id,
        title=e.title,
        event_type=e.event_type,
        date_start=e.date_start,
        date_end=e.date_end or e.date_start,
        date_precision=e.date_precision,
        places=tuple(curated_place(p) for p in e.places),
        actors=tuple(e.actors),
    )
