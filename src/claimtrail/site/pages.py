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
from functools import partial
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..hashing import text_sha256
from ..query import NamedQuery, QueryResult
from ..schema import QUALIFIER_RULES, TABLES, table
from ..text import visible_bidi
from .html import _env, article_html, page_base, range_chart_svg
from .shell import DOWNLOAD_ROWS_MARKER, deferred_stub

SOURCE_QUERIES = ("source_detail", "source_claims", "source_figures", "source_mentions")


# The source queries with many rows per source, run per page (SiteInputs.fetch) when they can be.
SOURCE_ROW_QUERIES = ("source_claims", "source_figures", "source_mentions")


# Indexes whose rows are fetched for the pages being rendered only (SiteInputs.fetch); their
# SiteInputs.results hold just the source_id of each row, in order, to cut the pages.
INDEX_ROW_QUERIES = ("claims_index", "figures_index")


EVENT_QUERIES = ("event_detail", "event_places", "event_claims", "event_figures", "event_estimates")


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
    # Runs a source query (SOURCE_ROW_QUERIES) for some source ids only (None: all).  Given it,
    # those queries run when pages need them, and only for the pages about to be rendered.
    fetch: Callable[[str, Sequence[str] | None], QueryResult] | None = None


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


# Indexes longer than this are split into pages (no page over ~2 MB at 10,000 articles).
PAGE_SIZE = 1000


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


def _pager(section: str, n_pages: int, current: int, base: str) -> list[dict[str, Any]]:
    """Links to every page of a paginated index: page 1 is section/, page n is section/n/."""
    return [
        {"number": n, "url": f"{base}{section}/" if n == 1 else f"{base}{section}/{n}.html", "current": n == current}
        for n in range(1, n_pages + 1)
    ]


