"""The figures chart of an event page: a row per figure, labelled by claimant with the publisher beside it.

One model (Chart) is drawn three ways: as HTML on the page (labels are text,
so they wrap and never clip at any width; each bar and point sits at a
percentage of the axis), as a standalone SVG to download, and as the CSV of
the rows behind it.  Open ranges are drawn open, the count axis has whole
numbers, and every row links to the words it came from.
"""

from __future__ import annotations

import csv
import html
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from .html import _fmt, source_url, words

CSV_COLUMNS = ("claimant", "publisher", "words", "qualifier", "value", "low", "high", "figure_id", "source_id")


@dataclass(frozen=True)
class ChartRow:
    """One row: its label parts, its bounds (None: open) and point, and where its words are."""

    claimant: str
    publisher: str
    words: str
    low: float | None
    high: float | None
    value: float | None
    href: str
    derived: bool = False
    stated_high: float | None = None  # an open derived row: the highest bound stated (more is possible)


@dataclass(frozen=True)
class Chart:
    key: str  # unique on its page: the id of the <figure> and the download's file name
    title: str
    rows: tuple[ChartRow, ...]
    ticks: tuple[int, ...]  # whole numbers from 0; the last is the end of the axis
    source: str
    csv_rows: tuple[Mapping[str, Any], ...]


def whole_ticks(top: float) -> tuple[int, ...]:
    """Whole-number ticks from 0 past `top` at a 1-2-5 step, about five of them."""
    if not 0 < top < math.inf:  # nothing to show, or (never from validation) not finite
        return (0, 1)
    raw = max(top / 5, 1.0)
    exp = 10 ** math.floor(math.log10(raw))
    step = next(m * exp for m in (1, 2, 5, 10) if m * exp >= raw)
    step = max(int(step), 1)
    n = math.ceil(top / step)
    if n * step <= top:
        n += 1
    return tuple(i * step for i in range(n + 1))


def chart_model(
    key: str, measure: str, rows: Sequence[Mapping[str, Any]], estimates: Sequence[Mapping[str, Any]], base: str
) -> Chart:
    """The chart of one measure: `rows` are event_figures rows, `estimates` the measure's estimates rows."""
    chart_rows = [
        ChartRow(
            claimant=str(r.get("claimant") or r.get("publisher") or r.get("source_id")),
            publisher=str(r.get("publisher") or r.get("source_id")),
            words=str(r.get("text") or ""),
            low=_num(r.get("low")),
            high=_num(r.get("high")),
            value=_num(r.get("value")),
            href=f"{source_url(base, str(r['source_id']))}#{r['figure_id']}",
        )
        for r in rows
    ]
    for e in estimates:
        place = "all places" if e.get("place_order") == 0 and ";" in str(e.get("place")) else str(e.get("place") or "")
        chart_rows.append(
            ChartRow(
                claimant="Derived low, best and high",
                publisher=f"{place}, from {e['n_figures']} figure(s) of {e['n_independent_sources']} publisher(s)",
                words="",
                low=_num(e.get("low")),
                high=None if e.get("high_open") else _num(e.get("high")),
                value=_num(e.get("best")),
                href="#estimates",
                derived=True,
                stated_high=_num(e.get("high")) if e.get("high_open") else None,
            )
        )
    finite = [v for r in chart_rows for v in (r.low, r.high, r.value) if v is not None and math.isfinite(v)]
    unit = next((str(r["unit"]) for r in rows if r.get("unit")), "")
    publishers = {str(r.get("publisher") or r.get("source_id")) for r in rows}
    return Chart(
        key=key,
        title=f"{words(measure).capitalize()}: what each claimant reports" + (f" ({unit})" if unit else ""),
        rows=tuple(chart_rows),
        ticks=whole_ticks(max(finite) if finite else 1.0),
        source=f"Source: {len(rows)} figure(s) from {len(publishers)} publisher(s), in the figures and estimates "
        "tables of this dataset; each label links to its words in the article.",
        csv_rows=tuple(
            {
                "claimant": r.get("claimant"),
                "publisher": r.get("publisher"),
                "words": r.get("text"),
                "qualifier": r.get("qualifier"),
                "value": r.get("value"),
                "low": r.get("low"),
                "high": r.get("high"),
                "figure_id": r.get("figure_id"),
                "source_id": r.get("source_id"),
            }
            for r in rows
        ),
    )


def _num(v: Any) -> float | None:
    return None if v is None else float(v)


def _pct(chart: Chart, v: float) -> str:
    return f"{100 * v / chart.ticks[-1]:.2f}%"


def _bar_html(chart: Chart, r: ChartRow) -> str:
    lo = 0.0 if r.low is None else r.low
    hi = float(chart.ticks[-1]) if r.high is None else r.high
    cls = "ct-bar" + (" ct-bar--derived" if r.derived else "")
    cls += " ct-bar--open-high" if r.high is None else ""
    cls += " ct-bar--open-low" if r.low is None and r.high is not None else ""
    width = max(100 * (hi - lo) / chart.ticks[-1], 0.6)
    parts = [f'<span class="{cls}" style="left:{_pct(chart, lo)};width:{width:.2f}%"></span>']
    if r.value is not None:
        dot = "ct-dot" + (" ct-dot--derived" if r.derived else "")
        parts.append(
            f'<a class="{dot}" href="{html.escape(r.href)}" tabindex="-1" style="left:{_pct(chart, r.value)}"></a>'
        )
    return "".join(parts)


