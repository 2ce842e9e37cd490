"""Stage 8, render: query results become Markdown pages through Jinja, then a MkDocs site.

Templates in report/templates only display what Python hands them: query
results, pre-rendered article HTML and charts.  Every piece of article text is
HTML-escaped (Jinja autoescape, html.escape here), and it is always placed
inside raw HTML blocks, where Markdown, pymdown and template syntax are inert.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from .query import NamedQuery, QueryResult
from .schema import QUALIFIER_RULES, TABLES

TEMPLATE_DIR = Path("report") / "templates"
SOURCE_QUERIES = ("source_detail", "source_claims", "source_figures", "source_mentions")
# The source queries with many rows per source, run per page (SiteInputs.fetch) when they can be.
SOURCE_ROW_QUERIES = ("source_claims", "source_figures", "source_mentions")
# Indexes whose rows are fetched for the pages being rendered only (SiteInputs.fetch); their
# SiteInputs.results hold just the source_id of each row, in order, to cut the pages.
INDEX_ROW_QUERIES = ("claims_index", "figures_index")
EVENT_QUERIES = ("event_detail", "event_places", "event_claims", "event_figures", "event_estimates")


# --------------------------------------------------------------------------
# URLs (pages use directory URLs: sources/<id>.md is served at sources/<id>/)
# --------------------------------------------------------------------------


def page_base(page_path: str) -> str:
    """Relative prefix from a page's URL to the site root ('' for index.md)."""
    if page_path == "index.md":
        return ""
    depth = page_path.count("/") + 1
    return "../" * depth


def source_url(base: str, source_id: str) -> str:
    return f"{base}sources/{source_id}.html"


def claim_url(base: str, source_id: str, claim_id: str) -> str:
    return f"{base}sources/{source_id}.html#{claim_id}"


def event_url(base: str, event_id: str) -> str:
    return f"{base}events/{event_id}.html"


# --------------------------------------------------------------------------
# Article text with claims highlighted and figures marked
# --------------------------------------------------------------------------


def _esc(text: str) -> str:
    # Newlines become entities so the article stays on one line of the raw
    # HTML block (white-space: pre-wrap shows them as line breaks).
    return html.escape(text, quote=True).replace("\n", "&#10;").replace("\r", "&#13;")


def article_html(
    raw_text: str,
    start: int,
    end: int,
    claims: Sequence[Mapping[str, Any]],
    figures: Sequence[Mapping[str, Any]],
) -> str:
    """The article span as HTML: each claim a <mark id=claim_id>, each figure a <span id=figure_id> inside it.

    Claims never overlap and figures lie inside their claim (the build checks
    both), so the markup nests.
    """
    events: list[tuple[int, int, str]] = []  # (offset, order, html) ; closes before opens at the same offset
    for c in claims:
        title = f"{c['claimant']} · {c['claim_type']}" + (f" · {c['hedge']}" if c.get("hedge") else "")
        events.append(
            (
                int(c["char_start"]),
                2,
                f'<mark class="ct-claim ct-claim--{_esc(str(c["claim_type"]))}" id="{_esc(str(c["claim_id"]))}" '
                f'title="{_esc(title)}">',
            )
        )
        events.append((int(c["char_end"]), 0, "</mark>"))
    for f in figures:
        title = f"{f['measure']} · {f['qualifier']}"
        events.append(
            (
                int(f["char_start"]),
                3,
                f'<span class="ct-figure" id="{_esc(str(f["figure_id"]))}" title="{_esc(title)}">',
            )
        )
        events.append((int(f["char_end"]), 1, "</span>"))
    events.sort(key=lambda e: (e[0], e[1]))
    out = ['<div class="ct-article">']
    pos = start
    for offset, _, tag in events:
        out.append(_esc(raw_text[pos:offset]))
        out.append(tag)
        pos = offset
    out.append(_esc(raw_text[pos:end]))
    out.append("</div>")
    return "".join(out)


# --------------------------------------------------------------------------
# Range chart (static inline SVG)
# --------------------------------------------------------------------------


def _nice_max(x: float) -> float:
    if x <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(x))
    for m in (1, 2, 2.5, 5, 10):
        if x <= m * exp:
            return float(m * exp)
    return float(10 * exp)


