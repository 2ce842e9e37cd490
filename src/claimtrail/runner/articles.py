"""Per-article rows through the caches and the executors: compute_work, event mentions, linking, article_bundles.

Order: each article's event mentions (cached by the article's own key, so its
work is loaded only when they are not), then corpus-wide linking (stage
``link``), then each article's rows, cached under its own key and its own
links' digest: an article joining an event re-keys nobody else's rows.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from ..cache.mentions import decode_mentions, encode_mentions
from ..cache.store import EntryStore
from ..cache.versions import bundle_keys
from ..cache.work import WorkCache
from ..extract import work_of_article
from ..extract.findings import ArticleWork
from ..hashing import cache_key
from ..layout import CACHE_DIR, CACHE_ROOT
from ..link import ArticleMentions, Linking, SyndicationText, text_sketch
from ..package import (
    ArticleBundle,
    article_bundle,
    decode_bundle,
    encode_bundle,
)
from ..raw.articles import Article
from ..rows.article import checked_article_rows, effective_published
from ..rows.corpus import Corpus
from ..rows.linking import NO_LINKS, ArticleLinks, event_mentions, link_articles, links_digest
from ..rows.review import CorrectionCounts
from .executors import ArticleTask, executor_for, make_task, mapper_for, work_for
from .options import BuildOptions


def compute_work(
    root: Path, corpus: Corpus, articles: Sequence[Article], options: BuildOptions
) -> tuple[dict[str, ArticleWork], WorkCache]:
    """Findings and sentences of some articles, through the cache and the chosen executor."""
    cache = WorkCache(root / CACHE_DIR if options.cache else None)
    keyed: list[tuple[Article, ArticleTask]] = []
    for a in articles:
        text = corpus.raw_texts[a.raw_path][a.char_start : a.char_end]
        keyed.append((a, make_task(text, effective_published(a, corpus.annotations.get(a.source_id)))))
    done = work_for([t for _, t in keyed], cache, executor_for(options.executor, options.scheduler, options.workers))
    return {a.source_id: done[t.key].shifted(a.char_start) for a, t in keyed}, cache


@dataclass(frozen=True)
class MentionsTask:
    """One machine-drafted article: its raw file's text, what its dates resolve against, and its work when the
    work cache holds it (offsets from the article's start)."""

    article: Article
    text: str
    work_published: str  # for the extraction (the annotation's date, when a link-notes file gives one)
    work_key: str  # the work cache's key of the article's text and that date
    published: str  # for the event mentions
    work: ArticleWork | None


def do_mentions_task(task: MentionsTask) -> tuple[ArticleWork, ArticleMentions, tuple[int, ...], float]:
    """The article's work (offsets from its start; computed unless cached), its event mentions, its body's
    syndication sketch, and the CPU seconds the last two took (runs where the executor puts it, in one task with
    the extraction)."""
    a = task.article
    work = (
        task.work
        if task.work is not None
        else work_of_article(task.text[a.char_start : a.char_end], task.work_published)
    )
    started = time.process_time()
    mentions = event_mentions(a, task.text, task.published, work.shifted(a.char_start))
    sketch = text_sketch(task.text[a.body_start : a.body_end])
    return work, mentions, sketch, time.process_time() - started


def corpus_mentions(
    root: Path, corpus: Corpus, keys: Sequence[str], options: BuildOptions
) -> tuple[list[ArticleMentions], dict[str, tuple[int, ...]], dict[str, ArticleWork]]:
    """The event mentions and syndication sketches of every article no curator annotated, from the cache or
    computed on the executor in one task with the article's work, and the work computed on the way (for the rows).

    The task's seconds are the extract stage's; the CPU seconds spent on mentions and sketches are reported to
    ``options.measure("mentions", seconds)``, so that linking's cost can be told apart.
    """
    store = EntryStore(root / CACHE_ROOT / "mentions" if options.cache else None, ".mentions")
    machine = [
        (a, cache_key("mentions", k))
        for a, k in zip(corpus.articles, keys, strict=True)
        if _machine_drafted(corpus, a.source_id)
    ]
    found: dict[str, ArticleMentions] = {}
    sketches: dict[str, tuple[int, ...]] = {}
    work: dict[str, ArticleWork] = {}
    with options.stage("extract"):
        for a, key in machine:
            data = store.get(key)
            if data is not None:
                try:
                    found[a.source_id], sketches[a.source_id] = decode_mentions(data)
                except (ValueError, TypeError, KeyError):
                    store.miss()
        cache = WorkCache(root / CACHE_DIR if options.cache else None)
        todo = [(a, key) for a, key in machine if a.source_id not in found]
        tasks = []
        for a, _ in todo:
            text = corpus.raw_texts[a.raw_path]
            work_published = effective_published(a, corpus.annotations.get(a.source_id))
            work_key = make_task(text[a.char_start : a.char_end], work_published).key
            tasks.append(
                MentionsTask(a, text, work_published, work_key, effective_published(a, None), cache.get(work_key))
            )
        results = mapper_for(options.executor, options.scheduler, options.workers)(do_mentions_task, tasks)
        cpu = 0.0
        for (a, key), task, (got, mentions, sketch, seconds) in zip(todo, tasks, results, strict=True):
            if task.work is None:
                cache.put(task.work_key, got)
            work[a.source_id] = got.shifted(a.char_start)
            found[a.source_id], sketches[a.source_id] = mentions, sketch
            store.put(key, encode_mentions(mentions, sketch))
            cpu += seconds
        options.measure("mentions", cpu)
    return [found[a.source_id] for a, _ in machine], sketches, work


def corpus_links(
    corpus: Corpus, mentions: Sequence[ArticleMentions], sketches: Mapping[str, tuple[int, ...]]
) -> tuple[Linking, dict[str, ArticleLinks]]:
    """Corpus-wide linking of the mentions to the curated events, and the syndicated copies of every article
    (with the sketches computed beside the mentions; a curated article's is computed here)."""
    texts = [
        SyndicationText(
            a.source_id,
            a.published or None,
            corpus.raw_texts[a.raw_path][a.body_start : a.body_end],
            sketches.get(a.source_id),
        )
        for a in corpus.articles
    ]
    return link_articles(mentions, corpus.events, texts, corpus.annotations)


def _machine_drafted(corpus: Corpus, source_id: str) -> bool:
    """No curator's claims: no annotation, or one of link notes only."""
    ann = corpus.annotations.get(source_id)
    return ann is None or ann.links_only


def article_bundles(
    root: Path, corpus: Corpus, options: BuildOptions
) -> tuple[list[ArticleBundle], CorrectionCounts, EntryStore, Linking]:
    """Every article's bundle, in article order: from the cache, or computed (and cached); and the linking.

    Computed rows are checked for anchoring here; rows from the cache were checked
    when they were computed, from the same text.  With keep_tables every article
    is computed, so that its rows are at hand.
    """
    store = EntryStore(root / CACHE_ROOT / "rows" if options.cache else None, ".bundle")
    base = bundle_keys(root, corpus)
    mentions, sketches, work = corpus_mentions(root, corpus, base, options)
    with options.stage("link"):
        linking, links = corpus_links(corpus, mentions, sketches)
        keys = [
            cache_key(k, links_digest(links.get(a.source_id, NO_LINKS)))
            for a, k in zip(corpus.articles, base, strict=True)
        ]
    found: list[ArticleBundle | None] = []
    with options.stage("extract"):
        for key in keys:
            data = None if options.keep_tables else store.get(key)
            try:
                found.append(None if data is None else decode_bundle(key, data))
            except (ValueError, TypeError, KeyError, AttributeError):  # UnicodeDecodeError is a ValueError
                store.miss()
                found.append(None)
        if options.keep_tables:
            store.misses += len(keys)
        todo = [a for a, b in zip(corpus.articles, found, strict=True) if b is None and a.source_id not in work]
        work.update(compute_work(root, corpus, todo, options)[0])
    with options.stage("tables"):
        events_by_id = {e.event_id: e for e in corpus.events}
        counts = CorrectionCounts()
        rows_before: dict[str, int] = defaultdict(int)
        bundles: list[ArticleBundle] = []
        for article, key, bundle in zip(corpus.articles, keys, found, strict=True):
            if bundle is None:
                text = corpus.raw_texts[article.raw_path]
                got = checked_article_rows(
                    article,
                    corpus.annotations.get(article.source_id),
                    text,
                    corpus.raw_sha256[article.raw_path],
                    events_by_id,
                    work.pop(article.source_id),
                    rows_before,
                    links.get(article.source_id, NO_LINKS),
                )
                bundle = article_bundle(key, got.rows, asdict(got.counts), keep_rows=options.keep_tables)
                store.put(key, encode_bundle(bundle))
            counts.add(CorrectionCounts(**bundle.counts))
            for name, n in bundle.n_rows.items():
                rows_before[name] += n
            bundles.append(bundle)
    return bundles, counts, store, linking
