"""The site's search: a Pagefind index of every word of the site, loaded in small pieces (works offline).

Pagefind (the `pagefind` package with its binary) reads the built HTML and
writes build/site/pagefind/: the index split into chunks by word, and one
fragment per page, so a query fetches only the chunks of its words and the
fragments of the results it shows, whatever the size of the site.

What is indexed: everything in a page's main column, whole, but the SQL boxes
and an article page's claims and figures tables (data-pagefind-ignore), whose
words are its text's own, so that a result opens in the text.  The listings of
every claim and every figure (claims/, figures/) are not indexed: each of their
rows repeats an article page's words.  The output depends only on the pages.

Pagefind holds the words of every page it indexes in memory (4.7 GB for the
whole 10,000-article site in one index), so the pages are indexed in shards of
at most ``SHARD_PAGES`` pages and ``SHARD_BYTES`` bytes of HTML (shards_of):
the first in pagefind/, the next in pagefind-2/, ...; a shard holds one kind of page
(search_shards: the site's own pages, event pages or article pages).  ``search-indexes.json``
lists them, and the search page merges them into one result list (Pagefind's
mergeIndex).  A shard ends after a page whose path's hash says so
(content-defined, as rsync cuts files), so a page added or removed changes its
own shard only, not every shard after it; with a store (site.search_store), a
rebuild indexes only the shards whose pages changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from ..errors import ClaimtrailError
from .search_store import SearchStore, shard_key

SEARCH_DIR = "pagefind"
INDEXES_FILE = "search-indexes.json"  # at the site's root: the bundle directories the search page merges
SHARD_PAGES = 2_000  # most pages per Pagefind index: bounds Pagefind's memory, whatever the size of the site
# most bytes of HTML per Pagefind index: its memory follows the words it holds (about 4 times the HTML, plus
# its own start-up), and an event page of a large corpus can weigh 1 MB, so that 2,000 of them would not fit;
# 16 MB keeps one Pagefind run near 150 MB beside the build (at 64 MB the search stage took the build past 1 GiB),
# and a rebuild reindexes 16 MB per changed shard (Pagefind indexes about 6 MB a second here)
SHARD_BYTES = 16_000_000
# Pages are sharded by kind, so that the pages a one-article change touches everywhere (the home page, the
# listings) share a shard of their own, and a changed article or event reindexes one shard of its kind.
PAGE_KINDS = ("events/", "sources/")  # each one kind but the listings in them; every other page is the site's own
# The main column of a page (Material's article); the navigation and header are not indexed.
ROOT_SELECTOR = "article.md-content__inner"
# Listings whose every row repeats an article page's words: left out of the index (searched_pages).
REPEATING_LISTINGS = ("claims/", "figures/")


def pagefind_command() -> list[str]:
    """The Pagefind command of this environment: `python -m pagefind` (the pagefind[bin] package)."""
    return [sys.executable, "-m", "pagefind"]


def bundle_dirs(shards: int) -> list[str]:
    """The site directories of the search bundles: pagefind/, then pagefind-2/, pagefind-3/, ..."""
    return [SEARCH_DIR if k == 0 else f"{SEARCH_DIR}-{k + 1}" for k in range(max(shards, 1))]


def searched_pages(pages: Sequence[str]) -> list[str]:
    """The site paths (sorted) that the search indexes: every page but the REPEATING_LISTINGS."""
    return sorted(p for p in pages if not p.startswith(REPEATING_LISTINGS))


def by_kind(pages: Sequence[str], listings: Collection[str] = ()) -> list[list[str]]:
    """The pages (in order) by kind, the site's own pages (and the `listings`) first, then each of
    PAGE_KINDS; no empty kind."""
    kinds: list[list[str]] = [[] for _ in range(len(PAGE_KINDS) + 1)]
    for rel in pages:
        own = rel in listings
        kinds[0 if own else next((i + 1 for i, k in enumerate(PAGE_KINDS) if rel.startswith(k)), 0)].append(rel)
    return [kind for kind in kinds if kind]


def search_shards(
    pages: Sequence[str], sizes: Mapping[str, int], most: int = SHARD_PAGES, listings: Collection[str] = ()
) -> list[list[str]]:
    """The search's shards: one if every page fits in one, else each kind's pages (by_kind) cut by
    shards_of, of at most `most` pages and SHARD_BYTES bytes (one empty shard for no pages)."""
    if len(pages) <= most and sum(sizes.get(p, 0) for p in pages) <= SHARD_BYTES:
        return [list(pages)]
    return [shard for kind in by_kind(pages, listings) for shard in shards_of(kind, most, sizes, SHARD_BYTES)]


def shards_of(
    pages: Sequence[str], most: int, sizes: Mapping[str, int] | None = None, most_bytes: int | None = None
) -> list[list[str]]:
    """The pages (in order) cut into shards of at most `most` pages, about half that on average, and (given
    each page's `sizes`) of at most `most_bytes` bytes of HTML, but where one page alone is larger.

    A shard of at least most // 4 pages ends after a page whose path's sha256, read as a number, is
    a multiple of most // 4; any shard ends at `most` pages, or before the page that would take it
    past `most_bytes`: where the cuts fall depends on the pages near them only.
    """
    least = max(most // 4, 1)
    shards: list[list[str]] = []
    current: list[str] = []
    held = 0
    for rel in pages:
        size = sizes.get(rel, 0) if sizes is not None else 0
        if current and most_bytes is not None and held + size > most_bytes:
            shards.append(current)
            current, held = [], 0
        current.append(rel)
        held += size
        cut = len(current) >= least and int(hashlib.sha256(rel.encode("utf-8")).hexdigest()[:12], 16) % least == 0
        if cut or len(current) >= most:
            shards.append(current)
            current, held = [], 0
    if current or not shards:
        shards.append(current)
    return shards


def build_search_index(
    site_dir: Path, shard_pages: int | None = None, store: SearchStore | None = None, listings: Collection[str] = ()
) -> None:
    """Index the searched pages of `site_dir` into its search bundles, and list them in INDEXES_FILE
    (ClaimtrailError if Pagefind is missing or fails).

    With a store, a shard whose pages are byte for byte those of a stored bundle gets that bundle
    (the same bytes Pagefind would write) instead of being indexed again.  The `listings` (site paths of the index
    pages) are sharded with the site's own pages, not with the articles or events their paths are among.
    """
    pages = searched_pages([p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")])
    sizes = {rel: (site_dir / rel).stat().st_size for rel in pages}
    shards = search_shards(pages, sizes, shard_pages or SHARD_PAGES, listings)
    dirs = bundle_dirs(len(shards))
    how = [_pagefind_version(), *_pagefind_arguments()]
    for shard, out in zip(shards, dirs, strict=True):
        merged = out != SEARCH_DIR
        key = shard_key(site_dir, shard, [*how, "merged" if merged else "primary"]) if store is not None else ""
        if store is not None and store.take(key, site_dir / out):
            continue
        # each shard is indexed from a mirror of its own pages (hard links), beside the site
        with tempfile.TemporaryDirectory(prefix=".search-shard-", dir=site_dir.parent) as tmp:
            _mirror(site_dir, Path(tmp), shard)
            _pagefind(Path(tmp), site_dir / out)
        if merged:
            _drop_primary_files(site_dir / out)
        if store is not None:
            store.put(key, site_dir / out)
    if store is not None:
        store.prune()
    (site_dir / INDEXES_FILE).write_text(json.dumps(dirs) + "\n", encoding="utf-8")


# Files of a Pagefind bundle that only the primary bundle's are loaded of (the search page loads the interface
# and pagefind.js from pagefind/; the bundles it merges are read through that one's code): not kept twice.
PRIMARY_ONLY = ("pagefind.js", "pagefind-worker.js", "pagefind-highlight.js", "pagefind-*ui.js", "pagefind-*ui.css")


def _drop_primary_files(bundle: Path) -> None:
    """Remove from a merged bundle the files only the primary bundle's are used of (PRIMARY_ONLY)."""
    for pattern in PRIMARY_ONLY:
        for path in sorted(bundle.glob(pattern)):
            path.unlink()


def _mirror(site_dir: Path, into: Path, pages: Sequence[str]) -> None:
    """The given pages of the site at their own paths under `into` (hard links where the file system allows)."""
    for rel in pages:
        target = into / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site_dir / rel, target)
        except OSError:
            shutil.copyfile(site_dir / rel, target)


