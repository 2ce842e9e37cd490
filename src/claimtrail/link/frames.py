"""Clauses of an article and what each says about an event: triggers, dates, places, actors, cues.

A clause is a stretch of one sentence between clause marks (; ( ) – — •, an
infobox's " - ", and openers like "after" or "while"); relative clauses
("which killed 67") stay with the words before them.  ``clauses`` gives them
in text order with their features; mentions.py decides which event each is about.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

from claimtrail.extract import Finding

from .dates import month_day_of, on_weekday, published_ref, shifted, weekday_of
from .model import DateRef, Words
from .places import FoundPlace, find_places
from .scan import Scanner
from .vocabulary import (
    ACTORS,
    AGGREGATE_CUES,
    BACKGROUND_CUES,
    CLAUSE_OPENERS,
    DURATION_DAYS,
    MACHINE_EVENT_TYPES,
    NUMBER_WORDS,
    REPORTING_DATE_CUES,
    TRIGGERS,
)

_BOUNDARY = re.compile(
    r"[;()•\[\]]|\s[–—]\s|\s-\s|:\s(?=[A-Z0-9])|\b(?=(?:" + "|".join(CLAUSE_OPENERS) + r")\b)"
    r"|(?:" + "|".join(f"(?<={w} )" for w in ("bigger", "larger", "deadlier", "bloodier", "worse")) + r")(?=than\b)",
    re.I,
)
_RELATIVE = re.compile(
    r"\b(?P<n>an?|one|two|three|four|five|six|several|\d+)\s+(?P<unit>hours?|days?|weeks?|months?)\s+"
    r"(?P<dir>ago|earlier|before|after|later|prior)\b",
    re.I,
)
_HOURS_AFTER = re.compile(r"\b(?:hours|shortly|soon|just|minutes)\s+(?P<dir>after|before)\b", re.I)


@dataclass
class Clause:
    """One clause and its features (offsets into the raw text)."""

    start: int
    end: int
    sentence: int
    line: int
    headline: bool
    lead: bool
    triggers: list[tuple[str, Words]] = field(default_factory=list)
    dates: list[tuple[DateRef, Words]] = field(default_factory=list)
    places: list[FoundPlace] = field(default_factory=list)
    actors: list[tuple[str, Words]] = field(default_factory=list)
    cue: Words | None = None
    relative: tuple[int, int, Words] | None = None
    relative_to_publication: bool = False
    aggregate: bool = False
    text: str = ""

    @property
    def has_frame(self) -> bool:
        """Whether the clause itself says anything about which event (a trigger, a date, a city, a cue)."""
        cities = [p for p in self.places if p.place.level in ("city", "locality")]
        return bool(self.triggers or self.dates or cities or self.relative or self.cue)


@lru_cache(maxsize=1)
def _trigger_scanner() -> Scanner:
    return Scanner([r"\b(?:" + "|".join(TRIGGERS[t]) + r")\b" for t in MACHINE_EVENT_TYPES])


@lru_cache(maxsize=1)
def _actor_scanner() -> tuple[Scanner, tuple[str, ...]]:
    """One pattern for every actor (group i+1 is the i-th canonical name), so a text is scanned once."""
    names = tuple(ACTORS)
    return Scanner(["|".join(f"({ACTORS[n]})" for n in names)]), names


def triggers_in(text: str, start: int, end: int) -> list[tuple[str, Words]]:
    """Event triggers in text[start:end]: the longest match wins where two overlap, then the more specific type."""
    return _longest_first(_trigger_hits(text, start, end))


def _trigger_hits(text: str, start: int, end: int) -> list[tuple[str, Words]]:
    """Every type's trigger matches in text[start:end], overlapping ones included."""
    found = _trigger_scanner().finditer(text, start, end)
    return [
        (etype, Words(m.start(), m.end(), m.group()))
        for etype, ms in zip(MACHINE_EVENT_TYPES, found, strict=True)
        for m in ms
    ]


def _longest_first(hits: list[tuple[str, Words]]) -> list[tuple[str, Words]]:
    rank = {t: i for i, t in enumerate(MACHINE_EVENT_TYPES)}
    out: list[tuple[str, Words]] = []
    last = -1
    for etype, w in sorted(hits, key=lambda h: (h[1].start, h[1].start - h[1].end, rank[h[0]])):
        if w.start >= last:
            out.append((etype, w))
            last = w.end
    return out


def actors_in(text: str, start: int, end: int) -> list[tuple[str, Words]]:
    """Perpetrators named in text[start:end], by canonical name (al-Shabab and Al Shabaab are al-Shabaab)."""
    scanner, names = _actor_scanner()
    (found,) = scanner.finditer(text, start, end)
    out = [(names[(m.lastindex or 1) - 1], Words(m.start(), m.end(), m.group())) for m in found]
    return sorted(out, key=lambda a: a[1])