def render_pages(site: SiteInputs, template_dir: Path) -> Pages:
    """Every page of the site."""
    env = _env(template_dir)
    markdown: dict[str, str] = {}
    html_pages: dict[str, HtmlPage] = {}

    def render(path: str, template: str, title: str, **ctx: Any) -> None:
        base = page_base(path)
        body = env.get_template(template).render(base=base, dataset=site.dataset, **ctx)
        markdown[path] = _meta(title) + body

    def render_html(
        rel: str,
        template: str,
        title: str,
        make_ctx: Callable[[], dict[str, Any]],
        digest: str,
        stub: str | None = None,
    ) -> None:
        """The page at site path `rel`; with `stub` (a docs path), MkDocs first builds it from a stub."""
        base = "../" * rel.count("/")

        def body() -> str:
            return env.get_template(template).render(base=base, dataset=site.dataset, **make_ctx())

        html_pages[rel] = HtmlPage(title, body, digest, stub is not None)
        if stub is not None:
            markdown[stub] = _meta(title) + deferred_stub(title) + "\n"

    events_digest = data_digest(site.results["events_list"].rows)
    # name -> the index's full rows, once fetched for (nearly) every page (see prepare)
    index_rows: dict[str, QueryResult] = {}
    index_pages: dict[str, tuple[str, int, int]] = {}  # site path -> (query name, first row, end row)

    def page_rows(name: str, result: QueryResult, start: int, end: int) -> QueryResult:
        """Rows [start, end) of a lazily fetched index, fetching those of the page's sources if need be."""
        if name in index_rows:
            full = index_rows[name]
            return QueryResult(full.query, full.columns, full.rows[start:end])
        assert site.fetch is not None
        keys = result.rows
        first = _run_start(keys, start, "source_id")
        got = site.fetch(name, sorted({r["source_id"] for r in keys[start:end]}))
        return QueryResult(got.query, got.columns, got.rows[start - first : end - first])

    def render_index(
        section: str, template: str, title: str, name: str, result: QueryResult, group_key: str | None = None
    ) -> None:
        query_name = result.query.name
        lazy = site.fetch is not None and query_name in INDEX_ROW_QUERIES
        pages = paginate(result, PAGE_SIZE, group_key)
        start = 0
        for number, page in enumerate(pages, start=1):
            # The first page is in MkDocs' navigation (section/): MkDocs builds it from a stub, and
            # its body is set in afterwards like the later pages' (section/N.html), and reused.
            rel = f"{section}/index.html" if number == 1 else f"{section}/{number}.html"
            pager = _pager(section, len(pages), number, "../") if len(pages) > 1 else []
            end = start + len(page.rows)
            sources = [r["source_id"] for r in page.rows] if lazy else []
            if lazy and all(sid in site.source_digests for sid in sources):
                # Every column of an index row comes from its source's rows and the events table.
                keyed = [(sid, site.source_digests[sid]) for sid in sorted(set(sources))]
                # Where the page starts within its first source's rows (pages cut a run longer
                # than a page), and its length; not its position, which earlier pages shift.
                first = _run_start(result.rows, start, "source_id")
                digest = data_digest(pager, start - first, end - start, sources[0], keyed, events_digest)
            rows = partial(page_rows, query_name, result, start, end) if lazy else partial(lambda p: p, page)
            if not lazy:
                digest = data_digest(page.rows, pager)
            elif not all(sid in site.source_digests for sid in sources):
                digest = data_digest(rows().rows, pager)
            index_pages[rel] = (query_name, start, end)
            render_html(
                rel,
                template,
                title if number == 1 else f"{title}, page {number}",
                partial(lambda r, pg, n: {name: r(), "pager": pg, "page_rows": n}, rows, pager, len(page.rows)),
                digest,
                stub=f"{section}.md" if number == 1 else None,
            )
            start = end

    counts = site.results["home_counts"].rows[0]
    render(
        "index.md",
        "index.md.j2",
        str(site.dataset["title"]),
        counts=counts,
        counts_result=site.results["home_counts"],
        sources=paginate(site.results["sources_list"])[0],
        coverage=site.results["coverage_by_source"],
        package_version=site.package_version,
        package_sha256=site.package_sha256,
    )
    render_index("sources", "sources.md.j2", "Sources", "sources", site.results["sources_list"], "source_id")
    per_source: dict[str, dict[Any, QueryResult]] = {}
    no_rows: dict[str, QueryResult] = {}
    source_pages: dict[str, str] = {}  # site path -> source_id

    def load_sources(source_ids: Sequence[str] | None) -> None:
        for name in SOURCE_QUERIES:
            if site.fetch is not None and name in SOURCE_ROW_QUERIES:
                result = site.fetch(name, source_ids)
            else:
                result = site.results[name]
            per_source[name] = by_key(result, "source_id")
            no_rows[name] = _empty(result)

    def prepare(paths: Sequence[str]) -> None:
        wanted = sorted({source_pages[p] for p in paths if p in source_pages})
        load_sources(wanted if len(wanted) <= len(source_pages) // 2 else None)
        for name in INDEX_ROW_QUERIES:  # most pages of an index to render: fetch it whole, once
            n_pages = sum(1 for q, _, _ in index_pages.values() if q == name)
            n_wanted = sum(1 for p in paths if p in index_pages and index_pages[p][0] == name)
            if site.fetch is not None and n_wanted > max(2, n_pages // 4):
                index_rows[name] = site.fetch(name, None)

    def source_ctx(detail: dict[str, Any]) -> dict[str, Any]:
        source_id = detail["source_id"]
        if not per_source:
            load_sources(None)
        res = {name: per_source[name].get(source_id, no_rows[name]) for name in SOURCE_QUERIES}
        text = site.raw_texts[detail["raw_path"]]
        return {
            "source": detail,
            "article": article_html(
                text, detail["char_start"], detail["char_end"], res["source_claims"].rows, res["source_figures"].rows
            ),
            "claims": res["source_claims"],
            "figures": res["source_figures"],
            "mentions": res["source_mentions"],
            "detail_query": site.results["source_detail"].query,
        }

    for detail in site.results["source_detail"].rows:
        source_id = detail["source_id"]
        if source_id in site.source_digests:
            digest = data_digest(site.source_digests[source_id], events_digest)  # `detail` is one of its rows
        else:  # no digest from the runner: one of the page's data (computed here)
            digest = data_digest(detail, source_ctx(detail))
        rel = f"sources/{source_id}.html"  # one file per page, no directory each: cheap to write and delete
        render_html(rel, "source.md.j2", str(detail["title"]), partial(source_ctx, detail), digest)
        source_pages[rel] = source_id
    render_index("events", "events.md.j2", "Events", "events", site.results["events_list"])
    per_event = {name: by_key(site.results[name], "event_id") for name in EVENT_QUERIES}

    def event_ctx(detail: dict[str, Any]) -> dict[str, Any]:
        event_id = detail["event_id"]
        res = {name: per_event[name].get(event_id, _empty(site.results[name])) for name in EVENT_QUERIES}
        estimates = {r["measure"]: r for r in res["event_estimates"].rows}
        measures = [
            {
                "measure": measure,
                "rows": rows,
                "estimate": estimates.get(measure),
                "chart": range_chart_svg(str(measure), rows, estimates.get(measure)),
            }
            for measure, rows in _group(res["event_figures"].rows, "measure")
        ]
        return {
            "event": detail,
            "detail_query": site.results["event_detail"].query,
            "places": res["event_places"],
            "claims_by_source": _group(res["event_claims"].rows, "source_id"),
            "claims_query": site.results["event_claims"].query,
            "figures": res["event_figures"],
            "measures": measures,
            "estimates": res["event_estimates"],
        }

    for detail in site.results["event_detail"].rows:
        event_id = detail["event_id"]
        digest = data_digest(
            detail, *(per_event[name].get(event_id, _empty(site.results[name])).rows for name in EVENT_QUERIES)
        )
        render_html(f"events/{event_id}.html", "event.md.j2", str(detail["title"]), partial(event_ctx, detail), digest)
    render_index("claims", "claims.md.j2", "Claims index", "claims", site.results["claims_index"], "source_id")
    render_index("figures", "figures.md.j2", "Figures index", "figures", site.results["figures_index"], "source_id")
    render_index(
        "disagreements", "disagreements.md.j2", "Disagreements", "disagreements", site.results["disagreements"]
    )
    # The files are still being written: their rows (size, sha256) are filled in later (fill_download_rows).
    render(
        "downloads.md",
        "downloads.md.j2",
        "Downloads",
        download_rows=Markup(DOWNLOAD_ROWS_MARKER),
        package_sha256=site.package_sha256,
    )
    render(
        "methodology.md",
        "methodology.md.j2",
        "Methodology",
        qualifier_rules=QUALIFIER_RULES,
        estimate_rule=site.queries["event_estimates"].question,
        disagreement_rule=site.queries["disagreements"].question,
        corroboration_rule=_field_description("events", "corroboration"),
        review_rule=_field_description("claims", "review_status"),
        coverage=paginate(site.results["coverage_by_source"])[0],
    )
    render("dictionary.md", "dictionary.md.j2", "Data dictionary", tables=TABLES)
    render(
        "verify.md",
        "verify.md.j2",
        "Verify it yourself",
        expected=site.expected_hashes,
        source_date_epoch=site.source_date_epoch,
    )
    return Pages(markdown, html_pages, prepare)


def _empty(result: QueryResult) -> QueryResult:
    return QueryResult(result.query, result.columns, ())


def _field_description(table_name: str, field_name: str) -> str:

    return table(table_name).field(field_name).description
