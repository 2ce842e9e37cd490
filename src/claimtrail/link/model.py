"""The typed records of event linking: what an article says about events, and what linking decides.

Offsets are code points into the raw text the article came from, end exclusive,
so that ``text[w.start:w.end] == w.text`` holds for every ``Words``.
"""

from __future__ import annotations

from dataclasses import dataclass

#: How a figure came to belong to its mention (most to least direct).
BASES = ("clause", "sentence", "context", "main")
#: Place levels, most to least precise.
PLACE_LEVELS = ("city", "locality", "region", "country")
#: A feature's verdict in a link record.
MATCHES = ("yes", "no", "unknown")


@dataclass(frozen=True, order=True, slots=True)
class Words:
    """Exact words of the text that carried something (a date, a place, a trigger, an actor)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A place named in an article, or of an event.

    ``level`` is city (a gazetteer city), locality (a named place the gazetteer
    lacks: a town, a mall, a university; ``key`` is its spelling-tolerant key),
    region (admin1; ``admin1`` is the gazetteer's code when a city of that
    name tells it) or country.
    """

    level: str
    name: str
    country: str | None
    admin1: str | None = None
    geonames_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    key: str = ""


@dataclass(frozen=True, slots=True)
class DateRef:
    """When: an interval of ISO dates and its precision; a weekday (0 = Monday) when only that is known, or a
    (month, day) when the year is unknown ("on October 14" in an undated page)."""

    date_start: str | None
    date_end: str | None
    precision: str
    weekday: int | None = None
    month_day: tuple[int, int] | None = None


def place_order(p: PlaceRef) -> tuple[int, str, str, int, str]:
    """Canonical order of places: finest level first, then name, country, gazetteer id and key."""
    return (PLACE_LEVELS.index(p.level), p.name, p.country or "", p.geonames_id or 0, p.key)


@dataclass(frozen=True, slots=True)
class FigureRef:
    """A casualty figure of the extractor (by its offsets), with the casualty measure linking gives it."""

    start: int
    end: int
    text: str
    measure: str
    value: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True, slots=True)
class FigureAssignment:
    """One figure of a mention, how it was assigned (``basis`` is one of BASES) and the words of the clause that
    decided it (empty when the basis is ``main``: then the mention's own words carry it)."""

    figure: FigureRef
    basis: str
    date_words: tuple[Words, ...] = ()
    place_words: tuple[Words, ...] = ()
    type_words: tuple[Words, ...] = ()
    actor_words: tuple[Words, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """Where an article reports one event: what, when, where, who, and the figures that belong to it.

    ``role`` is ``main`` (the article's main event: headline and lead) or
    ``other`` (a background or passing event).  The ``*_words`` fields are the
    words that carried each attribute.
    """

    source_id: str
    index: int
    role: str
    start: int
    end: int
    types: tuple[str, ...]
    type_words: tuple[Words, ...]
    date: DateRef | None
    date_words: tuple[Words, ...]
    places: tuple[PlaceRef, ...]
    place_words: tuple[Words, ...]
    actors: tuple[str, ...]
    actor_words: tuple[Words, ...]
    figures: tuple[FigureAssignment, ...]
    published: str | None

    @property
    def mention_id(self) -> str:
        return f"{self.source_id}#{self.index}"


@dataclass(frozen=True, slots=True)
class ArticleMentions:
    """The event mentions of one article; ``unassigned`` are casualty figures linking gave no event."""

    source_id: str
    published: str | None
    mentions: tuple[Mention, ...]
    unassigned: tuple[FigureRef, ...]


@dataclass(frozen=True, slots=True)
class CuratedEvent:
    """A curated event (raw/events.yaml) as linking sees it."""

    event_id: str
    title: str
    event_type: str
    date_start: str
    date_end: str
    date_precision: str
    places: tuple[PlaceRef, ...]
    actors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MachineEvent:
    """An event that linking made: its id comes from its anchor mention (date, place, type)."""

    event_id: str
    title: str
    event_type: str
    date_start: str | None
    date_end: str | None
    date_precision: str
    places: tuple[PlaceRef, ...]
    actors: tuple[str, ...]
    anchor: str
    mentions: tuple[str, ...]
    review_status: str = "machine"


@dataclass(frozen=True, slots=True)
class FeatureMatch:
    """One feature of a link: ``matched`` is yes, no or unknown; ``words`` carried it in the article."""

    matched: str
    words: tuple[Words, ...]


@dataclass(frozen=True, slots=True)
class LinkRecord:
    """One machine link of a mention or of a figure to an event, with its evidence.

    Grain: one row per mention (``figure_start`` None) and one per figure of
    a mention.  ``event_id`` is None when the mention was left unlinked (too
    little to say which event: no date or no place).
    """

    source_id: str
    mention_id: str
    figure_start: int | None
    figure_end: int | None
    figure_text: str | None
    measure: str | None
    basis: str | None
    event_id: str | None
    curated: bool
    score: float
    date: FeatureMatch
    place: FeatureMatch
    type: FeatureMatch
    actor: FeatureMatch


@dataclass(frozen=True, slots=True)
class Linking:
    """The result of linking a corpus: machine events and one record per mention and per figure."""

    events: tuple[MachineEvent, ...]
    links: tuple[LinkRecord, ...]
