"""Linking across articles: each mention joins a curated event, a machine event, or founds one.

Mentions are taken in a canonical order (publication date, source id, mention
index; undated articles last), so the result never depends on the order the
articles were read, and an article published later can only join events or
found new ones: the ids of existing events never change.  Candidates are
blocked by country and date window (a mention only meets events in one of its
countries whose dates can overlap its own, or that share a named place), so
the cost stays close to linear in the number of mentions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .dates import PRECISION_RANK, date_match, interval, joined, published_ref
from .model import (
    ArticleMentions,
    CuratedEvent,
    DateRef,
    FeatureMatch,
    FigureAssignment,
    Linking,
    LinkRecord,
    MachineEvent,
    Mention,
    PlaceRef,
    place_order,
)
from .places import TRANSLITERATE, contains, distance_km, same_place
from .vocabulary import MACHINE_EVENT_TYPES, TYPE_COMPATIBLE

__all__ = ["LINK_THRESHOLD", "compare", "link_corpus"]

#: Minimum score for a mention to join an event.
LINK_THRESHOLD = 4.0
#: Two cities of one admin1 region this close (km) may be one event's (a town and its province's capital).
REGION_KM = 75.0
#: Width of a date block (days); a mention meets events in the blocks its date window touches.
BLOCK_DAYS = 7


@dataclass(frozen=True)
class Comparison:
    """How a mention compares with an event: a score (None when they cannot be one event) and each feature."""

    score: float | None
    date: str
    place: str
    type: str
    actor: str


@dataclass
class _Event:
    """An event being linked to (curated or machine): its profile grows as mentions join."""

    event_id: str
    curated: bool
    types: tuple[str, ...]
    date: DateRef | None
    places: list[PlaceRef]
    actors: set[str]
    sources: set[str] = field(default_factory=set)
    roles: set[tuple[str, str]] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    title: str = ""
    seq: int = 0


def types_match(a: Sequence[str], b: Sequence[str]) -> str:
    if not a or not b:
        return "unknown"
    ok = any(x == y or frozenset((x, y)) in TYPE_COMPATIBLE for x in a for y in b)
    return "yes" if ok else "no"


def place_match(a: Sequence[PlaceRef], b: Sequence[PlaceRef]) -> tuple[str, float]:
    """(yes/no/unknown, weight) of two place lists.

    The same city (or within NEAR_KM), or one named locality: 3.  Two cities of
    one admin1 region within REGION_KM: 1.5.  Two different cities otherwise:
    no.  A city in a named region, or one region: 1.5; a city or region in a
    named country: 0.5.  Different countries: no.
    """
    if not a or not b:
        return "unknown", 0.0
    shared = sum(1 for x in a if any(same_place(x, y) for y in b))
    if shared:
        return "yes", 3.0 + min(0.5, 0.25 * (shared - 1))  # each further shared site says a little more
    cities_a = [p for p in a if p.level == "city"]
    cities_b = [p for p in b if p.level == "city"]
    regions_a = [p for p in a if p.level == "region" and p.admin1]
    regions_b = [p for p in b if p.level == "region" and p.admin1]
    if cities_a and cities_b:
        for x in cities_a:
            for y in cities_b:
                d = distance_km(x, y)
                if x.admin1 == y.admin1 and x.country == y.country and d is not None and d <= REGION_KM:
                    return "yes", 1.5
        return "no", 0.0
    if any(x.level == y.level == "region" and x.key == y.key and x.country == y.country for x in a for y in b):
        return "yes", 1.5
    weight = 0.0
    for x in a:
        for y in b:
            if contains(x, y) or contains(y, x):
                weight = max(weight, 1.5 if "region" in (x.level, y.level) else 0.5)
    if weight:
        return "yes", weight
    for regions, cities in ((regions_a, cities_b), (regions_b, cities_a)):
        if regions and cities and all(r.country == c.country and r.admin1 != c.admin1 for r in regions for c in cities):
            return "no", 0.0
    countries_a = {p.country for p in a if p.country}
    countries_b = {p.country for p in b if p.country}
    if countries_a and countries_b and not countries_a & countries_b:
        return "no", 0.0
    return "unknown", 0.0


def compare(m: Mention, e: _Event) -> Comparison:
    """Score a mention against an event; None when a feature rules the link out.

    A background mention that names no place of its own (only the country its
    article is about) gives no place evidence.  A link with no place evidence
    needs a day-precise date and a higher score.
    """
    d, dw = _dated(m, e)
    return _scored(m, e, d, dw, types_match(m.types, e.types))


def fits(m: Mention, e: _Event) -> Comparison | None:
    """compare(m, e) when its score is not None, else None: the same answer, but the cheap features that
    rule a link out (the date, then the type) are looked at before the places are."""
    d, dw = _dated(m, e)
    if d == "no":
        return None
    t = types_match(m.types, e.types)
    if t == "no":
        return None
    cmp = _scored(m, e, d, dw, t)
    return cmp if cmp.score is not None else None


def _dated(m: Mention, e: _Event) -> tuple[str, float]:
    d, dw = date_match(m.date, e.date)
    if d == "no" and _reposted_relative_date(m, e):
        d, dw = "yes", 0.5
    return d, dw


def _scored(m: Mention, e: _Event, d: str, dw: float, t: str) -> Comparison:
    if m.role == "other" and all(p.level == "country" for p in m.places):
        p, pw = ("unknown", 0.0) if place_match(m.places, e.places)[0] != "no" else ("no", 0.0)
    else:
        p, pw = place_match(m.places, e.places)
    a = "unknown" if not m.actors or not e.actors else ("yes" if set(m.actors) & e.actors else "no")
    score: float | None = dw + pw + (1.0 if t == "yes" else 0.0) + {"yes": 1.0, "no": -1.0}.get(a, 0.0)
    if (
        d == "no"
        or p == "no"
        or t == "no"
        or (a == "no" and pw < 3.0)
        or (pw == 0.0 and (dw < 3.0 or (score or 0.0) < LINK_THRESHOLD + 1.0))
    ):
        score = None
    return Comparison(score, d, p, t, a)


_RELATIVE_DAY = re.compile(
    r"(?:earlier |later )?(?:today|tonight|yesterday|last night|this (?:morning|afternoon|evening)|"
    r"(?:on |last )?(?:mon|tues|wednes|thurs|fri|satur|sun)day(?: night| morning)?)",
    re.I,
)
#: Days a relative date ("today", "on Sunday") may be off when its article's date is a repost's.
REPOST_DAYS = 10


def _reposted_relative_date(m: Mention, e: _Event) -> bool:
    """A date read only from relative words may be a repost's: it may fall after the event by up to REPOST_DAYS
    when the mention names the event's own locality (a mall, a hotel) in its city."""
    if not m.date_words or not all(_RELATIVE_DAY.fullmatch(w.text.strip()) for w in m.date_words):
        return False
    im, ie = interval(m.date), interval(e.date)
    if im is None or ie is None or not (ie[1] < im[0] <= ie[1] + dt.timedelta(days=REPOST_DAYS)):
        return False
    keys = {p.key for p in e.places if p.level == "locality" and p.key}
    shared = any(p.level == "locality" and p.key in keys for p in m.places)
    return shared and place_match(m.places, e.places)[1] >= 3.0


