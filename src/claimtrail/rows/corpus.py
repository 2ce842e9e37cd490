"""The corpus: every article, raw text, annotation and event a build reads, checked as a whole; build_tables, the in-memory pipeline the tests use."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import ClaimtrailError
from ..extract import work_of_article
from ..extract.findings import ArticleWork
from ..hashing import text_sha256
from ..link import SyndicationText
from ..raw.annotations import Annotation
from ..raw.articles import Article
from ..raw.events import Event
from ..schema import TABLES
from ..text import line_at
from .article import Tables, checked_article_rows, effective_published
from .events import event_tables
from .linking import NO_LINKS, event_mentions, link_articles
from .review import CorrectionCounts


@dataclass(frozen=True)
class Corpus:
    """Everything the tables are built from."""

    articles: tuple[Article, ...]
    raw_texts: Mapping[str, str]  # raw_path -> decoded text
    raw_sha256: Mapping[str, str]  # raw_path -> sha256 of the file
    annotations: Mapping[str, Annotation]  # source_id -> annotation
    events: tuple[Event, ...]
    work: Mapping[str, ArticleWork] | None = None  # source_id -> findings and sentences (raw-file offsets)
    # "raw_path\0index" -> body_key of the article, where the runner has it from its cache
    body_keys: Mapping[str, str] | None = None


def build_tables(corpus: Corpus) -> Tables:
    """Rows of every table, checked for anchoring, event ids and coverage."""
    return build_tables_with_report(corpus)[0]


def article_work(corpus: Corpus, article: Article) -> ArticleWork:
    """Findings and sentences of an article (computed by the runner's executor, or here)."""
    if corpus.work is not None and article.source_id in corpus.work:
        return corpus.work[article.source_id]
    text = corpus.raw_texts[article.raw_path]
    published = effective_published(article, corpus.annotations.get(article.source_id))
    return work_of_article(text[article.char_start : article.char_end], published).shifted(article.char_start)


def check_corpus(corpus: Corpus) -> None:
    """Corpus-wide checks before any rows: no duplicate article or id, no annotation without its article."""
    _check_ids(corpus)
    parsed_ids = {a.source_id for a in corpus.articles}
    for source_id, orphan in corpus.annotations.items():
        if source_id not in parsed_ids:
            known = ", ".join(sorted(parsed_ids))
            raise ClaimtrailError(
                orphan.path,
                f"annotates article {source_id!r}, which no raw file contains",
                f"rename the file and its source_id to one of the parsed ids: {known}",
                line=1,
            )


def build_tables_with_report(corpus: Corpus) -> tuple[Tables, CorrectionCounts]:
    """Rows of every table, and how curators corrected the machine's figures."""
    check_corpus(corpus)
    counts = CorrectionCounts()
    events_by_id = {e.event_id: e for e in corpus.events}
    tables: Tables = {t.name: [] for t in TABLES}
    works = {a.source_id: article_work(corpus, a) for a in corpus.articles}
    mentions = [
        event_mentions(a, corpus.raw_texts[a.raw_path], effective_published(a, None), works[a.source_id])
        for a in corpus.articles
        if a.source_id not in corpus.annotations or corpus.annotations[a.source_id].links_only
    ]
    texts = [
        SyndicationText(a.source_id, a.published or None, corpus.raw_texts[a.raw_path][a.body_start : a.body_end])
        for a in corpus.articles
    ]
    linking, links = link_articles(mentions, corpus.events, texts, corpus.annotations)
    for article in corpus.articles:
        text = corpus.raw_texts[article.raw_path]
        ann = corpus.annotations.get(article.source_id)
        got = checked_article_rows(
            article,
            ann,
            text,
            corpus.raw_sha256[article.raw_path],
            events_by_id,
            works[article.source_id],
            links=links.get(article.source_id, NO_LINKS),
        )
        counts.add(got.counts)
        for name, rows in got.rows.items():
            tables[name].extend(rows)
    linked = [r for name in ("claims", "figures") for r in tables[name] if r["event_id"]]
    tables.update(event_tables(corpus.events, tables["sources"], linked, linking.events))
    return {t.name: tables[t.name] for t in TABLES}, counts


def body_key(text: str, article: Article) -> str:
    """sha256 of an article's body with runs of whitespace made one space: equal for the same text."""
    body = re.sub(r"\s+", " ", text[article.body_start : article.body_end]).strip()
    return text_sha256(body)


def _check_ids(corpus: Corpus) -> None:
    # The same text first: a file copied under a second name is a duplicate, whatever its id.
    by_hash: dict[str, Article] = {}
    for a in corpus.articles:
        text = corpus.raw_texts[a.raw_path]
        key = (corpus.body_keys or {}).get(f"{a.raw_path}\0{a.index}") or body_key(text, a)
        if key in by_hash:
            first = by_hash[key]
            raise ClaimtrailError(
                a.raw_path,
                f"article {a.source_id!r} has the same text as {first.source_id!r} in {first.raw_path}",
                "keep one copy of the article in raw/ and delete the other file and its sidecar",
                line=line_at(text, a.char_start),
            )
        by_hash[key] = a
    seen: dict[str, Article] = {}
    for a in corpus.articles:
        if a.source_id in seen:
            first = seen[a.source_id]
            raise ClaimtrailError(
                a.raw_path,
                f"article {a.index} has the id {a.source_id!r}, already used by article {first.index} of {first.raw_path}",
                "give one of them its own 'id:' in front matter, or remove the duplicate file",
                line=line_at(corpus.raw_texts[a.raw_path], a.char_start),
            )
        seen[a.source_id] = a
