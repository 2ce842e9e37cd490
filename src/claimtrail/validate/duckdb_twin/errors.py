"""Frictionless's errors reproduced: its templates, one row's errors in its order, file errors, label de-duplication."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .descriptor import _Resource, digest_parts

LIMIT_ERRORS = 1000  # frictionless's DEFAULT_LIMIT_ERRORS, per resource


TEMPLATES = {
    "source-error": "The data source has not supported or has inconsistent contents: {note}",
    "extra-label": 'There is an extra label "{label}" in header at position "{fieldNumber}"',
    "missing-label": 'There is a missing label in the header\'s field "{fieldName}" at position "{fieldNumber}"',
    "blank-label": 'Label in the header in field at position "{fieldNumber}" is blank',
    "duplicate-label": 'Label "{label}" in the header at position "{fieldNumber}" is duplicated to a label: {note}',
    "incorrect-label": 'Label "{label}" in field {fieldName} at position "{fieldNumber}" does not match the field name in the schema',
    "blank-row": 'Row at position "{rowNumber}" is completely blank',
    "primary-key": 'Row at position "{rowNumber}" violates the primary key: {note}',
    "foreign-key": 'Row at position "{rowNumber}" violates the foreign key: {note}',
    "extra-cell": 'Row at position "{rowNumber}" has an extra value in field at position "{fieldNumber}"',
    "missing-cell": 'Row at position "{rowNumber}" has a missing cell in field "{fieldName}" at position "{fieldNumber}"',
    "type-error": 'Type error in the cell "{cell}" in row "{rowNumber}" and field "{fieldName}" at position "{fieldNumber}": {note}',
    "constraint-error": 'The cell "{cell}" in row at position "{rowNumber}" and field "{fieldName}" at position "{fieldNumber}" does not conform to a constraint: {note}',
    "unique-error": 'Row at position "{rowNumber}" has unique constraint violation in field "{fieldName}" at position "{fieldNumber}": {note}',
    "hash-count": "The data source does not match the expected hash count: {note}",
    "byte-count": "The data source does not match the expected byte count: {note}",
}


def _error(
    res: _Resource,
    etype: str,
    *,
    row: int | None = None,
    field_name: str | None = None,
    **values: Any,
) -> dict[str, Any]:
    data = {"rowNumber": row, "fieldName": field_name, **values}
    return {
        "path": res.path,
        "type": etype,
        "message": TEMPLATES[etype].format_map(data),
        "row": row,
        "field": field_name,
    }


class _RowErrors:
    """The errors of one row, in the order frictionless's lazily processed Row produces them.

    Frictionless reads a row's cells on demand: the unique, primary-key and
    foreign-key checks read their fields first (their type and constraint
    errors come first), and the first integrity error makes the row read all
    its cells before that error is appended.
    """

    def __init__(
        self,
        n_fields: int,
        cell_errors: Callable[[int], list[dict[str, Any]]],
        tail: list[dict[str, Any]],
        blank: dict[str, Any] | None,
    ):
        self.n_fields = n_fields
        self.cell_errors = cell_errors
        self.tail = tail  # extra-cell and missing-cell errors
        self.blank = blank
        self.errors: list[dict[str, Any]] = []
        self.read: set[int] = set()
        self.complete = False

    def touch(self, k: int) -> None:
        if not self.complete and k not in self.read:
            self.read.add(k)
            self.errors.extend(self.cell_errors(k))

    def process(self) -> None:
        if self.complete:
            return
        for k in range(self.n_fields):
            if k not in self.read:
                self.read.add(k)
                self.errors.extend(self.cell_errors(k))
        self.errors.extend(self.tail)
        if self.blank is not None:
            self.errors = [self.blank]
        self.complete = True

    def append(self, error: dict[str, Any]) -> None:
        self.process()
        self.errors.append(error)


def _dedupe(names: list[str]) -> list[str]:
    """frictionless.table.label_matching.deduplicate_names."""
    out: list[str] = []
    used: set[str] = set()
    for name in names:
        new, suffix = name, 2
        while new in used:
            new = f"{name}{suffix}"
            suffix += 1
        out.append(new)
        used.add(new)
    return out


def _file_errors(res: _Resource) -> list[dict[str, Any]]:
    """hash-count and byte-count, as frictionless's baseline check computes them at the end."""
    errors: list[dict[str, Any]] = []
    parts = digest_parts(res.digest)
    if parts is not None and res.facts.digest is not None:  # the descriptor's algorithm, as frictionless checks it
        expected, actual = parts[1], res.facts.digest
        if actual != expected:
            errors.append(_error(res, "hash-count", note=f'expected is "{expected}" and actual is "{actual}"'))
    if res.size and res.size != res.facts.size:
        errors.append(_error(res, "byte-count", note=f'expected is "{res.size}" and actual is "{res.facts.size}"'))
    return errors
