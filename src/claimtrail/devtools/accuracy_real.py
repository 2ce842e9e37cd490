"""Accuracy of casualty figures and their claimants on the hand-labelled real texts (issue 13).

The labels are tests/extraction/real/dev.yaml and blind.yaml; the texts they
point at stay in the shared folder beside the repository
(``REPO_ROOT.parent / "shared"``).  Each body is extracted whole, with its
publication date, and drafted into claims with its outlet as publisher, as a
build would do it.  Then:

* a figure is right when its span (start and end), measure, qualifier and
  bounds equal a labelled one's; precision and recall are per casualty measure
  (a machine figure of another measure is not a casualty figure and is not
  scored), and per kind of writing;
* group, part_of and toll_state are right when they equal the label's, over
  all labelled figures (a missed figure counts as wrong);
* claimant and claimant type are right when the drafted claim that holds the
  figure names the label's claimant (compared without case, a leading "the"
  and outer punctuation) with the label's type, over the labelled figures the
  machine found (the machine-drafted ones).
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..extract import Finding, extract_article
from ..rows.drafting import draft_claims
from ..schema import CASUALTY_MEASURES, figure_bounds

REAL_DIR = Path("tests") / "extraction" / "real"
SETS = ("dev", "blind")


class RealLabelError(ValueError):
    """A label file of the real texts that cannot be read."""


@dataclass(frozen=True)
class Gold:
    """One labelled casualty figure of a real text."""

    start: int
    end: int
    text: str
    measure: str
    qualifier: str
    value: float | None
    low: float | None
    high: float | None
    group: str
    part_of: int | None
    toll_state: str
    claimant: str
    claimant_type: str


@dataclass(frozen=True)
class RealDocument:
    """A body of the shared corpus with its labels."""

    id: str
    text: str
    published: str | None
    kind_of_writing: str
    outlet: str
    gold: tuple[Gold, ...]


def _num(x: Any) -> float | None:
    return None if x is None else float(x)


def _label_bounds(f: dict[str, Any]) -> tuple[float | None, float | None, float | None]:
    """The label's bounds; a vague word without documented bounds (a cut "dozen[s]") keeps none."""
    try:
        return figure_bounds(
            str(f["qualifier"]), _num(f.get("value")), _num(f.get("low")), _num(f.get("high")), str(f["text"])
        )
    except ValueError:
        if f["qualifier"] != "vague":
            raise
        return None, None, None


def load_real(name: str, root: Path, shared: Path | None = None) -> list[RealDocument]:
    """The documents of tests/extraction/real/`name`.yaml under `root`; bodies read from `shared`."""
    shared_dir = root.resolve().parent / "shared" if shared is None else shared
    path = root / REAL_DIR / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise RealLabelError(f"{path}: no 'documents:' list")
    docs: list[RealDocument] = []
    for entry in data["documents"]:
        body = shared_dir / str(entry["path"])
        if not body.is_file():
            raise RealLabelError(f"{path}: {entry['id']}: {body} is missing (the shared folder sits beside the repo)")
        text = body.read_text(encoding="utf-8")
        gold = []
        for f in entry["findings"]:
            value, low, high = _label_bounds(f)
            gold.append(
                Gold(
                    int(f["start"]),
                    int(f["start"]) + len(str(f["text"])),
                    str(f["text"]),
                    str(f["measure"]),
                    str(f["qualifier"]),
                    value,
                    low,
                    high,
                    str(f["group"]),
                    None if f.get("part_of") is None else int(f["part_of"]),
                    str(f["toll_state"]),
                    str(f["claimant"]),
                    str(f["claimant_type"]),
                )
            )
        published = entry.get("published")
        docs.append(
            RealDocument(
                str(entry["id"]),
                text,
                None if published is None else str(published),
                str(entry["kind_of_writing"]),
                str(entry["outlet"]),
                tuple(gold),
            )
        )
    return docs