_Found = TypeVar("_Found", bound=tuple[str, Words])
_WORD_CHAR = re.compile(r"\w")


def in_units(
    find: Callable[[str, int, int], list[_Found]], text: str, units: Sequence[tuple[int, int]]
) -> list[_Found]:
    """What ``find`` gives over each unit, in text order.  Units that follow each other with no word between are
    scanned as one stretch when that provably gives the same (disjoint units, none ending inside a word, no hit
    across two), else one by one."""
    ordered = sorted(units)
    if any(a[1] > b[0] for a, b in itertools.pairwise(ordered)):
        return sorted((h for s, e in ordered for h in find(text, s, e)), key=lambda h: h[1].start)
    runs: list[list[tuple[int, int]]] = []
    for u in ordered:
        last = runs[-1][-1] if runs else None
        if last is not None and not _WORD_CHAR.search(text, last[1], u[0]) and not _WORD_CHAR.match(text, last[1]):
            runs[-1].append(u)
        else:
            runs.append([u])
    out: list[_Found] = []
    for run in runs:
        hits = find(text, run[0][0], run[-1][1]) if len(run) > 1 else []
        starts = [s for s, _ in run]
        if len(run) > 1 and all(
            (k := bisect.bisect_right(starts, w.start) - 1) >= 0 and w.end <= run[k][1] for _, w in hits
        ):
            out.extend(hits)
        else:
            out.extend(h for s, e in run for h in find(text, s, e))
    return out


_EVENT_VERB = re.compile(r"\b(?:killed|killing|kills|died|wounded|abducted|kidnapped|stormed|struck)\b", re.I)
_ANAPHORIC_OPENER = re.compile(r"(?:after|before|since)\s+the\s+(?:\w+\s+){0,2}?\w+,\s", re.I)


def _spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [start]
    for m in _BOUNDARY.finditer(text, start, end):
        if m.start() > cuts[-1]:
            cuts.append(m.start() if m.group().strip() == "" or m.group()[0].isalpha() else m.end())
            a = _ANAPHORIC_OPENER.match(text, cuts[-1], end)
            if a is not None:
                cuts.append(a.end())
    cuts.append(end)
    spans = [(a, b) for a, b in itertools.pairwise(cuts) if text[a:b].strip()]
    return spans or [(start, end)]


_ISO = re.compile(r"\d{4}-\d\d-\d\d")
_SAY_BEFORE = re.compile(
    r"\b(?:said|says|reported|told|announced|confirmed|stated|added|claimed|speaking|spoke|acknowledged|admitted|called)\b[^.;]*$",
    re.I,
)


