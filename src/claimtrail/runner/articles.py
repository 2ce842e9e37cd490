"""Per-article rows through the caches and the executors: compute_work, event mentions, linking, article_bundles.

Order: each article's event mentions (cached by the article's own key, so its
work is loaded only when they are not), then corpus-wide linking (stage
``link``), then each article's rows, cached under its own key and its own
links' digest: an article joining an event re-keys nobody else's rows.

Memory: what the whole corpus holds between the stages is its mentions (for
linking) and, per article, its sources row and linked rows (for the event
tables).  An article's work waits for its rows in the work cache (HeldWork), and
its CSV lines go to the table files as soon as they are made (TableFiles).
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
from ..cache.work import WorkCache, decode_work, encode_work
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
from ..raw.events import Event
from ..rows.article import checked_article_rows, effective_published
from ..rows.corpus import Corpus
from ..rows.events import LINKED_FIELDS
from ..rows.linking import NO_LINKS, ArticleLinks, event_mentions, link_articles, links_digest
from ..rows.review import CorrectionCounts
from .executors import ArticleTask, executor_for, make_task, mapper_for, work_for
from .options import BuildOptions
from .table_files import TableFiles


class HeldWork:
    """Each article's work from its extraction until its rows are made, without holding the corpus's findings:
    with a work cache, only the entry's key (read back when the rows need it); without one, the encoded bytes."""

    def __init__(self, cache: WorkCache) -> None:
        self.cache = cache
        self._held: dict[str, tuple[str, int, bytes | None]] = {}

    def put(self, article: Article, key: str, work: ArticleWork) -> None:
        """Hold `work` (offsets from the article's start, as computed under the work cache's `key`)."""
        data = None if self.cache.keeps else encode_work(work)
        self._held[article.source_id] = (key, article.char_start, data)

    def __contains__(self, source_id: object) -> bool:
        return source_id in self._held

    def pop(self, article: Article, text: str, published: str) -> ArticleWork:
        """The article's work, offsets into its raw file (recomputed from `text`, the article's own, and its
        `published` date if the cache lost the entry meanwhile: a deleted or damaged cache)."""
        key, offset, data = self._held.pop(article.source_id)
        work = decode_work(data) if data is not None else self.cache.get(key)
        if work is None:
            work = work_of_article(text, published)
        return work.shifted(offset)


