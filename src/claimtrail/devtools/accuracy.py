"""Accuracy of the machine extractor against the labelled set in tests/extraction/labelled/.

A labelled document is an article span (a raw file and the span of one of its
articles, or a text written into the label file) with its publication date,
the kinds of finding it labels, and the findings expected in it.  The
extractor's findings are matched one to one with the expected ones:

* span level: same kind and exactly the same span (start and end);
* full field: the span matches and so do the kind's fields: for a figure
  measure, qualifier, value, low and high; for a date its start, end and
  precision; for a place the GeoNames id; for an attribution the claimant's
  words and the reporting words.

``accuracy_table()`` loads the labelled set, runs the extractor and returns a
printable table of precision and recall per kind and, for figures, per
qualifier; ``python -m claimtrail.devtools.accuracy`` prints it.
"""

from __future__ import annotations

import argparse
import math
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..extract import FINDING_KINDS, KIND_FIELDS, Finding, extract_findings
from ..schema import QUALIFIERS, figure_bounds

LABELLED_DIR = Path("tests") / "extraction" / "labelled"


# The fields compared at full-field level, per kind.
FULL_FIELDS: dict[str, tuple[str, ...]] = {
    "figure": ("measure", "qualifier", "value", "low", "high"),
    "date": ("date_start", "date_end", "precision"),
    "place": ("geonames_id",),
    "attribution": ("claimant", "form"),
}


class LabelError(ValueError):
    """A label that does not fit its document (wrong words, offset or field)."""


@dataclass(frozen=True)
class LabelledDocument:
    """An article span with the findings a person expects in it."""

    id: str
    text: str  # the whole text the offsets point into
    start: int
    end: int
    published: str | None
    labelled: tuple[str, ...]  # the kinds this document is scored on
    expected: tuple[Finding, ...]
    origin: str  # the label file it comes from
    raw: str | None = None  # raw file path, for documents of the corpus
    source_id: str | None = None


def load_labelled(directory: Path, root: Path) -> list[LabelledDocument]:
    """Every document of every *.yaml file in `directory`; raw paths are relative to `root`."""
    docs: list[LabelledDocument] = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries = data.get("documents") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            raise LabelError(f"{path}: no 'documents:' list")
        for entry in entries:
            docs.append(_document(entry, path, root))
    ids = Counter(d.id for d in docs)
    twice = sorted(i for i, n in ids.items() if n > 1)
    if twice:
        raise LabelError(f"{directory}: document ids used twice: {', '.join(twice)}")
    return docs


def _document(entry: Any, path: Path, root: Path) -> LabelledDocument:
    if not isinstance(entry, dict) or not entry.get("id"):
        raise LabelError(f"{path}: a document without an id")
    ident = str(entry["id"])
    where = f"{path.name}: document {ident}"
    raw = entry.get("raw")
    if raw:
        text = (root / str(raw)).read_text(encoding="utf-8")
        start, end = int(entry["char_start"]), int(entry["char_end"])
    elif isinstance(entry.get("text"), str):
        text = str(entry["text"])
        start, end = 0, len(text)
    else:
        raise LabelError(f"{where}: give either raw (with char_start, char_end) or text")
    if not 0 <= start <= end <= len(text):
        raise LabelError(f"{where}: span [{start}, {end}) is outside the text")
    labelled = tuple(str(k) for k in entry.get("labelled") or FINDING_KINDS)
    unknown = [k for k in labelled if k not in FINDING_KINDS]
    if unknown:
        raise LabelError(f"{where}: unknown kinds {unknown}; use {', '.join(FINDING_KINDS)}")
    published = entry.get("published")
    expected: list[Finding] = []
    for label in entry.get("findings") or []:
        expected.extend(_expected(label, text, start, end, f"{where}, finding {label!r}"))
    stray = [f for f in expected if f.kind not in labelled]
    if stray:
        raise LabelError(f"{where}: findings of kinds not listed under labelled: {stray[0].kind}")
    return LabelledDocument(
        id=ident,
        text=text,
        start=start,
        end=end,
        published=None if published in (None, "") else str(published),
        labelled=labelled,
        expected=tuple(sorted(expected, key=lambda f: (f.start, f.kind, f.end))),
        origin=str(path),
        raw=str(raw) if raw else None,
        source_id=str(entry["source_id"]) if entry.get("source_id") else None,
    )


def occurrences(text: str, words: str, start: int, end: int) -> list[int]:
    """Offsets of `words` in text[start:end] where they are not part of a longer word."""
    out: list[int] = []
    pos = text.find(words, start, end)
    while pos >= 0:
        stop = pos + len(words)
        before = text[pos - 1] if pos > start else " "
        after = text[stop] if stop < end else " "
        if not before.isalnum() and not after.isalnum():
            out.append(pos)
        pos = text.find(words, pos + 1, end)
    return out


