"""Places for event linking: the one module that uses the gazetteer.

Every gazetteer use of ``claimtrail.link`` goes through here (switch the
import below when the gazetteer moves).  ``find_places`` names the cities,
regions, countries and gazetteer-less localities of a stretch of text;
``contains``/``distance_km`` compare places.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..gazetteer import country_code
from ..gazetteer import geonames as _gazetteer
from ..text import ascii_fold as _ascii_fold
from .model import PlaceRef, Words
from .vocabulary import (
    ACTORS,
    COUNTRY_ALIASES,
    DEMONYMS,
    FACILITY_NOUNS,
    LOCATIVE,
    MONTHS_DAYS,
    NOT_PLACES,
    REGION_WORDS,
)

__all__ = [
    "FoundPlace",
    "city_by_id",
    "contains",
    "country_name",
    "distance_km",
    "find_places",
    "fold",
    "place_key",
    "same_place",
]

#: Cities closer than this (km) count as one place (a suburb and its city, two sites of one attack).
NEAR_KM = 25.0
#: A city this large may be named without its country in the text.
BIG_CITY = 1_000_000
#: A city this large may be named without a locative word when its country is named too.
MEDIUM_CITY = 100_000

LOCALITY_LEAD = re.compile(r"(?:town|village|city|district|suburb|neighbourhood|neighborhood) of\s*$", re.I)

_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*")
_LAST_WORD = re.compile(r"([\w'’]+)\W*$")
_WORD_AT_END = re.compile(r"\W*?([\w'’]*\w[\w'’]*)")  # _LAST_WORD on the reversed text
_NEXT_WORD = re.compile(r"\W*([\w'’]+)")
_PARTICLE = re.compile(r"(?:a[dlnrstz]|ash|e[dlnrstz]|u[lr])-[^\W\d_]")
_ACTOR_RE = re.compile("|".join(f"(?:{p})" for p in ACTORS.values()), re.I)


@dataclass(frozen=True)
class FoundPlace:
    """A place and the words that named it."""

    place: PlaceRef
    words: Words


#: Letters that Unicode does not decompose into ASCII ones (so that Diyarbakır folds like Diyarbakir).
TRANSLITERATE = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
                               "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "ð": "d"})  # fmt: skip


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII letters and digits only (accents and punctuation dropped)."""
    return _ascii_fold(text.translate(TRANSLITERATE))


def place_key(name: str) -> str:
    """A spelling-tolerant key: folded consonants without h/w/y and doubled letters (Shaykhun = Sheikhoun)."""
    letters = re.sub(r"[aeiouhwy0-9]", "", fold(name))
    return re.sub(r"(.)\1+", r"\1", letters)


@lru_cache(maxsize=1)
def _city_index() -> dict[str, tuple[dict[str, Any], ...]]:
    cities, _ = _gazetteer()
    # most populous first: every city's rank once, each key's list sorted by it (ties by GeoNames id)
    ranked = sorted(cities.values(), key=lambda c: (-int(c.get("population", 0)), int(c["geonameid"])))
    index: dict[str, list[dict[str, Any]]] = {}
    for city in ranked:
        for key in {_fold_name(n) for n in (city["name"], *city.get("alternatenames", ())) if len(n) >= 4}:
            index.setdefault(key, []).append(city)
    return {k: tuple(v) for k, v in index.items()}


_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def _fold_name(name: str) -> str:
    """fold(name) without its cache (each gazetteer name is folded once), quick for ASCII names."""
    return _NOT_ALNUM.sub("", name.lower()) if name.isascii() else _ascii_fold(name.translate(TRANSLITERATE))


def city_by_id(geonames_id: int) -> PlaceRef | None:
    """The gazetteer city with that GeoNames id, as a PlaceRef (with its admin1 region), or None."""
    cities, _ = _gazetteer()
    entry = cities.get(str(geonames_id))
    return _city_ref(entry) if isinstance(entry, dict) else None