def _event_date(f: Finding, text: str, floor: int, pub: DateRef | None) -> DateRef | None:
    """The finding's date as an event date, or None when it is a page stamp, a toll's moment or a report's day."""
    line_start = text.rfind("\n", 0, f.start) + 1
    line_end = text.find("\n", f.end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if "\n" in f.text or _ISO.fullmatch(f.text):
        return None
    stamp = len(line.replace(f.text, "").split()) <= 3
    if stamp and pub is not None and pub.precision == "day" and f.date_start == pub.date_start == f.date_end:
        return None
    if REPORTING_DATE_CUES.search(text[max(floor, f.start - 12) : f.start]):
        return None
    said = _SAY_BEFORE.search(text[max(floor, f.start - 40) : f.start])
    if said and not any(rx.search(said.group()) for rx in _trigger_scanner().exact):
        return None  # "said on Monday": the report's day, unless the event is told in between ("said a bomb ...")
    if f.date_start is not None and f.date_end is not None and f.precision is not None:
        if pub is not None and pub.date_end is not None and f.date_start > pub.date_end:
            return None
        return DateRef(f.date_start, f.date_end, f.precision)
    wd, md = weekday_of(f.text), month_day_of(f.text)
    if wd is not None and (pub is not None or md is None):
        return on_weekday(pub, wd) if pub is not None else DateRef(None, None, "unknown", wd)
    # a day of the year with no year to put it in ("on Tuesday, April 21" in an undated repost): the day says more
    return DateRef(None, None, "unknown", wd, month_day=md) if md is not None else None


def _relative(text: str, sentence: list[Clause]) -> None:
    """Mark the clauses of one sentence that a relative expression moves away from the main event."""
    lo, hi = sentence[0].start, sentence[-1].end

    def holder(pos: int) -> int:
        return max(i for i, c in enumerate(sentence) if c.start <= pos or i == 0)

    for m in _RELATIVE.finditer(text, lo, hi):
        n_word = m.group("n").lower()
        n = int(n_word) if n_word.isdigit() else NUMBER_WORDS.get(n_word, 1)
        days = n * DURATION_DAYS[m.group("unit").lower()]
        words = Words(m.start(), m.end(), m.group())
        direction = m.group("dir").lower()
        k = holder(m.start("dir"))
        if direction in ("after", "before"):
            _mark_after(text, sentence, k, (days if direction == "after" else -days, max(1, days // 3), words))
        elif direction in ("ago", "earlier", "prior"):
            sentence[k].relative = (days, max(1, days // 3), words)
            sentence[k].relative_to_publication = direction == "ago"
        return
    m2 = _HOURS_AFTER.search(text, lo, hi)
    if m2 is not None:
        k = holder(m2.start("dir"))
        _mark_after(
            text,
            sentence,
            k,
            (0, 1, Words(m2.start(), m2.end(), m2.group())),
        )


def _mark_after(text: str, sentence: list[Clause], k: int, rel: tuple[int, int, Words]) -> None:
    """``sentence[k]`` opens with after/before: it is another event, unless it names "the" main event back.

    Only an event in its first words counts ("a week after gunmen stormed a hotel"); "two days before the
    elections" dates something by another thing, and says nothing of the main event.
    """
    c = sentence[k]
    opening = text[c.start : min(c.end, c.start + 60)]
    if not any(t.start - c.start <= 45 for _, t in c.triggers) and not _EVENT_VERB.search(opening):
        return
    anaphoric = (
        bool(c.triggers) and re.search(r"\bthe\s+(?:\w+\s+)?$", text[c.start : c.triggers[0][1].start]) is not None
    )
    if not anaphoric:
        c.relative = rel
        return
    days, spread, words = rel
    for other in sentence[k + 1 :]:
        other.relative = (-days, spread, words)


def clauses(
    text: str,
    units: Sequence[tuple[int, int]],
    headline_units: int,
    lead_units: int,
    findings: Sequence[Finding],
    published: str | None,
) -> list[Clause]:
    """The clauses of the article's units (headline first), each with its triggers, dates, places and actors."""
    pub = published_ref(published)
    out: list[Clause] = []
    line_of = _line_numbers(text)
    for i, (s, e) in enumerate(units):
        for a, b in _spans(text, s, e):
            out.append(Clause(a, b, i, line_of(a), i < headline_units, False, text=text[a:b]))
    if not out:
        return out
    lo, hi = min(c.start for c in out), max(c.end for c in out)
    actors = in_units(actors_in, text, units)
    places = find_places(text, lo, hi, actor_spans=[(w.start, w.end) for _, w in actors])
    dates = [f for f in findings if f.kind == "date"]
    triggers = _longest_first(in_units(_trigger_hits, text, units))
    for c in out:
        c.triggers = [t for t in triggers if c.start <= t[1].start < c.end]
        c.actors = [a for a in actors if c.start <= a[1].start < c.end]
        c.places = [p for p in places if c.start <= p.words.start < c.end]
        for f in dates:
            if c.start <= f.start < c.end and (d := _event_date(f, text, c.start, pub)) is not None:
                c.dates.append((d, Words(f.start, f.end, f.text)))
        m = BACKGROUND_CUES.search(text, c.start, c.end)
        if m is not None:
            c.cue = Words(m.start(), m.end(), m.group())
        c.aggregate = AGGREGATE_CUES.search(text, c.start, c.end) is not None
    by_sentence: dict[int, list[Clause]] = {}
    for c in out:
        by_sentence.setdefault(c.sentence, []).append(c)
    for group in by_sentence.values():
        _relative(text, group)
    with_trigger = sorted({c.sentence for c in out if c.triggers and not c.headline})[:lead_units]
    for c in out:
        c.lead = c.headline or c.sentence in with_trigger
    return out


def resolve_relative(c: Clause, main_date: DateRef | None, published: str | None) -> DateRef | None:
    """The date a relative clause gives ("a week ago", "a week after ..."), from publication or the main date."""
    if c.relative is None:
        return None
    days, spread, _ = c.relative
    ref = published_ref(published) if c.relative_to_publication else main_date
    ref = ref or main_date or published_ref(published)
    if ref is None:
        return None
    return shifted(ref, days, spread)


def _line_numbers(text: str) -> _LineOf:
    return _LineOf([m.start() for m in re.finditer(r"\n", text)])


class _LineOf:
    def __init__(self, breaks: list[int]) -> None:
        self.breaks = breaks

    def __call__(self, pos: int) -> int:
        return bisect.bisect_left(self.breaks, pos)
