"""The machine's findings: Finding, the four FINDING_KINDS and the fields of each kind (KIND_FIELDS)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

FINDING_KINDS = ("figure", "date", "place", "attribution")


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing found in the text, with its exact words and their offsets.

    Every finding has ``kind`` (figure, date, place or attribution), ``text``,
    ``start`` and ``end`` (code points into the whole raw text, end exclusive).
    The other fields belong to one kind each (see ``KIND_FIELDS``) and are
    None on findings of the other kinds.
    """

    kind: str
    text: str
    start: int
    end: int
    # figure: what it counts, its bounds (claimtrail.schema.qualifiers) and qualifier
    measure: str | None = None
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    unit: str | None = None
    # figure, casualty measures only: who the victims are (schema GROUPS), the start offset
    # of the total this figure breaks down, and whether the toll is current or earlier
    group: str | None = None
    part_of: int | None = None
    toll_state: str | None = None
    # date: ISO dates (None when the words cannot be resolved) and precision
    date_start: str | None = None
    date_end: str | None = None
    precision: str | None = None
    # place: the name as written and the gazetteer entry it resolves to
    name: str | None = None
    gazetteer_name: str | None = None
    geonames_id: int | None = None
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    # attribution: who asserts (and where those words are) and the reporting words
    claimant: str | None = None
    claimant_start: int | None = None
    claimant_end: int | None = None
    form: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The common fields and those of this finding's kind, as plain values."""
        keys = ("kind", "text", "start", "end", *KIND_FIELDS[self.kind])
        return {k: getattr(self, k) for k in keys}


KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "figure": ("measure", "value", "low", "high", "qualifier", "unit", "group", "part_of", "toll_state"),
    "date": ("date_start", "date_end", "precision"),
    "place": ("name", "gazetteer_name", "geonames_id", "country_code", "latitude", "longitude"),
    "attribution": ("claimant", "claimant_start", "claimant_end", "form"),
}


def shift_findings(findings: Sequence[Finding], offset: int) -> list[Finding]:
    """The findings with every offset moved by `offset` (from an article's text into its raw file)."""
    if offset == 0:
        return list(findings)
    return [
        replace(
            f,
            start=f.start + offset,
            end=f.end + offset,
            claimant_start=None if f.claimant_start is None else f.claimant_start + offset,
            claimant_end=None if f.claimant_end is None else f.claimant_end + offset,
            part_of=None if f.part_of is None else f.part_of + offset,
        )
        for f in findings
    ]


@dataclass(frozen=True, slots=True)
class ArticleWork:
    """Findings and sentence spans of an article, offsets from the article's start."""

    findings: tuple[Finding, ...]
    sentences: tuple[tuple[int, int], ...]

    def shifted(self, offset: int) -> ArticleWork:
        """The same work with offsets into the raw file (the article starts at `offset`)."""
        if offset == 0:
            return self
        return ArticleWork(
            findings=tuple(shift_findings(self.findings, offset)),
            sentences=tuple((s + offset, e + offset) for s, e in self.sentences),
        )
