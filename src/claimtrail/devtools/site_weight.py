"""What the built site weighs, and whether what every page shares is stored once (the bench's site targets).

* site_weight: bytes in all, by top-level directory, and the article pages';
* downloads_once: each download's bytes once (no loose copy of what the zip holds, no two alike);
* shared_chrome: what an article page repeats around its own words, and which of its assets can be
  cached for good (a content hash in the name).
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path
from typing import Any

FIXED_DIRS = ("assets",)  # the theme's and the site's shared assets: the same size whatever the corpus
DOWNLOADS = "downloads"
_LINKED = re.compile(r'(?:href|src)="((?:\.\./)*(?:assets|pagefind)/[^"#?]+)')
_HASHED = re.compile(r"[.-][0-9a-f]{8,}\.")  # main.57a0d79d.min.css, claimtrail.89a1f0d4d1.css
_INLINE_CODE = re.compile(r"<(script|style)\b(?![^>]*\bsrc=)([^>]*)>(.*?)</\1>", re.S)
_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)


def site_weight(site: Path) -> dict[str, Any]:
    """Bytes of the built site: in all (every file, as a static host stores them), by top-level directory
    (the page kinds: sources/, claims/, events/, ...; the downloads; the search index), and the article
    pages' (sources/ID.html, not the index pages sources/index.html and sources/N.html)."""
    by_dir: dict[str, int] = {}
    article_pages = article_bytes = 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        top, _, rest = rel.partition("/")
        size = path.stat().st_size
        by_dir[top if rest else "(top)"] = by_dir.get(top if rest else "(top)", 0) + size
        if is_article_page(rel):
            article_pages += 1
            article_bytes += size
    return {
        "bytes": sum(by_dir.values()),
        "by_dir": dict(sorted(by_dir.items(), key=lambda kv: (-kv[1], kv[0]))),
        "fixed_bytes": sum(by_dir.get(d, 0) for d in FIXED_DIRS),
        "article_pages": article_pages,
        "article_page_bytes": article_bytes,
    }


def is_article_page(rel: str) -> bool:
    """sources/ID.html, not the index's pages (sources/index.html, sources/2.html, ...)."""
    top, _, name = rel.partition("/")
    if top != "sources" or "/" in name or not name.endswith(".html"):
        return False
    return not (name == "index.html" or name.removesuffix(".html").isdigit())


def downloads_once(site: Path) -> dict[str, Any]:
    """The downloads stored more than once: loose files whose name the zip also holds (but the citation file
    the cite boxes link to), and files whose bytes another download repeats."""
    folder = site / DOWNLOADS
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name != "index.html") if folder.is_dir() else []
    in_zips: set[str] = set()
    for z in (p for p in files if p.suffix == ".zip"):
        with zipfile.ZipFile(z) as zf:
            in_zips |= {n.rsplit("/", 1)[-1] for n in zf.namelist() if not n.endswith("/")}
    loose = sorted(p.name for p in files if p.name in in_zips and p.name != "CITATION.cff")
    by_hash: dict[str, list[str]] = {}
    for p in files:
        by_hash.setdefault(hashlib.sha256(p.read_bytes()).hexdigest(), []).append(p.name)
    repeated = sorted(n for names in by_hash.values() if len(names) > 1 for n in names)
    return {"files": len(files), "loose_copies": loose, "same_bytes": repeated}


def shared_chrome(site: Path) -> dict[str, Any]:
    """Over the article pages: the bytes around their own words (navigation, header, footer) on average,
    the inline code they repeat (scripts and styles without a file; JSON data such as the theme's settings
    is not code), and
    the assets they link whose names carry no content hash (so a browser cannot cache them for good)."""
    pages = sorted(p for p in (site / "sources").glob("*.html") if is_article_page(f"sources/{p.name}"))
    chrome = inline = 0
    unhashed: set[str] = set()
    assets: set[str] = set()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        body = _ARTICLE.search(text)
        outside = text[: body.start()] + text[body.end() :] if body else text
        chrome += len(outside.encode("utf-8"))
        inline += sum(
            len(m.group(3).encode("utf-8")) for m in _INLINE_CODE.finditer(outside) if "json" not in m.group(2)
        )
        for link in _LINKED.findall(text):
            name = link.lstrip("./")
            assets.add(name)
            if not _HASHED.search(name.rsplit("/", 1)[-1]):
                unhashed.add(name)
    n = max(len(pages), 1)
    return {
        "pages": len(pages),
        "chrome_bytes": round(chrome / n),
        "inline_code_bytes": round(inline / n),
        "assets": len(assets),
        "unhashed_assets": sorted(unhashed),
    }
