"""Event mentions of one article: where it reports an event, and which casualty figures belong to it.

``article_mentions`` is pure: its result depends only on its arguments (and the
installed gazetteer).  The article's main event comes from its headline and
lead; every other clause is about the main event unless its own words say
otherwise (a date or city that does not fit, "a week ago", "earlier this
year", "hours after an explosion ..."), in which case it is a mention of
another event.  A figure belongs to the event of its own clause, else of its
sentence, else of the sentence before it in the same paragraph (context),
else to the main event.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from claimtrail.extract import Finding

from .dates import PRECISION_RANK, date_match, interval, published_ref, shifted
from .frames import Clause, clauses, resolve_relative
from .lead_places import KILLING, main_places
from .model import ArticleMentions, DateRef, FigureAssignment, FigureRef, Mention, PlaceRef, Words
from .places import FoundPlace, contains, country_name, same_place
from .vocabulary import CASUALTY_CUES, CASUALTY_MEASURES, MACHINE_EVENT_TYPES, NON_CASUALTY_MEASURES, THING_UNITS

__all__ = ["article_mentions", "casualty_measure"]

#: Sentences after the headline that make the lead.
LEAD_SENTENCES = 3
#: Sentences at the top of an article whose dates may give the main event's date without a trigger.
OPENING_SENTENCES = 6
_SAME_CITY = re.compile(r"\b(?:in|at|near) the (?:same |very )?(?:city|capital|town)\b", re.I)
_TOLL_BEFORE = re.compile(r"\b(?:fatalities|deaths|death toll|dead|killed)\W+(?:\w+\W+)?$", re.I)
_CLAIM = re.compile(r"\b(?:claim(?:ed|s)? responsibility|responsib|blamed|carried out|behind the)\b", re.I)
_TRIGGER_AFTER = re.compile(
    r"['’]?s?\s+(?:\w+\s+){0,2}?(?:attack|bombing|blast|explosion|shooting|siege|massacre)", re.I
)
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|near|outside|at)\s+(?:and\s+(?:in|near)\s+)?(?:the\s+\w+\s+(?:of\s+)?)?$", re.I)
_CUE_RES = tuple((re.compile(r"\b(?:" + rx + r")\b", re.I), measure) for rx, measure in CASUALTY_CUES)


@dataclass(eq=False)
class _Frame:
    """What a set of clauses says about one event (the main one, or another)."""

    role: str
    types: list[tuple[str, Words]] = field(default_factory=list)
    date: DateRef | None = None
    date_words: list[Words] = field(default_factory=list)
    places: list[FoundPlace] = field(default_factory=list)
    actors: list[tuple[str, Words]] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    figures: list[FigureAssignment] = field(default_factory=list)


def casualty_measure(text: str, f: Finding, lo: int, hi: int) -> str | None:
    """The casualty measure of a figure (killed, injured, abducted, missing, ...), or None when it counts no victims.

    The extractor's killed/injured are taken as they are; another figure is a
    casualty figure when a casualty word stands near it in its sentence
    (``lo``-``hi``): the nearest one decides.
    """
    own = text[f.end : min(hi, f.end + 30)].split(",")[0]  # the figure's own clause ("14 girls freed themselves")
    if _GOT_AWAY.search(own):
        return None  # people who got away are no victims, whatever the sentence's other verbs say
    if f.measure in CASUALTY_MEASURES:
        return f.measure
    unit = (f.unit or "").split()[-1:] if f.unit else []
    if unit and unit[0].lower() in THING_UNITS and f.measure not in NON_CASUALTY_MEASURES:
        return None
    before = text[max(lo, f.start - 60) : f.start]
    after = text[f.end : min(hi, f.end + 60)]
    if f.measure in NON_CASUALTY_MEASURES:
        # a count of things, unless a casualty noun stands right before it ("fatalities, at least 30")
        return "killed" if _TOLL_BEFORE.search(before[-25:]) else None
    best: tuple[float, str] | None = None
    for rx, measure in _CUE_RES:
        for m in rx.finditer(after):
            # the figure's own verb usually follows it ("14 girls freed", "59 dead"): a word after weighs more
            if best is None or 0.6 * m.start() < best[0]:
                best = (0.6 * m.start(), measure)
            break
        for m in rx.finditer(before):
            dist = len(before) - m.end()
            if best is None or dist < best[0]:
                best = (dist, measure)
    return best[1] if best is not None and best[1] else None


_GOT_AWAY = re.compile(r"\b(?:escaped|freed|fled|jumped|rescued|evacuated|released)\b", re.I)
_LIST_GLUE = re.compile(r"includ|among|of whom|,|\band\b", re.I)


def _listed_person(f: Finding) -> bool:
    """Whether a figure may be an item of a list of victims (it counts people, or the extractor named no noun)."""
    if f.measure in NON_CASUALTY_MEASURES:
        return False
    unit = (f.unit or "").split()[-1:]
    return not unit or unit[0].lower() not in THING_UNITS


def article_mentions(
    text: str,
    start: int,
    end: int,
    published: str | None,
    findings: Sequence[Finding],
    sentences: Sequence[tuple[int, int]],
    *,
    source_id: str = "",
    title_span: tuple[int, int] | None = None,
) -> ArticleMentions:
    """The event mentions of the article ``text[start:end]`` (and its title at ``title_span``, when given).

    ``findings`` and ``sentences`` are what ``claimtrail.extract.extract_article``
    returns for the text (offsets into ``text``).  Mentions are in text order,
    the main event's first (index 0).
    """
    units = [(max(s, start), min(e, end)) for s, e in sentences if s < end and e > start]
    headline = 1
    if title_span is not None:
        units = [title_span, *[u for u in units if not (u[0] < title_span[1] and u[1] > title_span[0])]]
    units = sorted(set(units), key=lambda u: (u != title_span, u))
    cl = clauses(text, units, headline, LEAD_SENTENCES, findings, published)
    main = _main_frame(text, cl, published)
    frames = _classify(cl, main, published)
    _add_venues(main)
    figs = [f for f in findings if f.kind == "figure" and any(u[0] <= f.start < u[1] for u in units)]
    unassigned: list[FigureRef] = []
    previous: tuple[int, int, str] | None = None  # (unit start, end, measure) of the last casualty figure
    for f in figs:
        unit = next(u for u in units if u[0] <= f.start < u[1])
        measure = casualty_measure(text, f, unit[0], unit[1])
        got_away = _GOT_AWAY.search(text, f.end, min(unit[1], f.end + 40)) is not None
        if measure is None and previous is not None and _listed_person(f) and not got_away:
            between = text[previous[1] : f.start]
            if len(between) <= 60 and _LIST_GLUE.search(between) and not re.search(r"[.;:!?]", between):
                measure = previous[2]  # a breakdown: "71 deaths, including 62 civilians, ... and all four gunmen"
        if measure is None:
            continue
        previous = (unit[0], f.end, measure)
        ref = FigureRef(f.start, f.end, f.text, measure, f.value, f.low, f.high)
        target = _assign(cl, frames, main, f.start)
        if target is None:
            unassigned.append(ref)
        else:
            frame, basis, clause = target
            frame.figures.append(_assignment(ref, basis, clause))
    others = [fr for fr in dict.fromkeys(frames.values()) if fr is not main and _worth_a_mention(fr)]
    ordered = [main, *sorted(others, key=lambda fr: fr.clauses[0].start)]
    mentions = tuple(_mention(fr, i, source_id, published) for i, fr in enumerate(ordered))
    return ArticleMentions(source_id, published, mentions, tuple(unassigned))


def _worth_a_mention(fr: _Frame) -> bool:
    """A background frame is a mention when it has figures, or a trigger with a date and a city."""
    cities = any(p.place.level in ("city", "locality") for p in fr.places)
    return bool(fr.figures) and (cities or fr.date is not None or bool(fr.types))


def _primary(types: Sequence[tuple[str, Words]]) -> list[tuple[str, Words]]:
    return sorted(types, key=lambda t: (MACHINE_EVENT_TYPES.index(t[0]), t[1]))


def _main_frame(text: str, cl: list[Clause], published: str | None) -> _Frame:
    main = _Frame("main")
    lead = [c for c in cl if c.lead and (c.headline or (c.cue is None and c.relative is None))]
    main.types = [t for c in lead for t in c.triggers] or next(([*c.triggers] for c in cl if c.triggers), [])
    pub = published_ref(published)
    head_cities = [p.place for c in cl if c.headline for p in c.places if p.place.level == "city"]
    candidates: list[tuple[int, int, int, int, DateRef, Words]] = []
    for order, c in enumerate(cl):
        if not c.headline and _elsewhere(c, head_cities):
            continue  # "On June 4, an assault in Latakia killed 17" under a headline on Douma: another event's day
        for d, w in c.dates:
            if d.date_start is None and d.weekday is None and d.month_day is None:
                continue
            near = _near_trigger(c, w)
            later = 0 if c.lead or c.sentence <= OPENING_SENTENCES else 1
            if (later and not near) or (c.cue is not None and not c.headline) or c.relative is not None:
                continue
            recent = pub is None or d.date_start is None or date_match(d, shifted(pub, 7, 7), 0)[0] != "no"
            if later and not recent:
                continue
            rank = (0 if near else 1) + 2 * later
            # a month or a year far from any trigger says less than a day beside one ("the road was retaken in
            # April 2014" against "a car bomb ... on April 21")
            vague = 2 if not near and interval(d) is not None and PRECISION_RANK.get(d.precision, 6) >= 4 else 0
            candidates.append((rank // 2, _informative(d) + vague, rank, order, d, w))
    if candidates:
        best = min(candidates, key=lambda t: t[:4])
        main.date, main.date_words = best[4], [best[5]]
        finer = [t for t in candidates if t[2] == 0 and PRECISION_RANK.get(t[4].precision, 6) == 0]
        if PRECISION_RANK.get(best[4].precision, 6) >= 3 and finer:
            inside = [t for t in finer if _inside(t[4], best[4])]
            if inside:
                main.date, main.date_words = inside[0][4], [best[5], inside[0][5]]
    elif pub is not None:
        main.date = shifted(pub, 3, 3) if pub.precision == "day" else pub
    if main.date is not None and PRECISION_RANK.get(main.date.precision, 6) >= 3:
        finer2 = [t for t in candidates if PRECISION_RANK.get(t[4].precision, 6) == 0 and t[2] <= 2]
        inside = [t for t in finer2 if _inside(t[4], main.date)]
        if inside:
            main.date, main.date_words = inside[0][4], [*main.date_words, inside[0][5]]
    main.places = main_places(text, lead, cl, main.date)
    actors = [a for c in lead for a in c.actors]
    if not actors:
        sentences = {c.sentence for c in cl if _CLAIM.search(c.text) and c.relative is None and c.cue is None}
        actors = [a for c in cl if c.sentence in sentences for a in c.actors]
    if not actors:
        counts = Counter(name for c in cl for name, _ in c.actors)
        if counts:
            first = [a for c in cl for a in c.actors]
            top = max(counts, key=lambda n: (counts[n], -next(i for i, a in enumerate(first) if a[0] == n)))
            actors = [next(a for a in first if a[0] == top)]
    main.actors = actors
    return main


def _elsewhere(c: Clause, cities: Sequence[PlaceRef]) -> bool:
    """Whether the clause names as its site only cities away from all of ``cities`` (another admin1 region)."""
    sites = [p.place for p in c.places if p.place.level == "city" and _names_the_site(c, p)]
    return bool(sites and cities) and not any(
        same_place(a, b) or (a.admin1 == b.admin1 and a.country == b.country) for a in sites for b in cities
    )


def _informative(d: DateRef) -> int:
    """How little a date says (lower says more): day to range 0, month or year 1, a day of the year 2, a weekday 3."""
    if interval(d) is not None:
        return PRECISION_RANK.get(d.precision, 6) // 4
    return 2 if d.month_day is not None else 3


def _near_trigger(c: Clause, w: Words, window: int = 60) -> bool:
    """Whether a trigger of the clause stands within ``window`` characters of the date's words."""
    return any(min(abs(t.start - w.end), abs(w.start - t.end)) <= window for _, t in c.triggers)


