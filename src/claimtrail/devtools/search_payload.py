"""How many bytes one search query loads, with Pagefind and with the theme's own search, on a built site.

    python -m claimtrail.devtools.search_payload build/site [--query WORD ...] [--chromium /usr/bin/chromium]

Pagefind: the site is served on 127.0.0.1, its search page opened in headless
Chromium, and for each query the bytes of every response that arrives after
typing it are summed (the search page itself is loaded before).  A query
typed first in a fresh page pays for Pagefind's start-up files too; both
numbers are printed.

The theme (MkDocs Material's search): it loads its whole index, search_index.json,
before it answers the first query.  Indexing every word of every page, as the
issue asks, that file holds the full text of each page's main column; its size
is computed here from the built pages (the site has no theme index to measure).
Needs Playwright (the dev extra).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html
import http.server
import json
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..site.search import INDEXES_FILE

MAIN = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)


def theme_index_bytes(site_dir: Path) -> tuple[int, int, int]:
    """(pages, bytes, gzip bytes) of a theme search index holding every word of every page's main column."""
    docs = []
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        found = MAIN.search(text)
        if found is None:
            continue
        body = re.sub(r'<details class="ct-sql".*?</details>', " ", found.group(1), flags=re.DOTALL)
        words = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()
        docs.append({"location": page.relative_to(site_dir).as_posix(), "title": "", "text": words})
    data = json.dumps({"config": {}, "docs": docs}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return len(docs), len(data), len(gzip.compress(data, mtime=0))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def _served(site_dir: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def pagefind_query_bytes(site_dir: Path, queries: Sequence[str], chromium: str) -> list[dict[str, Any]]:
    """For each query: bytes loaded when it is the first query of a fresh page, and when typed after another."""
    from playwright.sync_api import sync_playwright

    out = []
    with _served(site_dir) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--headless=new", "--no-sandbox"], headless=True)
        for query in queries:
            row: dict[str, Any] = {"query": query}
            for warm in (False, True):
                page = browser.new_page()
                got: list[tuple[str, int]] = []

                def record(response: Any, got: list[tuple[str, int]] = got) -> None:
                    got.append((response.url, len(response.body()) if response.ok else 0))

                page.on("response", record)
                page.goto(url + "search/")
                page.wait_for_load_state("networkidle")
                if warm:  # another query first: Pagefind's start-up files are loaded
                    page.fill(".pagefind-ui__search-input", "zzzz")
                    page.wait_for_timeout(1500)
                before = len(got)
                page.fill(".pagefind-ui__search-input", query)
                page.wait_for_selector(".pagefind-ui__result-link", timeout=60000)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(500)
                loaded = got[before:]
                row["warm_bytes" if warm else "first_bytes"] = sum(n for _, n in loaded)
                row["warm_files" if warm else "first_files"] = len(loaded)
                row["results"] = page.locator(".pagefind-ui__message").inner_text()
                page.close()
            out.append(row)
        browser.close()
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m claimtrail.devtools.search_payload", description=__doc__)
    parser.add_argument("site", help="a built site directory (build/site)")
    parser.add_argument("--query", action="append", help="a query to measure (repeatable)")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    site = Path(args.site)
    bundles = [site / b for b in json.loads((site / INDEXES_FILE).read_text(encoding="utf-8"))]
    files = [f for b in bundles for f in b.rglob("*") if f.is_file()]
    total = sum(f.stat().st_size for f in files)
    n_pages, theme, theme_gz = theme_index_bytes(site)
    print(
        f"site: {n_pages} pages; Pagefind index on disk: {total / 1e6:.1f} MB in {len(files)} files "
        f"({len(bundles)} shard(s))"
    )
    print(f"theme search (whole index loaded for any query): {theme / 1e6:.1f} MB, {theme_gz / 1e6:.1f} MB gzipped")
    for row in pagefind_query_bytes(site, args.query or ["Tartous", "killed", "ceasefire"], args.chromium):
        print(
            f"Pagefind query {row['query']!r}: {row['first_bytes'] / 1e3:.0f} kB in {row['first_files']} files "
            f"(first query of a page), {row['warm_bytes'] / 1e3:.0f} kB in {row['warm_files']} files (later query); "
            f"{row['results']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
