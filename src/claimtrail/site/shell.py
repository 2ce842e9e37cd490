"""Everything that depends on MkDocs' internals, in one module, so that the generator can be swapped here alone.

* running `mkdocs build --strict` (run_mkdocs), with the dataset's address as site_url;
* the shell protocol: pages MkDocs builds once (a shell, deferred stubs) that HTML bodies are set into;
* the shell made light: its chrome compacted, its icons and inline scripts in shared, content-hashed files;
* the markers filled in after the build (the downloads table, the home page's <head>);
* the sitemap: MkDocs lists the pages it built; the pages set into the shell are added (sitemap_with_pages).

The search index is not MkDocs': Pagefind reads the built HTML (site.search).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import html
import json
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import ClaimtrailError
from ..text import visible_bidi
from .html import _env, page_base

DOWNLOADS_PAGE = "downloads/index.html"


DOWNLOAD_ROWS_MARKER = '<tr id="claimtrail-download-rows"></tr>'


def download_rows(downloads: Sequence[Mapping[str, Any]], template_dir: Path) -> str:
    """The rows of the downloads table (file, what, size, sha256), for the downloads page at downloads/."""
    return (
        _env(template_dir)
        .get_template("download_rows.html.j2")
        .render(base=page_base("downloads.md"), downloads=downloads)
    )


def fill_download_rows(page: str, rows: str) -> str:
    """The built downloads page with its table's rows in place of DOWNLOAD_ROWS_MARKER."""
    if page.count(DOWNLOAD_ROWS_MARKER) != 1:
        raise ValueError("the built downloads page does not hold the rows marker once")
    return page.replace(DOWNLOAD_ROWS_MARKER, rows)


# Built at the depth of the pages set into it (sources/ID.html, claims/N.html: one level).
SHELL_DOC = "claimtrail-shell.md"


SHELL_DIR = "claimtrail-shell"


SHELL_TITLE = "CLAIMTRAILSHELLTITLE"


# (No table of contents: the shell's would be empty, whatever headings the page set into it has.)
SHELL_MARKDOWN = (
    '---\ntitle: "'
    + SHELL_TITLE
    + '"\nhide:\n  - toc\n---\n\n<h1>'
    + SHELL_TITLE
    + '</h1>\n\n<div id="claimtrail-shell-content"></div>\n'
)


SHELL_BODY = "<h1>" + SHELL_TITLE + '</h1>\n\n<div id="claimtrail-shell-content"></div>'


DEFERRED_BODY = '<div id="claimtrail-deferred-body"></div>'


def deferred_stub(title: str) -> str:
    """The Markdown body of a page whose real body is set in after MkDocs built it (fill_in_place)."""
    return "<h1>" + html.escape(visible_bidi(title), quote=True) + "</h1>\n\n" + DEFERRED_BODY


# Elements whose whitespace is content (or code): compact_chrome leaves them as they are.
_KEEP_WHITESPACE = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_BLANK_LINES = re.compile(r"[ \t\r\f]*\n\s*")


@functools.lru_cache(maxsize=4)
def compact_chrome(markup: str) -> str:
    """`markup` (MkDocs' chrome around a page body) with each run of whitespace that holds a line break cut to
    one line break: the same page to a reader (HTML shows any such run as one space), about a quarter lighter.

    <pre>, <textarea>, <script> and <style> elements are left as they are.
    """
    parts = _KEEP_WHITESPACE.split(markup)
    # split() gives text, element, tag name, text, ...: compact the text between the kept elements
    return "".join(_BLANK_LINES.sub("\n", part) if i % 3 == 0 else part for i, part in enumerate(parts) if i % 3 != 2)


ICON_SPRITE = "assets/icons.{hash}.svg"
_ICON = re.compile(r'<svg xmlns="http://www\.w3\.org/2000/svg" viewBox="([0-9 .]+)">(.*?)</svg>', re.S)