def _fmt(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def range_chart_svg(measure: str, rows: Sequence[Mapping[str, Any]], estimate: Mapping[str, Any] | None) -> str:
    """One horizontal axis; each source's figure drawn as its [low, high] range with its point value.

    An open upper bound is drawn as an arrow to the end of the axis.
    """
    row_h, left, width, right = 26, 230, 720, 20
    plot_w = width - left - right
    finite = [v for r in rows for v in (r.get("low"), r.get("high"), r.get("value")) if v is not None]
    axis_max = _nice_max(max(finite) * 1.1 if finite else 1.0)

    def x(v: float) -> float:
        return left + plot_w * (v / axis_max)

    n = len(rows) + (1 if estimate else 0)
    height = 30 + row_h * n + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ct-chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-label="{_esc(measure)}: each source’s range">',
        f"<title>{_esc(measure)}: figures by source, low to high</title>",
    ]
    axis_y = 30 + row_h * n + 4
    parts.append(f'<line x1="{left}" y1="{axis_y}" x2="{left + plot_w}" y2="{axis_y}" class="ct-axis"/>')
    for i in range(6):
        v = axis_max * i / 5
        parts.append(f'<line x1="{x(v):.1f}" y1="{axis_y}" x2="{x(v):.1f}" y2="{axis_y + 5}" class="ct-axis"/>')
        parts.append(f'<text x="{x(v):.1f}" y="{axis_y + 18}" class="ct-tick" text-anchor="middle">{_fmt(v)}</text>')
    for i, r in enumerate(rows):
        y = 30 + row_h * i + row_h / 2
        label = f"{r.get('publisher') or r.get('source_id')}: {r.get('text')}"
        parts.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" class="ct-label" text-anchor="end">{_esc(label[:40])}</text>'
        )
        lo, hi, val = r.get("low"), r.get("high"), r.get("value")
        lo_x = x(lo) if lo is not None else left
        hi_x = x(hi) if hi is not None else left + plot_w
        cls = "ct-range" + (" ct-range--open" if hi is None or lo is None else "")
        parts.append(f'<line x1="{lo_x:.1f}" y1="{y:.1f}" x2="{hi_x:.1f}" y2="{y:.1f}" class="{cls}"/>')
        if hi is None:
            parts.append(f'<path d="M{hi_x:.1f},{y:.1f} l-8,-5 l0,10 z" class="ct-arrow"/>')
        if val is not None:
            parts.append(f'<circle cx="{x(val):.1f}" cy="{y:.1f}" r="5" class="ct-point"/>')
    if estimate:
        y = 30 + row_h * len(rows) + row_h / 2
        lo, hi, best = estimate.get("low"), estimate.get("high"), estimate.get("best")
        parts.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" class="ct-label ct-label--derived" text-anchor="end">derived low–best–high</text>'
        )
        if lo is not None and hi is not None:
            parts.append(
                f'<line x1="{x(lo):.1f}" y1="{y:.1f}" x2="{x(hi):.1f}" y2="{y:.1f}" class="ct-range ct-range--derived"/>'
            )
        if best is not None:
            parts.append(f'<circle cx="{x(best):.1f}" cy="{y:.1f}" r="6" class="ct-point ct-point--derived"/>')
    parts.append("</svg>")
    return "".join(parts)


# --------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------


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
    # raw path -> its sidecar's provenance as datapackage.json lists it (origin, retrieved, licence).
    raw_provenance: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


def _env(template_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=lambda v: "" if v is None else v,  # a missing value shows as nothing, not "None"
    )
    env.filters["num"] = lambda v: "" if v is None else _fmt(float(v))
    env.filters["bound"] = lambda v: "open" if v is None else _fmt(float(v))
    env.filters["size"] = _human_size
    env.filters["external_link"] = external_link
    env.globals.update(source_url=source_url, claim_url=claim_url, event_url=event_url)
    return env


def external_link(url: str | None) -> Markup:
    """A link for an http(s) URL; any other scheme (javascript:, data:) is shown as inert text."""
    if not url:
        return Markup("")
    if urlsplit(url).scheme.lower() in ("http", "https"):
        return Markup('<a href="{0}" rel="nofollow noopener noreferrer">{0}</a>').format(url)
    return Markup("<code>{0}</code> (not a web address; not linked)").format(url)


def _human_size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n / 1024 / 1024:.1f} MiB"


