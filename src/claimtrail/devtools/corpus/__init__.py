"""Synthetic corpora: a complete temporary repository of machine-written articles, for tests and benchmarks.

``generate_corpus(dest, n_articles, seed=..., template_root=...)`` writes a new
repository at ``dest`` that ``claimtrail build --root DEST`` accepts:

* ``report/``, ``mkdocs.yml``, ``pyproject.toml`` and ``requirements/lock.txt``
  copied from ``template_root`` (each only if present there);
* ``raw/dataset.yaml`` (``synthetic-<n>``) and ``raw/events.yaml`` with a handful
  of synthetic events whose places are gazetteer names;
* ``n_articles`` articles in raw files, each with a correct provenance sidecar:
  compilation pages (3–8 articles, a ``Category:`` header, a ``%d bloggers
  like this:`` footer, every ``Source:`` line style the parser reads: `` – ``,
  `` — `` and `` - `` before the outlet, ``| Section | News | Outlet``, a
  wire dateline with a title-only Source line, an outlet naming its own
  sources) and single-article files with YAML front matter.

The text is invented wire copy about the war in Syria: figures for killed,
injured, bombs, airstrikes, troops, fighters and villages in every qualifier
form the extractor reads ("23", "1,200", "seven", "a dozen", "between seven and
nine", "48–53", "7 to 9", "184+", about/around/some/roughly, nearly/almost, at
least/no less than/no fewer than, more than/over/upwards of, up to/as many as,
dozens/scores/hundreds/thousands), attributed in the usual ways (said,
according to, claimed responsibility, reported, a state-media toll), between
sentences whose numbers count nothing (years, dates, times of day, ages,
durations, distances, model names such as F-16 and Su-24).  Every place
named is a gazetteer city.  No annotations are written: the build drafts the
claims of every article.

Every story reports one event (a bombing, air strikes or an attack): a curated
one or one known only to the generator, about four stories to an event and at
least two, from different outlets.  Its headline and lead name the trigger and
the city with its country; the lead's date is a weekday read against the
publication date, or (on a compilation page, which has none) the day of the
month.  Every third event is a decoy of the one before: the same city on
another day, or the same day in another area.  Three stories in ten also tell
an earlier event of the year ("On March 3, a car bomb in Homs killed 12").
``GeneratedCorpus.figures`` gives every casualty figure written, where it
stands and which event it belongs to; ``truth`` each source's event, and
``events`` the events reported, so that linking can be scored
(``claimtrail bench``).

Output is a function of ``(n_articles, seed)`` and the template files only:
one ``random.Random(seed)`` drives every choice, nothing reads the clock, and
files are written one at a time in a fixed order (nothing is held in memory
but the ids and text hashes that keep articles unique).  Every article's
source id and text are distinct, as the build requires.  Nothing is ever
written under ``<template_root>/raw``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ...hashing import sha256_hex, text_sha256
from ...layout import RAW_DIR
from ...raw import SIDECAR_SUFFIX
from ...raw.articles import source_id_for
from .files import (
    GeneratedCorpus,
    TruthEvent,
    TruthFigure,
    _check_dest,
    _copy_template,
    _dataset_yaml,
    _events_yaml,
    _sidecar,
)
from .sentences import _Article, _Story, strip_marks
from .vocabulary import CATEGORIES, FOOTERS
from .writer import _Writer

__all__ = ["GeneratedCorpus", "TruthEvent", "TruthFigure", "generate_corpus"]


@dataclass
class _Seen:
    """What the files written so far hold: article ids and text hashes (kept unique), each event's outlets, and the
    known truth."""

    ids: set[str] = field(default_factory=set)
    texts: set[str] = field(default_factory=set)
    outlets: dict[str, set[str]] = field(default_factory=dict)  # event -> the outlets that reported it
    truth: dict[str, str] = field(default_factory=dict)  # source id -> the event its story reports

    def unique(self, make: Callable[[], tuple[_Article, str, bytes]], event: str) -> tuple[str, bytes]:
        """make() until its article's id and text are new (a repeat is astronomically rare, but the build refuses
        one) and, for a while, until its outlet has not reported the story's event yet; its id and bytes."""
        outlets = self.outlets.setdefault(event, set())
        for attempt in range(100):
            article, ident, data = make()
            key = text_sha256(" ".join(strip_marks(article.body)[0].split()))
            if attempt < 50 and article.publisher in outlets:
                continue
            if ident not in self.ids and key not in self.texts:
                self.ids.add(ident)
                self.texts.add(key)
                outlets.add(article.publisher)
                self.truth[ident] = event
                return ident, data
        raise RuntimeError("the generator keeps repeating an article id or text")  # pragma: no cover