def _city_ref(city: dict[str, Any]) -> PlaceRef:
    return PlaceRef(
        level="city",
        name=str(city["name"]),
        country=str(city["countrycode"]),
        admin1=str(city.get("admin1code") or "") or None,
        geonames_id=int(city["geonameid"]),
        latitude=float(city["latitude"]),
        longitude=float(city["longitude"]),
        key=place_key(str(city["name"])),
    )


def country_name(code: str) -> str:
    """The gazetteer's English name of a country code (the code itself when unknown)."""
    _, countries = _gazetteer()
    entry = countries.get(code)
    return str(entry["name"]) if isinstance(entry, dict) and entry.get("name") else code


@lru_cache(maxsize=65536)
def _country_of(word: str) -> str | None:
    code = country_code(word)
    if code is not None:
        return code
    low = word.lower()
    if low in DEMONYMS:
        return DEMONYMS[low]
    if word in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[word]
    stems = [word + "y"]
    if low.endswith("n"):
        stems.append(word[:-1])
    if low.endswith("ian"):
        stems.append(word[:-3])
    for stem in stems:
        if len(stem) >= 4 and word[0].isupper() and (code := country_code(stem)) is not None:
            return code
    return None


def _groups(
    text: str, start: int, end: int, actor_spans: Sequence[tuple[int, int]] | None = None
) -> list[list[tuple[int, int]]]:
    """Runs of capitalised tokens (with al-/el- particles) in text[start:end], as (start, end) spans."""
    groups: list[list[tuple[int, int]]] = []
    run: list[tuple[int, int]] = []
    last_end = -1
    actors = (
        sorted(actor_spans) if actor_spans is not None else [a.span() for a in _ACTOR_RE.finditer(text, start, end)]
    )
    actor_starts = [a for a, _ in actors]
    possessive = False
    for m in _TOKEN.finditer(text, start, end):
        word = m.group()
        if not word[0].isupper() and not (run and _PARTICLE.match(word)):
            if run:  # a lower-case word ends the run; what it leaves (its end, a possessive) matters to no run
                groups.append(run)
                run = []
            continue
        span = (m.start(), m.end() - 2) if word.endswith(("'s", "’s")) else m.span()
        k = bisect.bisect_right(actor_starts, m.start()) - 1
        in_actor = k >= 0 and m.start() < actors[k][1]
        capital = word[0].isupper() and not in_actor  # "Boko Haram" is no place
        gap = text[last_end : m.start()] if last_end >= 0 else ""
        joins = run and gap.strip() == "" and "\n" not in gap and not possessive
        if joins and not capital and _PARTICLE.match(word) and not in_actor:
            run.append(span)  # "Deir ez-Zor", "Jisr al-Shughur": an Arabic article inside a name
        elif capital and joins:
            run.append(span)
        elif capital:
            if run:
                groups.append(run)
            run = [span]
        else:
            if run:
                groups.append(run)
            run = []
        last_end = m.end()
        possessive = span[1] != m.end()  # "Nigeria's Yobe": the possessor ends its name
    if run:
        groups.append(run)
    return groups


def _before(text: str, pos: int, floor: int) -> str:
    """The last word before pos (within 40 characters), lower-cased: what ``_LAST_WORD`` finds, found from the end."""
    lo = max(floor, pos - 40)
    m = _WORD_AT_END.search(text[lo:pos][::-1])
    if m is not None:
        return m.group(1)[::-1].lower()
    m = _LAST_WORD.search(text, lo, pos)  # no word character at all: only quote marks, if anything
    return m.group(1).lower() if m else ""


def _after(text: str, pos: int, ceiling: int) -> str:
    m = _NEXT_WORD.match(text, pos, min(ceiling, pos + 40))
    return m.group(1).lower() if m else ""


