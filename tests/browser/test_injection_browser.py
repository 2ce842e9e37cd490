"""Article text must render as literal text: no script from raw/ ever runs (real Chromium)."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.integration]

PWNED = "[window.__pwned, window.__pwned_title, window.__pwned_md, window.__pwned_url].filter(v => v !== undefined)"
PAGES = ["sources/hostile-injection.html", "claims/", "figures/", "sources/", "", "disagreements/"]


@pytest.mark.parametrize("path", PAGES)
def test_no_injected_script_runs_and_text_shows_as_typed(page, hostile_site_url: str, path: str) -> None:
    page.goto(hostile_site_url + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate(PWNED) == []
    # Nothing was requested from the address in the injected Markdown image.
    assert [
        u for u in page.requests if urlparse(u).hostname not in ("127.0.0.1",) and not u.startswith(("data:", "blob:"))
    ] == []
    assert page.locator("img[src='x'], img[src*='198.51.100.7']").count() == 0


def test_source_page_shows_every_payload_literally(page, hostile_site_url: str) -> None:
    page.goto(hostile_site_url + "sources/hostile-injection.html")
    article = page.locator(".ct-article")
    text = article.inner_text()
    for literal in (
        "<script>window.__pwned = 1</script>",
        '<img src=x onerror="window.__pwned = 2">',
        '<a href="javascript:window.__pwned=3">local media</a>',
        "[this link](javascript:window.__pwned=4)",
        "![an image](http://198.51.100.7/pixel.png)",
        "<!-- an HTML comment -->",
        "{{ 7*7 }}",
        "{% if true %}TEMPLATE-RAN{% endif %}",
        '!!! note "Injected admonition"',
        '--8<-- "mkdocs.yml"',
        "{: #injected-id .injected-class }",
        "=SUM(A1:A2)",
    ):
        assert literal in text, literal
    assert page.locator(".admonition").count() == 0
    assert page.locator("#injected-id, .injected-class").count() == 0
    assert page.locator(".ct-article a, .ct-article img, .ct-article script").count() == 0
    heading = page.locator("h1").first.inner_text()
    assert heading.startswith("<script>window.__pwned_title = 1</script> Hostile *headline*")
    assert "{{ 7*7 }}" in page.title()
    # The header and the claims carry the payload as text too, and nothing ran.
    assert page.evaluate(PWNED) == []


def test_search_results_show_payloads_as_text(page, hostile_site_url: str) -> None:
    page.goto(hostile_site_url + "search/")
    page.fill(".pagefind-ui__search-input", "observers")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    page.wait_for_timeout(500)
    assert page.evaluate(PWNED) == []
    assert page.locator(".pagefind-ui__results img[src='x']").count() == 0
