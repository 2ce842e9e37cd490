"""Every page type at 1280 px and at 390 px: width, tables, charts, search, accessibility (axe), keyboard, dark, print.

Runs in Debian's Chromium (tests/browser/conftest.py; a missing browser fails).
axe-core comes from the npm registry into a folder this session owns.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from helpers import read_csv_rows

pytestmark = [pytest.mark.browser, pytest.mark.integration]

JABLEH = "2016-05-23-jableh-tartous-bombings"
AXE_VERSION = "4.10.3"
WIDTHS = (1280, 390)
# One page of every type the site has.
PAGE_TYPES = {
    "home": "",
    "search": "search/",
    "sources": "sources/",
    "source": "sources/business-insider-isis-strikes-in-assad.html",
    "events": "events/",
    "event": f"events/{JABLEH}.html",
    "claims": "claims/",
    "figures": "figures/",
    "disagreements": "disagreements/",
    "downloads": "downloads/",
    "methodology": "methodology/",
    "dictionary": "dictionary/",
    "verify": "verify/",
}
RAW_ENUMS = ("at_least", "more_than", "car_bombs", "suicide_bombings", "single_source", "near_city", "part_of_month")


@pytest.fixture(scope="session")
def axe_source(tmp_path_factory: pytest.TempPathFactory) -> str:
    """axe.min.js of axe-core AXE_VERSION, installed from the npm registry into a folder of this session."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is not installed: run 'apt-get install npm' (CI's .ci/run does)")
    folder = tmp_path_factory.mktemp("axe")
    done = subprocess.run(
        [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(folder), f"axe-core@{AXE_VERSION}"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return (folder / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def sized(request: pytest.FixtureRequest, browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": request.param, "height": 900})  # type: ignore[attr-defined]
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


def _open(pg: object, site_url: str, rel: str) -> None:
    pg.goto(site_url + rel)  # type: ignore[attr-defined]
    pg.wait_for_load_state("networkidle")  # type: ignore[attr-defined]


def _axe(pg: object, axe_source: str) -> list[dict[str, object]]:
    pg.add_script_tag(content=axe_source)  # type: ignore[attr-defined]
    result = pg.evaluate(  # type: ignore[attr-defined]
        """async () => {
            const r = await axe.run(document, {runOnly: {type: "tag",
                values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]}, resultTypes: ["violations"]});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: " + n.failureSummary.split("\\n")[1])}));
        }"""
    )
    return list(result)


# ---------------------------------------------------------------------------
# 3. Tables that read well, and no page wider than the screen
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_no_page_is_wider_than_the_screen(sized: object, site_url: str, kind: str, screenshots_dir: Path) -> None:
    _open(sized, site_url, PAGE_TYPES[kind])
    width = sized.viewport_size["width"]  # type: ignore[attr-defined]
    scroll_width = sized.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert scroll_width <= width, f"{kind} is {scroll_width} px wide at {width} px"
    sized.screenshot(path=str(screenshots_dir / f"{kind}-{width}.png"))  # type: ignore[attr-defined]


WORDS_BROKEN = """() => {
    // Words (split at spaces and hyphens) of every table cell that the browser laid out on two lines.
    const broken = [];
    // A hash (.ct-hash) has no words: it may wrap anywhere.
    for (const cell of document.querySelectorAll(".ct-table td:not(.ct-hash), .ct-table th")) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT,
            {acceptNode: n => n.parentNode.closest(".ct-hash") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
        while (walker.nextNode()) {
            const node = walker.currentNode, text = node.nodeValue;
            const re = /[^\\s\\-–—\\/]+/g;
            let m;
            while ((m = re.exec(text)) !== null) {
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
                if (tops.size > 1) broken.push(m[0]);
            }
        }
    }
    return broken.slice(0, 10);
}"""


@pytest.mark.parametrize("kind", ["claims", "figures", "events", "event", "source", "sources", "downloads"])
def test_table_cells_never_break_inside_a_word(sized: object, site_url: str, kind: str) -> None:
    _open(sized, site_url, PAGE_TYPES[kind])
    assert sized.evaluate(WORDS_BROKEN) == []  # type: ignore[attr-defined]


def test_wide_tables_scroll_inside_their_own_box(browser: object, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 900})  # type: ignore[attr-defined]
    pg = context.new_page()
    _open(pg, site_url, "claims/")
    box = pg.locator(".ct-scroll:has(#claims-index)")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")  # the table is wider than the screen ...
    assert box.evaluate("el => getComputedStyle(el).overflowX") == "auto"  # ... and scrolls in its box
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390  # ... not the page
    # The quote column is wide enough to read (the old layout gave it 40 px).
    assert pg.locator("#claims-index td.ct-quote").first.evaluate("el => el.getBoundingClientRect().width") >= 200
    context.close()


@pytest.mark.parametrize("kind", ["claims", "figures", "events", "event", "disagreements", "source"])
def test_enum_values_are_shown_in_words(page: object, site_url: str, kind: str) -> None:
    _open(page, site_url, PAGE_TYPES[kind])
    text = page.evaluate(  # type: ignore[attr-defined]
        """() => { const a = document.querySelector("article").cloneNode(true);
                   a.querySelectorAll("details.ct-sql, [href]").forEach(e => e.removeAttribute("href"));
                   a.querySelectorAll("details.ct-sql").forEach(e => e.remove());
                   return a.innerText; }"""
    )
    assert [e for e in RAW_ENUMS if e in text] == []


# ---------------------------------------------------------------------------
# 4. Charts worth keeping
# ---------------------------------------------------------------------------


def test_chart_rows_are_labelled_by_claimant_with_the_publisher_beside(sized: object, site_url: str) -> None:
    _open(sized, site_url, PAGE_TYPES["event"])
    chart = sized.locator(f"#chart-{JABLEH}-killed")  # type: ignore[attr-defined]
    labels = chart.locator(".ct-chart-label").all_inner_texts()
    state = next(label for label in labels if "78" in label)
    assert state.startswith("State media") and "The Independent" in state
    assert not state.startswith("The Independent")
    # No label is clipped: each fits its own box and the screen.
    width = sized.viewport_size["width"]  # type: ignore[attr-defined]
    for label in chart.locator(".ct-chart-label").all():
        assert label.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
        box = label.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert chart.locator(".ct-chart-title").inner_text().startswith("Killed")
    assert chart.locator(".ct-chart-source").inner_text().startswith("Source:")


def test_open_ranges_are_drawn_open_and_the_axis_has_whole_numbers(page: object, site_url: str) -> None:
    _open(page, site_url, PAGE_TYPES["event"])
    chart = page.locator(f"#chart-{JABLEH}-killed")  # type: ignore[attr-defined]
    rows = chart.locator("li")
    for i in range(rows.count()):
        label = rows.nth(i).locator(".ct-chart-label").inner_text()
        bar = rows.nth(i).locator(".ct-bar")
        is_open = "open" in (bar.get_attribute("class") or "")
        assert is_open == ("or more" in label), label
    ticks = chart.locator(".ct-axis span").all_inner_texts()
    assert ticks and all(re.fullmatch(r"\d{1,3}(,\d{3})*", t) for t in ticks), ticks


def test_every_point_links_to_its_words(page: object, site_url: str, built_root: Path) -> None:
    _open(page, site_url, PAGE_TYPES["event"])
    figures = {r["figure_id"]: r for r in read_csv_rows(built_root / "build" / "data" / "figures.csv")}
    chart = page.locator(f"#chart-{JABLEH}-killed")  # type: ignore[attr-defined]
    hrefs = [a.get_attribute("href") for a in chart.locator("li:not(:last-child) a.ct-dot").all()]
    assert len(hrefs) == 5
    for href in hrefs:
        source, figure_id = href.rsplit("/", 1)[1].split(".html#")
        assert figures[figure_id]["source_id"] == source
    page.goto(site_url + "events/" + hrefs[0])  # type: ignore[attr-defined]
    figure_id = hrefs[0].split("#")[1]
    assert page.locator(f"span.ct-figure[id='{figure_id}']").inner_text() == figures[figure_id]["text"]  # type: ignore[attr-defined]


def test_each_chart_downloads_as_svg_and_as_csv(page: object, site_url: str) -> None:
    _open(page, site_url, PAGE_TYPES["event"])
    chart = page.locator(f"#chart-{JABLEH}-killed")  # type: ignore[attr-defined]
    svg_link = chart.locator("a[download$='.svg']")
    csv_link = chart.locator("a[download$='.csv']")
    with page.expect_download() as got:  # type: ignore[attr-defined]
        svg_link.click()
    svg = Path(got.value.path()).read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "State media" in svg and "Killed" in svg and "Source:" in svg
    with page.expect_download() as got:  # type: ignore[attr-defined]
        csv_link.click()
    rows = list(csv.DictReader(io.StringIO(Path(got.value.path()).read_text(encoding="utf-8"))))
    assert len(rows) == 5 and {r["claimant"] for r in rows} >= {"State media", "local monitoring groups"}
    assert unquote(csv_link.get_attribute("href")).startswith("data:text/csv")


# ---------------------------------------------------------------------------
# 5. Search for the whole text
# ---------------------------------------------------------------------------


def _late_word(build: Path) -> tuple[str, str]:
    """(a word far past the first 2,000 characters of the longest article, that article's id)."""
    sources = read_csv_rows(build / "data" / "sources.csv")
    longest = max(sources, key=lambda s: int(s["char_end"]) - int(s["char_start"]))
    raw = (build.parent / longest["raw_path"]).read_text(encoding="utf-8")
    body = raw[int(longest["char_start"]) : int(longest["char_end"])]
    assert len(body) > 4000
    counts: dict[str, int] = {}
    for w in re.findall(r"[A-Za-z]{7,}", raw.lower()):
        counts[w] = counts.get(w, 0) + 1
    # not a word of any publisher's name or title, which other pages (events, the lists) show too
    named = {w.lower() for s in sources for w in re.findall(r"[A-Za-z]{7,}", s["publisher"] + " " + s["title"])}
    late = [
        m.group(0)
        for m in re.finditer(r"[A-Za-z]{7,}", body)
        if m.start() > 3000 and counts[m.group(0).lower()] == 1 and m.group(0).lower() not in named
    ]
    return late[-1], longest["source_id"]


def test_a_word_late_in_an_article_is_found_and_opens_highlighted(
    page: object, site_url: str, built_root: Path
) -> None:
    build = built_root / "build"
    word, source_id = _late_word(build)
    _open(page, site_url, "search/")
    page.fill(".pagefind-ui__search-input", word)  # type: ignore[attr-defined]
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)  # type: ignore[attr-defined]
    links = page.locator(".pagefind-ui__result-link, .pagefind-ui__result-nested a")  # type: ignore[attr-defined]
    hrefs = [a.get_attribute("href") for a in links.all()]
    hit = next((h for h in hrefs if f"sources/{source_id}.html" in h and "#text" in h), None)
    assert hit, (word, hrefs)
    assert "highlight=" in hit
    page.locator(f"a[href='{hit}']").first.click()  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    first = page.locator("mark.ct-hit--first")  # type: ignore[attr-defined]
    assert first.inner_text().lower() == word.lower()
    assert first.evaluate("el => el.closest('.ct-article') !== null")  # in the article text, not the tables
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => { const r = document.querySelector('mark.ct-hit--first').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }"
    )
    assert page.evaluate("window.scrollY") > 0  # type: ignore[attr-defined]


def test_every_claim_can_be_found(page: object, site_url: str, built_root: Path) -> None:
    """Each claim's rarest long word finds its source page (all results, through Pagefind's own API), and
    never a page of the listings of every claim or figure, which repeat the article pages' words."""
    claims = read_csv_rows(built_root / "build" / "data" / "claims.csv")
    counts: dict[str, int] = {}
    for c in claims:
        for w in set(re.findall(r"[a-z]{5,}", c["quote"].lower())):
            counts[w] = counts.get(w, 0) + 1
    _open(page, site_url, "search/")
    missing, listed = [], []
    for claim in claims:
        words = sorted(set(re.findall(r"[a-z]{5,}", claim["quote"].lower())), key=lambda w: (counts[w], w))
        if not words:
            continue
        urls = page.evaluate(  # type: ignore[attr-defined]
            """async word => { const pf = await import(new URL("../pagefind/pagefind.js", location.href).href);
                              const found = await pf.search(word);
                              return Promise.all(found.results.map(async r => (await r.data()).url)); }""",
            words[0],
        )
        if not any(f"sources/{claim['source_id']}.html" in u for u in urls):
            missing.append((claim["claim_id"], words[0]))
        listed.extend(u for u in urls if "/claims/" in u or "/figures/" in u)
    assert missing == []
    assert listed == []


def test_search_fetches_only_from_the_site(page: object, site_url: str) -> None:
    _open(page, site_url, "search/")
    page.fill(".pagefind-ui__search-input", "Tartous")  # type: ignore[attr-defined]
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)  # type: ignore[attr-defined]
    host = urlparse(site_url).netloc
    assert [u for u in page.requests if urlparse(u).netloc not in (host, "")] == []  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------