def _inside(d: DateRef, outer: DateRef) -> bool:
    """Whether ``d`` lies inside ``outer`` (and fits its weekday, when it has one)."""
    di, oi = interval(d), interval(outer)
    if di is None or oi is None or not (oi[0] <= di[0] and di[1] <= oi[1]):
        return False
    return outer.weekday is None or di[0].weekday() == outer.weekday


def _add_venues(main: _Frame) -> None:
    """The venue named where the article tells its main event ("the siege at Westgate") is the event's place too."""
    if not any(p.place.level == "city" for p in main.places):
        return
    countries = {p.place.country for p in main.places}
    known = {p.place for p in main.places}
    cities = {p.place for p in main.places if p.place.level == "city"}
    with_city = {c.sentence for c in main.clauses for p in c.places if p.place in cities}
    for c in main.clauses:
        dated = any(main.date is not None and date_match(d, main.date)[0] == "yes" for d, _ in c.dates)
        # only where the sentence names the event's city or its day: "the Westgate mall in Nairobi", not
        # "the group gained notoriety after abducting girls from the town of Chibok"
        if c.triggers and not c.headline and (c.sentence in with_city or dated):
            for p in c.places:
                if p.place.level == "locality" and p.place.country in countries and p.place not in known:
                    main.places.append(p)
                    known.add(p.place)