@dataclass
class Counts:
    """Right / total counts for one row."""

    gold: int = 0
    found: int = 0
    hit: int = 0

    @property
    def precision(self) -> float:
        return self.hit / self.found if self.found else math.nan

    @property
    def recall(self) -> float:
        return self.hit / self.gold if self.gold else math.nan


@dataclass
class Ratio:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else math.nan


@dataclass
class RealReport:
    """Scores of one batch: per measure, per kind of writing, and of the figure's other fields."""

    documents: int = 0
    by_measure: dict[str, Counts] = field(default_factory=lambda: {m: Counts() for m in CASUALTY_MEASURES})
    by_kind: dict[str, Counts] = field(default_factory=dict)
    fields: dict[str, Ratio] = field(default_factory=dict)
    fields_by_kind: dict[tuple[str, str], Ratio] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def ratio(self, name: str, kind: str) -> tuple[Ratio, Ratio]:
        return self.fields.setdefault(name, Ratio()), self.fields_by_kind.setdefault((name, kind), Ratio())

    def all_measures(self) -> Counts:
        total = Counts()
        for c in self.by_measure.values():
            total.gold, total.found, total.hit = total.gold + c.gold, total.found + c.found, total.hit + c.hit
        return total


def _bounds_equal(g: Gold, f: Finding) -> bool:
    def eq(a: float | None, b: float | None) -> bool:
        return (a is None and b is None) or (a is not None and b is not None and math.isclose(a, b, abs_tol=1e-9))

    return g.qualifier == f.qualifier and eq(g.value, f.value) and eq(g.low, f.low) and eq(g.high, f.high)


_EDGE = re.compile(r"^[\s\"'“”‘’(),.:;]+|[\s\"'“”‘’(),.:;]+$")


def normal_claimant(words: str) -> str:
    """A claimant's words compared without case, a leading "the" and outer punctuation."""
    s = _EDGE.sub("", words.replace("’", "'")).casefold()
    return re.sub(r"^the\s+", "", s)


def score_real(doc: RealDocument, report: RealReport) -> None:
    """Extract and draft one body and add its scores to `report`."""
    report.documents += 1
    findings, sentences = extract_article(doc.text, doc.published)
    figures = [f for f in findings if f.kind == "figure" and f.measure in CASUALTY_MEASURES]
    claims = draft_claims(doc.text, sentences, findings, doc.outlet)
    used: set[int] = set()  # ids of the figures a label has taken
    kind = report.by_kind.setdefault(doc.kind_of_writing, Counts())
    for g in doc.gold:
        report.by_measure[g.measure].gold += 1
        kind.gold += 1
        f = _match(g, figures, used)
        right = f is not None and f.measure == g.measure and _bounds_equal(g, f)
        if right:
            report.by_measure[g.measure].hit += 1
            kind.hit += 1
        else:
            got = "nothing" if f is None else f"{f.measure}/{f.qualifier}/{f.value}/{f.low}-{f.high}"
            report.problems.append(
                f"{doc.id}: figure {g.text!r}@{g.start} want {g.measure}/{g.qualifier}/{g.value}, got {got}"
            )
        _field(report, doc, g, "group", g.group, None if f is None else f.group)
        _field(report, doc, g, "part_of", g.part_of, None if f is None else f.part_of, none_ok=True)
        _field(report, doc, g, "toll_state", g.toll_state, None if f is None else f.toll_state)
        if f is None:
            continue
        claim = next((c for c in claims if any(x is f for x in c.figures)), None)
        claimant = "" if claim is None else claim.claimant
        ctype = "" if claim is None else claim.claimant_type
        _field(report, doc, g, "claimant", normal_claimant(g.claimant), normal_claimant(claimant))
        _field(report, doc, g, "claimant_type", g.claimant_type, ctype)
    for f in figures:
        report.by_measure[str(f.measure)].found += 1
        kind.found += 1
        if id(f) not in used:
            report.problems.append(f"{doc.id}: spurious {f.text!r}@{f.start} {f.measure}/{f.group} ({f.unit})")