def _range_words(r: ChartRow, stated_high: float | None = None) -> str:
    best = f", best {_fmt(r.value)}" if r.derived and r.value is not None else ""
    if r.low is None and r.high is None:
        return "no bounds"
    if r.high is None and stated_high is not None:
        return f"{_fmt(r.low)} to {_fmt(stated_high)} or more (open){best}"
    if r.high is None:
        return f"{_fmt(r.low)} or more (open){best}"
    if r.low is None:
        return f"up to {_fmt(r.high)}"
    span = _fmt(r.low) if r.low == r.high else f"{_fmt(r.low)} to {_fmt(r.high)}"
    return span + best


def chart_html(chart: Chart) -> str:
    """The chart on the page, with its title, source line and its SVG and CSV downloads."""
    items = []
    for r in chart.rows:
        said = f": “{html.escape(r.words)}”" if r.words else ""
        label = (
            f'<a class="ct-chart-label" href="{html.escape(r.href)}"><strong>{html.escape(r.claimant)}</strong> '
            f'<span class="ct-publisher">{"in " if not r.derived else "· "}{html.escape(r.publisher)}</span>{said} '
            f'<span class="ct-publisher">({html.escape(_range_words(r, r.stated_high))})</span></a>'
        )
        items.append(f'<li>{label}<div class="ct-track" aria-hidden="true">{_bar_html(chart, r)}</div></li>')
    axis = "".join(f'<span style="left:{_pct(chart, t)}">{t:,}</span>' for t in chart.ticks)
    svg_href = "data:image/svg+xml;charset=utf-8," + quote(chart_svg(chart))
    csv_href = "data:text/csv;charset=utf-8," + quote(chart_csv(chart))
    return (
        f'<figure class="ct-chart" id="chart-{html.escape(chart.key)}">'
        f'<figcaption><span class="ct-chart-title">{html.escape(chart.title)}</span> '
        '<span class="ct-basis">Each bar runs from the lowest to the highest count the words allow; the dot is the '
        "value stated; a bar that fades into an arrow has no upper end (“at least”).</span></figcaption>"
        f'<ol class="ct-chart-rows">{"".join(items)}</ol>'
        f'<div class="ct-axis" aria-hidden="true">{axis}</div>'
        f'<p class="ct-chart-source">{html.escape(chart.source)}</p>'
        f'<p class="ct-chart-downloads">Download this chart: <a href="{svg_href}" download="{html.escape(chart.key)}.svg">'
        f'SVG</a> · <a href="{csv_href}" download="{html.escape(chart.key)}.csv">CSV of its rows</a></p>'
        "</figure>"
    )


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def chart_svg(chart: Chart) -> str:
    """The chart as a standalone SVG file: title, each row's label above its bar, the axis, the source line."""
    width, left, right = 760, 16, 24
    plot = width - left - right
    y = 34
    body: list[str] = []

    def x(v: float) -> float:
        return left + plot * v / chart.ticks[-1]

    for r in chart.rows:
        said = f": “{r.words}”" if r.words else ""
        text = f"{r.claimant} ({'in ' if not r.derived else ''}{r.publisher}){said}, {_range_words(r, r.stated_high)}"
        for line in _wrap(text, 110):
            body.append(f'<text x="{left}" y="{y}" class="label">{html.escape(line)}</text>')
            y += 15
        lo = x(0.0 if r.low is None else r.low)
        hi = x(float(chart.ticks[-1]) if r.high is None else r.high)
        colour = "#b23c00" if r.derived else "#1565c0"
        dash = ' stroke-dasharray="6 4"' if r.high is None or r.low is None else ""
        body.append(
            f'<a href="{html.escape(r.href)}"><line x1="{lo:.1f}" y1="{y - 4}" x2="{max(hi, lo + 2):.1f}" y2="{y - 4}" '
            f'stroke="{colour}" stroke-width="5"{dash}/></a>'
        )
        if r.high is None:
            body.append(f'<path d="M{hi:.1f},{y - 4} l-9,-6 l0,12 z" fill="{colour}"/>')
        if r.value is not None:
            body.append(f'<circle cx="{x(r.value):.1f}" cy="{y - 4}" r="5" fill="{colour}" stroke="white"/>')
        y += 16
    body.append(f'<line x1="{left}" y1="{y}" x2="{left + plot}" y2="{y}" stroke="#555"/>')
    for t in chart.ticks:
        body.append(f'<line x1="{x(t):.1f}" y1="{y}" x2="{x(t):.1f}" y2="{y + 5}" stroke="#555"/>')
        anchor = "start" if t == 0 else "end" if t == chart.ticks[-1] else "middle"
        body.append(f'<text x="{x(t):.1f}" y="{y + 18}" text-anchor="{anchor}" class="tick">{t:,}</text>')
    y += 38
    for line in _wrap(chart.source, 120):
        body.append(f'<text x="{left}" y="{y}" class="source">{html.escape(line)}</text>')
        y += 14
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {y}" width="{width}" height="{y}" '
        f'font-family="DejaVu Sans, Arial, sans-serif"><title>{html.escape(chart.title)}</title>'
        "<style>.label{font-size:12px;fill:#222}.tick{font-size:11px;fill:#222}.source{font-size:10px;fill:#555}"
        f'.title{{font-size:15px;font-weight:bold;fill:#111}}</style><rect width="100%" height="100%" fill="white"/>'
        f'<text x="{left}" y="20" class="title">{html.escape(chart.title)}</text>{"".join(body)}</svg>'
    )


def chart_csv(chart: Chart) -> str:
    """The rows behind the chart as CSV (the figures; the derived row is in the estimates table)."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in chart.csv_rows:
        writer.writerow(["" if r[c] is None else _fmt(r[c]) if isinstance(r[c], float) else r[c] for c in CSV_COLUMNS])
    return buf.getvalue()
