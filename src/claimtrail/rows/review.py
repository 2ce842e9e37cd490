"""Curators against the machine: the machine's figures merged with a curator's corrections, and their counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..extract import Finding
from ..extract.casualties import group_of_noun
from ..raw.annotations import FigureNote
from ..schema import CASUALTY_MEASURES

Bounds = tuple[float | None, float | None, float | None]


@dataclass(frozen=True)
class MergedFigure:
    """A figure of a curated claim: the machine's, confirmed or corrected, or the curator's own."""

    text: str
    start: int
    end: int
    measure: str
    qualifier: str
    value: float | None
    low: float | None
    high: float | None
    unit: str
    review_status: str  # reviewed | corrected | curated
    # casualty figures only: who the victims are, the start offset of the total broken down, current/earlier
    group: str | None = None
    part_of: int | None = None
    toll_state: str | None = None


def machine_figure(f: Finding, status: str) -> MergedFigure:
    """The machine's figure as it stands, with its group, breakdown and toll state."""
    return MergedFigure(
        f.text,
        f.start,
        f.end,
        str(f.measure),
        str(f.qualifier),
        f.value,
        f.low,
        f.high,
        str(f.unit),
        status,
        f.group,
        f.part_of,
        f.toll_state,
    )


def _noted(note: FigureNote, start: int, end: int, bounds: Bounds, status: str, found: Finding | None) -> MergedFigure:
    """A curator's figure; a casualty figure keeps the machine's group, breakdown and toll state for the same measure,
    else takes its group from its unit and counts as current."""
    value, low, high = bounds
    group = part_of = toll_state = None
    if note.measure in CASUALTY_MEASURES:
        if found is not None and found.measure == note.measure:
            group, part_of, toll_state = found.group, found.part_of, found.toll_state
        else:
            group, toll_state = group_of_noun(note.unit), "current"
        group, toll_state = note.group or group, note.toll_state or toll_state  # the curator's word stands
    return MergedFigure(
        note.text,
        start,
        end,
        note.measure,
        note.qualifier,
        value,
        low,
        high,
        note.unit,
        status,
        group,
        part_of,
        toll_state,
    )


@dataclass
class CorrectionCounts:
    """How the curators' annotations changed the machine's figures."""

    machine: int = 0  # machine figures inside curated claims
    confirmed: int = 0  # taken unchanged
    corrected: int = 0  # same words, different measure/qualifier/bounds/unit
    added: int = 0  # figures the machine missed
    rejected: int = 0  # machine figures the curator struck out
    outside_claims: int = 0  # machine figures in sentences the curator did not make claims of
    links_confirmed: int = 0  # machine event links a curator confirmed (annotation links:)
    links_moved: int = 0  # ... moved to another event
    links_cut: int = 0  # ... cut loose (event: none)
    details: list[str] = field(default_factory=list)

    def add(self, other: CorrectionCounts) -> None:
        self.machine += other.machine
        self.confirmed += other.confirmed
        self.corrected += other.corrected
        self.added += other.added
        self.rejected += other.rejected
        self.outside_claims += other.outside_claims
        self.links_confirmed += other.links_confirmed
        self.links_moved += other.links_moved
        self.links_cut += other.links_cut
        self.details.extend(other.details)

    def summary(self) -> str:
        return (
            f"{self.machine} machine figures in curated claims: {self.confirmed} confirmed, "
            f"{self.corrected} corrected, {self.rejected} rejected; {self.added} added by curators; "
            f"{self.outside_claims} outside curated claims (dropped); event links overruled: "
            f"{self.links_confirmed} confirmed, {self.links_moved} moved, {self.links_cut} cut"
        )


def _same(f: Finding, note: FigureNote, bounds: tuple[float | None, float | None, float | None]) -> bool:
    value, low, high = bounds
    overruled = (note.group is not None and note.group != f.group) or (
        note.toll_state is not None and note.toll_state != f.toll_state
    )
    return not overruled and (f.measure, f.qualifier, f.value, f.low, f.high, f.unit) == (
        note.measure,
        note.qualifier,
        value,
        low,
        high,
        note.unit,
    )


def merge_figures(
    machine: Sequence[Finding],
    notes: Sequence[tuple[FigureNote, int, int, tuple[float | None, float | None, float | None]]],
    claim_label: str,
) -> tuple[list[MergedFigure], CorrectionCounts]:
    """The figures of one curated claim.

    `machine` are the extractor's figures inside the claim; `notes` the
    curator's figure entries, each with its anchor (start, end) and the
    bounds the qualifier rules give it.  A note at the same words as a machine
    figure confirms it (same fields) or corrects it; `reject: true` strikes it
    out; a note the machine has no figure for adds one.
    """
    counts = CorrectionCounts(machine=len(machine))
    matched: set[int] = set()  # indexes of machine figures a note speaks about
    out: list[MergedFigure] = []
    for note, start, end, bounds in notes:
        exact = [i for i, f in enumerate(machine) if (f.start, f.end) == (start, end) and i not in matched]
        exact.sort(key=lambda i: note.group is not None and machine[i].group != note.group)  # twins: by group
        overlapping = [i for i, f in enumerate(machine) if f.start < end and start < f.end and i not in matched]
        candidates = exact or overlapping
        index = candidates[0] if candidates else None
        found = machine[index] if index is not None else None
        if index is not None:
            matched.add(index)
        if note.reject:
            if found is not None:
                counts.rejected += 1
                counts.details.append(f"{claim_label}: rejected machine figure “{found.text}”")
            continue
        value = bounds[0]
        if found is None:
            counts.added += 1
            counts.details.append(f"{claim_label}: added “{note.text}” ({note.measure}, {note.qualifier})")
            status = "curated"
        elif (found.start, found.end) == (start, end) and _same(found, note, bounds):
            counts.confirmed += 1
            status = "reviewed"
        else:
            counts.corrected += 1
            counts.details.append(
                f"{claim_label}: corrected machine “{found.text}” ({found.measure}, {found.qualifier}, {found.value}) "
                f"→ “{note.text}” ({note.measure}, {note.qualifier}, {value})"
            )
            status = "corrected"
        out.append(_noted(note, start, end, bounds, status, found))
    for i, f in enumerate(machine):
        if i in matched:
            continue
        counts.confirmed += 1
        out.append(machine_figure(f, "reviewed"))
    out.sort(key=lambda m: (m.start, m.end))
    return out, counts