def _cities(places: Sequence[FoundPlace]) -> list[PlaceRef]:
    return [p.place for p in places if p.place.level == "city"]


def _fits_main(c: Clause, main: _Frame, date: DateRef | None) -> bool:
    if c.relative is not None:
        return False
    if c.cue is not None and c.triggers and not c.headline:
        return False
    if date is not None and main.date is not None and date_match(date, main.date)[0] == "no":
        return False
    main_cities = _cities(main.places)
    main_regions = [p.place for p in main.places if p.place.level == "region"]
    # a city is where the clause's event happened when named as its place: "in/near X", "the X attack"
    cities = [p.place for p in c.places if p.place.level == "city" and _names_the_site(c, p)]
    if not cities or not main_cities or not (c.triggers or KILLING.search(c.text)):
        return True
    if not c.triggers:
        # "they killed hundreds of civilians in and near Aleppo": a toll with its own place is an event there
        return any(same_place(a, b) for a in cities for b in main_cities)
    near = any(
        same_place(a, b) or (a.admin1 == b.admin1 and a.country == b.country) for a in cities for b in main_cities
    )
    return near or any(contains(r, a) for a in cities for r in main_regions)


def _names_the_site(c: Clause, p: FoundPlace) -> bool:
    """Whether the clause names the city as where something happened (not where the wounded were flown)."""
    before = c.text[: p.words.start - c.start]
    after = c.text[p.words.end - c.start :]
    return _LOCATIVE_BEFORE.search(before) is not None or _TRIGGER_AFTER.match(after) is not None


