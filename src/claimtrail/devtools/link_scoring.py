"""Accuracy of figure-to-event linking: B-cubed precision and recall over hand-labelled figures.

A labelled figure (article, offsets, gold event) is matched to the linked
figure of the same article whose offsets overlap it.  A labelled figure
with no linked figure, or whose link has no event, is *unlinked*: for B-cubed
it forms a cluster of its own (so it costs recall, never precision).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..link.model import LinkRecord


@dataclass(frozen=True)
class LabelledFigure:
    """One hand label: the figure's words in an article and the event it belongs to."""

    article: str
    start: int
    end: int
    text: str
    event: str


@dataclass(frozen=True)
class EventRow:
    """Per gold event: its labelled figures, how many were linked, where they went, its mean B-cubed P and R."""

    event: str
    figures: int
    linked: int
    predicted: tuple[tuple[str, int], ...]
    precision: float
    recall: float


@dataclass(frozen=True)
class Accuracy:
    """B-cubed precision and recall over the labelled figures, the unlinked share, and one row per gold event."""

    figures: int
    precision: float
    recall: float
    unlinked: float
    events: tuple[EventRow, ...]


def match_labels(labels: Sequence[LabelledFigure], links: Sequence[LinkRecord]) -> list[str | None]:
    """The predicted event of each label (None when unlinked), by overlapping offsets in the same article."""
    by_source: dict[str, list[LinkRecord]] = defaultdict(list)
    for r in links:
        if r.figure_start is not None:
            by_source[r.source_id].append(r)
    out: list[str | None] = []
    for lab in labels:
        hits = [
            r
            for r in by_source.get(lab.article, ())
            if r.figure_start is not None
            and r.figure_end is not None
            and r.figure_start < lab.end
            and lab.start < r.figure_end
        ]
        hits.sort(key=lambda r: (abs((r.figure_start or 0) - lab.start), r.figure_start or 0))
        out.append(hits[0].event_id if hits else None)
    return out


def bcubed(gold: Sequence[str], predicted: Sequence[str | None]) -> tuple[float, float]:
    """B-cubed (precision, recall) of a clustering; None predictions are singletons."""
    n = len(gold)
    if n == 0:
        return 1.0, 1.0
    pred = [p if p is not None else f"\0unlinked-{i}" for i, p in enumerate(predicted)]
    p_sum = r_sum = 0.0
    pred_members: dict[str, list[int]] = defaultdict(list)
    gold_members: dict[str, list[int]] = defaultdict(list)
    for i in range(n):
        pred_members[pred[i]].append(i)
        gold_members[gold[i]].append(i)
    for i in range(n):
        same_pred = pred_members[pred[i]]
        same_gold = gold_members[gold[i]]
        both = sum(1 for j in same_pred if gold[j] == gold[i])
        p_sum += both / len(same_pred)
        r_sum += both / len(same_gold)
    return p_sum / n, r_sum / n


def accuracy(labels: Sequence[LabelledFigure], links: Sequence[LinkRecord]) -> Accuracy:
    """The accuracy table of a linking over the labelled figures."""
    predicted = match_labels(labels, links)
    gold = [lab.event for lab in labels]
    p, r = bcubed(gold, predicted)
    rows = _event_rows(gold, predicted)
    unlinked = sum(1 for x in predicted if x is None) / len(labels) if labels else 0.0
    return Accuracy(len(labels), p, r, unlinked, rows)


def _event_rows(gold: Sequence[str], predicted: Sequence[str | None]) -> tuple[EventRow, ...]:
    pred = [p if p is not None else f"\0unlinked-{i}" for i, p in enumerate(predicted)]
    size_pred = Counter(pred)
    size_gold = Counter(gold)
    rows: list[EventRow] = []
    for event in sorted(size_gold):
        idx = [i for i, g in enumerate(gold) if g == event]
        ps = [
            sum(1 for j in range(len(gold)) if pred[j] == pred[i] and gold[j] == event) / size_pred[pred[i]]
            for i in idx
        ]
        rs = [sum(1 for j in idx if pred[j] == pred[i]) / size_gold[event] for i in idx]
        where = Counter(predicted[i] or "(unlinked)" for i in idx)
        rows.append(
            EventRow(
                event=event,
                figures=len(idx),
                linked=sum(1 for i in idx if predicted[i] is not None),
                predicted=tuple(sorted(where.items(), key=lambda kv: (-kv[1], kv[0]))),
                precision=sum(ps) / len(ps),
                recall=sum(rs) / len(rs),
            )
        )
    return tuple(rows)


def format_accuracy(acc: Accuracy) -> str:
    """The accuracy table as text (the devtools command prints it)."""
    lines = [
        f"labelled figures: {acc.figures}",
        f"B-cubed precision: {acc.precision:.3f}",
        f"B-cubed recall:    {acc.recall:.3f}",
        f"unlinked share:    {acc.unlinked:.3f}",
        "",
        f"{'event':44} {'figs':>4} {'linked':>6} {'P':>6} {'R':>6}  predicted events (figures)",
    ]
    for row in acc.events:
        where = ", ".join(f"{k} ({v})" for k, v in row.predicted)
        lines.append(f"{row.event:44} {row.figures:4d} {row.linked:6d} {row.precision:6.3f} {row.recall:6.3f}  {where}")
    return "\n".join(lines)


def labels_from_yaml(data: Mapping[str, object]) -> list[LabelledFigure]:
    """Labelled figures from the labels file's parsed YAML (``articles: - article, figures: - text, start, event``)."""
    out: list[LabelledFigure] = []
    articles = data.get("articles")
    if not isinstance(articles, list):
        raise ValueError("the labels file has no 'articles:' list")
    for a in articles:
        if not isinstance(a, dict):
            raise ValueError("an article entry of the labels file is not a mapping")
        name = str(a.get("article") or "")
        for f in a.get("figures") or ():
            if not isinstance(f, dict):
                raise ValueError(f"a figure of {name} is not a mapping")
            text = str(f["text"])
            start = int(f["start"])
            out.append(LabelledFigure(name, start, start + len(text), text, str(f["event"])))
    return out