def _expected(label: Any, text: str, start: int, end: int, where: str) -> list[Finding]:
    if not isinstance(label, dict):
        raise LabelError(f"{where}: a finding must be a mapping")
    kind = str(label.get("kind", ""))
    if kind not in FINDING_KINDS:
        raise LabelError(f"{where}: kind must be one of {', '.join(FINDING_KINDS)}")
    words = str(label.get("text", ""))
    if not words:
        raise LabelError(f"{where}: no text")
    if "start" in label:
        at = int(label["start"])
        if text[at : at + len(words)] != words or not start <= at <= at + len(words) <= end:
            raise LabelError(f"{where}: the text at {at} is {text[at : at + len(words)]!r}, not {words!r}")
        starts = [at]
    else:
        found = occurrences(text, words, start, end)
        which = label.get("occurrence", 1)
        if which == "all":
            starts = found
        else:
            n = int(which)
            if not 1 <= n <= len(found):
                raise LabelError(f"{where}: occurrence {n} asked, {len(found)} found")
            starts = [found[n - 1]]
        if not starts:
            raise LabelError(f"{where}: {words!r} does not occur in the document")
    fields = _fields(kind, label, words, where)
    return [Finding(kind, words, s, s + len(words), **fields) for s in starts]


def _num(x: Any) -> float | None:
    return None if x is None or x == "" else float(x)


def _fields(kind: str, label: dict[str, Any], words: str, where: str) -> dict[str, Any]:
    known = {"kind", "text", "start", "occurrence", *KIND_FIELDS[kind]}
    extra = sorted(set(label) - known)
    if extra:
        raise LabelError(f"{where}: fields {extra} do not belong to a {kind}")
    if kind == "figure":
        qualifier = str(label.get("qualifier", ""))
        if qualifier not in QUALIFIERS:
            raise LabelError(f"{where}: qualifier must be one of {', '.join(QUALIFIERS)}")
        try:
            value, low, high = figure_bounds(
                qualifier, _num(label.get("value")), _num(label.get("low")), _num(label.get("high")), words
            )
        except ValueError as exc:
            raise LabelError(f"{where}: {exc}") from None
        return {
            "measure": str(label.get("measure", "")),
            "value": value,
            "low": low,
            "high": high,
            "qualifier": qualifier,
            "unit": str(label.get("unit", "")),
        }
    out: dict[str, Any] = {k: label.get(k) for k in KIND_FIELDS[kind] if k in label}
    gid = out.get("geonames_id")
    if kind == "place" and gid is not None:
        out["geonames_id"] = int(gid)
    return out


@dataclass
class Score:
    """Counts for one row of the table."""

    gold: int = 0
    found: int = 0
    span_hits_gold: int = 0  # expected findings matched by span
    span_hits_found: int = 0  # extracted findings matched by span
    full_hits_gold: int = 0
    full_hits_found: int = 0

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else math.nan

    @property
    def span_precision(self) -> float:
        return self._ratio(self.span_hits_found, self.found)

    @property
    def span_recall(self) -> float:
        return self._ratio(self.span_hits_gold, self.gold)

    @property
    def full_precision(self) -> float:
        return self._ratio(self.full_hits_found, self.found)

    @property
    def full_recall(self) -> float:
        return self._ratio(self.full_hits_gold, self.gold)


@dataclass
class AccuracyReport:
    """Scores per kind and per figure qualifier, and the findings that did not match."""

    documents: int = 0
    by_kind: dict[str, Score] = field(default_factory=lambda: {k: Score() for k in FINDING_KINDS})
    by_qualifier: dict[str, Score] = field(default_factory=lambda: {q: Score() for q in QUALIFIERS})
    missed: list[tuple[str, Finding]] = field(default_factory=list)  # (document id, expected)
    spurious: list[tuple[str, Finding]] = field(default_factory=list)  # (document id, extracted)
    wrong: list[tuple[str, Finding, Finding]] = field(default_factory=list)  # (id, expected, extracted)
    seconds: float = 0.0

    def table(self) -> str:
        """A fixed-width table of counts, span-level and full-field precision and recall."""
        head = f"{'':24}{'gold':>6}{'found':>7}{'span P':>9}{'span R':>9}{'full P':>9}{'full R':>9}"
        lines = [head, "-" * len(head)]

        def row(label: str, s: Score) -> str:
            def pct(x: float) -> str:
                return "     -" if math.isnan(x) else f"{x:6.1%}"

            return (
                f"{label:24}{s.gold:>6}{s.found:>7}   {pct(s.span_precision)}   {pct(s.span_recall)}"
                f"   {pct(s.full_precision)}   {pct(s.full_recall)}"
            )

        for kind in FINDING_KINDS:
            lines.append(row(f"kind {kind}", self.by_kind[kind]))
        lines.append("")
        for q in QUALIFIERS:
            lines.append(row(f"figure qualifier {q}", self.by_qualifier[q]))
        lines.append("")
        lines.append(
            f"{self.documents} labelled documents; span: same kind and offsets; full: also "
            + "; ".join(f"{k} {', '.join(v)}" for k, v in FULL_FIELDS.items())
        )
        lines.append(
            f"{len(self.missed)} missed, {len(self.spurious)} spurious, {len(self.wrong)} with a wrong field; "
            f"extraction took {self.seconds:.3f} s"
        )
        return "\n".join(lines)

    def details(self) -> str:
        """One line per missed, spurious or wrongly typed finding."""

        def show(f: Finding) -> str:
            fields = {k: v for k, v in f.as_dict().items() if k not in ("kind", "text", "start", "end")}
            shown = ", ".join(f"{k}={v}" for k, v in fields.items() if k in FULL_FIELDS[f.kind] or k == "unit")
            return f"{f.kind} {f.text!r} @{f.start} ({shown})"

        out = [f"missed   {doc}: {show(f)}" for doc, f in self.missed]
        out += [f"spurious {doc}: {show(f)}" for doc, f in self.spurious]
        out += [f"wrong    {doc}: expected {show(e)}\n{'':>11}got      {show(g)}" for doc, e, g in self.wrong]
        return "\n".join(out)