def share_icons(shell: str, base: str) -> tuple[str, str, bytes]:
    """The shell with each of the theme's inline icons (<svg>) drawn from one shared, content-hashed sprite
    (<svg><use href="BASE/assets/icons.HASH.svg#iN"/></svg>: the same icon, in the same colour), the sprite's
    site path and its bytes.  Only the shell: the page bodies' charts stay inline."""
    ids: dict[tuple[str, str], str] = {}
    for m in _ICON.finditer(shell):
        ids.setdefault((m.group(1), m.group(2)), f"i{len(ids)}")
    symbols = "".join(f'<symbol id="{i}" viewBox="{box}">{paths}</symbol>' for (box, paths), i in ids.items())
    sprite = f'<svg xmlns="http://www.w3.org/2000/svg">{symbols}</svg>\n'.encode()
    rel = ICON_SPRITE.format(hash=hashlib.sha256(sprite).hexdigest()[:10])

    def use(m: re.Match[str]) -> str:
        icon = ids[(m.group(1), m.group(2))]
        return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{m.group(1)}"><use href="{base}{rel}#{icon}"/></svg>'

    return _ICON.sub(use, shell), rel, sprite


SHELL_SCRIPT = "assets/shell.{hash}.js"
_INLINE_SCRIPT = re.compile(r"<script>(.+?)</script>", re.S)


def share_scripts(shell: str, base: str) -> tuple[str, dict[str, bytes]]:
    """The shell with each of the theme's inline scripts (<script>CODE</script>) in a shared, content-hashed
    file linked in its place (<script src="BASE/assets/shell.HASH.js">: a script without async or defer
    runs where it stands, before the rest of the page is parsed, as the inline one did); the files by site path.
    """
    files: dict[str, bytes] = {}

    def link(m: re.Match[str]) -> str:
        code = m.group(1).encode()
        rel = SHELL_SCRIPT.format(hash=hashlib.sha256(code).hexdigest()[:10])
        files[rel] = code
        return f'<script src="{base}{rel}"></script>'

    return _INLINE_SCRIPT.sub(link, shell), files


_NAV_LABEL = re.compile(r'(<a href="[^"]*" class="md-nav__link">\s*)<span class="md-ellipsis">\s*([^<]*?)\s*</span>')


# The table of contents the theme renders hidden and empty for a page whose front matter hides it.
_HIDDEN_TOC = re.compile(
    r'<div class="md-sidebar md-sidebar--secondary"[^>]*\shidden>\s*<div class="md-sidebar__scrollwrap">\s*'
    r'<div class="md-sidebar__inner">\s*<nav class="md-nav md-nav--secondary"[^>]*>\s*</nav>\s*</div>\s*</div>\s*</div>\s*'
)


def lighten_nav(shell: str) -> str:
    """The shell with each navigation link's label as plain text, not in an ellipsis <span>, and without the
    hidden, empty table of contents: the same page to a reader (every label fits its sidebar; a long page title
    stays in the header's ellipsis)."""
    return _HIDDEN_TOC.sub("", _NAV_LABEL.sub(r"\1\2", shell))


_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
# The theme's translations and what uses them: a page whose shell has none of it needs none of them.
_TRANSLATIONS_USED: dict[str, Callable[[Mapping[str, Any], str], bool]] = {
    "clipboard.": lambda config, shell: "content.code.copy" in config.get("features", ()),
    "search.": lambda config, shell: 'data-md-component="search"' in shell,
    "select.version": lambda config, shell: config.get("version") is not None,
}


