"""HTML pieces of the pages: URLs, article text with its marks, the range chart SVG, the Jinja environment and its filters."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from ..text import BIDI_CONTROLS, bidi_marker, has_bidi, visible_bidi


def page_base(page_path: str) -> str:
    """Relative prefix from a page's URL to the site root ('' for index.md)."""
    if page_path == "index.md":
        return ""
    depth = page_path.count("/") + 1
    return "../" * depth


def source_url(base: str, source_id: str) -> str:
    return f"{base}sources/{source_id}.html"


def claim_url(base: str, source_id: str, claim_id: str) -> str:
    return f"{base}sources/{source_id}.html#{claim_id}"


def event_url(base: str, event_id: str) -> str:
    return f"{base}events/{event_id}.html"


def _esc(text: str) -> str:
    # Newlines become entities so the article stays on one line of the raw
    # HTML block (white-space: pre-wrap shows them as line breaks).
    return html.escape(visible_bidi(text), quote=True).replace("\n", "&#10;").replace("\r", "&#13;")


def _esc_text(text: str) -> str:
    """_esc for text between tags: each bidi control a visible, isolated marker (the data keeps the control)."""
    if not has_bidi(text):
        return _esc(text)
    return "".join(
        f'<bdi class="ct-bidi" title="bidirectional control character {bidi_marker(c)[1:-1]}">{bidi_marker(c)}</bdi>'
        if c in BIDI_CONTROLS
        else _esc(c)
        for c in text
    )


def _article_text(text: str) -> str:
    # The article page is HTML set into the shell, never Markdown: a line break can stay one byte.  (A carriage
    # return stays an entity: an HTML parser would turn a literal one into a line feed.)
    return _esc_text(text).replace("&#10;", "\n")


def show_text(value: Any) -> Any:
    """A template value as shown: text with bidi controls in an isolating <bdi>, each control a visible marker."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup) and has_bidi(value):
        return Markup("<bdi>" + _esc_text(value).replace("&#10;", "\n").replace("&#13;", "\r") + "</bdi>")
    return value


def article_html(
    raw_text: str,
    start: int,
    end: int,
    claims: Sequence[Mapping[str, Any]],
    figures: Sequence[Mapping[str, Any]],
) -> str:
    """The article span as HTML: each claim a <mark id=claim_id>, each figure a <span id=figure_id> inside it.

    A claim's claimant, type and hedge are in its data-tag, which the stylesheet shows before it.

    Claims never overlap and figures lie inside their claim (the build checks
    both), so the markup nests.
    """
    events: list[tuple[int, int, str]] = []  # (offset, order, html) ; closes before opens at the same offset
    for c in claims:
        # shown before the claim (CSS), not only on hover
        tag = f"{c['claimant']} · {words(c['claim_type'])}" + (f" · {c['hedge']}" if c.get("hedge") else "")
        events.append(
            (
                int(c["char_start"]),
                2,
                f'<mark class="ct-claim" id="{_esc(str(c["claim_id"]))}" data-tag="{_esc(tag)}">',
            )
        )
        events.append((int(c["char_end"]), 0, "</mark>"))
    for f in figures:
        title = f"{f['measure']} · {f['qualifier']}"
        events.append(
            (
                int(f["char_start"]),
                3,
                f'<span class="ct-figure" id="{_esc(str(f["figure_id"]))}" title="{_esc(title)}">',
            )
        )
        events.append((int(f["char_end"]), 1, "</span>"))
    events.sort(key=lambda e: (e[0], e[1]))
    out = ['<div class="ct-article">']
    pos = start
    for offset, _, tag in events:
        out.append(_article_text(raw_text[pos:offset]))
        out.append(tag)
        pos = offset
    out.append(_article_text(raw_text[pos:end]))
    out.append("</div>")
    return "".join(out)


def _fmt(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def words(value: Any) -> str:
    """An enum value in words ("at_least" -> "at least", "car_bombs" -> "car bombs"); the data keeps the raw value."""
    return "" if value is None else str(value).replace("_", " ")


def local_id(value: Any, source_id: str) -> str:
    """A claim or figure id as its article's page shows it: what follows the article's id and a hyphen
    ("m003-f1" for "SOURCE-m003-f1"); an id that does not begin so is shown whole.  The page states the
    article's id once, so the full id is always the one shown after it."""
    text = "" if value is None else str(value)
    prefix = source_id + "-"
    return text[len(prefix) :] if text.startswith(prefix) and len(text) > len(prefix) else text


def _env(template_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=show_text,  # a missing value shows as nothing, not "None"; bidi controls visible
    )
    env.filters["num"] = lambda v: "" if v is None else _fmt(float(v))
    env.filters["bound"] = lambda v: "open" if v is None else _fmt(float(v))
    env.filters["size"] = _human_size
    env.filters["words"] = words
    env.filters["external_link"] = external_link
    env.filters["local_id"] = local_id
    env.globals.update(source_url=source_url, claim_url=claim_url, event_url=event_url)
    return env


def external_link(url: str | None) -> Markup:
    """A link for an http(s) URL; any other scheme (javascript:, data:) is shown as inert text."""
    if not url:
        return Markup("")
    if urlsplit(url).scheme.lower() in ("http", "https"):
        return Markup('<a href="{0}" rel="nofollow noopener noreferrer">{0}</a>').format(url)
    return Markup("<code>{0}</code> (not a web address; not linked)").format(url)


def _human_size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n / 1024 / 1024:.1f} MiB"