def _same(kind: str, a: Finding, b: Finding) -> bool:
    for name in FULL_FIELDS[kind]:
        x, y = getattr(a, name), getattr(b, name)
        if isinstance(x, float) and isinstance(y, float):
            if not math.isclose(x, y, rel_tol=0, abs_tol=1e-9):
                return False
        elif x != y:
            return False
    return True


def score_document(doc: LabelledDocument, found: Iterable[Finding], report: AccuracyReport) -> None:
    """Add one document's matches to `report` (only the kinds the document labels)."""
    report.documents += 1
    found = [f for f in found if f.kind in doc.labelled]
    pool: dict[tuple[str, int, int], list[Finding]] = {}
    for f in found:
        pool.setdefault((f.kind, f.start, f.end), []).append(f)
    matched_found: set[int] = set()
    full_found: set[int] = set()
    for e in doc.expected:
        s = report.by_kind[e.kind]
        s.gold += 1
        q = report.by_qualifier[e.qualifier] if e.kind == "figure" and e.qualifier in QUALIFIERS else None
        if q:
            q.gold += 1
        candidates = [f for f in pool.get((e.kind, e.start, e.end), []) if id(f) not in matched_found]
        if not candidates:
            report.missed.append((doc.id, e))
            continue
        same = [f for f in candidates if _same(e.kind, e, f)]
        g = same[0] if same else candidates[0]
        matched_found.add(id(g))
        s.span_hits_gold += 1
        if q:
            q.span_hits_gold += 1
        if same:
            full_found.add(id(g))
            s.full_hits_gold += 1
            if q:
                q.full_hits_gold += 1
        else:
            report.wrong.append((doc.id, e, g))
    for f in found:
        s = report.by_kind[f.kind]
        s.found += 1
        q = report.by_qualifier[f.qualifier] if f.kind == "figure" and f.qualifier in QUALIFIERS else None
        if q:
            q.found += 1
        if id(f) in matched_found:
            s.span_hits_found += 1
            if q:
                q.span_hits_found += 1
        else:
            report.spurious.append((doc.id, f))
        if id(f) in full_found:
            s.full_hits_found += 1
            if q:
                q.full_hits_found += 1


def evaluate(documents: Sequence[LabelledDocument]) -> AccuracyReport:
    """Run the extractor on every labelled document and score what it finds."""
    report = AccuracyReport()
    for doc in documents:
        t0 = time.perf_counter()
        found = extract_findings(doc.text, doc.start, doc.end, doc.published)
        report.seconds += time.perf_counter() - t0
        score_document(doc, found, report)
    return report


def throughput(documents: Sequence[LabelledDocument], repeat: int = 20) -> float:
    """Articles per second over `documents` extracted `repeat` times (after one warm-up pass)."""
    if not documents:
        return math.nan
    for doc in documents:
        extract_findings(doc.text, doc.start, doc.end, doc.published)
    t0 = time.perf_counter()
    for _ in range(repeat):
        for doc in documents:
            extract_findings(doc.text, doc.start, doc.end, doc.published)
    elapsed = time.perf_counter() - t0
    return repeat * len(documents) / elapsed if elapsed > 0 else math.inf


def accuracy_table(root: Path | None = None, *, details: bool = False) -> str:
    """The accuracy table of the labelled set under `root`/tests/extraction/labelled."""
    base = Path.cwd() if root is None else root
    docs = load_labelled(base / LABELLED_DIR, base)
    report = evaluate(docs)
    text = report.table()
    if details:
        extra = report.details()
        if extra:
            text += "\n\n" + extra
    return text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m claimtrail.devtools.accuracy", description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=".", help="repository root (default: the current directory)")
    parser.add_argument("--details", action="store_true", help="list every missed, spurious or wrong finding")
    parser.add_argument("--throughput", type=int, metavar="N", help="also time N passes over the corpus articles")
    args = parser.parse_args(argv)
    root = Path(args.root)
    print(accuracy_table(root, details=args.details))
    if args.throughput:
        docs = [d for d in load_labelled(root / LABELLED_DIR, root) if d.raw]
        rate = throughput(docs, args.throughput)
        print(f"\nthroughput: {rate:.1f} articles/s ({len(docs)} corpus articles x {args.throughput}, warm)")
    return 0
