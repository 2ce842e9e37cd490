"""The built site: every claim and figure has exactly one anchored, highlighted place; pages, SQL, downloads."""

from __future__ import annotations

import html
import html.parser
import itertools
import re
from collections import Counter
from pathlib import Path

import duckdb
import pytest
import yaml

from claimtrail.hashing import sha256_hex
from claimtrail.output_hashes import output_sha256
from claimtrail.query import load_queries, run_query
from claimtrail.schema import TABLES, duckdb_ddl
from helpers import REPO_ROOT, read_csv_rows

pytestmark = pytest.mark.integration


class _Elements(html.parser.HTMLParser):
    """Collects (tag, attrs, text inside) of every element that has an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str], list[str]]] = []
        self.found: list[tuple[str, dict[str, str], str]] = []
        self.void = {
            "br",
            "img",
            "input",
            "meta",
            "link",
            "hr",
            "area",
            "base",
            "col",
            "embed",
            "source",
            "track",
            "wbr",
        }

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.void:
            return
        self.stack.append((tag, {k: v or "" for k, v in attrs}, []))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            t, attrs, text = self.stack.pop()
            content = "".join(text)
            if self.stack:
                self.stack[-1][2].append(content)
            if "id" in attrs:
                self.found.append((t, attrs, content))
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack:
            self.stack[-1][2].append(data)


def _elements(page: Path) -> list[tuple[str, dict[str, str], str]]:
    parser = _Elements()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


def _site_pages(root: Path) -> list[Path]:
    return sorted((root / "build" / "site").rglob("*.html"))


def test_every_claim_and_figure_has_exactly_one_highlighted_place(built_root: Path) -> None:
    claims = read_csv_rows(built_root / "build" / "data" / "claims.csv")
    figures = read_csv_rows(built_root / "build" / "data" / "figures.csv")
    ids: Counter[str] = Counter()
    where: dict[str, tuple[Path, str, dict[str, str], str]] = {}
    for page in _site_pages(built_root):
        for tag, attrs, text in _elements(page):
            ids[attrs["id"]] += 1
            where[attrs["id"]] = (page, tag, attrs, text)
    for c in claims:
        assert ids[c["claim_id"]] == 1, c["claim_id"]
        page, tag, attrs, text = where[c["claim_id"]]
        assert page == built_root / "build" / "site" / "sources" / f"{c['source_id']}.html"
        assert tag == "mark" and "ct-claim" in attrs["class"].split()
        assert text == c["quote"]
    for f in figures:
        assert ids[f["figure_id"]] == 1, f["figure_id"]
        page, tag, attrs, text = where[f["figure_id"]]
        assert page == built_root / "build" / "site" / "sources" / f"{f['source_id']}.html"
        assert tag == "span" and "ct-figure" in attrs["class"].split()
        assert text == f["text"]


def test_site_has_a_page_per_source_and_event_plus_the_fixed_pages(built_root: Path) -> None:
    site = built_root / "build" / "site"
    docs = built_root / "build" / "docs"
    sources = read_csv_rows(built_root / "build" / "data" / "sources.csv")
    events = read_csv_rows(built_root / "build" / "data" / "events.csv")
    # sources/ID.html and events/ID.html, beside the first page of each index (sources/index.html)
    assert {p.stem for p in (site / "sources").glob("*.html") if p.name != "index.html"} == {
        s["source_id"] for s in sources
    }
    assert {p.stem for p in (site / "events").glob("*.html") if p.name != "index.html"} == {
        e["event_id"] for e in events
    }
    fixed = {
        "index",
        "sources",
        "events",
        "claims",
        "figures",
        "disagreements",
        "downloads",
        "methodology",
        "dictionary",
        "verify",
        "claimtrail-shell",  # the page MkDocs builds for the other pages to be set into
        "search",  # Pagefind's search page (site.search)
    }
    assert {p.stem for p in docs.glob("*.md")} == fixed
    for rel in [
        "",
        "sources/",
        "events/",
        "claims/",
        "figures/",
        "disagreements/",
        "downloads/",
        "methodology/",
        "dictionary/",
        "verify/",
        "search/",
    ]:
        assert (site / rel / "index.html").is_file(), rel
    # The shell the per-source and per-event pages are set into is not left in the site.
    assert not (site / "claimtrail-shell").exists()
    assert "claimtrail-shell" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "CLAIMTRAILSHELLTITLE" not in "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


def test_source_pages_are_complete_material_pages_and_searchable(built_root: Path) -> None:
    site = built_root / "build" / "site"
    page = (site / "sources" / "reuters-russia-has-special-responsibility.html").read_text(encoding="utf-8")
    assert "<title>Russia has special responsibility to push Syria to stop attacks – U.S. - " in page
    assert page.count("<h1>") == 1
    assert '<link rel="stylesheet" href="../assets/stylesheets/main.' in page
    assert re.search(r'<script src="\.\./assets/claimtrail\.[0-9a-f]+\.js"></script>', page)
    # Pagefind indexed every page, and the sitemap lists the pages set into the shell too.
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    searched = [p for p in _site_pages(built_root) if p.parent.name not in ("claims", "figures")]
    assert len(list((site / "pagefind" / "fragment").glob("*.pf_fragment"))) == len(searched)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "sources/reuters-russia-has-special-responsibility.html</loc>" in sitemap
    assert "events/2016-05-23-jableh-tartous-bombings.html</loc>" in sitemap


def _linked(page: Path, pattern: str) -> list[Path]:
    """The files that `page` links (href or src matching `pattern`), resolved against the page's own place."""
    text = page.read_text(encoding="utf-8")
    return [(page.parent / m.group(1)).resolve() for m in re.finditer(r'(?:href|src)="(' + pattern + ')"', text)]


