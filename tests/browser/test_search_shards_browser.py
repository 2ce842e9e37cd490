"""A site indexed in several Pagefind shards searches as one: every page is in one shard, and the search page
finds words of the last shard's pages through the first's interface (mergeIndex)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from claimtrail.site.search import INDEXES_FILE, SEARCH_DIR, build_search_index, search_shards

pytestmark = [pytest.mark.browser, pytest.mark.integration]

SHARD_PAGES = 15


@pytest.fixture(scope="module")
def sharded_site(built_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed's site, its search index rebuilt in shards of SHARD_PAGES pages."""
    site = tmp_path_factory.mktemp("sharded") / "site"
    shutil.copytree(built_root / "build" / "site", site)
    for bundle in json.loads((site / INDEXES_FILE).read_text(encoding="utf-8")):
        shutil.rmtree(site / bundle)
    (site / INDEXES_FILE).unlink()
    build_search_index(site, shard_pages=SHARD_PAGES)
    return site


@pytest.fixture(scope="module")
def sharded_url(sharded_site: Path, serve: Callable[[Path], Iterator[str]]) -> Iterator[str]:
    yield from serve(sharded_site)


def _pages(site: Path) -> list[str]:
    """The pages the search indexes: all but the listings of every claim and figure."""
    every = [p.relative_to(site).as_posix() for p in site.rglob("*.html") if not p.name.startswith(".")]
    return sorted(p for p in every if not p.startswith(("claims/", "figures/")))


def _shards(site: Path, pages: list[str]) -> list[list[str]]:
    return search_shards(pages, {p: (site / p).stat().st_size for p in pages}, SHARD_PAGES)


def test_every_page_is_in_exactly_one_shard(sharded_site: Path, built_root: Path) -> None:
    bundles = json.loads((sharded_site / INDEXES_FILE).read_text(encoding="utf-8"))
    pages = _pages(sharded_site)
    assert bundles == [SEARCH_DIR] + [f"{SEARCH_DIR}-{k}" for k in range(2, len(bundles) + 1)]
    assert len(bundles) == len(_shards(sharded_site, pages)) > 2
    fragments = [len(list((sharded_site / b / "fragment").glob("*.pf_fragment"))) for b in bundles]
    assert sum(fragments) == len(pages) and max(fragments) <= SHARD_PAGES
    assert fragments == [len(shard) for shard in _shards(sharded_site, pages)]
    assert not list(sharded_site.parent.glob(".search-shard-*"))  # the shards' mirrors are gone
    # the seed's own build fits in one shard, where it always was
    assert json.loads((built_root / "build" / "site" / INDEXES_FILE).read_text(encoding="utf-8")) == [SEARCH_DIR]
    # the interface and Pagefind's code are in the primary bundle only (the search still finds every shard's words:
    # test_the_search_page_finds_a_word_of_the_last_shard)
    assert {"pagefind.js", "pagefind-ui.js", "pagefind-worker.js"} <= {
        p.name for p in (sharded_site / SEARCH_DIR).iterdir()
    }
    for b in bundles[1:]:
        names = {p.name for p in (sharded_site / b).iterdir()}
        assert "pagefind-entry.json" in names and not {n for n in names if n.endswith(".js") or n.endswith(".css")}


def _word_of_the_last_shard(site: Path) -> tuple[str, set[str]]:
    """A long word that only pages of the last shard hold, and those pages."""
    pages = _pages(site)
    last = set(_shards(site, pages)[-1])
    holders: dict[str, set[str]] = {}
    for p in pages:
        text = re.sub(r"<[^>]+>", " ", (site / p).read_text(encoding="utf-8")).lower()
        for w in set(re.findall(r"[a-z]{9,}", text)):
            holders.setdefault(w, set()).add(p)
    words = sorted(w for w, ps in holders.items() if ps <= last)
    assert words, "no word of the last shard's own"
    return words[0], holders[words[0]]


def test_the_search_page_finds_a_word_of_the_last_shard(browser: object, sharded_url: str, sharded_site: Path) -> None:
    word, holders = _word_of_the_last_shard(sharded_site)
    context = browser.new_context()  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(sharded_url + "search/")
        page.wait_for_load_state("networkidle")
        page.fill(".pagefind-ui__search-input", word)
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        hrefs = [a.get_attribute("href") for a in page.locator(".pagefind-ui__result-link").all()]
        assert any(p.removesuffix("index.html") in (h or "") for h in hrefs for p in holders), (word, holders, hrefs)
        # and a word of the first shard's pages is still found beside it
        page.fill(".pagefind-ui__search-input", "Tartous")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        assert page.locator(".pagefind-ui__result-link").count() > 1
    finally:
        context.close()
