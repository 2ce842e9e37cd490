"""HTML pieces of the pages: URLs, article text with its marks, the range chart SVG, the Jinja environment and its filters."""

from __future__ import annotations

import html
import math
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

    Claims never overlap and figures lie inside their claim (the build checks
    both), so the markup nests.
    """
    events: list[tuple[int, int, str]] = []  # (offset, order, html) ; closes before opens at the same offset
    for c in claims:
        title = f"{c['claimant']} · {c['claim_type']}" + (f" · {c['hedge']}" if c.get("hedge") else "")
        events.append(
            (
                int(c["char_start"]),
                2,
                f'<mark class="ct-claim ct-claim--{_esc(str(c["claim_type"]))}" id="{_esc(str(c["claim_id"]))}" '
                f'title="{_esc(title)}">',
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
        out.append(_esc_text(raw_text[pos:offset]))
        out.append(tag)
        pos = offset
    out.append(_esc_text(raw_text[pos:end]))
    out.append("</div>")
    return "".join(out)


def _nice_max(x: float) -> float:
    if not 1 <= x < math.inf:  # at most 1 (or 5e-324: 10**-324 is 0.0), or (never from validation) not finite
        return 1.0
    exp = 10 ** math.floor(math.log10(x))
    for m in (1, 2, 2.5, 5, 10):
        if x <= m * exp:
            return float(m * exp)
    return float(10 * exp)


def _fmt(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def range_chart_svg(measure: str, rows: Sequence[Mapping[str, Any]], estimate: Mapping[str, Any] | None) -> str:
    """One horizontal axis; each source's figure drawn as its [low, high] range with its point value.

    An open upper bound is drawn as an arrow to the end of the axis.
    """
    row_h, left, width, right = 26, 230, 720, 20
    plot_w = width - left - right
    finite = [
        v for r in rows for v in (r.get("low"), r.get("high"), r.get("value")) if v is not None and math.isfinite(v)
    ]
    axis_max = _nice_max(max(finite) * 1.1 if finite else 1.0)

    def x(v: float) -> float:
        return left + plot_w * (v / axis_max)

    n = len(rows) + (1 if estimate else 0)
    height = 30 + row_h * n + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ct-chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-label="{_esc(measure)}: each source’s range">',
        f"<title>{_esc(measure)}: figures by source, low to high</title>",
    ]
    axis_y = 30 + row_h * n + 4
    parts.append(f'<line x1="{left}" y1="{axis_y}" x2="{left + plot_w}" y2="{axis_y}" class="ct-axis"/>')
    for i in range(6):
        v = axis_max * i / 5
        parts.append(f'<line x1="{x(v):.1f}" y1="{axis_y}" x2="{x(v):.1f}" y2="{axis_y + 5}" class="ct-axis"/>')
        parts.append(f'<text x="{x(v):.1f}" y="{axis_y + 18}" class="ct-tick" text-anchor="middle">{_fmt(v)}</text>')
    for i, r in enumerate(rows):
        y = 30 + row_h * i + row_h / 2
        label = f"{r.get('publisher') or r.get('source_id')}: {r.get('text')}"
        parts.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" class="ct-label" text-anchor="end">{_esc(label[:40])}</text>'
        )
        lo, hi, val = r.get("low"), r.get("high"), r.get("value")
        lo_x = x(lo) if lo is not None else left
        hi_x = x(hi) if hi is not None else left + plot_w
        cls = "ct-range" + (" ct-range--open" if hi is None or lo is None else "")
        parts.append(f'<line x1="{lo_x:.1f}" y1="{y:.1f}" x2="{hi_x:.1f}" y2="{y:.1f}" class="{cls}"/>')
        if hi is None:
            parts.append(f'<path d="M{hi_x:.1f},{y:.1f} l-8,-5 l0,10 z" class="ct-arrow"/>')
        if val is not None:
            parts.append(f'<circle cx="{x(val):.1f}" cy="{y:.1f}" r="5" class="ct-point"/>')
    if estimate:
        y = 30 + row_h * len(rows) + row_h / 2
        lo, hi, best = estimate.get("low"), estimate.get("high"), estimate.get("best")
        parts.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" class="ct-label ct-label--derived" text-anchor="end">derived low–best–high</text>'
        )
        if lo is not None and hi is not None:
            parts.append(
                f'<line x1="{x(lo):.1f}" y1="{y:.1f}" x2="{x(hi):.1f}" y2="{y:.1f}" class="ct-range ct-range--derived"/>'
            )
        if best is not None:
            parts.append(f'<circle cx="{x(best):.1f}" cy="{y:.1f}" r="6" class="ct-point ct-point--derived"/>')
    parts.append("</svg>")
    return "".join(parts)


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
    env.filters["external_link"] = external_link
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