def _page_file(w: _Writer, seen: _Seen, first: int, size: int, n_articles: int) -> tuple[str, str]:
    """A compilation page of `size` articles numbered from `first`: its marked text and description."""
    r = w.rng
    chunks = [r.choice(CATEGORIES), ""]
    for number in range(first, first + size):
        story = w.story(number, dated=False, remaining=n_articles - number + 1)

        def make(story: _Story = story) -> tuple[_Article, str, bytes]:
            article, source_line = w.page_article(story)
            ident = source_id_for(article.publisher, article.title, "")
            return article, ident, f"{article.body}\n\n{source_line}".encode()

        part = seen.unique(make, story.truth)[1]
        chunks += [part.decode("utf-8"), r.choice(("", "", "\n"))]
    chunks.append(r.choice(FOOTERS))
    description = (
        f"Synthetic compilation page (a blog page reposting {size} articles, each ending with a "
        "'Source:' line), written by claimtrail.devtools.corpus"
    )
    return "\n".join(chunks) + "\n", description


def _single_file(w: _Writer, seen: _Seen, number: int, n_articles: int) -> str:
    """A single-article file (front matter with its publication date, 0-3 days after the event): its marked text."""
    story = w.story(number, dated=True, remaining=n_articles - number + 1)
    published = story.day + dt.timedelta(days=w.rng.choice((0, 0, 1, 1, 2, 3)))

    def make() -> tuple[_Article, str, bytes]:
        article, ident, text = w.single_article(story, published)
        return article, ident, text.encode("utf-8")

    return seen.unique(make, story.truth)[1].decode("utf-8")


def generate_corpus(dest: Path, n_articles: int, *, seed: int = 0, template_root: Path) -> GeneratedCorpus:
    """Write a complete synthetic repository of `n_articles` articles at `dest` (a new or empty directory).

    Raises ValueError when `dest` is inside `<template_root>/raw`, is not a
    new or empty directory, or `n_articles` is below 1.
    """
    if isinstance(n_articles, bool) or not isinstance(n_articles, int) or n_articles < 1:
        raise ValueError(f"n_articles must be a whole number of at least 1, not {n_articles!r}")
    root = _check_dest(Path(dest), Path(template_root))
    root.mkdir(parents=True, exist_ok=True)
    _copy_template(Path(template_root), root)
    raw_dir = root / RAW_DIR
    raw_dir.mkdir()
    w = _Writer(seed)
    (raw_dir / "dataset.yaml").write_bytes(_dataset_yaml(n_articles, seed))
    (raw_dir / "events.yaml").write_bytes(_events_yaml(w.make_events()))
    w.plan(n_articles)

    seen = _Seen()
    figures: list[TruthFigure] = []
    number = n_files = n_bytes = 0
    while number < n_articles:
        remaining = n_articles - number
        page = remaining >= 3 and (n_files == 0 or (n_files > 1 and w.rng.random() < 0.3))
        n_files += 1
        if page:
            size = min(remaining, w.rng.randint(3, 8))
            marked, description = _page_file(w, seen, number + 1, size, n_articles)
            number += size
            suffix, kind = "txt", "compilation_page"
        else:
            number += 1
            marked = _single_file(w, seen, number, n_articles)
            suffix, kind = "md", "article"
            description = "Synthetic single-article file with YAML front matter, written by claimtrail.devtools.corpus"
        text, spans = strip_marks(marked)
        data = text.encode("utf-8")
        name = f"{n_files:05d}_{sha256_hex(data)[:16]}.{suffix}"
        figures += [TruthFigure(f"{RAW_DIR}/{name}", s, e, text[s:e], event) for s, e, event in spans]
        (raw_dir / name).write_bytes(data)
        (raw_dir / (name + SIDECAR_SUFFIX)).write_bytes(_sidecar(name, data, kind, description, seed))
        n_bytes += len(data)
    curated = {e.event_id for e in w.events}
    events = tuple(
        sorted(
            (TruthEvent(e.event_id, e.kind, e.day, e.places[0], e.event_id in curated) for e in w.reported()),
            key=lambda e: e.event_id,
        )
    )
    return GeneratedCorpus(root, n_articles, n_files, n_bytes, seen.truth, tuple(figures), events)
