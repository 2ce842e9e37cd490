"""Stage 8, pages: query results become the site's pages (Markdown for MkDocs, HTML bodies for the shell).

Templates in report/templates only display what Python hands them: query
results, pre-rendered article HTML and charts.  Every piece of article text is
HTML-escaped (Jinja autoescape, html.escape here), and it is always placed
inside raw HTML blocks, where Markdown, pymdown and template syntax are inert.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..hashing import text_sha256
from ..query import NamedQuery, QueryResult
from ..schema import table
from ..text import visible_bidi

SOURCE_QUERIES = ("source_detail", "source_claims", "source_figures", "source_mentions")


# The source queries with many rows per source, run per page (builder.RowSource) when they can be.
SOURCE_ROW_QUERIES = ("source_claims", "source_figures", "source_mentions")


# Indexes whose rows are fetched for the pages being rendered only (builder.RowSource); their
# SiteInputs.results hold just the source_id of each row, in order, to cut the pages.
INDEX_ROW_QUERIES = ("claims_index", "figures_index")


EVENT_QUERIES = ("event_detail", "event_places", "event_claims", "event_figures", "event_estimates")


# The event queries with many rows per event, run per batch of event pages (builder.RowSource) when they can
# be; their SiteInputs.results hold just the event_id and source_id of each row, and SiteInputs.event_digests
# a digest of each event's rows.
EVENT_ROW_QUERIES = ("event_claims", "event_figures")


@dataclass(frozen=True)
class SiteInputs:
    """Everything the pages are rendered from."""

    results: Mapping[str, QueryResult]  # every named query, run over the whole corpus
    raw_texts: Mapping[str, str]
    dataset: Mapping[str, Any]
    package_version: str
    package_sha256: str
    queries: Mapping[str, NamedQuery]
    expected_hashes: Sequence[Mapping[str, str]]  # {path, sha256} of the committed data files
    source_date_epoch: int
    # source_id -> hash of everything its rows depend on (the runner's cache key for them).
    # A source page shows only its own rows and the events table, so this digest and the
    # events' decide it.
    source_digests: Mapping[str, str] = field(default_factory=dict)
    # event_id -> digest of the event's rows of EVENT_ROW_QUERIES (the pages' cache key for them), when
    # results hold only those rows' keys.
    event_digests: Mapping[str, str] = field(default_factory=dict)
    # raw path -> its sidecar's provenance as datapackage.json lists it (origin, retrieved, licence).
    raw_provenance: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


def _meta(title: str) -> str:
    # MkDocs themes print the page title unescaped (header, <title>), so it is
    # HTML-escaped here; JSON strings are valid YAML, so it cannot break out of
    # the front matter either.
    return "---\ntitle: " + json.dumps(html.escape(visible_bidi(title), quote=True), ensure_ascii=False) + "\n---\n\n"


def _group(rows: Sequence[Mapping[str, Any]], key: str) -> list[tuple[Any, list[Mapping[str, Any]]]]:
    groups: dict[Any, list[Mapping[str, Any]]] = defaultdict(list)
    order: list[Any] = []
    for r in rows:
        if r[key] not in groups:
            order.append(r[key])
        groups[r[key]].append(r)
    return [(k, groups[k]) for k in order]


# Indexes longer than this are split into pages (at most 1.5 times as many rows: a claims index page of about
# 375 KB, which a phone opens without waiting; the pages' chrome is shared, so more pages cost little).
PAGE_SIZE = 500
# Pages are rendered one batch at a time, and only one batch's rows are held: the rows of up to this many
# source pages, event pages, or pages of one index (each about PAGE_SIZE rows).
SOURCE_BATCH = 500
EVENT_BATCH = 200
INDEX_BATCH = 8
# The rows the home and methodology pages show of their article tables (the first page of 1,000).
SUMMARY_ROWS = 1000


@dataclass(frozen=True)
class Pages:
    """The site's pages: Markdown for MkDocs, and HTML bodies set into the MkDocs page shell.

    Pages that exist once per article or event, and the later pages of long
    indexes, are rendered straight to HTML inside a shell page MkDocs built, so
    that the site's build time grows with the data, not with MkDocs' per-page
    cost (MkDocs writes the whole navigation into every page it builds).
    """

    markdown: dict[str, str]  # docs path -> Markdown text (with front matter)
    # site path (sources/ID.html, claims/index.html...) -> the page.  Bodies are rendered one at a time as they
    # are written, so the site's pages never all sit in memory.
    html: dict[str, HtmlPage]
    # Called with the site paths of the pages about to be rendered, before the first is.
    prepare: Callable[[Sequence[str]], None] = lambda paths: None
    # The site paths of the listings (every page of every index), which any change of the data may touch.
    listings: frozenset[str] = frozenset()


@dataclass(frozen=True)
class HtmlPage:
    """A page set into the shell: its title, a function rendering its body, and a digest of its data.

    The digest changes whenever the data the body shows changes, so the runner can
    reuse the page of an earlier build whose title, digest, templates, queries and
    shell were the same.
    """

    title: str
    body: Callable[[], str]
    digest: str
    # True: MkDocs built this page from a stub (deferred_stub) and its body goes in place of
    # the stub's marker, the built page being its own shell (index pages in the navigation).
    in_place: bool = False


def data_digest(*parts: object) -> str:
    """sha256 of the repr of query rows and values (dicts keep their column order; floats repr exactly)."""
    return text_sha256(repr(parts))


def event_row_digests(by_query: Mapping[str, Mapping[str, str]], event_ids: Sequence[str]) -> dict[str, str]:
    """event_id -> one digest of its rows of EVENT_ROW_QUERIES, from each query's digests by event
    (query.digests_by_key); an event with no rows in a query digests it as ""."""
    return {e: data_digest(*(by_query[name].get(e, "") for name in EVENT_ROW_QUERIES)) for e in event_ids}


def by_key(result: QueryResult, key: str) -> dict[Any, QueryResult]:
    """A corpus-wide result split into one result per value of `key` (same query, its rows)."""
    groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in result.rows:
        groups[row[key]].append(row)
    return {k: QueryResult(result.query, result.columns, tuple(rows)) for k, rows in groups.items()}


def paginate(result: QueryResult, page_size: int = PAGE_SIZE, group_key: str | None = None) -> list[QueryResult]:
    """The result cut into pages (at least one page).

    Without `group_key`: pages of `page_size` rows.  With it, pages end only
    where the key's value changes, and where they end depends on the rows near
    the cut, not on their position (content-defined cuts, as in rsync): before a
    run of rows with key k a page ends if it holds at least page_size / 5 rows and
    the hash of k falls below a threshold proportional to the run's length (so
    pages hold about page_size rows), or if the run would take it over
    1.5 × page_size rows (so that no page nears 2 MB).  Adding or removing a row then changes the page it is
    on, not every later one, and a rebuild renders only that page again.
    """
    rows = result.rows
    if group_key is None:
        chunks = [rows[i : i + page_size] for i in range(0, len(rows), page_size)] or [()]
        return [QueryResult(result.query, result.columns, tuple(chunk)) for chunk in chunks]
    runs: list[tuple[Any, int, int]] = []  # (key, start, end)
    for i, row in enumerate(rows):
        if runs and runs[-1][0] == row[group_key]:
            runs[-1] = (runs[-1][0], runs[-1][1], i + 1)
        else:
            runs.append((row[group_key], i, i + 1))
    min_rows, max_rows, target = page_size // 5, page_size + page_size // 2, page_size - page_size // 5
    pages: list[tuple[int, int]] = []
    start = 0
    for key, run_start, run_end in runs:
        in_page = run_start - start
        n = run_end - run_start
        cut = int(text_sha256(str(key))[:16], 16) < (2**64) * n // target
        if in_page and ((in_page >= min_rows and cut) or in_page + n > max_rows):
            pages.append((start, run_start))
            start = run_start
        while run_end - start > max_rows:  # one run longer than a page: fixed-size pieces
            pages.append((start, start + max_rows))
            start += max_rows
    pages.append((start, len(rows)))
    return [QueryResult(result.query, result.columns, tuple(rows[a:b])) for a, b in pages]


def _run_start(rows: Sequence[Mapping[str, Any]], at: int, key: str) -> int:
    """Where the run of rows with the same `key` as rows[at] begins."""
    first = at
    while first > 0 and rows[first - 1][key] == rows[at][key]:
        first -= 1
    return first


PAGER_WINDOW = 4  # pages linked on either side of the current one


def _pager(section: str, n_pages: int, current: int, base: str) -> list[dict[str, Any]]:
    """Links to the pages of a paginated index (page 1 is section/, page n is section/n.html): the first and
    last, PAGER_WINDOW either side of the current one, and every 10th (100th, ...: about ten) between, each
    marked `gap` when pages are left out before it; a pager listing every page would make an index of n pages
    weigh n² links."""
    step = 10 ** max(1, len(str(n_pages)) - 1)
    shown = [
        n
        for n in range(1, n_pages + 1)
        if n in (1, n_pages) or abs(n - current) <= PAGER_WINDOW or n % step == 0 or n_pages <= 2 * PAGER_WINDOW + 3
    ]
    gaps_of_one = {n + 1 for a, n in enumerate(shown[:-1]) if shown[a + 1] == n + 2}  # a link costs less than "…"
    shown = sorted({*shown, *gaps_of_one})
    return [
        {
            "number": n,
            "url": f"{base}{section}/" if n == 1 else f"{base}{section}/{n}.html",
            "current": n == current,
            "gap": i > 0 and n != shown[i - 1] + 1,
        }
        for i, n in enumerate(shown)
    ]


def _empty(result: QueryResult) -> QueryResult:
    return QueryResult(result.query, result.columns, ())


def _field_description(table_name: str, field_name: str) -> str:
    return table(table_name).field(field_name).description