def test_every_page_links_the_one_content_hashed_stylesheet_and_script(built_root: Path) -> None:
    """Assets are shared and cacheable: one copy of the site's CSS and JS, named by their content, linked
    from every page by a relative address."""
    site = built_root / "build" / "site"
    # (404.html is served at any address, so MkDocs links its assets from the site's root, not relatively)
    pages = [p for p in _site_pages(built_root) if not p.is_relative_to(site / "pagefind") and p.name != "404.html"]
    assert len(pages) > 20
    for kind, suffix in (("stylesheet", "css"), ("script", "js")):
        copies = sorted((site / "assets").glob(f"claimtrail*.{suffix}"))
        assert len(copies) == 1, copies  # one file, under one name
        stem_hash = copies[0].name.split(".")[1]
        assert sha256_hex(copies[0].read_bytes()).startswith(stem_hash) and len(stem_hash) >= 8, kind
        for page in pages:
            assert _linked(page, rf"(?:\.\./)*assets/claimtrail\.[0-9a-f]+\.{suffix}") == [copies[0].resolve()], page


def test_generated_pages_share_the_navigation_instead_of_listing_the_site(built_root: Path) -> None:
    """The navigation is the same few sections on every page, not a tree of every source and event page, and
    the chrome around the generated pages carries no blank runs (MkDocs' indentation)."""
    site = built_root / "build" / "site"
    navs = {}
    for page in [*(site / "sources").glob("*.html"), *(site / "events").glob("*.html")]:
        text = page.read_text(encoding="utf-8")
        nav = text.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
        links = re.findall(r"<a\b[^>]*\bhref=\"([^\"]*)\"", nav)
        assert not any(re.search(r"(?:sources|events)/[^/]+\.html", link) for link in links), page
        navs[page] = len(links)
        chrome = text.split('<article class="md-content__inner', 1)[0]
        assert "\n\n" not in chrome and "\n  " not in chrome, page
    assert len(navs) > 20 and len(set(navs.values())) == 1  # the same sections, whatever the page
    assert next(iter(navs.values())) < len(navs)


def test_sql_is_stored_once_and_linked_from_its_boxes(built_root: Path) -> None:
    """Each named query's SQL is one file, sql/NAME.sql, which every SQL box links; no page repeats it."""
    site = built_root / "build" / "site"
    queries = load_queries(REPO_ROOT / "report" / "queries")
    pages = "\n".join(p.read_text(encoding="utf-8") for p in _site_pages(built_root))
    for name, query in queries.items():
        assert (site / "sql" / f"{name}.sql").read_text(encoding="utf-8") == query.sql + "\n", name
        body = query.sql.split("\n", 1)[1]  # past the question, which the box's summary shows
        assert body.strip() and body not in pages, name
    page = site / "sources" / "reuters-russia-has-special-responsibility.html"
    assert set(_linked(page, r"[^\"]*sql/[a-z_]+\.sql")) == {
        (site / "sql" / f"{n}.sql").resolve()
        for n in ("source_detail", "source_claims", "source_figures", "source_mentions")
    }


def test_no_file_is_stored_twice_in_the_site(built_root: Path) -> None:
    """Downloads (and everything else) are stored once: no two files of the site hold the same bytes."""
    site = built_root / "build" / "site"
    seen: dict[str, Path] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file() and p.stat().st_size >= 1024):
        digest = sha256_hex(path.read_bytes())
        assert digest not in seen, (seen.get(digest), path)
        seen[digest] = path