def compute_work(
    root: Path, corpus: Corpus, articles: Sequence[Article], options: BuildOptions, held: HeldWork
) -> None:
    """Findings and sentences of some articles, through the cache and the chosen executor, into `held`."""
    keyed: list[tuple[Article, ArticleTask]] = []
    for a in articles:
        text = corpus.raw_texts[a.raw_path][a.char_start : a.char_end]
        keyed.append((a, make_task(text, effective_published(a, corpus.annotations.get(a.source_id)))))
    by_key: dict[str, list[Article]] = defaultdict(list)
    for a, t in keyed:
        by_key[t.key].append(a)
    run = executor_for(options.executor, options.scheduler, options.workers)
    for key, work in work_for([t for _, t in keyed], held.cache, run):
        for a in by_key[key]:
            held.put(a, key, work)


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
) -> tuple[list[ArticleMentions], dict[str, tuple[int, ...]], HeldWork]:
    """The event mentions and syndication sketches of every article no curator annotated, from the cache or
    computed on the executor in one task with the article's work, and the work computed on the way (held for the
    rows).

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
    held = HeldWork(WorkCache(root / CACHE_DIR if options.cache else None))
    with options.stage("extract"):
        for a, key in machine:
            data = store.get(key)
            if data is not None:
                try:
                    found[a.source_id], sketches[a.source_id] = decode_mentions(data)
                except (ValueError, TypeError, KeyError):
                    store.miss()
        todo = [(a, key) for a, key in machine if a.source_id not in found]
        tasks = []
        for a, _ in todo:
            text = corpus.raw_texts[a.raw_path]
            work_published = effective_published(a, corpus.annotations.get(a.source_id))
            work_key = make_task(text[a.char_start : a.char_end], work_published).key
            tasks.append(
                MentionsTask(a, text, work_published, work_key, effective_published(a, None), held.cache.get(work_key))
            )
        results = mapper_for(options.executor, options.scheduler, options.workers)(do_mentions_task, tasks)
        cpu = 0.0
        for (a, key), task, (got, mentions, sketch, seconds) in zip(todo, tasks, results, strict=True):
            if task.work is None:
                held.cache.put(task.work_key, got)
            held.put(a, task.work_key, got)
            found[a.source_id], sketches[a.source_id] = mentions, sketch
            store.put(key, encode_mentions(mentions, sketch))
            cpu += seconds
        del tasks  # the texts and any cached work they carried
        options.measure("mentions", cpu)
    return [found[a.source_id] for a, _ in machine], sketches, held


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
    root: Path, corpus: Corpus, options: BuildOptions, tables: TableFiles
) -> tuple[list[ArticleBundle], CorrectionCounts, EntryStore, Linking]:
    """Every article's bundle, in article order: from the cache, or computed (and cached); and the linking.

    Each bundle's CSV lines are written to `tables` as it comes, in article order, and let go of: the
    bundles returned hold what corpus-wide rows need (and, with keep_tables, every row).

    Computed rows are checked for anchoring here; rows from the cache were checked
    when they were computed, from the same text.  With keep_tables every article
    is computed, so that its rows are at hand.
    """
    store = EntryStore(root / CACHE_ROOT / "rows" if options.cache else None, ".bundle")
    base = bundle_keys(root, corpus)
    mentions, sketches, held = corpus_mentions(root, corpus, base, options)
    with options.stage("link"):
        linking, links = corpus_links(corpus, mentions, sketches)
        del mentions, sketches
        keys = [
            cache_key(k, links_digest(links.get(a.source_id, NO_LINKS)))
            for a, k in zip(corpus.articles, base, strict=True)
        ]
    cached: list[bool] = []
    with options.stage("extract"):
        for key in keys:
            cached.append(not options.keep_tables and store.has(key))
            if not cached[-1]:
                store.misses += 1
        todo = [a for a, hit in zip(corpus.articles, cached, strict=True) if not hit and a.source_id not in held]
        compute_work(root, corpus, todo, options, held)
    with options.stage("tables"):
        events_by_id = {e.event_id: e for e in corpus.events}
        counts = CorrectionCounts()
        rows_before: dict[str, int] = defaultdict(int)
        bundles: list[ArticleBundle] = []
        for article, key, hit in zip(corpus.articles, keys, cached, strict=True):
            bundle = _cached_bundle(store, key) if hit else None
            if bundle is None:
                if hit:  # listed, but unreadable or damaged now: its work is computed here
                    compute_work(root, corpus, [article], options, held)
                bundle = _computed_bundle(corpus, article, key, held, events_by_id, rows_before, links, options)
                store.put(key, encode_bundle(bundle))
            counts.add(CorrectionCounts(**bundle.counts))
            for name, n in bundle.n_rows.items():
                rows_before[name] += n
            tables.add(bundle)
            bundles.append(bundle)
    return bundles, counts, store, linking


def _cached_bundle(store: EntryStore, key: str) -> ArticleBundle | None:
    """The stored bundle under `key`, or None if it is gone or cannot be read (counted as a miss)."""
    data = store.get(key)
    if data is None:
        return None
    try:
        return decode_bundle(key, data)
    except (ValueError, TypeError, KeyError, AttributeError):  # UnicodeDecodeError is a ValueError
        store.miss()
        return None


def _computed_bundle(
    corpus: Corpus,
    article: Article,
    key: str,
    held: HeldWork,
    events_by_id: Mapping[str, Event],
    rows_before: Mapping[str, int],
    links: Mapping[str, ArticleLinks],
    options: BuildOptions,
) -> ArticleBundle:
    """The article's rows from its held work, checked for anchoring, as a bundle."""
    text = corpus.raw_texts[article.raw_path]
    annotation = corpus.annotations.get(article.source_id)
    work = held.pop(article, text[article.char_start : article.char_end], effective_published(article, annotation))
    got = checked_article_rows(
        article,
        annotation,
        text,
        corpus.raw_sha256[article.raw_path],
        events_by_id,
        work,
        rows_before,
        links.get(article.source_id, NO_LINKS),
    )
    return article_bundle(key, got.rows, asdict(got.counts), linked_fields=LINKED_FIELDS, keep_rows=options.keep_tables)
