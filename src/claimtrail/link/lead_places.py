"""Where an article's main event happened: the places of its lead, weighed against datelines, reactions elsewhere
and further sites, else the body's cities that fit the lead (used by ``mentions``)."""

from __future__ import annotations

import re
from collections import Counter

from .dates import date_match
from .frames import Clause
from .model import DateRef
from .places import FoundPlace, contains, same_place

__all__ = ["KILLING", "main_places"]

_MULTI_SITE = re.compile(r"\b(?:also|as well|another|other|second|third|simultaneous|coordinated|same day)\b", re.I)
_REACTION = re.compile(r"\b(?:condemn|denounc|mourn|react|vow|visit|pledg|offer|express|said|says|told)\w*", re.I)
KILLING = re.compile(r"\b(?:killed|killing|kills|died|dead|massacred)\b", re.I)
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'-]+(?:,[^\n:–-]{0,30})?\s*(?:[:–—-]|\(\w+\))", re.M)


def main_places(text: str, lead: list[Clause], cl: list[Clause], main_date: DateRef | None) -> list[FoundPlace]:
    """The main event's places, from the lead first (a dateline alone is where the story was filed)."""
    found = [p for c in lead for p in c.places]
    datelines = [
        p for p in found if _DATELINE.match(text, _line_start(text, p.words.start)) and _at_line_start(text, p)
    ]
    everywhere = [p for c in cl for p in c.places]
    found = [
        p for p in found if p not in datelines or any(q.place == p.place and q.words != p.words for q in everywhere)
    ]
    trigger_lines = {c.line for c in lead if c.triggers}
    triggered = [p for c in lead if c.triggers or c.headline or c.line in trigger_lines for p in c.places]
    local = [p for p in found if p.place.level in ("city", "locality", "region")]
    # where others react ("In Abuja, the government condemned the attack") is not where it happened
    reacting = {id(p) for c in lead if _REACTION.search(c.text) and not KILLING.search(c.text) for p in c.places}
    local = [p for p in local if id(p) not in reacting] or local
    if len({p.place for p in local if p.place.level == "city"}) > 1:
        local = [p for p in local if p in triggered or p.place.level != "city"] or local
    local = _one_site_or_listed(local, lead)
    if any(p.place.level == "city" for p in local):
        return local
    fitting = [c for c in cl if c.relative is None and c.cue is None and not _date_conflict(c, main_date)]
    candidates = [
        p
        for c in fitting
        for p in c.places
        if not (_at_line_start(text, p) and _DATELINE.match(text, _line_start(text, p.words.start)))
    ]
    cities = [p for p in candidates if p.place.level == "city" and _fits_lead(p, local, cl)]
    counts = Counter(p.place.geonames_id for p in cities if p.place.geonames_id)
    if counts:
        top = max(sorted(counts), key=lambda g: counts[g])
        return [*local, next(p for p in cities if p.place.geonames_id == top)]
    if not local:  # the lead named no place finer than a country: the body's named places, then
        local = [p for p in candidates if p.place.level in ("locality", "region")]
    if local:
        return local
    return [p for p in found if p.place.level == "country"] or [p for c in fitting for p in c.places][:1]


def _one_site_or_listed(local: list[FoundPlace], lead: list[Clause]) -> list[FoundPlace]:
    """The lead's places that are the main event's: those of the headline and first event sentence, and later
    ones near them, in their sentence, or told as further sites ("25 were also killed in Batticaloa")."""
    clause_of = {id(p): c for c in lead for p in c.places}
    named = {clause_of[id(p)].sentence for p in local}
    first = next((c.sentence for c in lead if c.triggers and not c.headline and c.sentence in named), None)
    primary_sentences = {c.sentence for c in lead if c.headline} | ({first} if first is not None else set())
    primary = [p.place for p in local if clause_of[id(p)].sentence in primary_sentences]
    if not primary:
        return local
    primary_cities = [q for q in primary if q.level == "city"]
    sentences_with_primary = {c.sentence for c in lead for p in c.places if p.place in primary}

    def keep(p: FoundPlace) -> bool:
        c = clause_of[id(p)]
        if c.sentence in primary_sentences or c.sentence in sentences_with_primary or _MULTI_SITE.search(c.text):
            return True
        if p.place.level == "city":
            return not primary_cities or any(
                same_place(p.place, q) or (p.place.admin1 == q.admin1 and p.place.country == q.country)
                for q in primary_cities
            )
        return any(contains(p.place, q) for q in primary_cities)

    return [p for p in local if keep(p)]


def _fits_lead(city: FoundPlace, lead_places: list[FoundPlace], cl: list[Clause]) -> bool:
    """Whether a city named in the body may be the main event's when the lead named only a locality or region:
    it lies in the lead's region, or shares a sentence with the lead's locality (or the lead named neither)."""
    if not lead_places:
        return True
    regions = [p.place for p in lead_places if p.place.level == "region" and p.place.admin1]
    if any(contains(r, city.place) for r in regions):
        return True
    sentence = next((c.sentence for c in cl if c.start <= city.words.start < c.end), None)
    keys = {p.place.key for p in lead_places if p.place.level == "locality"}
    return any(c.sentence == sentence and any(p.place.key in keys for p in c.places) for c in cl)


def _date_conflict(c: Clause, main_date: DateRef | None) -> bool:
    return any(date_match(d, main_date)[0] == "no" for d, _ in c.dates)


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _at_line_start(text: str, p: FoundPlace) -> bool:
    return not text[_line_start(text, p.words.start) : p.words.start].strip()
