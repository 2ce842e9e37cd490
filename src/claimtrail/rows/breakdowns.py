"""Breakdowns a curator sets: a figure note's ``part_of`` resolved to the total's figure_id, checked for cycles.

The grain is the figure rows of one curated article.  ``part_of: "words"`` names
a figure of the note's own claim by its words; ``{claim: ID, text: "words",
occurrence: N}`` the N-th figure with those words in another claim of the same
article; ``part_of: false`` says the figure breaks nothing down.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import ClaimtrailError
from ..raw.annotations import FigureNote

Row = dict[str, object]


@dataclass(frozen=True)
class CuratedPart:
    """A figure note with a part_of, where its row is: its claim's id, local id and the note's start."""

    claim_id: str
    local_id: str
    note: FigureNote
    start: int


def _figure_order(row: Row) -> tuple[int, int]:
    number = str(row["figure_id"]).rsplit("-f", 1)[-1]
    return int(str(row["char_start"])), int(number) if number.isdigit() else 0


def _row_of(part: CuratedPart, figures: Sequence[Row]) -> Row | None:
    at = [r for r in figures if r["claim_id"] == part.claim_id and r["char_start"] == part.start]
    same_group = [r for r in at if part.note.group is not None and r["group"] == part.note.group]
    chosen = same_group or at
    return chosen[0] if chosen else None


def apply_curated_part_of(path: str, source_id: str, figures: list[Row], parts: Sequence[CuratedPart]) -> None:
    """Set each noted figure's part_of to the figure_id of the total it names; raise on a name or a cycle that
    does not hold.  `figures` are the article's figure rows, their part_of already figure_ids."""
    claim_ids = {str(r["claim_id"]) for r in figures} | {p.claim_id for p in parts}
    for part in parts:
        named = part.note.part_of
        row = _row_of(part, figures)
        if named is None or row is None:
            continue
        if not named.text:
            if row["part_of"] and row["review_status"] == "reviewed":
                row["review_status"] = "corrected"
            row["part_of"] = ""
            continue
        claim_id = f"{source_id}-{named.claim}" if named.claim else part.claim_id
        local = named.claim or part.local_id
        matches = sorted(
            (r for r in figures if r["claim_id"] == claim_id and r["text"] == named.text and r is not row),
            key=_figure_order,
        )
        if claim_id not in claim_ids or len(matches) < named.occurrence:
            where = f"claim {local}" if claim_id in claim_ids else f"the article (it has no claim {local})"
            raise ClaimtrailError(
                path,
                f"part_of “{named.text}” (occurrence {named.occurrence}) names no figure of {where}",
                "give the exact words of the total's figure, and {claim: ID, text: ...} when it is in another claim",
                line=part.note.line,
                item=f"claim {part.local_id}, figure “{part.note.text}”",
            )
        total = matches[named.occurrence - 1]["figure_id"]
        if row["part_of"] != total and row["review_status"] == "reviewed":
            row["review_status"] = "corrected"
        row["part_of"] = total
    _check_cycles(path, figures, parts)


def _check_cycles(path: str, figures: Sequence[Row], parts: Sequence[CuratedPart]) -> None:
    by_id = {str(r["figure_id"]): r for r in figures}
    noted = {id(r): p for p in parts if (r := _row_of(p, figures)) is not None}
    for start in figures:
        seen: list[str] = []
        row: Row | None = start
        while row is not None and row["part_of"]:
            seen.append(str(row["figure_id"]))
            row = by_id.get(str(row["part_of"]))
            if row is not None and str(row["figure_id"]) in seen:
                cycle = [*seen[seen.index(str(row["figure_id"])) :], str(row["figure_id"])]
                culprit = next((noted[id(by_id[f])] for f in cycle if id(by_id[f]) in noted), None)
                raise ClaimtrailError(
                    path,
                    "part_of makes a cycle: " + " → ".join(cycle),
                    "a breakdown points at its total, never back at one of its own parts: fix or remove a part_of",
                    line=None if culprit is None else culprit.note.line,
                    item=None if culprit is None else f"claim {culprit.local_id}, figure “{culprit.note.text}”",
                )
