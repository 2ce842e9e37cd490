"""The build's Table Schema policy: which engine validates a package, and the first error as a ClaimtrailError.

Frictionless is the reference on packages up to VALIDATE_WITH_FRICTIONLESS rows;
larger ones are validated by its DuckDB twin, which gives the same verdicts.
Any failure is a ClaimtrailError with the file, the line and a fix hint; the
runner stops the build on the first one, before anything is swapped into place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import ClaimtrailError
from .duckdb_twin import validate_package_duckdb
from .frictionless import frictionless_errors

FIX_HINTS = {
    "foreign-key": "the referenced row does not exist: fix the id in the annotation or add the missing row's source",
    "primary-key": "two rows share a key: give each claim, figure or event its own id",
    "unique-error": "two rows share a value that must be unique: give each its own id",
    "constraint-error": "the value breaks the field's constraint (enum, pattern, minimum, required) declared in the schema registry; fix the annotation that produced it",
    "type-error": "the value has the wrong type for its column; fix the annotation that produced it",
    "hash-count": "the file changed after datapackage.json was written; rebuild with 'claimtrail build'",
    "byte-count": "the file changed after datapackage.json was written; rebuild with 'claimtrail build'",
}


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
    _raise_first(validate_package_duckdb(descriptor_path))


# Packages with more rows than this are validated in DuckDB (validate.duckdb_twin), with the
# same verdicts as Frictionless, which stays the reference on smaller packages.
VALIDATE_WITH_FRICTIONLESS = 50_000


def validate_package(descriptor_path: Path, n_rows: int, validator: str) -> None:
    """Stop the build on the first Table Schema error, from Frictionless or its DuckDB twin."""
    if validator == "frictionless" or (validator == "auto" and n_rows <= VALIDATE_WITH_FRICTIONLESS):
        check_frictionless(descriptor_path)
    else:
        check_duckdb(descriptor_path)