def trim_config(shell: str) -> str:
    """The shell with its theme configuration (<script id="__config">) holding only the translations the
    page can show: the clipboard's with code copy on, the search's with the theme's search box, the
    version selector's with versions.  The rest is the same JSON, in the same order."""
    m = _CONFIG.search(shell)
    if m is None:
        raise ValueError("the MkDocs shell page does not hold the theme's configuration")
    config = json.loads(m.group(2))
    if "translations" not in config:
        return shell
    used = {
        key: text
        for key, text in config["translations"].items()
        if any(key.startswith(prefix) and needed(config, shell) for prefix, needed in _TRANSLATIONS_USED.items())
    }
    config["translations"] = used
    trimmed = json.dumps(config, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return shell[: m.start(2)] + trimmed + shell[m.end(2) :]


def share_chrome(shell: str, base: str) -> tuple[str, dict[str, bytes]]:
    """The shell lightened (lighten_nav, trim_config), its icons and inline scripts in shared files
    (share_icons, share_scripts); the files."""
    shell = trim_config(lighten_nav(shell))
    shell, sprite_rel, sprite = share_icons(shell, base)
    shell, files = share_scripts(shell, base)
    return shell, {sprite_rel: sprite, **files}


def fill_in_place(built: str, title: str, body: str) -> str:
    """The page MkDocs built from deferred_stub(title), with `body` in place of the stub (its chrome compacted)."""
    stub = deferred_stub(title)
    if built.count(stub) != 1:
        raise ValueError("the page MkDocs built does not hold its stub once")
    before, after = built.split(stub)
    return compact_chrome(before) + body + compact_chrome(after)


def fill_shell(shell: str, title: str, body: str, rel: str = "") -> str:
    """A complete page: the shell (built at the same depth) with this page's title and body; with `rel` (its
    site path), the shell's canonical address is the page's own."""
    if SHELL_BODY not in shell:
        raise ValueError("the MkDocs shell page does not hold the content marker")
    escaped = html.escape(visible_bidi(title), quote=True)  # a U+202E cannot garble the page title
    before, after = shell.split(SHELL_BODY, 1)
    # (compacted before the title goes in: the same shell for every page, compacted once)
    before, after = compact_chrome(before), compact_chrome(after)
    if rel:
        before = _CANONICAL.sub(lambda m: m.group(1) + html.escape(rel, quote=True) + '"', before)
    return before.replace(SHELL_TITLE, escaped) + body + after.replace(SHELL_TITLE, escaped)


_CANONICAL = re.compile(r'(<link rel="canonical" href="[^"]*/)' + re.escape(SHELL_DIR) + '/"')


def add_to_head(page: str, markup: str) -> str:
    """A built page with `markup` added at the end of its <head>."""
    if page.count("</head>") != 1:
        raise ValueError("the built page does not hold one </head>")
    return page.replace("</head>", markup + "\n</head>")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(
    config_file: Path, docs_dir: Path, site_dir: Path, site_url: str = "", assets: Mapping[str, str] | None = None
) -> None:
    """`mkdocs build --strict` with docs and site dirs in the staging area, at `site_url` (the dataset's homepage).

    `assets` renames the extra_css, extra_javascript and theme favicon of mkdocs.yml (to their content-hashed names).
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    logger.addHandler(handler)
    previous_level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        config = load_config(
            config_file=str(config_file),
            docs_dir=str(docs_dir),
            site_dir=str(site_dir),
            strict=True,
            **({"site_url": site_url} if site_url else {}),
        )
        renamed = assets or {}
        for key in ("extra_css", "extra_javascript"):
            config[key] = [renamed.get(str(item), item) for item in config[key]]
        favicon = str(config["theme"]["favicon"])
        config["theme"]["favicon"] = renamed.get(favicon, favicon)
        mkdocs_build(config)
    except (Abort, ConfigurationError) as exc:
        detail = "; ".join(handler.messages[:3]) or str(exc)
        raise ClaimtrailError(
            str(config_file.name),
            f"mkdocs build --strict failed: {detail}",
            "fix the template or mkdocs.yml setting named in the message and rebuild",
        ) from None
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous_level)


def sitemap_with_pages(site_dir: Path, pages: Sequence[str]) -> None:
    """MkDocs' sitemap.xml (and .gz) with the shell page left out and the pages set into the shell added.

    MkDocs lists only the pages it built itself; its entries give the site's
    address and the date (SOURCE_DATE_EPOCH's), which the added pages take too.
    """
    path = site_dir / "sitemap.xml"
    text = path.read_text(encoding="utf-8")
    entries = re.findall(r"<loc>([^<]*)</loc>\s*<lastmod>([^<]*)</lastmod>", text)
    if not entries:
        return  # no site_url: MkDocs wrote an empty sitemap
    home, lastmod = entries[0][0], entries[0][1]
    locs = {loc for loc, _ in entries if not loc.startswith(home + SHELL_DIR + "/")}
    locs |= {home + html.escape(rel.removesuffix("index.html")) for rel in pages}
    body = "".join(
        f"    <url>\n         <loc>{loc}</loc>\n         <lastmod>{lastmod}</lastmod>\n    </url>\n"
        for loc in sorted(locs)
    )
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    xml += body + "</urlset>"
    path.write_text(xml, encoding="utf-8", newline="\n")
    with (
        (site_dir / "sitemap.xml.gz").open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz,
    ):
        gz.write(xml.encode("utf-8"))