def _clause_date(c: Clause) -> DateRef | None:
    """The clause's date nearest one of its triggers (its first date when it has no trigger)."""
    if not c.dates:
        return None
    if not c.triggers:
        return c.dates[0][0]
    return min(c.dates, key=lambda dw: min(abs(t.start - dw[1].start) for _, t in c.triggers))[0]


def _sentence_date(cl: list[Clause], c: Clause) -> DateRef | None:
    """A date the clause's own sentence gives in another clause ("On June 5, ..., four people died in ..."),
    unless a clause between them dates by something else ("two days before the elections")."""
    if not c.triggers:
        return None
    for other in cl:
        if other is c:
            return None  # only a date that opens the sentence before the clause
        if other.sentence == c.sentence and other.relative is None:
            days = [d for d, _ in other.dates if d.precision == "day"]
            if days:
                return days[0]
    return None


def _classify(cl: list[Clause], main: _Frame, published: str | None) -> dict[int, _Frame]:
    """Frame of each clause with something to say (by clause index); background clauses of one event share a frame."""
    frames: dict[int, _Frame] = {}
    others: dict[tuple[object, ...], _Frame] = {}
    for i, c in enumerate(cl):
        if not c.has_frame:
            continue
        date = resolve_relative(c, main.date, published) or _clause_date(c) or _sentence_date(cl, c)
        if c.headline or _fits_main(c, main, date):
            frames[i] = main
            main.clauses.append(c)
            continue
        places = [p for p in c.places if p.place.level != "country"] or [
            p for p in main.places if p.place.level == "country"
        ]
        if not [p for p in c.places if p.place.level != "country"] and _SAME_CITY.search(c.text):
            places = [p for p in main.places if p.place.level == "city"] or places
        if not places:
            places = [
                FoundPlace(
                    PlaceRef("country", country_name(p.place.country), p.place.country, key=p.place.country), p.words
                )
                for p in main.places
                if p.place.country
            ][:1]
        key = (date, tuple(sorted({p.place.key or p.place.name for p in places})))
        frame = others.get(key)
        if frame is None:
            frame = others[key] = _Frame("other", date=date, places=places)
        frame.types.extend(c.triggers)
        frame.actors.extend(c.actors)
        if c.relative is not None:
            frame.date_words.append(c.relative[2])
        frame.date_words.extend(w for _, w in c.dates)
        frame.clauses.append(c)
        frames[i] = frame
    return frames