def test_the_pager_of_a_long_index_links_few_pages_yet_reaches_every_one() -> None:
    """Navigation is not repeated in full: a pager links the neighbours, the ends and about ten milestones."""
    from claimtrail.site.pages import _pager

    for n_pages, current in [(450, 225), (450, 1), (46, 46), (9, 5)]:
        pager = _pager("claims", n_pages, current, "../")
        numbers = [p["number"] for p in pager]
        assert numbers == sorted(set(numbers)) and numbers[0] == 1 and numbers[-1] == n_pages
        assert {n for n in range(current - 4, current + 5) if 1 <= n <= n_pages} <= set(numbers)
        assert len(numbers) <= 25 if n_pages > 25 else numbers == list(range(1, n_pages + 1))
        assert [p["number"] for p in pager if p["current"]] == [current]
        assert [p["gap"] for p in pager] == [i > 0 and n != numbers[i - 1] + 1 for i, n in enumerate(numbers)]
        # from any page, the milestones lead within reach of any other: no run of left-out pages is over 100
        assert all(b - a <= 100 for a, b in itertools.pairwise(numbers))


def test_long_indexes_are_paginated() -> None:
    from claimtrail.query import NamedQuery, QueryResult
    from claimtrail.site.pages import paginate

    result = QueryResult(NamedQuery("q", "?", "SELECT 1"), ("n",), tuple({"n": i} for i in range(2500)))
    pages = paginate(result, 1000)
    assert [len(p.rows) for p in pages] == [1000, 1000, 500]
    assert [r["n"] for p in pages for r in p.rows] == list(range(2500))
    assert len(paginate(QueryResult(result.query, ("n",), ()), 1000)) == 1


def test_every_named_query_is_shown_under_a_table(built_root: Path) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in _site_pages(built_root))
    for name in load_queries(REPO_ROOT / "report" / "queries"):
        assert f"SQL: {name}.sql" in text, name


def test_pages_load_nothing_from_other_hosts(built_root: Path) -> None:
    for page in _site_pages(built_root):
        text = page.read_text(encoding="utf-8")
        for m in re.finditer(r'<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)="([^"]+)"', text):
            if m.group(0).startswith('<link rel="canonical"'):  # the page's own address (site_url), not a load
                continue
            assert not re.match(r"^(?:https?:)?//", m.group(1)), (page, m.group(1))
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_mkdocs_config_is_offline_material_without_its_search() -> None:
    config = yaml.safe_load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["name"] == "material"
    assert config["theme"]["font"] is False
    assert config["plugins"] == []  # the search is Pagefind's, not the theme's (site.search)
    assert config["docs_dir"] == "build/docs" and config["site_dir"] == "build/site"


def test_downloads_page_prints_true_sizes_and_hashes(built_root: Path) -> None:
    site = built_root / "build" / "site"
    page = (site / "downloads" / "index.html").read_text(encoding="utf-8")
    files = sorted(p for p in (site / "downloads").glob("*.*") if p.name != "index.html")
    names = {p.name for p in files}
    assert {f"{t.name}.parquet" for t in TABLES} <= names
    assert {"claimtrail.duckdb.gz", "syria-may-2016-0.1.0.zip"} <= names
    for p in files:
        if not p.name.endswith(".duckdb.gz"):  # its size differs between identical builds, like its bytes
            assert f"({p.stat().st_size} bytes)" in page, p.name
        assert output_sha256(p).removeprefix("content:") in page, p.name
    assert "spreadsheet" in page and "=</code>" in page


def test_event_page_shows_the_jableh_figures_side_by_side(built_root: Path) -> None:
    page = (built_root / "build" / "site" / "events" / "2016-05-23-jableh-tartous-bombings.html").read_text(
        encoding="utf-8"
    )
    killed = page.split('id="measure-killed"', 1)[1].split('<figure class="ct-chart"', 1)[0]
    for words in ("78", "at least 120", "more than 120", "about 150", "nearly 150"):
        assert f"<td>{words}</td>" in killed, words
    assert "State media" in killed and "local monitoring groups" in killed


# ---------------------------------------------------------------------------
# The low / best / high rule and the disagreement order, on synthetic figures
# ---------------------------------------------------------------------------