def _order(m: Mention) -> tuple[int, str, str, int]:
    """Canonical order: by the last day the article can have been published (undated last), source id, index."""
    pub = published_ref(m.published)
    when = pub.date_end if pub is not None and pub.date_end is not None else ""
    return (0 if when else 1, when, m.source_id, m.index)


def _blocks(date: DateRef | None) -> list[int]:
    iv = interval(date)
    if iv is None:
        return []
    lo = (iv[0] - dt.timedelta(days=1)).toordinal() // BLOCK_DAYS
    hi = (iv[1] + dt.timedelta(days=1)).toordinal() // BLOCK_DAYS
    return list(range(lo, hi + 1))


class _Index:
    """Events by (country, date block) and by (country, place key): the candidate blocks."""

    def __init__(self) -> None:
        self.by_block: dict[tuple[str, int], dict[str, _Event]] = {}
        self.by_place: dict[tuple[str, str], dict[str, _Event]] = {}
        self.undated: dict[str, dict[str, _Event]] = {}

    def add(self, e: _Event, places: Iterable[PlaceRef], date: DateRef | None) -> None:
        blocks = _blocks(date)
        for p in places:
            country = p.country or ""
            for b in blocks:
                self.by_block.setdefault((country, b), {})[e.event_id] = e
            if not blocks:
                self.undated.setdefault(country, {})[e.event_id] = e
            if p.level != "country" and p.key:
                self.by_place.setdefault((country, p.key), {})[e.event_id] = e

    def candidates(self, m: Mention) -> list[_Event]:
        found: dict[str, _Event] = {}
        blocks = _blocks(m.date)
        for p in m.places:
            country = p.country or ""
            for b in blocks:
                found.update(self.by_block.get((country, b), {}))
            found.update(self.undated.get(country, {}))
            if p.level != "country" and p.key:
                found.update(self.by_place.get((country, p.key), {}))
        return [found[k] for k in sorted(found)]