def _meta(title: str) -> str:
    # MkDocs themes print the page title unescaped (header, <title>), so it is
    # HTML-escaped here; JSON strings are valid YAML, so it cannot break out of
    # the front matter either.
    return "---\ntitle: " + json.dumps(html.escape(title, quote=True), ensure_ascii=False) + "\n---\n\n"


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
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


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
        cut = int.from_bytes(hashlib.sha256(str(key).encode("utf-8")).digest()[:8], "big") < (2**64) * n // target
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
            "provenance": site.raw_provenance.get(detail["raw_path"], {}),
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
            # `detail` is one of its rows; the sidecar's provenance is not in the rows' key.
            provenance = site.raw_provenance.get(detail["raw_path"], {})
            digest = data_digest(site.source_digests[source_id], events_digest, provenance)
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


DOWNLOADS_PAGE = "downloads/index.html"
DOWNLOAD_ROWS_MARKER = '<tr id="claimtrail-download-rows"></tr>'


def download_rows(downloads: Sequence[Mapping[str, Any]], template_dir: Path) -> str:
    """The rows of the downloads table (file, what, size, sha256), for the downloads page at downloads/."""
    return (
        _env(template_dir)
        .get_template("download_rows.html.j2")
        .render(base=page_base("downloads.md"), downloads=downloads)
    )


def fill_download_rows(page: str, rows: str) -> str:
    """The built downloads page with its table's rows in place of DOWNLOAD_ROWS_MARKER."""
    if page.count(DOWNLOAD_ROWS_MARKER) != 1:
        raise ValueError("the built downloads page does not hold the rows marker once")
    return page.replace(DOWNLOAD_ROWS_MARKER, rows)


def _empty(result: QueryResult) -> QueryResult:
    return QueryResult(result.query, result.columns, ())


# --------------------------------------------------------------------------
# The shell: a page MkDocs built, into which HTML pages are set
# --------------------------------------------------------------------------

# Built at the depth of the pages set into it (sources/ID.html, claims/N.html: one level).
SHELL_DOC = "claimtrail-shell.md"
SHELL_DIR = "claimtrail-shell"
SHELL_TITLE = "CLAIMTRAILSHELLTITLE"
SHELL_MARKDOWN = (
    '---\ntitle: "'
    + SHELL_TITLE
    + '"\n---\n\n<h1>'
    + SHELL_TITLE
    + '</h1>\n\n<div id="claimtrail-shell-content"></div>\n'
)
SHELL_BODY = "<h1>" + SHELL_TITLE + '</h1>\n\n<div id="claimtrail-shell-content"></div>'


DEFERRED_BODY = '<div id="claimtrail-deferred-body"></div>'


def deferred_stub(title: str) -> str:
    """The Markdown body of a page whose real body is set in after MkDocs built it (fill_in_place)."""
    return "<h1>" + html.escape(title, quote=True) + "</h1>\n\n" + DEFERRED_BODY


def fill_in_place(built: str, title: str, body: str) -> str:
    """The page MkDocs built from deferred_stub(title), with `body` in place of the stub."""
    stub = deferred_stub(title)
    if built.count(stub) != 1:
        raise ValueError("the page MkDocs built does not hold its stub once")
    return built.replace(stub, body)


def fill_shell(shell: str, title: str, body: str) -> str:
    """A complete page: the shell (built at the same depth) with this page's title and body."""
    if SHELL_BODY not in shell:
        raise ValueError("the MkDocs shell page does not hold the content marker")
    escaped = html.escape(title, quote=True)
    before, after = shell.split(SHELL_BODY, 1)
    return before.replace(SHELL_TITLE, escaped) + body + after.replace(SHELL_TITLE, escaped)


def search_entry(location: str, title: str, body: str, max_chars: int = 2000) -> dict[str, str]:
    """A MkDocs search index entry for an HTML page (its text, tags stripped, truncated)."""
    text = re.sub(r"<details class=\"ct-sql\">.*?</details>", " ", body, flags=re.DOTALL)
    text = re.sub(r"<svg.*?</svg>", " ", text, flags=re.DOTALL)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"\s+", " ", text).strip()
    return {"location": location, "title": html.escape(title), "text": html.escape(text[:max_chars])}


def _field_description(table_name: str, field_name: str) -> str:
    from .schema import table

    return table(table_name).field(field_name).description