def _figures_db(
    figures: list[tuple[str, str, str, float | None, float | None, float | None, str]],
    states: dict[int, tuple[str | None, str | None]] | None = None,
) -> duckdb.DuckDBPyConnection:
    """Figures (event, source, measure, value, low, high, qualifier); `states` gives figure i its
    (part_of, toll_state), every other figure is a current total."""
    con = duckdb.connect()
    for t in TABLES:
        con.execute(duckdb_ddl(t))
    con.execute(
        "INSERT INTO events (event_id, title, event_type, date_precision, place, geo_precision, n_sources, n_publishers, n_claims, n_figures, corroboration, n_reviewed_sources, n_machine_sources, n_independent_sources, review_status) VALUES ('e1', 'E', 'bombing', 'day', 'X', 'city', 3, 3, 3, 3, 'contested', 3, 0, 3, 'reviewed'), ('e2', 'F', 'bombing', 'day', 'X', 'city', 2, 2, 2, 2, 'contested', 2, 0, 2, 'reviewed')"
    )
    sources = sorted({f[1] for f in figures})
    for s in sources:
        con.execute(
            "INSERT INTO sources VALUES (?, 't', 'p', '', '', '', 'unknown', '', '', '', 'raw/x', ?, 0, 1, ?, 1, 1, 1, 'curated', NULL)",
            [s, "0" * 64, "0" * 64],
        )
    for i, (event, source, measure, value, low, high, qualifier) in enumerate(figures):
        con.execute(
            "INSERT INTO claims VALUES (?, ?, ?, 'c', 'outlet', 'casualties', '', 'q', 0, 1, 1, 'raw/x', 'curated', 'reviewed')",
            [f"c{i}", source, event],
        )
        part_of, toll_state = (states or {}).get(i, (None, "current"))
        con.execute(
            "INSERT INTO figures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'people', 'people', ?, ?, 't', 0, 1, 'raw/x', 'curated', 'reviewed')",
            [f"f{i}", f"c{i}", source, event, measure, value, low, high, qualifier, part_of, toll_state],
        )
    return con


def test_event_estimates_query_reads_the_estimates_table(built_root: Path) -> None:
    """The rule lives in rows.estimates (tests/unit/rows/test_estimates.py); the site shows the table's rows."""
    query = load_queries(REPO_ROOT / "report" / "queries")["event_estimates"]
    con = duckdb.connect(str(built_root / "build" / "claimtrail.duckdb"), read_only=True)
    try:
        rows = run_query(con, query).rows
    finally:
        con.close()
    csv_rows = read_csv_rows(built_root / "build" / "data" / "estimates.csv")
    assert len(rows) == len(csv_rows) > 0
    assert [(r["event_id"], r["measure"], r["place_order"]) for r in rows] == [
        (r["event_id"], r["measure"], int(r["place_order"])) for r in csv_rows
    ]
    killed = next(r for r in rows if r["measure"] == "killed" and r["event_id"] == "2016-05-23-jableh-tartous-bombings")
    assert (killed["low"], killed["best"], killed["high"], killed["high_open"]) == (78, 120, 165, True)
    assert killed["place_label"] == "all places: Jableh; Tartous"


def test_estimates_use_current_totals_only() -> None:
    """An earlier (superseded) toll and a breakdown of a total are shown beside the totals but not counted."""
    from claimtrail.rows.estimates import counts_toward_estimate, estimate_row

    con = _figures_db(
        [
            ("e1", "a", "killed", 84, 84, 84, "exact"),
            ("e1", "a", "killed", 61, 61, 61, "exact"),  # "up from 61": earlier
            ("e1", "b", "killed", 90, 90, 90, "exact"),
            ("e1", "b", "killed", 20, 20, 20, "exact"),  # "including 20 children": a breakdown of f2
        ],
        {1: (None, "earlier"), 3: ("f2", "current")},
    )
    side_by_side = run_query(con, load_queries(REPO_ROOT / "report" / "queries")["event_figures"], {"event_id": "e1"})
    counted = [r for r in side_by_side.rows if counts_toward_estimate(r)]
    row = estimate_row(counted, {"a": "A", "b": "B"})
    assert (row["n_figures"], row["low"], row["best"], row["high"]) == (2, 84, 87, 90)
    order = [(r["figure_id"], r["part_of"], r["toll_state"]) for r in side_by_side.rows]
    assert order == [("f1", None, "earlier"), ("f0", None, "current"), ("f2", None, "current"), ("f3", "f2", "current")]


def test_disagreements_are_ordered_by_spread_and_need_two_sources() -> None:
    query = load_queries(REPO_ROOT / "report" / "queries")["disagreements"]
    con = _figures_db(
        [
            ("e1", "a", "killed", 78, 78, 78, "exact"),
            ("e1", "b", "killed", 150, 135, 165, "approximately"),
            ("e2", "a", "killed", 10, 10, 10, "exact"),
            ("e2", "b", "killed", 12, 12, 12, "exact"),
            ("e2", "a", "injured", 5, 5, 5, "exact"),
            ("e2", "a", "injured", 50, 50, 50, "exact"),  # one source disagreeing with itself is not listed
            ("e1", "a", "bombs", 7, 7, 7, "exact"),
            ("e1", "b", "bombs", 7, 7, 7, "exact"),  # agreement is not listed
        ]
    )
    rows = run_query(con, query).rows
    assert [(r["event_id"], r["measure"], r["spread"]) for r in rows] == [("e1", "killed", 72), ("e2", "killed", 2)]


