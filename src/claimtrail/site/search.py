"""The site's search: a Pagefind index of every word of every page, loaded in small pieces (works offline).

Pagefind (the `pagefind` package with its binary) reads the built HTML and
writes build/site/pagefind/: the index split into chunks by word, and one
fragment per page, so a query fetches only the chunks of its words and the
fragments of the results it shows, whatever the size of the site.  The SQL
boxes are left out of the index (data-pagefind-ignore); everything else in a
page's main column is in it, whole.  The output depends only on the pages.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..errors import ClaimtrailError

SEARCH_DIR = "pagefind"
# The main column of a page (Material's article); the navigation and header are not indexed.
ROOT_SELECTOR = "article.md-content__inner"


def pagefind_command() -> list[str]:
    """The Pagefind command of this environment: `python -m pagefind` (the pagefind[bin] package)."""
    return [sys.executable, "-m", "pagefind"]


def build_search_index(site_dir: Path) -> None:
    """Index every page of `site_dir` into site_dir/pagefind/ (ClaimtrailError if Pagefind is missing or fails)."""
    command = [
        *pagefind_command(),
        "--site",
        str(site_dir),
        "--output-subdir",
        SEARCH_DIR,
        "--root-selector",
        ROOT_SELECTOR,
        "--force-language",
        "en",
        "--quiet",
    ]
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

<p>Every word of every article, claim, figure and page can be found. A result opens at the words it matched,
highlighted. The search runs in your browser: it fetches only the small parts of the index that your words
need, so it works offline from a copy of the site served by any static server.</p>

<link href="../pagefind/pagefind-ui.css" rel="stylesheet">
<div id="ct-search" class="ct-search"></div>
<script src="../pagefind/pagefind-ui.js"></script>
<script>
  window.addEventListener("DOMContentLoaded", function () {
    // The site's root, wherever it is served from (this page is one level below it).
    var root = new URL("..", window.location.href).pathname;
    new PagefindUI({ element: "#ct-search", baseUrl: root, showSubResults: true, showImages: false, highlightParam: "highlight",
                     translations: { placeholder: "Search articles, claims and figures" } });
  });
</script>
"""