def _pagefind_version() -> str:
    """The installed Pagefind's version (part of what a stored bundle depends on)."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("pagefind", "pagefind_bin"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} unknown")
    return ", ".join(found)


def _pagefind_arguments() -> list[str]:
    """Pagefind's arguments but the site and output paths."""
    return ["--root-selector", ROOT_SELECTOR, "--force-language", "en", "--quiet"]


def _pagefind(site: Path, output: Path) -> None:
    """Run Pagefind over the pages of `site`, writing its bundle to `output`."""
    command = [*pagefind_command(), "--site", str(site), "--output-path", str(output), *_pagefind_arguments()]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    except OSError as exc:
        raise ClaimtrailError(
            "pyproject.toml", f"Pagefind could not be started: {exc}", "install the locked dependencies (pagefind[bin])"
        ) from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise ClaimtrailError(
            "build/site/",
            "the search index could not be built: " + " / ".join(detail),
            "install the locked dependencies (pip install 'pagefind[bin]'), or build with --no-site",
        )


SEARCH_DOC = "search.md"
# The search page: Pagefind's own interface, its results linking to the words with ?highlight=,
# which the site's script marks and scrolls to (report/assets/claimtrail.js).
SEARCH_MARKDOWN = """---
title: Search
---

<h1>Search</h1>

<p>Every word of every article, claim, figure and page can be found: a claim or a figure at its article's
page, where it stands in the text (the lists of all claims and all figures are not searched twice). A result opens at the words it matched,
highlighted. The search runs in your browser: it fetches only the small parts of the index that your words
need, so it works offline from a copy of the site served by any static server.</p>

<link href="../pagefind/pagefind-ui.css" rel="stylesheet">
<div id="ct-search" class="ct-search"></div>
<script src="../pagefind/pagefind-ui.js"></script>
<script>
  window.addEventListener("DOMContentLoaded", function () {
    // The site's root, wherever it is served from (this page is one level below it).
    var root = new URL("..", window.location.href).pathname;
    function start(bundles) {
      new PagefindUI({ element: "#ct-search", baseUrl: root, bundlePath: root + bundles[0] + "/",
                       mergeIndex: bundles.slice(1).map(function (b) { return { bundlePath: root + b + "/", baseUrl: root }; }),
                       showSubResults: true, showImages: false, highlightParam: "highlight",
                       translations: { placeholder: "Search articles, claims and figures" } });
    }
    // A large site's index is in several bundles (search-indexes.json lists them); results come from all.
    fetch(root + "search-indexes.json").then(function (r) { return r.json(); })
      .then(start, function () { start(["pagefind"]); });
  });
</script>
"""