def test_grouped_pages_end_between_groups_and_one_change_moves_one_page() -> None:
    """Content-defined cuts: a row added to one group changes the page it is on, not the later ones."""
    from claimtrail.query import NamedQuery, QueryResult
    from claimtrail.site.pages import paginate

    query = NamedQuery("q", "?", "SELECT 1")
    rows = [{"source_id": f"s{g:05d}", "n": i} for g in range(3000) for i in range(1 + g % 7)]
    pages = paginate(QueryResult(query, ("source_id", "n"), tuple(rows)), 1000, "source_id")
    assert [r for p in pages for r in p.rows] == rows
    assert len(pages) > 5 and all(200 <= len(p.rows) <= 1500 for p in pages[:-1])
    for before, after in itertools.pairwise(pages):
        assert before.rows[-1]["source_id"] != after.rows[0]["source_id"]
    grown = list(rows)
    at = next(i for i, r in enumerate(rows) if r["source_id"] == "s00010")
    grown.insert(at, {"source_id": "s00010", "n": -1})
    again = paginate(QueryResult(query, ("source_id", "n"), tuple(grown)), 1000, "source_id")
    changed = [n for n, (a, b) in enumerate(zip(pages, again, strict=True)) if a.rows != b.rows]
    assert len(again) == len(pages) and changed == [0]
    one_run = paginate(
        QueryResult(query, ("source_id",), tuple({"source_id": "x"} for _ in range(4500))), 1000, "source_id"
    )
    assert [len(p.rows) for p in one_run] == [1500, 1500, 1500]


def _table_rows(page_html: str, heading_id: str) -> list[list[str]]:
    """The cells (markup stripped, entities decoded) of each body row of the table under <h2 id=heading_id>."""
    section = page_html.split(f'<h2 id="{heading_id}">', 1)[1]
    body = section.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for line in body.split("<tr><td>")[1:]:
        cells = line.split("<td>")
        rows.append([html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


def test_an_article_page_shows_every_id_and_mention_in_fewer_bytes(built_root: Path) -> None:
    """Each claim and figure id is shown after the article's id, which the page states; each mention's words
    and resolution are one row with the times they occur; a claim's tag names its hedge."""
    claims = read_csv_rows(built_root / "build" / "data" / "claims.csv")
    figures = read_csv_rows(built_root / "build" / "data" / "figures.csv")
    mentions = read_csv_rows(built_root / "build" / "data" / "mentions.csv")
    sources = read_csv_rows(built_root / "build" / "data" / "sources.csv")
    for s in sources:
        sid = s["source_id"]
        page = (built_root / "build" / "site" / "sources" / f"{sid}.html").read_text(encoding="utf-8")
        own = [c for c in claims if c["source_id"] == sid]
        shown = _table_rows(page, "claims")
        assert [f"{sid}-{row[0]}" for row in shown] == [c["claim_id"] for c in own]
        assert f"<code>{sid}</code> (the tables below show each claim and figure id after it" in page
        assert [f"{sid}-{row[0]}" for row in _table_rows(page, "figures")] == [
            f["figure_id"] for f in figures if f["source_id"] == sid
        ]
        for c in own:
            tag = f"{c['claimant']} · {c['claim_type'].replace('_', ' ')}" + (f" · {c['hedge']}" if c["hedge"] else "")
            assert f'id="{c["claim_id"]}" data-tag="{html.escape(tag, quote=True)}">' in page
        # mentions: every one counted once, in a row of its own words and resolution
        rows = _table_rows(page, "mentions")
        expected: Counter[tuple[str, str]] = Counter((m["kind"], m["text"]) for m in mentions if m["source_id"] == sid)
        got: Counter[tuple[str, str]] = Counter()
        for row in rows:
            got[(row[0], row[1])] += int(row[-1])
        assert got == expected, sid
        assert len(rows) == len({tuple(r) for r in rows})  # no row repeats another
    assert any(
        int(r[-1]) > 1
        for s in sources
        for r in _table_rows(
            (built_root / "build" / "site" / "sources" / f"{s['source_id']}.html").read_text(encoding="utf-8"),
            "mentions",
        )
    ), "the seed has words mentioned more than once: some row must count them"
