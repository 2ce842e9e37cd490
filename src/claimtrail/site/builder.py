"""The page builder: one method per kind of page (home, index, source, event, downloads, methodology, ...).

render_pages(site, template_dir, rows) builds every page of the site.  The
pages are pure functions of the query results in `site`; the one call back
into DuckDB is `rows`, an explicit RowSource that runs a named query for some
sources only, so that the long per-source queries run for the pages about to
be written, not for the whole corpus at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, Protocol

import jinja2
from markupsafe import Markup

from ..query import QueryResult, digests_by_key
from ..schema import QUALIFIER_RULES, TABLES
from . import pages as _pages
from .charts import chart_html, chart_model
from .html import _env, article_html, page_base
from .pages import (
    EVENT_BATCH,
    EVENT_QUERIES,
    EVENT_ROW_QUERIES,
    INDEX_BATCH,
    INDEX_ROW_QUERIES,
    SOURCE_BATCH,
    SOURCE_QUERIES,
    SOURCE_ROW_QUERIES,
    HtmlPage,
    Pages,
    SiteInputs,
    _empty,
    _field_description,
    _group,
    _meta,
    _pager,
    _run_start,
    by_key,
    data_digest,
    event_row_digests,
    paginate,
)
from .shell import DOWNLOAD_ROWS_MARKER, deferred_stub


def _titles_by_source(event_detail: QueryResult, event_claims: QueryResult) -> dict[str, str]:
    """source_id -> a digest of the (event_id, title) of each event its claims are linked to."""
    titles = {r["event_id"]: r["title"] for r in event_detail.rows}
    linked: dict[str, set[str]] = {}
    for r in event_claims.rows:
        linked.setdefault(r["source_id"], set()).add(r["event_id"])
    return {sid: data_digest(sorted((e, titles.get(e)) for e in ids)) for sid, ids in linked.items()}


class RowSource(Protocol):
    """Runs a named query for the rows whose `key` (source_id or event_id) is one of `ids` (None: all), its
    rows in the query's order."""

    def __call__(self, name: str, ids: Sequence[str] | None, /, key: str = "source_id") -> QueryResult: ...


def render_pages(site: SiteInputs, template_dir: Path, rows: RowSource | None = None) -> Pages:
    """Every page of the site; with `rows`, the per-source queries run when their pages are written."""
    builder = PageBuilder(site, _env(template_dir), rows)
    builder.home()
    builder.index("sources", "sources.md.j2", "Sources", "sources", site.results["sources_list"], "source_id")
    builder.source_pages()
    builder.index("events", "events.md.j2", "Events", "events", site.results["events_list"])
    builder.event_pages()
    builder.index("claims", "claims.md.j2", "Claims index", "claims", site.results["claims_index"], "source_id")
    builder.index("figures", "figures.md.j2", "Figures index", "figures", site.results["figures_index"], "source_id")
    builder.index(
        "disagreements", "disagreements.md.j2", "Disagreements", "disagreements", site.results["disagreements"]
    )
    builder.downloads()
    builder.methodology()
    builder.dictionary()
    builder.verify()
    return Pages(builder.markdown, builder.html_pages, builder.prepare, frozenset(builder.index_pages))


