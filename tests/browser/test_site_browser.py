"""Real-browser tests of the built site in Debian's headless Chromium."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.integration]

JABLEH = "2016-05-23-jableh-tartous-bombings"


def _local_only(urls: list[str], site_url: str) -> list[str]:
    host = urlparse(site_url).netloc
    return [u for u in urls if not (urlparse(u).netloc == host or u.startswith(("data:", "blob:", "about:")))]


def test_home_page_loads_and_is_screenshotted(page, site_url: str, screenshots_dir: Path) -> None:
    page.goto(site_url)
    assert "Syria, May 2016" in page.title()
    assert page.locator(".ct-counts").is_visible()
    page.screenshot(path=str(screenshots_dir / "home.png"), full_page=False)
    assert _local_only(page.requests, site_url) == []


def test_claim_link_lands_on_highlighted_words(page, site_url: str, screenshots_dir: Path) -> None:
    page.goto(site_url + "claims/")
    links = page.locator("a.ct-claim-link")
    assert links.count() > 100
    # Take a claim far down an article so that landing on it needs a scroll.
    link = links.nth(40)
    href = link.get_attribute("href")
    claim_id = href.split("#", 1)[1]
    link.click()
    page.wait_for_url(f"**.html#{claim_id}")
    target = page.locator(f"mark[id='{claim_id}']")
    assert target.count() == 1
    page.wait_for_function(
        "id => { const r = document.getElementById(id).getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }",
        arg=claim_id,
    )
    style = target.evaluate("el => { const s = getComputedStyle(el); return [s.backgroundColor, s.outlineStyle]; }")
    assert style == ["rgb(255, 204, 128)", "solid"], style  # the :target highlight (--ct-claim-target-bg)
    assert page.evaluate("window.scrollY") > 0
    page.screenshot(path=str(screenshots_dir / "source.png"))
    assert _local_only(page.requests, site_url) == []


def test_jableh_event_page_shows_its_chart(page, site_url: str, screenshots_dir: Path) -> None:
    page.goto(site_url + f"events/{JABLEH}.html")
    killed_chart = page.locator(f"#chart-{JABLEH}-killed")
    assert killed_chart.is_visible()
    # One row per source figure for the death toll (78, at least 120, more than 120, nearly 150, about 150) plus the derived one.
    assert killed_chart.locator(".ct-bar").count() == 6
    assert killed_chart.locator("a.ct-dot").count() == 6
    box = killed_chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    page.locator("#measure-killed").scroll_into_view_if_needed()
    page.evaluate("document.getElementById('measure-killed').scrollIntoView()")
    page.screenshot(path=str(screenshots_dir / "event-2016-05-23.png"))
    assert _local_only(page.requests, site_url) == []


def test_tables_filter_and_sort_without_network(page, site_url: str) -> None:
    page.goto(site_url + "figures/")
    rows = page.locator("#figures-index tbody tr")
    total = rows.count()
    page.fill("input.ct-filter", "killed")
    visible = page.locator("#figures-index tbody tr:not([hidden])").count()
    assert 0 < visible < total
    page.fill("input.ct-filter", "")
    page.click("#figures-index thead th:nth-child(4)")  # value, ascending
    values = page.locator("#figures-index tbody tr td:nth-child(4)").all_text_contents()
    numbers = [float(v) for v in values if v.strip()]
    assert numbers == sorted(numbers)
    assert _local_only(page.requests, site_url) == []


@pytest.mark.parametrize(
    "path",
    ["", "sources/", "events/", "claims/", "figures/", "disagreements/", "downloads/", "methodology/", "dictionary/"],
)
def test_no_page_requests_anything_outside_localhost(page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    assert len(page.requests) >= 3  # the page, its CSS and its JS at least
    assert _local_only(page.requests, site_url) == []


def test_an_opened_sql_box_shows_its_query_from_the_one_shared_file(page, site_url: str, built_root: Path) -> None:
    from claimtrail.query import load_queries

    query = load_queries(built_root / "report" / "queries")["source_claims"]
    page.goto(site_url + "sources/reuters-russia-has-special-responsibility.html")
    box = page.locator("details.ct-sql", has_text="SQL: source_claims.sql")
    assert box.count() == 1
    box.locator("summary").click()
    code = box.locator("pre code")
    page.wait_for_function("el => !el.querySelector('a.ct-sql-file')", arg=code.element_handle())
    assert code.inner_text().strip() == query.sql
    assert any(u.endswith("/sql/source_claims.sql") for u in page.requests)
    assert _local_only(page.requests, site_url) == []


def test_the_header_icons_of_a_generated_page_are_drawn_from_the_shared_sprite(page, site_url: str) -> None:
    page.goto(site_url + "sources/reuters-russia-has-special-responsibility.html")
    page.wait_for_load_state("networkidle")
    uses = page.locator(".md-header use, .md-nav__title use")
    assert uses.count() >= 2
    # each shown icon drawn: its shape has a size (an icon missing from the sprite would draw nothing)
    sizes = page.evaluate(
        "Array.from(document.querySelectorAll('.md-header use, .md-nav__title use'))"
        ".filter(u => u.closest('svg').getClientRects().length).map(u => u.getBBox().width)"
    )
    assert len(sizes) >= 2 and all(w > 0 for w in sizes), sizes
    fill = page.evaluate("getComputedStyle(document.querySelector('.md-header .md-logo svg')).fill")
    assert fill == page.evaluate("getComputedStyle(document.querySelector('.md-header')).color")
    assert any("/assets/icons." in u for u in page.requests)
    assert _local_only(page.requests, site_url) == []


def test_the_shared_shell_scripts_keep_the_chosen_palette_on_generated_pages(page, site_url: str) -> None:
    """The theme's inline scripts, moved to shared files, still run where they stood: the palette toggle of a
    generated page switches the scheme, and the choice holds on the next page before it is drawn."""
    source = site_url + "sources/reuters-russia-has-special-responsibility.html"
    page.goto(source)
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.locator("label[for='__palette_1']").click()
    page.wait_for_function(f"{scheme} === 'slate'")
    page.goto(site_url + f"events/{JABLEH}.html")
    assert page.evaluate(scheme) == "slate"
    assert any("/assets/shell." in u for u in page.requests)
    assert _local_only(page.requests, site_url) == []
