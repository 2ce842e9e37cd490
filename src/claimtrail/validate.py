"""Stage 6, validate: the package must pass Frictionless, and every quote must anchor.

Any failure is a ClaimtrailError with the file, the line and a fix hint; the
runner stops the build on the first one, before anything is swapped into place.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import ClaimtrailError
from .text import line_at

# (table, text column) pairs whose text must equal raw_text[char_start:char_end].
ANCHORED = (("claims", "quote"), ("figures", "text"), ("sentences", "text"))

FIX_HINTS = {
    "foreign-key": "the referenced row does not exist: fix the id in the annotation or add the missing row's source",
    "primary-key": "two rows share a key: give each claim, figure or event its own id",
    "unique-error": "two rows share a value that must be unique: give each its own id",
    "constraint-error": "the value breaks the field's constraint (enum, pattern, minimum, required) declared in the schema registry; fix the annotation that produced it",
    "type-error": "the value has the wrong type for its column; fix the annotation that produced it",
    "hash-count": "the file changed after datapackage.json was written; rebuild with 'claimtrail build'",
    "byte-count": "the file changed after datapackage.json was written; rebuild with 'claimtrail build'",
}


def check_anchoring(
    tables: Mapping[str, list[dict[str, Any]]],
    raw_texts: Mapping[str, str],
    sources_path: Mapping[str, str],
    rows_before: Mapping[str, int] | None = None,
) -> None:
    """Every anchored text equals raw_text[char_start:char_end] of its raw file.

    `rows_before` counts the rows that precede these in each table's CSV (for line numbers).
    """
    for table, column in ANCHORED:
        for n, row in enumerate(tables[table], start=2 + (rows_before or {}).get(table, 0)):
            raw_path = row.get("raw_path") or sources_path[row["source_id"]]
            text = raw_texts[raw_path]
            got = text[row["char_start"] : row["char_end"]]
            if got != row[column]:
                raise ClaimtrailError(
                    f"build/data/{table}.csv",
                    f"{column} “{str(row[column])[:60]}” is not raw_text[{row['char_start']}:{row['char_end']}] "
                    f"of {raw_path} (line {line_at(text, row['char_start'])}), which reads “{got[:60]}”",
                    "fix the quote or offsets in the annotation; never edit build/ by hand",
                    line=n,
                )


def frictionless_errors(descriptor_path: Path) -> list[dict[str, Any]]:
    """Errors Frictionless reports for the package, as plain dicts."""
    import frictionless

    report = frictionless.validate(str(descriptor_path))
    out = []
    for task in report.tasks:
        for err in task.errors:
            out.append(
                {
                    "path": task.place or task.name,
                    "type": err.type,
                    "message": err.message,
                    "row": getattr(err, "row_number", None),
                    "field": getattr(err, "field_name", None),
                }
            )
    for err in report.errors:
        out.append(
            {"path": str(descriptor_path.name), "type": err.type, "message": err.message, "row": None, "field": None}
        )
    return out


def check_frictionless(descriptor_path: Path) -> None:
    """Stop with the first Frictionless error, naming file, row and a fix."""
    _raise_first(frictionless_errors(descriptor_path))


def _raise_first(errors: list[dict[str, Any]]) -> None:
    if not errors:
        return
    first = errors[0]
    more = f" ({len(errors) - 1} more error(s) follow it)" if len(errors) > 1 else ""
    raise ClaimtrailError(
        str(first["path"]),
        f"the package fails Table Schema validation ({first['type']}): {first['message']}{more}",
        FIX_HINTS.get(str(first["type"]), "fix the input that produced this row and rebuild"),
        line=first["row"],
    )


def check_duckdb(descriptor_path: Path) -> None:
    """The same check as check_frictionless, run in DuckDB (fast on large packages, same verdicts)."""
    from .fastvalidate import validate_package_duckdb

    _raise_first(validate_package_duckdb(descriptor_path))
