"""Cost of linking on synthetic input: time per article of ``article_mentions`` and of ``link_corpus``.

``synthetic_corpus(n)`` makes the mentions of n articles about n/4 events
(cities and dates spread over the world and five years, some articles naming
only the country or the month, a third with a background mention); the texts
of ``synthetic_texts`` are our own template prose.  Nothing here is asserted:
the figures are printed for the record.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass

from claimtrail.extract import extract_article

from ..link.cluster import link_corpus
from ..link.mentions import article_mentions
from ..link.model import ArticleMentions, DateRef, FigureAssignment, FigureRef, Mention, PlaceRef


@dataclass(frozen=True)
class BenchResult:
    articles: int
    seconds: float
    events: int

    @property
    def ms_per_article(self) -> float:
        return 1000 * self.seconds / max(1, self.articles)


def _mention(
    rng: random.Random, source: str, index: int, role: str, day: dt.date, place: PlaceRef, published: str
) -> Mention:
    precise = rng.random() < 0.7
    date = (
        DateRef(day.isoformat(), day.isoformat(), "day")
        if precise
        else DateRef(day.replace(day=1).isoformat(), (day.replace(day=28)).isoformat(), "month")
    )
    if rng.random() < 0.2:
        place = PlaceRef("country", place.country or "", place.country, key=place.country or "")
    figures = tuple(
        FigureAssignment(FigureRef(100 * k, 100 * k + 2, "12", "killed", 12.0, 12.0, 12.0), "clause")
        for k in range(1, 4)
    )
    return Mention(source, index, role, 0, 10, ("bombing",), (), date, (), (place,), (), (), (), figures, published)


def synthetic_corpus(n: int, seed: int = 1) -> list[ArticleMentions]:
    """Mentions of n articles about n/4 events (deterministic for a seed)."""
    rng = random.Random(seed)
    countries = [f"{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(60)]
    events = []
    for e in range(max(1, n // 4)):
        country = rng.choice(countries)
        lat, lon = rng.uniform(-60, 60), rng.uniform(-180, 180)
        city = PlaceRef("city", f"city{e}", country, "01", 10_000_000 + e, lat, lon, key=f"c{e}")
        events.append((dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(5 * 365)), city))
    out: list[ArticleMentions] = []
    for a in range(n):
        day, city = rng.choice(events)
        published = (day + dt.timedelta(days=rng.randrange(3))).isoformat()
        source = f"article-{a:06d}"
        ms = [_mention(rng, source, 0, "main", day, city, published)]
        if rng.random() < 0.33:
            other_day, other_city = rng.choice(events)
            ms.append(_mention(rng, source, 1, "other", other_day, other_city, published))
        out.append(ArticleMentions(source, published, tuple(ms), ()))
    return out


def bench_link(n: int) -> BenchResult:
    corpus = synthetic_corpus(n)
    t0 = time.perf_counter()
    linking = link_corpus(corpus, ())
    return BenchResult(n, time.perf_counter() - t0, len(linking.events))


CITIES = ("Kabul", "Nairobi", "Ankara", "Garissa", "Abuja", "Colombo", "Idlib", "Mogadishu", "Baghdad", "Aleppo")
TEMPLATE = (
    "Bomb attack in {city} kills {k}\n"
    "A suicide bomber struck a market in {city} on {weekday}, killing {k} people and wounding {w}, officials said.\n"
    "The attack, claimed by the Taliban, was the deadliest in the city this month.\n"
    "Earlier this year a car bomb in the same city killed {b} people.\n"
    "Police said {c} of the wounded were in critical condition.\n"
)


def synthetic_texts(n: int, seed: int = 2) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        day = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(900))
        text = TEMPLATE.format(
            city=rng.choice(CITIES),
            weekday=day.strftime("%A"),
            k=rng.randrange(5, 90),
            w=rng.randrange(10, 200),
            b=rng.randrange(3, 40),
            c=rng.randrange(1, 9),
        )
        out.append((text, (day + dt.timedelta(days=1)).isoformat()))
    return out


def bench_mentions(n: int) -> BenchResult:
    """Time of article_mentions alone (extraction is done beforehand, and the gazetteer loaded, uncounted)."""
    prepared = []
    for text, published in synthetic_texts(n):
        findings, sentences = extract_article(text, published)
        prepared.append((text, published, findings, sentences))
    text, published, findings, sentences = prepared[0]
    article_mentions(text, 0, len(text), published, findings, sentences)  # loads the gazetteer index once
    t0 = time.perf_counter()
    for i, (text, published, findings, sentences) in enumerate(prepared):
        title_end = text.index("\n")
        article_mentions(
            text, title_end + 1, len(text), published, findings, sentences, source_id=str(i), title_span=(0, title_end)
        )
    return BenchResult(n, time.perf_counter() - t0, 0)