def find_places(
    text: str,
    start: int,
    end: int,
    countries: frozenset[str] = frozenset(),
    default_country: str | None = None,
    actor_spans: Sequence[tuple[int, int]] | None = None,
) -> list[FoundPlace]:
    """Places named in text[start:end]: countries, gazetteer cities, regions and localities, in text order.

    A city is taken when its country is among ``countries`` (or named in the
    same stretch), when it is a big city (``BIG_CITY``) named by its own name,
    or when a locative word precedes it.  A capitalised name before a region
    word (``Borno state``) is a region; one after "town of" / before a facility
    noun, or after a locative word, that the gazetteer lacks is a locality.
    A locality or region takes ``default_country``, else the country named
    most often in the stretch.  ``actor_spans``, when given, are where the
    text names perpetrators (no place is read inside one); else they are found.
    """
    spans = _groups(text, start, end, actor_spans)
    named_countries = set(countries)
    counts: Counter[str] = Counter()
    found: list[tuple[int, int, str, Any]] = []
    for run in spans:
        i = 0
        while i < len(run):
            hit = None
            for j in range(min(len(run), i + 3), i, -1):
                s, e = run[i][0], run[j - 1][1]
                hit = _classify(text, s, e, start, end)
                if hit is not None:
                    found.append((s, e, hit[0], hit[1]))
                    if hit[0] == "country":
                        named_countries.add(str(hit[1]))
                        counts[str(hit[1])] += _country_weight(text, s, e, start)
                    i = j
                    break
            if hit is None:
                i += 1
    if default_country is None and counts:
        default_country = max(sorted(counts), key=lambda c: counts[c])
    out: list[FoundPlace] = []
    for s, e, kind, value in found:
        ref = _resolve(text, s, e, start, end, kind, value, frozenset(named_countries), default_country)
        if ref is None and kind == "city" and _locality(text, s, e, start, end):
            # a small gazetteer town whose country the text does not name: still a named place
            ref = _resolve(text, s, e, start, end, "locality", text[s:e], frozenset(named_countries), default_country)
        if ref is None:
            continue
        prev = out[-1] if out else None
        if (
            ref.level == "city"
            and prev is not None
            and prev.place.level == "city"
            and prev.place.admin1 == ref.admin1
            and prev.place.country == ref.country
            and re.fullmatch(r",\s*", text[prev.words.end : s])
        ):
            ref = PlaceRef("region", ref.name, ref.country, admin1=ref.admin1, key=place_key(ref.name))
        out.append(FoundPlace(ref, Words(s, e, text[s:e])))
    return out


def _country_weight(text: str, s: int, e: int, floor: int) -> int:
    """How strongly a country mention says where things are: its name in a place phrase ("in northern Yemen")
    3, its name 2, an adjective ("Saudi-led", "Kenyan troops") 1."""
    if country_code(text[s:e]) is None and text[s:e] not in COUNTRY_ALIASES:
        return 1
    before = text[max(floor, s - 24) : s].lower()
    return 3 if re.search(r"\b(?:in|across|of|from|inside|throughout)\s+(?:\w+ern\s+)?$", before) else 2


def _classify(text: str, s: int, e: int, floor: int, ceiling: int) -> tuple[str, Any] | None:
    words = text[s:e]
    key = fold(words)
    first = fold(words.split()[0]) if words.split() else ""
    if " " in words and (code := _country_of(words)) is not None:
        return "country", code  # "New Zealand", "Sri Lanka": before the one-word filters below
    if not key or key in NOT_PLACES or first in NOT_PLACES or key in MONTHS_DAYS:
        return None
    nxt = _after(text, e, ceiling)
    code = _country_of(words)
    if code is not None:
        return "country", code
    prev = _before(text, s, floor)
    if prev in ("st", "saint", "mr", "mrs", "ms", "dr", "general", "president"):
        return None
    if re.search(r"\b(?:province|governorate|state|county|region) of\s*$", text[max(floor, s - 14) : s], re.I):
        return "region", words
    if nxt in REGION_WORDS and len(words.split()) <= 2 and not any(_country_of(w) for w in words.split()):
        return "region", words
    if len(key) >= 4 and not (words.isupper() and len(words) <= 3) and key in _city_index():
        return "city", _city_index()[key]
    return ("locality", words) if _locality(text, s, e, floor, ceiling) else None