def _match(g: Gold, figures: Sequence[Finding], used: set[int]) -> Finding | None:
    """The figure at the label's words; of two at the same words ("17 soldiers and militiamen"), the one
    with the label's group."""
    at = [f for f in figures if (f.start, f.end) == (g.start, g.end) and id(f) not in used]
    f = next((f for f in at if f.group == g.group), at[0] if at else None)
    if f is not None:
        used.add(id(f))
    return f


def _field(
    report: RealReport, doc: RealDocument, g: Gold, name: str, want: Any, got: Any, *, none_ok: bool = False
) -> None:
    total, in_kind = report.ratio(name, doc.kind_of_writing)
    total.total += 1
    in_kind.total += 1
    if want == got and (none_ok or got is not None):
        total.right += 1
        in_kind.right += 1
    else:
        report.problems.append(f"{doc.id}: {name} of {g.text!r}@{g.start} want {want!r}, got {got!r}")


def evaluate_real(docs: Sequence[RealDocument]) -> RealReport:
    """Scores of a batch of real documents."""
    report = RealReport()
    for doc in docs:
        score_real(doc, report)
    return report


def _pct(x: float) -> str:
    return "     -" if math.isnan(x) else f"{x:6.3f}"


FIELD_NAMES = ("group", "part_of", "toll_state", "claimant", "claimant_type")


def real_table(name: str, report: RealReport) -> str:
    """Per measure and per kind of writing: gold, found, precision, recall; then field accuracies."""
    head = f"{name + ' (' + str(report.documents) + ' texts)':28}{'gold':>6}{'found':>7}{'P':>8}{'R':>8}"
    lines = [head, "-" * len(head)]
    for m, c in report.by_measure.items():
        lines.append(f"{'measure ' + m:28}{c.gold:>6}{c.found:>7}  {_pct(c.precision)}  {_pct(c.recall)}")
    c = report.all_measures()
    lines.append(f"{'all casualty measures':28}{c.gold:>6}{c.found:>7}  {_pct(c.precision)}  {_pct(c.recall)}")
    lines.append("")
    fields_head = "".join(f"{n:>14}" for n in FIELD_NAMES)
    lines.append(f"{'kind of writing':28}{'gold':>6}{'found':>7}{'P':>8}{'R':>8}{fields_head}")
    for kind in sorted(report.by_kind):
        k = report.by_kind[kind]
        cells = "".join(f"{_pct(report.fields_by_kind.get((n, kind), Ratio()).value):>14}" for n in FIELD_NAMES)
        lines.append(f"{kind:28}{k.gold:>6}{k.found:>7}  {_pct(k.precision)}  {_pct(k.recall)}{cells}")
    cells = "".join(f"{_pct(report.fields.get(n, Ratio()).value):>14}" for n in FIELD_NAMES)
    lines.append(f"{'all':28}{c.gold:>6}{c.found:>7}  {_pct(c.precision)}  {_pct(c.recall)}{cells}")
    counts = ", ".join(f"{n} {r.right}/{r.total}" for n, r in report.fields.items())
    lines.append(f"right/total: {counts}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m claimtrail.devtools.accuracy_real", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--root", default=".", help="repository root (default: the current directory)")
    parser.add_argument(
        "--set",
        choices=[*SETS, "all"],
        action="append",
        help="batch to score: dev, blind, or all (both together); default: dev, blind and all",
    )
    parser.add_argument("--details", action="store_true", help="list every wrong, missed or spurious figure")
    args = parser.parse_args(argv)
    root = Path(args.root)
    names = args.set or [*SETS, "all"]
    for name in names:
        docs = [d for s in SETS for d in load_real(s, root)] if name == "all" else load_real(name, root)
        report = evaluate_real(docs)
        print(real_table(name, report))
        if args.details and name != "all":
            print("\n".join(report.problems))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