# 6. Accessible
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_axe_finds_no_wcag_violation(sized: object, site_url: str, axe_source: str, kind: str) -> None:
    _open(sized, site_url, PAGE_TYPES[kind])
    if kind == "search":
        sized.fill(".pagefind-ui__search-input", "Tartous")  # type: ignore[attr-defined]
        sized.wait_for_selector(".pagefind-ui__result-link", timeout=15000)  # type: ignore[attr-defined]
    violations = _axe(sized, axe_source)
    assert violations == [], json.dumps(violations, indent=1)


@pytest.mark.parametrize("kind", ["home", "source", "event", "claims", "search"])
def test_axe_finds_no_wcag_violation_in_the_dark_palette(
    page: object, site_url: str, axe_source: str, kind: str
) -> None:
    _open(page, site_url, PAGE_TYPES[kind])
    page.locator("label[for='__palette_1']").click()  # type: ignore[attr-defined]
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"  # type: ignore[attr-defined]
    violations = _axe(page, axe_source)
    assert violations == [], json.dumps(violations, indent=1)


def test_sorting_works_from_the_keyboard(page: object, site_url: str) -> None:
    _open(page, site_url, "figures/")
    for _ in range(80):  # Tab until a column's sort button has the focus
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        if page.evaluate("document.activeElement.classList.contains('ct-sort')"):  # type: ignore[attr-defined]
            break
    else:
        pytest.fail("no sort button is reachable with Tab")
    while page.evaluate("document.activeElement.textContent.trim()") != "value":  # type: ignore[attr-defined]
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    th = page.locator("#figures-index thead th:nth-child(4)")  # type: ignore[attr-defined]
    assert th.get_attribute("aria-sort") == "ascending"
    values = [float(v) for v in page.locator("#figures-index tbody td:nth-child(4)").all_inner_texts() if v.strip()]  # type: ignore[attr-defined]
    assert values == sorted(values)
    page.keyboard.press(" ")  # type: ignore[attr-defined]
    assert th.get_attribute("aria-sort") == "descending"


def test_claimant_and_type_are_visible_without_hovering(page: object, site_url: str) -> None:
    _open(page, site_url, PAGE_TYPES["source"])
    first = page.locator(".ct-article mark.ct-claim").first  # type: ignore[attr-defined]
    shown = first.evaluate("el => getComputedStyle(el, '::before').content")
    assert "Business Insider" in shown and "·" in shown
    assert first.evaluate("el => getComputedStyle(el, '::before').display") != "none"


def test_print_style_drops_navigation_and_filters_and_wraps_tables(page: object, site_url: str) -> None:
    _open(page, site_url, "claims/")
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    hidden = page.evaluate(  # type: ignore[attr-defined]
        "() => ['.md-header', '.md-sidebar--primary', '.ct-filter'].map(s => getComputedStyle(document.querySelector(s)).display)"
    )
    assert hidden == ["none", "none", "none"]
    cell = page.locator("#claims-index td").first  # type: ignore[attr-defined]
    assert cell.evaluate("el => getComputedStyle(el).overflowWrap") == "anywhere"
    assert page.locator(".ct-scroll").first.evaluate("el => getComputedStyle(el).overflowX") == "visible"  # type: ignore[attr-defined]