def _locality(text: str, s: int, e: int, floor: int, ceiling: int) -> bool:
    """Whether the words read as a named place the gazetteer does not settle: after "town of", before a facility
    noun, or a whole capitalised name after in/at/near/outside (never at the start of a sentence)."""
    words = text[s:e]
    key = fold(words)
    if len(key) < 4 or words.isupper() or key in FACILITY_NOUNS:
        return False
    if LOCALITY_LEAD.search(text[max(floor, s - 20) : s]):
        return True  # "the town of Khan Seikhoun": the whole name
    if " " in words.strip():
        return False
    if re.search(r"(?:^|[.!?:\n]\s*|[-•]\s+)$", text[max(floor, s - 4) : s]) is not None:
        return False
    prev, nxt = _before(text, s, floor), _after(text, e, ceiling)
    whole_run = not re.match(r"[ \t]+[A-Z]", text[e : e + 3])
    if nxt in FACILITY_NOUNS or (whole_run and prev in ("in", "at", "near", "outside")):
        return True
    return prev in ("to", "from") and re.match(r"\s*[,.;]", text[e : e + 2]) is not None


def _resolve(
    text: str,
    s: int,
    e: int,
    floor: int,
    ceiling: int,
    kind: str,
    value: Any,
    countries: frozenset[str],
    default_country: str | None,
) -> PlaceRef | None:
    words = text[s:e]
    if kind == "country":
        return PlaceRef("country", words, str(value), key=str(value))
    if kind == "city":
        entries: tuple[dict[str, Any], ...] = value
        prev = _before(text, s, floor)
        nxt = _after(text, e, ceiling)
        locative = prev in LOCATIVE or prev == "and" or nxt in REGION_WORDS or nxt in FACILITY_NOUNS
        own = [c for c in entries if c["countrycode"] in countries]
        best = own[0] if own else entries[0]
        population = int(best.get("population", 0))
        exact = fold(str(best["name"])) == fold(words)
        if population >= BIG_CITY and (exact or own):
            return _city_ref(best)
        if own and (population >= MEDIUM_CITY or locative):
            return _city_ref(best)
        if locative and exact and population >= MEDIUM_CITY:
            return _city_ref(best)
        return None
    if kind == "region":
        country = next(iter(countries)) if len(countries) == 1 else default_country
        admin1 = None
        for c in _city_index().get(fold(words), ()):
            if country is None or c["countrycode"] == country:
                admin1, country = str(c.get("admin1code") or "") or None, str(c["countrycode"])
                break
        return PlaceRef("region", words, country, admin1=admin1, key=place_key(words))
    country = next(iter(countries)) if len(countries) == 1 else default_country
    return PlaceRef("locality", words, country, key=place_key(words))


def distance_km(a: PlaceRef, b: PlaceRef) -> float | None:
    """Great-circle distance between two places with coordinates (haversine), else None."""
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp, dl = p2 - p1, math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def same_place(a: PlaceRef, b: PlaceRef) -> bool:
    """The same city (or within NEAR_KM), or two localities with one key."""
    if a.level == "city" and b.level == "city":
        if a.geonames_id == b.geonames_id:
            return True
        d = distance_km(a, b)
        return d is not None and d <= NEAR_KM
    if a.level in ("locality", "city") and b.level in ("locality", "city"):
        return bool(a.key) and a.key == b.key and (a.country is None or b.country is None or a.country == b.country)
    return False


def contains(outer: PlaceRef, inner: PlaceRef) -> bool:
    """Whether ``inner`` lies inside ``outer`` (a city in its region or country, a region in its country)."""
    if outer.country is None or inner.country is None or outer.country != inner.country:
        return False
    if outer.level == "country":
        return inner.level != "country"
    if outer.level == "region" and inner.level in ("city", "locality"):
        return outer.admin1 is not None and outer.admin1 == inner.admin1
    return False
