"""Helpers of the linking tests: articles of our own prose run through extraction, and hand-made mentions."""

from __future__ import annotations

from pathlib import Path

from claimtrail.extract import extract_article
from claimtrail.link.mentions import article_mentions
from claimtrail.link.model import ArticleMentions, DateRef, FigureAssignment, FigureRef, Mention, PlaceRef
from claimtrail.link.places import find_places

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"
EVENTS_CORPUS = SHARED / "corpus" / "events"


def mentions_of(text: str, published: str | None, source_id: str = "s") -> ArticleMentions:
    """The mentions of a whole text (its first line is the headline)."""
    findings, sentences = extract_article(text, published)
    title_end = text.index("\n") if "\n" in text else len(text)
    body = title_end + 1 if title_end < len(text) else title_end
    return article_mentions(
        text, body, len(text), published, findings, sentences, source_id=source_id, title_span=(0, title_end)
    )


def city(name: str, country: str) -> PlaceRef:
    """The gazetteer city of that name, as the place finder resolves it."""
    text = f"in {name}, {country}"
    found = [p.place for p in find_places(text, 0, len(text)) if p.place.level == "city"]
    assert found, f"{name} is not a gazetteer city"
    return found[0]


def day(iso: str) -> DateRef:
    return DateRef(iso, iso, "day")


def mention(
    source: str,
    published: str | None,
    date: DateRef | None,
    places: tuple[PlaceRef, ...],
    types: tuple[str, ...] = ("bombing",),
    actors: tuple[str, ...] = (),
    figures: tuple[int, ...] = (10,),
    index: int = 0,
    role: str = "main",
) -> Mention:
    """A hand-made mention with casualty figures at offsets 100, 200, ... of its article."""
    figs = tuple(
        FigureAssignment(FigureRef(100 * (i + 1), 100 * (i + 1) + 2, str(v), "killed", v, v, v), "clause")
        for i, v in enumerate(figures)
    )
    return Mention(
        source_id=source,
        index=index,
        role=role,
        start=0,
        end=50,
        types=types,
        type_words=(),
        date=date,
        date_words=(),
        places=places,
        place_words=(),
        actors=actors,
        actor_words=(),
        figures=figs,
        published=published,
    )


def article(*mentions: Mention) -> ArticleMentions:
    first = mentions[0]
    return ArticleMentions(first.source_id, first.published, tuple(mentions), ())
