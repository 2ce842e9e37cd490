"""Fast Table Schema validation of a data package with DuckDB, giving Frictionless's verdicts.

`validate_package_duckdb(descriptor_path)` returns the errors `frictionless
validate datapackage.json` reports, in the shape of
`validate.frictionless.frictionless_errors` ({"path", "type", "message", "row", "field"}),
for packages shaped like claimtrail's (CSV tables with string, integer, number
and date fields), an order of magnitude faster on large packages.
Frictionless stays the reference: tests/unit/test_fastvalidate.py compares the
two on broken variants of the seed package, and
tests/bench_fastvalidate.py times them on a large one.

It reads the descriptor itself (not the schema registry) and mirrors
frictionless 5.21 step by step:

* bytes and hash of every file (hash-count, byte-count), from the file's bytes;
* the CSV dialect: Python's csv sniffer on the first 100 lines, as frictionless
  does; the header record as Python's csv module reads it; then DuckDB's
  read_csv (every column VARCHAR, no sniffing, no null strings), keeping each
  record's position, so row numbers are frictionless's (the header is row 1;
  records, not lines, are counted).  Byte and newline accounting proves that
  DuckDB read the records Python's csv module would; when it cannot (blank
  lines, carriage returns, odd quoting, wider rows...) the file is read with
  Python's csv module instead, exactly as frictionless does;
* the header against the schema (extra-label, missing-label, blank-label,
  duplicate-label, incorrect-label), by position ("fieldsMatch": "exact");
* cells with SQL: the ASCII spellings frictionless accepts for integer
  (`int(cell.strip())`), number (`Decimal(cell.strip())`) and date
  (`strptime(cell, "%Y-%m-%d")`) are recognised with regexp_full_match and
  TRY_CAST, and compared with the bounds exactly (BIGINT, DECIMAL(38,18),
  DATE).  The rare spellings SQL cannot settle exactly (Unicode digits,
  underscores, padding whitespace, exponents, long numbers, NaN, single-digit
  months...) are read by frictionless's own cell reader;
* required, enum, pattern (Python's `re.match("^{pattern}$")`, `$` matching
  before a final newline included; RE2 when the pattern means the same there,
  Python's re otherwise), minLength/maxLength, minimum/maximum and the
  exclusive bounds, on the typed values;
* unique, primary key (duplicates and all-None keys) and foreign keys (a key
  whose cells are all None is not looked up), on the typed values, naming the
  row frictionless names;
* blank-row, extra-cell and missing-cell.

Speed comes from doing little per row: one pass over each file finds the
suspect rows with cheap SQL (a superset of the rows with a cell error) while
DuckDB parses it, storing only the key columns in full and the other cells of
suspect rows; the exact checks then run on the suspect rows only.  A one-field
string foreign key whose referenced field has the same pattern settles the
pattern (a found value breaks it exactly when the referenced value does).

Errors come out in frictionless's order (resource, then row, then the order in
which frictionless's lazily read row produces them), with its messages, and
frictionless's limit of 1000 errors per resource (after which it skips the
hash and byte checks) is applied.

Anything outside that envelope (a descriptor frictionless rejects, another
dialect option or field type, remote or compressed data, a file that does not
decode as UTF-8...) is handed to frictionless itself, so the verdict is always
the reference's.  Pass `details={}` to learn which engine ran and how each
file was read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..frictionless import frictionless_errors
from .descriptor import _Unsupported
from .run import _Run

__all__ = ["validate_package_duckdb"]


def validate_package_duckdb(
    descriptor_path: Path,
    *,
    check_metadata: bool = True,
    details: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Errors frictionless reports for the package at `descriptor_path`, found with DuckDB.

    Same shape and order as `validate.frictionless.frictionless_errors`.  With
    `check_metadata` (the default) the descriptor is first checked by
    frictionless's own metadata validation (milliseconds, no data read); a
    descriptor it rejects is reported by frictionless itself.  `details`, when
    given, receives "engine" ("duckdb" or "frictionless"), "reason" (why
    frictionless ran) and "readers" (resource name -> "duckdb" or "python-csv").
    """
    descriptor_path = Path(descriptor_path)
    info: dict[str, Any] = details if details is not None else {}
    info.clear()
    try:
        if check_metadata and not _frictionless_accepts_metadata(descriptor_path):
            raise _Unsupported("frictionless rejects the descriptor")
        run = _Run(descriptor_path)
        try:
            errors = run.validate()
        finally:
            run.close()
        info["engine"] = "duckdb"
        info["readers"] = {r.name: r.reader for r in run.resources}
        return errors
    except _Unsupported as exc:
        info["engine"] = "frictionless"
        info["reason"] = str(exc)
        return frictionless_errors(descriptor_path)


def _frictionless_accepts_metadata(descriptor_path: Path) -> bool:
    """Whether frictionless opens the descriptor and finds its metadata valid (it then validates the data)."""
    import frictionless
    from frictionless.resources import PackageResource

    try:
        resource = frictionless.Resource(str(descriptor_path))
        if not isinstance(resource, PackageResource):
            return False
        package = resource.read_metadata()
        package.to_descriptor(validate=True)
        for res in package.resources:
            res.to_descriptor(validate=True)
    except frictionless.FrictionlessException:
        return False
    return True


# --------------------------------------------------------------------------
# The descriptor
# --------------------------------------------------------------------------


# --------------------------------------------------------------------------
# SQL helpers
# --------------------------------------------------------------------------


# --------------------------------------------------------------------------
# Frictionless's row, reproduced
# --------------------------------------------------------------------------


# --------------------------------------------------------------------------
# Cells as SQL
# --------------------------------------------------------------------------


# --------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------