def _assign(
    cl: list[Clause], frames: dict[int, _Frame], main: _Frame, pos: int
) -> tuple[_Frame, str, Clause | None] | None:
    """The frame a figure at ``pos`` belongs to, the basis, and the clause that decided (None for main)."""
    k = max((i for i, c in enumerate(cl) if c.start <= pos), default=0)
    c = cl[k]
    if c.aggregate and not c.triggers:
        return None
    if k in frames:
        return frames[k], "clause", c
    same = [i for i, x in enumerate(cl) if x.sentence == c.sentence and i in frames]
    if same:
        left = [i for i in same if i < k]
        j = left[-1] if left else same[0]
        return frames[j], "sentence", cl[j]
    for j in range(k - 1, -1, -1):
        prev = cl[j]
        if prev.line != c.line or prev.sentence < c.sentence - 2:
            break
        if j in frames:
            return frames[j], "context", prev
    return main, "main", None


def _assignment(ref: FigureRef, basis: str, c: Clause | None) -> FigureAssignment:
    """A figure's assignment with the words of its deciding clause."""
    if c is None:
        return FigureAssignment(ref, basis)
    dates = [w for _, w in c.dates] + ([c.relative[2]] if c.relative is not None else [])
    return FigureAssignment(
        ref,
        basis,
        date_words=tuple(sorted(set(dates))),
        place_words=tuple(sorted({p.words for p in c.places})),
        type_words=tuple(sorted({w for _, w in c.triggers})),
        actor_words=tuple(sorted({w for _, w in c.actors})),
    )


def _mention(fr: _Frame, index: int, source_id: str, published: str | None) -> Mention:
    types = _primary(fr.types)
    span = [c for c in fr.clauses] or []
    start = min((c.start for c in span), default=0)
    end = max((c.end for c in span), default=0)
    places = list(dict.fromkeys(p.place for p in fr.places))  # in the order the article names them
    return Mention(
        source_id=source_id,
        index=index,
        role=fr.role,
        start=start,
        end=end,
        types=tuple(dict.fromkeys(t for t, _ in types)),
        type_words=tuple(sorted({w for _, w in fr.types})),
        date=fr.date,
        date_words=tuple(sorted(set(fr.date_words))),
        places=tuple(places),
        place_words=tuple(sorted({p.words for p in fr.places})),
        actors=tuple(sorted({a for a, _ in fr.actors})),
        actor_words=tuple(sorted({w for _, w in fr.actors})),
        figures=tuple(sorted(fr.figures, key=lambda a: a.figure.start)),
        published=published,
    )