def _curated_event(c: CuratedEvent) -> _Event:
    date = DateRef(c.date_start or None, c.date_end or None, c.date_precision)
    return _Event(c.event_id, True, (c.event_type,), date, list(c.places), set(c.actors), title=c.title)


def link_corpus(articles: Sequence[ArticleMentions], curated: Sequence[CuratedEvent]) -> Linking:
    """Link every mention (and its figures) to a curated or machine event; make machine events where none fits."""
    mentions = sorted((m for a in articles for m in a.mentions), key=_order)
    index = _Index()
    events: list[_Event] = []
    for c in sorted(curated, key=lambda c: c.event_id):
        e = _curated_event(c)
        index.add(e, e.places, e.date)
    used_ids = {c.event_id for c in curated}
    links: list[LinkRecord] = []
    unknown = Comparison(0.0, "unknown", "unknown", "unknown", "unknown")
    deferred: list[Mention] = []
    for m in mentions:
        best = _best(m, index)
        if isinstance(best, str):  # ambiguous: two events fit equally well
            links.extend(_records(m, None, False, unknown))
            continue
        if best is not None:
            target, cmp = best
        elif _can_found(m):
            target = _found(m, used_ids, len(events) + 1)
            events.append(target)
            cmp = Comparison(0.0, "yes" if m.date else "unknown", "yes", "yes" if m.types else "unknown", "unknown")
        else:
            deferred.append(m)
            continue
        _join(target, m, index)
        links.extend(_records(m, target.event_id, target.curated, cmp))
    # Mentions too vague to found an event (no date) may join one that a later-published article founded.
    for m in deferred:
        best = _best(m, index)
        if best is None or isinstance(best, str):
            links.extend(_records(m, None, False, unknown))
            continue
        _join(best[0], m, index)
        links.extend(_records(m, best[0].event_id, best[0].curated, best[1]))
    machine = tuple(_machine_event(e) for e in sorted(events, key=lambda e: e.event_id))
    links.sort(key=lambda r: (r.source_id, r.mention_id, r.figure_start if r.figure_start is not None else -1))
    return Linking(machine, tuple(links))


def _best(m: Mention, index: _Index) -> tuple[_Event, Comparison] | str | None:
    """The event a mention fits best; "ambiguous" when two events of one kind (curated or machine) fit it
    equally well (a guess would be a coin toss), None when none fits."""
    ranked: list[tuple[float, int, int, _Event, Comparison]] = []
    for e in index.candidates(m):
        if m.source_id and (m.source_id, "main" if m.role == "other" else "other") in e.roles:
            continue  # the article itself tells its main event and this one apart
        cmp = fits(m, e)
        if cmp is not None and cmp.score is not None and cmp.score >= LINK_THRESHOLD:
            ranked.append((cmp.score, 1 if e.curated else 0, -e.seq, e, cmp))
    if not ranked:
        return None
    ranked.sort(key=lambda r: r[:3], reverse=True)
    if len(ranked) > 1 and ranked[0][:2] == ranked[1][:2]:
        return "ambiguous"
    return ranked[0][3], ranked[0][4]


def _can_found(m: Mention) -> bool:
    """A mention founds a machine event only when it says when and where: a month or finer anywhere, or a year
    for an event of a named type in a named city or place ("the 2005 bombing in London")."""
    iv = interval(m.date)
    if iv is None or m.date is None or not m.places:
        return False
    rank = PRECISION_RANK.get(m.date.precision, 6)
    local = any(p.level in ("city", "locality") for p in m.places)
    return rank <= 4 or (rank == 5 and local and bool(m.types) and (iv[1] - iv[0]).days <= 366)


def _join(e: _Event, m: Mention, index: _Index) -> None:
    e.mentions.append(m)
    e.sources.add(m.source_id)
    e.roles.add((m.source_id, m.role))
    if not e.curated:
        e.date = joined(e.date, m.date)
        fine = any(p.level != "country" for p in e.places)
        cities = [p for p in e.places if p.level == "city"]
        e.places.extend(
            p
            for p in m.places
            if p not in e.places and not (fine and p.level == "country") and (not cities or _near_any(p, cities))
        )
        if any(p.level != "country" for p in e.places):
            e.places[:] = [p for p in e.places if p.level != "country"]
        e.actors.update(m.actors)
        e.types = tuple(dict.fromkeys((*e.types, *m.types)))
    index.add(e, e.places, e.date)


