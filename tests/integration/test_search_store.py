"""Search shards whose pages did not change are linked from the store, with the bytes a fresh index gives."""

from __future__ import annotations

import json
import shutil
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import pytest

import claimtrail.site.search as search
from claimtrail.cache.store import DAMAGED
from claimtrail.devtools.bench import touch_one_article
from claimtrail.devtools.corpus import generate_corpus
from claimtrail.layout import SEARCH_CACHE
from claimtrail.output_hashes import output_sha256
from claimtrail.runner import BuildOptions, build
from helpers import REPO_ROOT, copy_repo

pytestmark = pytest.mark.integration

SHARD_PAGES = 10


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search-store") / "template"
    generate_corpus(root, 40, seed=5, template_root=REPO_ROOT)
    return root


@pytest.fixture
def pagefind_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Small shards, and the pages of each shard Pagefind is run on (by their first page)."""
    monkeypatch.setattr(search, "SHARD_PAGES", SHARD_PAGES)
    runs: list[str] = []
    real = search._pagefind

    def counted(site: Path, output: Path) -> None:
        runs.append(sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))[0])
        real(site, output)

    monkeypatch.setattr(search, "_pagefind", counted)
    return runs


def _bundles(site: Path) -> dict[str, str]:
    dirs = json.loads((site / search.INDEXES_FILE).read_text(encoding="utf-8"))
    return {
        p.relative_to(site).as_posix(): output_sha256(p)
        for d in dirs
        for p in sorted((site / d).rglob("*"))
        if p.is_file()
    }


def _page_hashes(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): output_sha256(p) for p in sorted(site.rglob("*.html"))}


def _fresh_bundles(root: Path, dest: Path) -> dict[str, str]:
    copy_repo(dest, root)
    build(dest, options=BuildOptions(cache=False, executor="serial"))
    return _bundles(dest / "build" / "site")


def test_one_changed_article_reindexes_only_the_shards_of_changed_pages(
    generated: Path, tmp_path: Path, pagefind_runs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(generated, root)
    build(root, options=BuildOptions(executor="serial"))
    shards = len(json.loads((root / "build" / "site" / search.INDEXES_FILE).read_text(encoding="utf-8")))
    assert shards >= 4 and len(pagefind_runs) == shards  # a first build indexes every shard
    pagefind_runs.clear()
    build(root, options=BuildOptions(executor="serial"))
    assert pagefind_runs == []  # nothing changed: every shard from the store
    before = _page_hashes(root / "build" / "site")
    touch_one_article(root)
    cuts: list[list[list[str]]] = []  # the shards the build cut (by kind, its listings with the site's own pages)
    real_cut = search.search_shards

    given: list[Collection[str]] = []  # the listings the build named

    def recorded(
        pages: Sequence[str], sizes: Mapping[str, int], most: int, listings: Collection[str]
    ) -> list[list[str]]:
        given.append(listings)
        cuts.append(real_cut(pages, sizes, most, listings))
        return cuts[-1]

    monkeypatch.setattr(search, "search_shards", recorded)
    build(root, options=BuildOptions(executor="serial"))
    # exactly the shards holding a page whose bytes changed (or a new page) are indexed again, no other
    site = root / "build" / "site"
    after = _page_hashes(site)
    pages = search.searched_pages(list(after))
    (cut,) = cuts
    assert sorted(p for shard in cut for p in shard) == pages
    (listings,) = given
    assert {"sources/index.html", "events/index.html"} <= set(listings)
    items = {p for p in pages if p.startswith(("sources/", "events/")) and p not in listings}  # article, event pages
    assert all(set(shard) <= items or not set(shard) & items for shard in cut)  # listings with the site's own pages
    changed = [shard[0] for shard in cut if any(before.get(p) != after[p] for p in shard)]
    assert changed and len(changed) < shards, (
        "the change must touch some shards' pages but not all: else this shows nothing"
    )
    # the changed shards indexed again, every other one from the store (the guard above: some, never all)
    assert sorted(pagefind_runs) == sorted(changed), (pagefind_runs, changed)
    pagefind_runs.clear()
    assert _bundles(root / "build" / "site") == _fresh_bundles(root, tmp_path / "fresh")
    assert len(pagefind_runs) == shards  # the fresh build (no cache) indexed every shard itself
    # only the latest build's bundles are kept
    assert len(list((root / SEARCH_CACHE).rglob("*.bundle"))) == shards


def test_a_damaged_stored_bundle_is_reindexed_not_served(
    generated: Path, tmp_path: Path, pagefind_runs: list[str]
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(generated, root)
    build(root, options=BuildOptions(executor="serial"))
    victim = sorted((root / SEARCH_CACHE).rglob("*.bundle"))[0]
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 1  # one bit of one stored file
    victim.write_bytes(bytes(data))
    pagefind_runs.clear()
    DAMAGED.clear()
    result = build(root, options=BuildOptions(executor="serial"))
    assert len(pagefind_runs) == 1  # that shard alone, indexed again
    assert str(victim) in result.cache_damaged
    assert _bundles(root / "build" / "site") == _fresh_bundles(root, tmp_path / "fresh")
