"""The MkDocs shell protocol: pages MkDocs builds once (a shell, deferred stubs) that HTML bodies are set into; the downloads marker; search entries."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

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


SHELL_MARKDOWN = (
    '---\ntitle: "'
    + SHELL_TITLE
    + '"\n---\n\n<h1>'
    + SHELL_TITLE
    + '</h1>\n\n<div id="claimtrail-shell-content"></div>\n'
)


SHELL_BODY = "<h1>" + SHELL_TITLE + '</h1>\n\n<div id="claimtrail-shell-content"></div>'


DEFERRED_BODY = '<div id="claimtrail-deferred-body"></div>'


def deferred_stub(title: str) -> str:
    """The Markdown body of a page whose real body is set in after MkDocs built it (fill_in_place)."""
    return "<h1>" + html.escape(visible_bidi(title), quote=True) + "</h1>\n\n" + DEFERRED_BODY


def fill_in_place(built: str, title: str, body: str) -> str:
    """The page MkDocs built from deferred_stub(title), with `body` in place of the stub."""
    stub = deferred_stub(title)
    if built.count(stub) != 1:
        raise ValueError("the page MkDocs built does not hold its stub once")
    return built.replace(stub, body)


def fill_shell(shell: str, title: str, body: str) -> str:
    """A complete page: the shell (built at the same depth) with this page's title and body."""
    if SHELL_BODY not in shell:
        raise ValueError("the MkDocs shell page does not hold the content marker")
    escaped = html.escape(visible_bidi(title), quote=True)  # a U+202E cannot garble the page title
    before, after = shell.split(SHELL_BODY, 1)
    return before.replace(SHELL_TITLE, escaped) + body + after.replace(SHELL_TITLE, escaped)


def search_entry(location: str, title: str, body: str, max_chars: int = 2000) -> dict[str, str]:
    """A MkDocs search index entry for an HTML page (its text, tags stripped, truncated)."""
    text = re.sub(r"<details class=\"ct-sql\">.*?</details>", " ", body, flags=re.DOTALL)
    text = re.sub(r"<svg.*?</svg>", " ", text, flags=re.DOTALL)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"\s+", " ", text).strip()
    return {
        "location": location,
        "title": html.escape(visible_bidi(title)),
        "text": html.escape(visible_bidi(text[:max_chars])),
    }