def _near_any(p: PlaceRef, cities: Sequence[PlaceRef]) -> bool:
    """Whether a place may widen an event already placed in ``cities``: not a city, or one of them or near one
    (a further city would let the event chain onto reports of other cities' events)."""
    if p.level != "city":
        return True
    return any(
        same_place(p, c)
        or (p.admin1 == c.admin1 and p.country == c.country and (distance_km(p, c) or 1e9) <= REGION_KM)
        for c in cities
    )


def _slug(text: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", text.translate(TRANSLITERATE)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def _first_finest(places: Sequence[PlaceRef]) -> PlaceRef:
    """The first place of the finest level (cities before localities, regions, countries) in the order given."""
    levels = ("city", "locality", "region", "country")
    return min(enumerate(places), key=lambda ip: (levels.index(ip[1].level), ip[0]))[1]


def primary_type(types: Sequence[str]) -> str:
    """The most specific of an event's types (MACHINE_EVENT_TYPES order; attack when none)."""
    return min(
        types, key=lambda t: (MACHINE_EVENT_TYPES.index(t) if t in MACHINE_EVENT_TYPES else 99, t), default="attack"
    )


def event_slug(date: DateRef | None, places: Sequence[PlaceRef], types: Sequence[str]) -> str:
    """The readable id of an event from its date (as precise as known), first place and main type."""
    iv = interval(date)
    when = "undated"
    if iv is not None and date is not None:
        rank = PRECISION_RANK.get(date.precision, 6)
        when = iv[0].isoformat() if rank == 0 else (iv[0].strftime("%Y-%m") if rank <= 4 else str(iv[0].year))
    place = _first_finest(places).name if places else "somewhere"
    kind = primary_type(types) if types else "event"
    return "-".join(x for x in (when, _slug(place), _slug(kind)) if x)


def _found(m: Mention, used: set[str], seq: int) -> _Event:
    base = event_slug(m.date, m.places, m.types)
    ident, n = base, 2
    while ident in used:
        ident, n = f"{base}-{n}", n + 1
    used.add(ident)
    return _Event(ident, False, m.types or ("attack",), m.date, [], set(m.actors), mentions=[], seq=seq)


def _records(m: Mention, event_id: str | None, curated: bool, c: Comparison) -> list[LinkRecord]:
    """The link record of a mention and one per figure; a figure's evidence is its deciding clause's words, or
    the mention's where that clause had none of that feature."""
    score = round(c.score or 0.0, 3)

    # The mention's own evidence, made once: a figure whose clause has none of a feature shares it.
    own = {
        "date": FeatureMatch(c.date, m.date_words),
        "place": FeatureMatch(c.place, m.place_words),
        "type": FeatureMatch(c.type, m.type_words),
        "actor": FeatureMatch(c.actor, m.actor_words),
    }

    def feats(fa: FigureAssignment | None) -> dict[str, FeatureMatch]:
        if fa is None:
            return own
        clause = {"date": fa.date_words, "place": fa.place_words, "type": fa.type_words, "actor": fa.actor_words}
        return {k: FeatureMatch(own[k].matched, words) if words else own[k] for k, words in clause.items()}

    rows = [
        LinkRecord(m.source_id, m.mention_id, None, None, None, None, None, event_id, curated, score, **feats(None))
    ]
    for fa in m.figures:
        f = fa.figure
        record = LinkRecord(
            m.source_id,
            m.mention_id,
            f.start,
            f.end,
            f.text,
            f.measure,
            fa.basis,
            event_id,
            curated,
            score,
            **feats(fa),
        )
        rows.append(record)
    return rows


def _machine_event(e: _Event) -> MachineEvent:
    anchor = e.mentions[0]
    places = tuple(sorted(set(e.places) | set(anchor.places), key=place_order))
    kind = primary_type(e.types)
    date = e.date
    iv = interval(date)
    where = _first_finest(anchor.places).name if anchor.places else "somewhere"
    when = (
        iv[0].strftime("%-d %B %Y")
        if iv is not None and date is not None and date.precision == "day"
        else (iv[0].strftime("%B %Y") if iv is not None else "date unknown")
    )
    return MachineEvent(
        event_id=e.event_id,
        title=f"{kind.replace('_', ' ').capitalize()} in {where}, {when}",
        event_type=kind,
        date_start=iv[0].isoformat() if iv else None,
        date_end=iv[1].isoformat() if iv else None,
        date_precision=date.precision if date else "unknown",
        places=places,
        actors=tuple(sorted(e.actors)),
        anchor=anchor.mention_id,
        mentions=tuple(m.mention_id for m in e.mentions),
    )