class PageBuilder:
    """Collects the site's pages: Markdown for MkDocs, and HTML pages whose bodies render when written."""

    def __init__(self, site: SiteInputs, env: jinja2.Environment, rows: RowSource | None) -> None:
        self.site = site
        self.env = env
        self.rows = rows
        self.markdown: dict[str, str] = {}
        self.html_pages: dict[str, HtmlPage] = {}
        # What a source's rows show of events beyond their ids (which are in its digest): the titles of
        # the events its claims are linked to.  Not every event's, so that an event made, retitled or
        # dropped elsewhere renders only the pages that name it again.
        self.source_events = _titles_by_source(site.results["event_detail"], site.results["event_claims"])
        self.index_pages: dict[str, tuple[str, int, int]] = {}  # site path -> (query name, first row, end row)
        self.source_page_ids: dict[str, str] = {}  # site path -> source_id
        self.event_page_ids: dict[str, str] = {}  # site path -> event_id
        # The rows the pages show, by source or event id; the row queries' hold one batch's rows (see _load).
        lazy = (*SOURCE_ROW_QUERIES, *EVENT_ROW_QUERIES) if rows is not None else ()
        self.per_source: dict[str, dict[Any, QueryResult]] = {
            name: {} if name in lazy else by_key(site.results[name], "source_id") for name in SOURCE_QUERIES
        }
        self.per_event: dict[str, dict[Any, QueryResult]] = {
            name: {} if name in lazy else by_key(site.results[name], "event_id") for name in EVENT_QUERIES
        }
        self.no_rows: dict[str, QueryResult] = {
            name: _empty(site.results[name]) for name in (*SOURCE_QUERIES, *EVENT_QUERIES) if name in site.results
        }
        # name -> (the rows of the loaded batch's pages of that index, where each source's rows start in them)
        self.index_rows: dict[str, tuple[QueryResult, dict[str, int]]] = {}
        # Batches of pages whose rows are fetched together (prepare); the one whose rows are held.
        self.batches: list[tuple[str, list[str]]] = []  # (kind: "sources", "events" or an index query, paths)
        self.batch_of: dict[str, int] = {}
        self.loaded: int | None = None

    # -- the two ways a page is made ---------------------------------------------

    def _render(self, path: str, template: str, title: str, **ctx: Any) -> None:
        """A Markdown page for MkDocs at docs path `path`."""
        body = self.env.get_template(template).render(base=page_base(path), dataset=self.site.dataset, **ctx)
        self.markdown[path] = _meta(title) + body

    def _render_html(
        self,
        rel: str,
        template: str,
        title: str,
        make_ctx: Callable[[], dict[str, Any]],
        digest: str,
        stub: str | None = None,
    ) -> None:
        """The page at site path `rel`; with `stub` (a docs path), MkDocs first builds it from a stub."""
        base = "../" * rel.count("/")
        env, dataset = self.env, self.site.dataset

        def body() -> str:
            return env.get_template(template).render(base=base, dataset=dataset, **make_ctx())

        self.html_pages[rel] = HtmlPage(title, body, digest, stub is not None)
        if stub is not None:
            self.markdown[stub] = _meta(title) + deferred_stub(title) + "\n"

    def _row_source(self) -> RowSource:
        if self.rows is None:  # lazy pages are made only when there is a row source
            raise RuntimeError("a page's rows are to be fetched, but render_pages was given no row source")
        return self.rows

    # -- pages ---------------------------------------------------------------------

    def home(self) -> None:
        site = self.site
        self._render(
            "index.md",
            "index.md.j2",
            str(site.dataset["title"]),
            counts=site.results["home_counts"].rows[0],
            counts_result=site.results["home_counts"],
            sources=paginate(site.results["sources_list"], _pages.SUMMARY_ROWS)[0],
            coverage=site.results["coverage_by_source"],
            package_version=site.package_version,
            package_sha256=site.package_sha256,
        )

    def index(
        self, section: str, template: str, title: str, name: str, result: QueryResult, group_key: str | None = None
    ) -> None:
        """The pages of an index (section/index.html, section/2.html, ...), `name` being the rows' template name."""
        site = self.site
        query_name = result.query.name
        lazy = self.rows is not None and query_name in INDEX_ROW_QUERIES
        pages = paginate(result, _pages.PAGE_SIZE, group_key)
        start = 0
        for number, page in enumerate(pages, start=1):
            # The first page is in MkDocs' navigation (section/): MkDocs builds it from a stub, and
            # its body is set in afterwards like the later pages' (section/N.html), and reused.
            rel = f"{section}/index.html" if number == 1 else f"{section}/{number}.html"
            pager = _pager(section, len(pages), number, "../") if len(pages) > 1 else []
            end = start + len(page.rows)
            self.index_pages[rel] = (query_name, start, end)
            sources = [r["source_id"] for r in page.rows] if lazy else []
            if lazy and all(sid in site.source_digests for sid in sources):
                # Every column of an index row comes from its source's rows and the events table.
                keyed = [(sid, site.source_digests[sid]) for sid in sorted(set(sources))]
                # Where the page starts within its first source's rows (pages cut a run longer
                # than a page), and its length; not its position, which earlier pages shift.
                first = _run_start(result.rows, start, "source_id")
                titles = [self.source_events.get(sid, "") for sid, _ in keyed]
                digest = data_digest(pager, start - first, end - start, sources[0], keyed, titles)
            rows = partial(self._page_rows, rel, result, start, end) if lazy else partial(lambda p: p, page)
            if not lazy:
                digest = data_digest(page.rows, pager)
            elif not all(sid in site.source_digests for sid in sources):
                digest = data_digest(rows().rows, pager)
            self._render_html(
                rel,
                template,
                title if number == 1 else f"{title}, page {number}",
                partial(lambda r, pg, n: {name: r(), "pager": pg, "page_rows": n}, rows, pager, len(page.rows)),
                digest,
                stub=f"{section}.md" if number == 1 else None,
            )
            start = end

    def _page_rows(self, rel: str, result: QueryResult, start: int, end: int) -> QueryResult:
        """Rows [start, end) of a lazily fetched index: the page's slice of its batch's rows.

        A source's rows are one run of the index, and a page holds whole runs but where a run is longer
        than a page: the page's rows start (start - the run's start) rows into its first source's rows.
        """
        self._load(self._batch(rel, result.query.name))
        got, first_at = self.index_rows[result.query.name]
        keys = result.rows
        at = first_at[keys[start]["source_id"]] + start - _run_start(keys, start, "source_id")
        return QueryResult(got.query, got.columns, got.rows[at : at + end - start])

    def source_pages(self) -> None:
        """sources/ID.html: one page per article, its text with every claim and figure marked."""
        site = self.site
        for detail in site.results["source_detail"].rows:
            source_id = detail["source_id"]
            rel = f"sources/{source_id}.html"  # one file per page, no directory each: cheap to write and delete
            self.source_page_ids[rel] = source_id
            if source_id in site.source_digests:
                # `detail` is one of its rows; the sidecar's provenance is not in the rows' key.
                provenance = site.raw_provenance.get(detail["raw_path"], {})
                digest = data_digest(site.source_digests[source_id], self.source_events.get(source_id, ""), provenance)
            else:  # no digest from the runner: one of the page's data (computed here)
                digest = data_digest(detail, self._source_ctx(detail))
            self._render_html(rel, "source.md.j2", str(detail["title"]), partial(self._source_ctx, detail), digest)

    # -- the rows of the pages being rendered, a batch at a time ---------------------------

    def prepare(self, paths: Sequence[str]) -> None:
        """Cut the pages at `paths`, about to be rendered in that order (Pages.prepare), into batches whose
        rows are fetched together: SOURCE_BATCH source pages, EVENT_BATCH event pages, INDEX_BATCH pages of
        an index (in the index's order)."""
        kinds: dict[str, list[str]] = {"sources": [], "events": [], **{q: [] for q in INDEX_ROW_QUERIES}}
        for p in paths:
            kind = self._kind(p)
            if kind is not None:
                kinds[kind].append(p)
        self.batches, self.batch_of, self.loaded = [], {}, None
        for kind, members in kinds.items():
            if kind in INDEX_ROW_QUERIES:
                members.sort(key=lambda p: self.index_pages[p][1])
            size = SOURCE_BATCH if kind == "sources" else EVENT_BATCH if kind == "events" else INDEX_BATCH
            for i in range(0, len(members), size):
                self.batch_of.update((p, len(self.batches)) for p in members[i : i + size])
                self.batches.append((kind, members[i : i + size]))

    def _kind(self, path: str) -> str | None:
        """Which rows the page at `path` fetches: "sources", "events", an index query, or None (none)."""
        if self.rows is None:
            return None
        if path in self.source_page_ids:
            return "sources"
        if path in self.event_page_ids:
            return "events"
        if path in self.index_pages and self.index_pages[path][0] in INDEX_ROW_QUERIES:
            return self.index_pages[path][0]
        return None

    def _batch(self, path: str, kind: str) -> int:
        """The batch of the page at `path`; a batch of its own if prepare did not see it."""
        if path not in self.batch_of:
            self.batch_of[path] = len(self.batches)
            self.batches.append((kind, [path]))
        return self.batch_of[path]

    def _load(self, batch: int) -> None:
        """Hold the rows of `batch`'s pages, and no longer the previous batch's."""
        if self.loaded == batch:
            return
        kind, paths = self.batches[batch]
        fetch = self._row_source()
        self.index_rows.clear()
        for name in SOURCE_ROW_QUERIES:
            self.per_source[name] = {}
        for name in EVENT_ROW_QUERIES:
            self.per_event[name] = {}
        self.loaded = None
        if kind == "sources":
            ids = sorted({self.source_page_ids[p] for p in paths})
            for name in SOURCE_ROW_QUERIES:
                got = fetch(name, ids)
                self.per_source[name], self.no_rows[name] = by_key(got, "source_id"), _empty(got)
        elif kind == "events":
            ids = sorted({self.event_page_ids[p] for p in paths})
            for name in EVENT_ROW_QUERIES:
                got = fetch(name, ids, key="event_id")
                self.per_event[name], self.no_rows[name] = by_key(got, "event_id"), _empty(got)
        else:
            keys = self.site.results[kind].rows
            ids = sorted({r["source_id"] for p in paths for r in keys[self.index_pages[p][1] : self.index_pages[p][2]]})
            got = fetch(kind, ids)
            first_at: dict[str, int] = {}
            for i, r in enumerate(got.rows):
                first_at.setdefault(r["source_id"], i)
            self.index_rows[kind] = (got, first_at)
        self.loaded = batch

    def _source_ctx(self, detail: dict[str, Any]) -> dict[str, Any]:
        source_id = detail["source_id"]
        rel = f"sources/{source_id}.html"
        if self._kind(rel) is not None:
            self._load(self._batch(rel, "sources"))
        res = {name: self.per_source[name].get(source_id, self.no_rows[name]) for name in SOURCE_QUERIES}
        text = self.site.raw_texts[detail["raw_path"]]
        return {
            "source": detail,
            "provenance": self.site.raw_provenance.get(detail["raw_path"], {}),
            "article": article_html(
                text, detail["char_start"], detail["char_end"], res["source_claims"].rows, res["source_figures"].rows
            ),
            "claims": res["source_claims"],
            "figures": res["source_figures"],
            "mentions": res["source_mentions"],
            "detail_query": self.site.results["source_detail"].query,
        }

    def event_pages(self) -> None:
        """events/ID.html: one page per event, its claims by source and a range chart per measure."""
        results = self.site.results
        digests = self.site.event_digests
        lazy = self.rows is not None
        if lazy and not digests:  # no digests from the runner: from the rows, each query's fetched once here
            by_query = {
                name: digests_by_key(self._row_source()(name, None).rows, "event_id") for name in EVENT_ROW_QUERIES
            }
            digests = event_row_digests(by_query, [r["event_id"] for r in results["event_detail"].rows])
        for detail in results["event_detail"].rows:
            event_id = detail["event_id"]
            shown = [name for name in EVENT_QUERIES if not (lazy and name in EVENT_ROW_QUERIES)]
            rows = [self.per_event[name].get(event_id, self.no_rows[name]).rows for name in shown]
            digest = data_digest(detail, *rows, *([digests.get(event_id, "")] if lazy else []))
            rel = f"events/{event_id}.html"
            self.event_page_ids[rel] = event_id
            self._render_html(rel, "event.md.j2", str(detail["title"]), partial(self._event_ctx, detail), digest)

    def _event_ctx(self, detail: dict[str, Any]) -> dict[str, Any]:
        results = self.site.results
        event_id = detail["event_id"]
        rel = f"events/{event_id}.html"
        if self._kind(rel) is not None:
            self._load(self._batch(rel, "events"))
        res = {name: self.per_event[name].get(event_id, self.no_rows[name]) for name in EVENT_QUERIES}
        estimates = dict(_group(res["event_estimates"].rows, "measure"))  # measure -> a row per place
        measures = [
            {
                "measure": measure,
                "rows": rows,
                "estimates": estimates.get(measure, []),
                "chart": chart_html(
                    chart_model(f"{event_id}-{measure}", str(measure), rows, estimates.get(measure, []), "../")
                ),
            }
            for measure, rows in _group(res["event_figures"].rows, "measure")
        ]
        return {
            "event": detail,
            "detail_query": results["event_detail"].query,
            "places": res["event_places"],
            "claims_by_source": _group(res["event_claims"].rows, "source_id"),
            "claims_query": results["event_claims"].query,
            "figures": res["event_figures"],
            "measures": measures,
            "estimates": res["event_estimates"],
        }

    def downloads(self) -> None:
        # The files are still being written: their rows (size, sha256) are filled in later (fill_download_rows).
        self._render(
            "downloads.md",
            "downloads.md.j2",
            "Downloads",
            download_rows=Markup(DOWNLOAD_ROWS_MARKER),
            package_sha256=self.site.package_sha256,
        )

    def methodology(self) -> None:
        site = self.site
        self._render(
            "methodology.md",
            "methodology.md.j2",
            "Methodology",
            qualifier_rules=QUALIFIER_RULES,
            estimate_rule=site.queries["event_estimates"].question,
            disagreement_rule=site.queries["disagreements"].question,
            corroboration_rule=_field_description("events", "corroboration"),
            review_rule=_field_description("claims", "review_status"),
            coverage=paginate(site.results["coverage_by_source"], _pages.SUMMARY_ROWS)[0],
        )

    def dictionary(self) -> None:
        self._render("dictionary.md", "dictionary.md.j2", "Data dictionary", tables=TABLES)

    def verify(self) -> None:
        self._render(
            "verify.md",
            "verify.md.j2",
            "Verify it yourself",
            expected=self.site.expected_hashes,
            source_date_epoch=self.site.source_date_epoch,
        )
