"""Fast Table Schema validation of a data package with DuckDB, giving Frictionless's verdicts.

`validate_package_duckdb(descriptor_path)` returns the errors `frictionless
validate datapackage.json` reports, in the shape of
`validate.frictionless_errors` ({"path", "type", "message", "row", "field"}),
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

import codecs
import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from pathlib import Path, PurePosixPath
from typing import Any

LIMIT_ERRORS = 1000  # frictionless's DEFAULT_LIMIT_ERRORS, per resource
SAMPLE_LINES = 100  # lines frictionless's CSV parser hands to csv.Sniffer
EXTRA_COLUMNS = 4  # DuckDB reads this many columns beyond the header; wider rows go to Python's csv
CSV_FIELD_SIZE_LIMIT = 2147483646  # frictionless's csv.field_size_limit
NULL_SENTINEL = "\x01"  # DuckDB's nullstr: a file holding this byte is read with Python's csv

TYPES = ("string", "integer", "number", "date")
SUPPORTED_CONSTRAINTS = {
    "string": ("required", "minLength", "maxLength", "pattern", "enum"),
    "integer": ("required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"),
    "number": ("required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"),
    "date": ("required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"),
}
RESOURCE_KEYS = {
    "$schema",
    "name",
    "type",
    "path",
    "scheme",
    "format",
    "mediatype",
    "encoding",
    "title",
    "description",
    "bytes",
    "hash",
    "dialect",
    "schema",
    "licenses",
    "sources",
    "homepage",
}
SCHEMA_KEYS = {"$schema", "fields", "missingValues", "primaryKey", "foreignKeys", "title", "description", "fieldsMatch"}
FIELD_KEYS = {
    "name",
    "type",
    "title",
    "description",
    "constraints",
    "format",
    "decimalChar",
    "groupChar",
    "bareNumber",
    "unit",
    "example",
    "rdfType",
    "missingValues",
}
DIALECT_KEYS = {
    "$schema",
    "header",
    "headerRows",
    "delimiter",
    "lineTerminator",
    "quoteChar",
    "doubleQuote",
    "escapeChar",
    "skipInitialSpace",
}

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

# RE2 character-class pieces.  _ASCII_WS is what str.isspace() accepts below 0x80.
_ASCII_WS = r"\t\n\x0b\x0c\r\x1c-\x1f "
_NON_ASCII = r"\x{80}-\x{10FFFF}"
# Python's \s (str.isspace()) as RE2 class content.
_PY_WS = _ASCII_WS + r"\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
# Spellings SQL settles exactly, and the characters any valid spelling is made of
# (a cell with another ASCII character is a type error; the rest go to frictionless's reader).
_SIMPLE = {
    "integer": r"[+-]?[0-9]{1,18}",
    "number": r"[+-]?(?:[0-9]{1,18}(?:\.[0-9]{0,18})?|\.[0-9]{1,18})",
    "date": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
}
_CHARSET = {
    "integer": rf"[{_ASCII_WS}+\-0-9_{_NON_ASCII}]*",
    "number": rf"[{_ASCII_WS}+\-0-9._eEiInNfFtTyYaAsS{_NON_ASCII}]*",
    "date": rf"[0-9\- {_NON_ASCII}]*",
}
_DECIMAL_SCALE = 18
_DECIMAL_SQL = "DECIMAL(38,18)"
_SQL_TYPE = {"integer": "BIGINT", "number": _DECIMAL_SQL, "date": "DATE"}


class _Unsupported(Exception):
    """The package is outside what the DuckDB path reproduces exactly: frictionless validates it."""


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def validate_package_duckdb(
    descriptor_path: Path,
    *,
    check_metadata: bool = True,
    details: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Errors frictionless reports for the package at `descriptor_path`, found with DuckDB.

    Same shape and order as `validate.frictionless_errors`.  With
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
        errors = run.validate()
        info["engine"] = "duckdb"
        info["readers"] = {r.name: r.reader for r in run.resources}
        return errors
    except _Unsupported as exc:
        from .validate import frictionless_errors

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


@dataclass
class _Field:
    name: str
    type: str  # string, integer, number, date, or "any" for a label the schema lacks
    format: str = "default"
    constraints: dict[str, Any] = field(default_factory=dict)
    missing_values: tuple[str, ...] = ("",)
    descriptor: dict[str, Any] = field(default_factory=dict)


@dataclass
class _ForeignKey:
    fields: list[str]
    resource: str
    reference_fields: list[str]
    label: str  # the reference's resource as written ("" for the resource itself), for messages


@dataclass
class _Resource:
    index: int
    name: str
    path: str
    file: Path
    size: int | None  # "bytes" in the descriptor
    digest: str | None  # "hash" in the descriptor
    fields: list[_Field]
    primary_key: list[str]
    foreign_keys: list[_ForeignKey]
    dialect: dict[str, Any]
    schema_descriptor: dict[str, Any]
    # Filled when the file is opened and read.
    data: bytes = b""
    bom: bool = False
    options: dict[str, Any] = field(default_factory=dict)  # csv.reader options, as frictionless ends up with
    header: list[str] | None = None  # the first record, as Python's csv module reads it
    fast: bool = False  # whether DuckDB's CSV reader may read the file
    reader: str = ""
    width: int = 0
    n_records: int = 0
    labels: list[str] = field(default_factory=list)
    expected: list[_Field] = field(default_factory=list)
    suspects: list[int] | None = None  # suspect data rows, when found while reading
    stored: set[int] | None = None  # the data rows t{i} holds whole, when it is sparse (None: all)


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise _Unsupported(f"unexpected key {value!r}")


def _missing_values(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _Unsupported("missingValues is not a list")
    out: list[str] = []
    for item in value:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict) and isinstance(item.get("value"), str):
            out.append(item["value"])
        else:
            raise _Unsupported("unsupported missingValues entry")
    return tuple(out)


def _parse_field(desc: Any, schema_missing: tuple[str, ...]) -> _Field:
    if not isinstance(desc, dict) or set(desc) - FIELD_KEYS:
        raise _Unsupported("unsupported field descriptor")
    name, ftype = desc.get("name"), desc.get("type")
    if not isinstance(name, str) or ftype not in TYPES:
        raise _Unsupported(f"unsupported field type {ftype!r}")
    fmt = desc.get("format", "default")
    if fmt != "default":
        raise _Unsupported(f"unsupported field format {fmt!r}")
    if (
        desc.get("decimalChar", ".") != "."
        or desc.get("groupChar", "") != ""
        or desc.get("bareNumber", True) is not True
    ):
        raise _Unsupported("unsupported number options")
    constraints = desc.get("constraints", {})
    if not isinstance(constraints, dict):
        raise _Unsupported("constraints is not an object")
    allowed = set(SUPPORTED_CONSTRAINTS[ftype]) | {"unique"}
    if set(constraints) - allowed:
        raise _Unsupported(f"unsupported constraint on {name}")
    missing = _missing_values(desc["missingValues"]) if "missingValues" in desc else schema_missing
    return _Field(name, ftype, fmt, dict(constraints), missing, desc)


def _parse_resource(index: int, desc: Any, base: Path) -> _Resource:
    if not isinstance(desc, dict) or set(desc) - RESOURCE_KEYS:
        raise _Unsupported("unsupported resource descriptor")
    name, path = desc.get("name"), desc.get("path")
    if not isinstance(name, str) or not isinstance(path, str):
        raise _Unsupported("resource without a name or a single path")
    pure = PurePosixPath(path)
    if "://" in path or pure.is_absolute() or ".." in pure.parts or "\\" in path:
        raise _Unsupported(f"unsupported path {path!r}")
    if desc.get("type", "table") != "table" or desc.get("scheme", "file") != "file":
        raise _Unsupported("not a local table resource")
    if desc.get("format", "csv" if path.lower().endswith(".csv") else None) != "csv":
        raise _Unsupported("not a CSV resource")
    encoding = desc.get("encoding")
    if not isinstance(encoding, str):
        raise _Unsupported("no declared encoding")
    try:
        if codecs.lookup(encoding).name != "utf-8":
            raise _Unsupported(f"encoding {encoding!r}")
    except LookupError as exc:
        raise _Unsupported(f"encoding {encoding!r}") from exc
    size, digest = desc.get("bytes"), desc.get("hash")
    if (size is not None and (not isinstance(size, int) or isinstance(size, bool))) or (
        digest is not None and not isinstance(digest, str)
    ):
        raise _Unsupported("bytes or hash of an unexpected type")
    dialect = desc.get("dialect", {})
    if not isinstance(dialect, dict) or set(dialect) - DIALECT_KEYS:
        raise _Unsupported("unsupported dialect")
    if dialect.get("header") is not True or dialect.get("headerRows", [1]) != [1]:
        raise _Unsupported("the dialect does not declare a one-row header")
    schema = desc.get("schema")
    if not isinstance(schema, dict) or set(schema) - SCHEMA_KEYS:
        raise _Unsupported("unsupported schema")
    if schema.get("fieldsMatch", "exact") != "exact":
        raise _Unsupported("fieldsMatch other than exact")
    schema_missing = _missing_values(schema.get("missingValues", [""]))
    fields_desc = schema.get("fields")
    if not isinstance(fields_desc, list):
        raise _Unsupported("schema without fields")
    fields = [_parse_field(f, schema_missing) for f in fields_desc]
    names = [f.name for f in fields]
    if len(set(names)) != len(names):
        raise _Unsupported("duplicate field names")
    primary_key = _as_list(schema.get("primaryKey", []))
    foreign_keys: list[_ForeignKey] = []
    for fk in schema.get("foreignKeys", []):
        if not isinstance(fk, dict) or not isinstance(fk.get("reference"), dict):
            raise _Unsupported("unsupported foreign key")
        ref = fk["reference"]
        label = ref.get("resource", "")
        if not isinstance(label, str):
            raise _Unsupported("unsupported foreign key")
        foreign_keys.append(_ForeignKey(_as_list(fk.get("fields")), label or name, _as_list(ref.get("fields")), label))
        if len(foreign_keys[-1].fields) != len(foreign_keys[-1].reference_fields):
            raise _Unsupported("foreign key of mismatched width")
    return _Resource(
        index=index,
        name=name,
        path=path,
        file=base / pure,
        size=size,
        digest=digest,
        fields=fields,
        primary_key=primary_key,
        foreign_keys=foreign_keys,
        dialect=dialect,
        schema_descriptor=schema,
    )


# --------------------------------------------------------------------------
# SQL helpers
# --------------------------------------------------------------------------


def _lit(value: str) -> str:
    """A SQL string literal."""
    if "\x00" in value:
        raise _Unsupported("NUL in a literal")
    return "'" + value.replace("'", "''") + "'"


def _in_list(values: Sequence[str]) -> str:
    return "(" + ", ".join(_lit(v) for v in values) + ")"


def _decimal_text(value: Decimal) -> str | None:
    """`value` as DuckDB prints a DECIMAL(38,18), or None when it does not fit one exactly."""
    if not value.is_finite():
        return None
    scaled = value.scaleb(_DECIMAL_SCALE)
    if scaled != scaled.to_integral_value() or abs(scaled) >= Decimal(10) ** 38:
        return None
    q = int(scaled)
    if q == 0:
        return "0." + "0" * _DECIMAL_SCALE
    whole, frac = divmod(abs(q), 10**_DECIMAL_SCALE)
    return f"{'-' if q < 0 else ''}{whole}.{frac:0{_DECIMAL_SCALE}d}"


def _re2_pattern(pattern: str) -> str | None:
    """An RE2 pattern that fully matches what Python's re.match("^{pattern}$") matches, or None.

    None means "not sure": the pattern is then evaluated with Python's re.  The
    caller also tries the cell without one trailing newline, which Python's `$`
    allows.
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n:
                return None
            d = pattern[i + 1]
            i += 2
            if d in "dws":
                piece = {"d": r"\p{Nd}", "w": r"\p{L}\p{N}_", "s": _PY_WS}[d]
                out.append(piece if in_class or d == "d" else "[" + piece + "]")
            elif d in "DWS":
                if in_class:
                    return None
                out.append({"D": r"\P{Nd}", "W": r"[^\p{L}\p{N}_]", "S": "[^" + _PY_WS + "]"}[d])
            elif d in "ntrfva" or (d.isascii() and not d.isalnum() and d != "_"):
                out.append("\\" + d)
            else:
                return None
            continue
        if in_class:
            if c == "]":
                in_class = False
            elif c == "[" or (c in "-&~|" and pattern[i : i + 2] == c * 2):
                return None
            out.append(c)
            i += 1
            continue
        if c == "[":
            rest = pattern[i + 1 :]
            if rest.startswith("]") or rest.startswith("^]"):
                return None
            in_class = True
            out.append(c)
            if rest.startswith("^"):
                out.append("^")
                i += 1
            i += 1
            continue
        if c == "(":
            if pattern.startswith("(?", i) and not pattern.startswith("(?:", i):
                return None
        elif c == "{":
            m = re.match(r"\{(\d+)(,(\d*))?\}", pattern[i:])
            if not m or int(m.group(1)) > 1000 or (m.group(3) and int(m.group(3)) > 1000):
                return None
        elif c in "*+?}" and i + 1 < n and pattern[i + 1] == "+":
            return None  # a possessive quantifier
        elif c == "$" and i != n - 1:
            return None
        out.append(c)
        i += 1
    if in_class:
        return None
    return "".join(out)


# --------------------------------------------------------------------------
# Frictionless's row, reproduced
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# Cells as SQL
# --------------------------------------------------------------------------


def _missing_sql(col: str, missing_values: Sequence[str]) -> str:
    """True when frictionless reads the cell as None: absent, or one of the missing values."""
    if not missing_values:
        return f"({col} IS NULL)"
    return f"({col} IS NULL OR {col} IN {_in_list(missing_values)})"


def _typed_sql(k: int, ftype: str) -> str:
    """The typed value of a cell SQL settles (state 1), NULL otherwise."""
    return f"(CASE WHEN s{k} = 1 THEN CAST(c{k} AS {_SQL_TYPE[ftype]}) END)"


def _read_value(ftype: str, cell: Any) -> Any:
    """Frictionless 5.21's value readers (default format), used on constraint values."""
    if ftype == "string":
        return cell if isinstance(cell, str) else None
    if ftype == "date":
        if not isinstance(cell, str):
            return cell if isinstance(cell, date) and not isinstance(cell, datetime) else None
        try:
            return datetime.strptime(cell, "%Y-%m-%d").date()
        except Exception:
            return None
    if isinstance(cell, str):
        try:
            return int(cell.strip()) if ftype == "integer" else Decimal(cell.strip())
        except Exception:
            return None
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        if ftype == "number":
            return Decimal(str(cell))
        return int(cell) if cell.is_integer() else None
    return None


def _value_literal(ftype: str, value: Any) -> str | None:
    """A constraint value as a SQL literal comparable with `_typed_sql`; None when no settled cell can equal it."""
    typed = _read_value(ftype, value)
    if typed is None:
        return None
    if ftype == "string":
        return _lit(typed)
    if ftype == "integer":
        return f"CAST({typed} AS HUGEINT)" if abs(typed) < 10**38 else None
    if ftype == "number":
        text = _decimal_text(Decimal(typed))
        return f"CAST({_lit(text)} AS {_DECIMAL_SQL})" if text is not None else None
    return f"DATE {_lit(typed.isoformat())}"


@dataclass
class _Cell:
    """SQL for the expected field at column c{k}: its state, its failing checks and its key texts.

    A typed cell's state s{k} is 0 when frictionless reads it as None, 1 when
    SQL settles it as valid, 2 when frictionless's own reader must decide, 3
    for a type error.
    """

    k: int
    spec: _Field
    checks: list[tuple[str, str]] = field(default_factory=list)  # (constraint, SQL true when it fails)
    suspects: list[str] = field(default_factory=list)  # cheap SQL, true at least when a check fails
    python_pattern: re.Pattern[str] | None = None  # checked with Python's re (column pybad{k})
    pattern_suspect: str | None = None  # the suspect for the pattern, left out when a foreign key implies it
    exotic_keys: bool = False  # a table ek{i}_{k} holds the keys of state-2 cells

    @property
    def typed(self) -> bool:
        return self.spec.type in _SIMPLE

    def missing(self) -> str:
        return _missing_sql(f"c{self.k}", self.spec.missing_values)

    def state(self) -> str:
        x, ftype = f"c{self.k}", self.spec.type
        if ftype == "date":
            simple = f"CASE WHEN NOT starts_with({x}, '0000') AND TRY_CAST({x} AS DATE) IS NOT NULL THEN 1 ELSE 3 END"
        else:
            simple = "1"
        return (
            f"CASE WHEN {self.missing()} THEN 0 WHEN regexp_full_match({x}, {_lit(_SIMPLE[ftype])}) THEN {simple} "
            f"WHEN regexp_full_match({x}, {_lit(_CHARSET[ftype])}) THEN 2 ELSE 3 END"
        )

    def key(self, family: str) -> str:
        """The typed value as text, equal texts iff frictionless's values are equal; NULL for None."""
        x, k, ftype = f"c{self.k}", self.k, self.spec.type
        if ftype == "string":
            return f"(CASE WHEN NOT {self.missing()} THEN {x} END)"
        if family == "i":
            simple = f"CAST(CAST({x} AS BIGINT) AS VARCHAR)"
        elif family == "d":
            inner = f"CAST({x} AS BIGINT)" if ftype == "integer" else x
            simple = f"CAST(CAST({inner} AS {_DECIMAL_SQL}) AS VARCHAR)"
        else:
            simple = x
        exotic = f"e{k}.key_{family}" if self.exotic_keys else "NULL"
        return f"(CASE WHEN s{k} = 1 THEN {simple} WHEN s{k} = 2 THEN {exotic} END)"


def _cell(k: int, f: _Field) -> _Cell:
    """The checks frictionless makes on a cell of field `f`, in its order, as SQL."""
    cell = _Cell(k, f)
    x = f"c{k}"
    string = f.type == "string"
    present = f"(NOT {cell.missing()})" if string else f"(s{k} = 1)"
    # The suspects read the raw cell and v{k} (a lenient cast of it) only: a given
    # typed cell is suspect unless its spelling is one SQL settles and it passes
    # the bounds and the enum.
    given = f"(NOT {cell.missing()})"
    settled: list[str] = []
    if f.type == "integer":  # canonical spellings: the cast prints them back
        settled.append(f"{x} = CAST(v{k} AS VARCHAR)")
    elif f.type == "date":
        settled += [
            f"regexp_full_match({x}, {_lit(_SIMPLE['date'])})",
            f"NOT starts_with({x}, '0000')",
            f"v{k} IS NOT NULL",
        ]
    elif f.type == "number":
        settled.append(f"regexp_full_match({x}, {_lit(_SIMPLE['number'])})")
    for name in SUPPORTED_CONSTRAINTS[f.type]:
        constraint = f.constraints.get(name)
        if constraint is None:
            continue
        if name == "required":
            if constraint:
                cell.checks.append((name, f"{cell.missing()}" if string else f"(s{k} = 0)"))
                cell.suspects.append(cell.missing())
        elif name in ("minLength", "maxLength"):
            if not isinstance(constraint, int) or isinstance(constraint, bool):
                raise _Unsupported(f"{name} of {f.name}")
            op = "<" if name == "minLength" else ">"
            cell.checks.append((name, f"({present} AND length({x}) {op} {constraint})"))
            cell.suspects.append(f"({given} AND length({x}) {op} {constraint})")
        elif name == "pattern":
            if not isinstance(constraint, str):
                raise _Unsupported(f"pattern of {f.name}")
            try:
                compiled = re.compile(f"^{constraint}$")
            except re.error as exc:
                raise _Unsupported(f"pattern of {f.name}") from exc
            re2 = _re2_pattern(constraint)
            if re2 is None:
                cell.python_pattern = compiled
                cell.checks.append((name, f"({present} AND pybad{k})"))
                cell.suspects.append(f"({given} AND pybad{k})")
            else:
                match = (
                    f"(regexp_full_match({x}, {_lit(re2)}) OR "
                    f"(suffix({x}, chr(10)) AND regexp_full_match(left({x}, -1), {_lit(re2)})))"
                )
                cell.checks.append((name, f"({present} AND NOT {match})"))
                cell.pattern_suspect = f"({given} AND NOT regexp_full_match({x}, {_lit(re2)}))"
        elif name == "enum":
            if not isinstance(constraint, list):
                raise _Unsupported(f"enum of {f.name}")
            literals = [lit for lit in (_value_literal(f.type, v) for v in constraint) if lit is not None]
            value = x if string else _typed_sql(k, f.type)
            cond = f"{value} NOT IN ({', '.join(literals)})" if literals else "TRUE"
            cell.checks.append((name, f"({present} AND {cond})"))
            if string:
                cell.suspects.append(f"({given} AND {cond})")
            elif not literals:
                settled.append("FALSE")
            elif f.type == "number":
                settled.append(f"TRY_CAST({x} AS {_DECIMAL_SQL}) IN ({', '.join(literals)})")
            else:
                settled.append(f"v{k} IN ({', '.join(literals)})")
        else:
            literal = _value_literal(f.type, constraint)
            if literal is None:
                raise _Unsupported(f"{name} of {f.name}")
            op = {"minimum": "<", "maximum": ">", "exclusiveMinimum": "<=", "exclusiveMaximum": ">="}[name]
            cell.checks.append((name, f"({present} AND {_typed_sql(k, f.type)} {op} {literal})"))
            settled.append(_within(k, f.type, name, constraint, literal))
    if not string:
        cell.suspects.append(f"({given} AND NOT coalesce({' AND '.join(settled)}, false))")
    return cell


def _within(k: int, ftype: str, name: str, constraint: Any, literal: str) -> str:
    """SQL over v{k} true when a settled value is surely within the bound `name`.

    Numbers compare as DOUBLE (v{k} is then a DOUBLE): correctly rounded parsing
    is monotonic, so a decimal beyond the bound rounds to the bound's double or
    beyond it, and a strict comparison with that double never lets it through.
    """
    lower = name in ("minimum", "exclusiveMinimum")
    if ftype != "number":
        op = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}[name]
        return f"v{k} {op} {literal}"
    bound = float(Decimal(_read_value("number", constraint)))
    return f"v{k} {'>' if lower else '<'} CAST({_lit(repr(bound))} AS DOUBLE)"


def _suspect_cast(k: int, ftype: str) -> str:
    """v{k}: the lenient cast the suspects compare."""
    return f"TRY_CAST(c{k} AS {'DOUBLE' if ftype == 'number' else _SQL_TYPE[ftype]}) AS v{k}"


def _key_family(types: Sequence[str]) -> str:
    """How values of fields of these types compared with each other are written as key text."""
    kinds = set(types)
    if kinds == {"string"}:
        return "s"
    if kinds == {"date"}:
        return "t"
    if kinds == {"integer"}:
        return "i"
    if kinds <= {"integer", "number"}:
        return "d"
    raise _Unsupported("a key compares values of different types")


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


def _mask_sql(c: _Cell | None, only: str | None = None) -> str:
    """The bits of the failing checks of a cell (bit 0 type error, bit 1 frictionless's reader, bit 2+j check j)."""
    if c is None:
        return "0"
    terms: list[str] = []
    if c.typed and only is None:
        terms += [f"(CASE WHEN s{c.k} = 3 THEN 1 ELSE 0 END)", f"(CASE WHEN s{c.k} = 2 THEN 2 ELSE 0 END)"]
    terms += [
        f"(CASE WHEN coalesce({cond}, false) THEN {1 << bit} ELSE 0 END)"
        for bit, (name, cond) in enumerate(c.checks, start=2)
        if only is None or name == only
    ]
    return " + ".join(terms) if terms else "0"


@dataclass
class _Plan:
    """What frictionless checks in each data row of a resource."""

    res: _Resource
    cells: list[_Cell | None]  # None for a label the schema lacks (an "any" field)
    fks: list[tuple[_ForeignKey, _Resource, list[tuple[int, int | None, str]]]] = field(default_factory=list)
    keys: dict[int, set[str]] = field(default_factory=dict)  # key texts (families) needed per field
    # Fields whose pattern a foreign key settles: k -> (referenced resource, its field, foreign key number).
    implied: dict[int, tuple[_Resource, int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        expected = self.res.expected
        self.pos = {f.name: k for k, f in enumerate(expected)}
        self.unique_fields = [k for k, f in enumerate(expected) if f.constraints.get("unique")]
        self.has_pk = bool(self.res.primary_key) and set(self.res.primary_key) <= set(self.pos)
        self.pk_fields = [self.pos[name] for name in self.res.primary_key] if self.has_pk else []
        for k in self.unique_fields + self.pk_fields:
            self.need_key(k, self.family(k))

    def family(self, k: int) -> str:
        return _key_family([self.res.expected[k].type])

    @property
    def fusable(self) -> bool:
        """Whether the suspect rows can be found from the raw cells alone (no pattern for Python's re)."""
        return all(c is None or c.python_pattern is None for c in self.cells)

    def blank_sql(self) -> str:
        """True when every expected cell reads None: a blank row."""
        expected = self.res.expected
        terms = [_missing_sql(f"c{k}", f.missing_values if f.type != "any" else ("",)) for k, f in enumerate(expected)]
        return " AND ".join(terms) or "TRUE"

    def suspect_sql(self) -> str:
        """Cheap SQL true for every data row that may have an error (and for a few that have none)."""
        suspects = [cond for c in self.cells if c is not None for cond in c.suspects]
        suspects += [
            c.pattern_suspect
            for c in self.cells
            if c is not None and c.pattern_suspect is not None and c.k not in self.implied
        ]
        if not any(f.constraints.get("required") for f in self.res.expected):
            suspects.append(f"({self.blank_sql()})")  # a blank row is otherwise suspect through a required field
        if self.has_pk:  # an all-None primary key is an error even in fields that are not required
            suspects.append(
                "("
                + " AND ".join(_missing_sql(f"c{k}", self.res.expected[k].missing_values) for k in self.pk_fields)
                + ")"
            )
        suspects.append(self.width_sql())
        return " OR ".join(suspects)

    def width_sql(self, width: int | None = None) -> str:
        """True when a row has more or fewer cells than expected (NULL cells are only ever trailing)."""
        n = len(self.cells)
        width = self.res.width if width is None else width
        if n == 0:
            return "c0 IS NOT NULL"
        return f"(c{n - 1} IS NULL" + (f" OR c{n} IS NOT NULL)" if width > n else ")")

    def states_sql(self) -> str:
        """The states s{k} of the typed cells, as extra columns."""
        return "".join(f", {c.state()} AS s{c.k}" for c in self.cells if c is not None and c.typed)

    def suspect_source(self, table: str) -> str:
        """`table` with the v{k} columns the suspects read."""
        casts = [_suspect_cast(c.k, c.spec.type) for c in self.cells if c is not None and c.typed]
        return f"(SELECT *{''.join(', ' + cast for cast in casts)} FROM {table})"

    def need_key(self, k: int, family: str) -> None:
        self.keys.setdefault(k, set()).add(family)


def _with_states(plan: _Plan, base: str) -> str:
    """`base` (rn, nc, c0..) with the states s{k}."""
    return f"SELECT *{plan.states_sql()} FROM {base}"


def _imply_patterns(plans: dict[int, _Plan]) -> None:
    """Leave out the pattern of a one-field string foreign key when the referenced field has the same pattern.

    A value found in the referenced resource is one of its values: it breaks
    the pattern exactly when that value does, which the referenced resource's
    own check finds.  Chains are not followed (the referenced field must check
    its pattern itself).
    """
    found: dict[tuple[int, int], tuple[_Resource, int, int]] = {}
    for index, plan in plans.items():
        for g, (_, ref, fk_fields) in enumerate(plan.fks):
            if len(fk_fields) != 1:
                continue
            k, rk, family = fk_fields[0]
            cell, ref_cell = plan.cells[k], (plans[ref.index].cells[rk] if rk is not None else None)
            if (
                rk is None
                or family != "s"
                or cell is None
                or ref_cell is None
                or cell.pattern_suspect is None
                or ref_cell.pattern_suspect is None
                or cell.spec.constraints.get("pattern") != ref_cell.spec.constraints.get("pattern")
                or cell.spec.missing_values != ref_cell.spec.missing_values
                or (ref.index, rk) == (index, k)
            ):
                continue
            found.setdefault((index, k), (ref, rk, g))
    for (index, k), (ref, rk, g) in found.items():
        if (ref.index, rk) not in found:
            plans[index].implied[k] = (ref, rk, g)


# --------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------


class _Run:
    def __init__(self, descriptor_path: Path) -> None:
        try:
            descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise _Unsupported("unreadable descriptor") from exc
        if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
            raise _Unsupported("no resources")
        base = descriptor_path.parent
        self.resources = [_parse_resource(i, r, base) for i, r in enumerate(descriptor["resources"])]
        self.by_name = {r.name: r for r in self.resources}
        if len(self.by_name) != len(self.resources):
            raise _Unsupported("duplicate resource names")
        for res in self.resources:
            for fk in res.foreign_keys:
                if fk.resource not in self.by_name:
                    raise _Unsupported("foreign key to a missing resource")
        import duckdb

        self.duckdb = duckdb
        self.con = duckdb.connect()
        self.readers: dict[tuple[int, int], Any] = {}
        self.plans: dict[int, _Plan] = {}

    # -- the whole package ---------------------------------------------------------

    def validate(self) -> list[dict[str, Any]]:
        for res in self.resources:
            self.open(res)
        headers = {res.index: self.header(res) for res in self.resources}
        self.plans = plans = {
            res.index: _Plan(res, [None if f.type == "any" else _cell(k, f) for k, f in enumerate(res.expected)])
            for res in self.resources
        }
        for res in self.resources:
            plan = plans[res.index]
            for fk in res.foreign_keys:
                if not set(fk.fields) <= set(plan.pos):
                    continue
                ref = self.by_name[fk.resource]
                ref_plan = plans[ref.index]
                fk_fields: list[tuple[int, int | None, str]] = []
                for name, ref_name in zip(fk.fields, fk.reference_fields, strict=True):
                    k, rk = plan.pos[name], ref_plan.pos.get(ref_name)
                    types = [res.expected[k].type] + ([ref.expected[rk].type] if rk is not None else [])
                    family = _key_family(types)
                    plan.need_key(k, family)
                    if rk is not None:
                        ref_plan.need_key(rk, family)
                    fk_fields.append((k, rk, family))
                plan.fks.append((fk, ref, fk_fields))
        _imply_patterns(plans)
        for res in self.resources:
            self.load(res, plans[res.index])
            if not res.labels and res.n_records <= 1:
                headers[res.index].insert(0, _error(res, "source-error", note="the source is empty"))
        for res in self.resources:
            self.prepare(res, plans[res.index])
        for res in self.resources:
            if res.suspects is None:
                plan = plans[res.index]
                query = (
                    f"SELECT rn FROM {plan.suspect_source(f's{res.index}')} "
                    f"WHERE rn >= 2 AND ({plan.suspect_sql()}) ORDER BY rn"
                )
                res.suspects = [rn for (rn,) in self.con.execute(query).fetchall()]
            self._suspect_table(res)
        out: list[dict[str, Any]] = []
        for res in self.resources:
            out.extend(self.validate_resource(res, plans[res.index], headers[res.index]))
        return out

    # -- opening: bytes, dialect, header -------------------------------------------

    def open(self, res: _Resource) -> None:
        """Read the bytes, the dialect frictionless would use and the header record (Python's csv)."""
        try:
            data = res.file.read_bytes()
        except OSError as exc:
            raise _Unsupported(f"cannot read {res.path}") from exc
        res.data = data
        res.bom = data.startswith(codecs.BOM_UTF8)  # frictionless's detector then reads utf-8-sig
        stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig" if res.bom else "utf-8", newline="")
        old_limit = csv.field_size_limit(CSV_FIELD_SIZE_LIMIT)
        try:
            sample = list(islice(stream, SAMPLE_LINES))
            res.options = options = _csv_options(res.dialect, sample)
            res.header = next(csv.reader(chain(sample, stream), **options), None)
        except (UnicodeDecodeError, csv.Error) as exc:
            raise _Unsupported(f"{res.path} does not read as UTF-8 CSV") from exc
        finally:
            csv.field_size_limit(old_limit)
        res.labels = [cell.strip() for cell in res.header or []]
        res.fast = (
            options["delimiter"].isascii()
            and options["delimiter"] not in '"\n\r'
            and options["quotechar"] == '"'
            and options["escapechar"] is None
            and not options["skipinitialspace"]
            and b"\r" not in data
            and NULL_SENTINEL.encode() not in data
            and len(data) > (3 if res.bom else 0)
        )

    def header(self, res: _Resource) -> list[dict[str, Any]]:
        """Label errors; sets the fields expected in each row (frictionless's Header, "fieldsMatch": "exact")."""
        labels, fields = res.labels, res.fields
        errors: list[dict[str, Any]] = []
        if not labels:
            res.expected = list(fields)
            return errors
        names = _dedupe([fields[i].name if i < len(fields) else label for i, label in enumerate(labels)])
        res.expected = [fields[i] if i < len(fields) else _Field(names[i], "any") for i in range(len(labels))]
        for number, label in enumerate(labels, start=1):
            if number > len(fields):
                errors.append(_error(res, "extra-label", field_name="", label=label, fieldNumber=number))
        for offset, f in enumerate(fields[len(labels) :]):
            number = len(labels) + 1 + offset
            errors.append(_error(res, "missing-label", field_name=f.name, label="", fieldNumber=number))
        for number, (f, label) in enumerate(zip(fields, labels, strict=False), start=1):
            if not label:
                errors.append(_error(res, "blank-label", field_name=f.name, label="", fieldNumber=number))
                continue
            seen = [i for i, other in enumerate(labels[: number - 1], start=1) if other == label]
            if seen:
                note = 'at position "{}"'.format(", ".join(map(str, seen)))
                errors.append(
                    _error(res, "duplicate-label", field_name=f.name, label=label, fieldNumber=number, note=note)
                )
            elif label != f.name:
                errors.append(_error(res, "incorrect-label", field_name=f.name, label=label, fieldNumber=number))
        return errors

    # -- reading the records into DuckDB -------------------------------------------

    def load(self, res: _Resource, plan: _Plan) -> None:
        """Table t{i} (rn, nc, c0..): record number (the header is 1), cell count, raw cells (NULL when absent).

        Storing every cell costs DuckDB more than parsing the file, so a file
        whose suspect rows can be found from the raw cells alone is stored
        sparsely: the key columns in full, the other cells of its suspect rows
        only (res.stored says which rows are whole).
        """
        if res.fast:
            if plan.fusable and self._load_duckdb(res, plan, sparse=True):
                return
            if self._load_duckdb(res, plan, sparse=False):
                return
        self._load_python(res)

    def _create_from_csv(self, res: _Resource, table: str, select: Callable[[str], str]) -> bool:
        """CREATE TABLE `table` AS `select(source)`, source being DuckDB's read of the file (columns c0..).

        False when DuckDB fails to read it.
        """
        columns = "{" + ", ".join(f"'c{j}': 'VARCHAR'" for j in range(res.width)) + "}"
        # DuckDB's parallel scanner refuses null padding with quoted newlines: such files are read serially.
        for parallel in ("true", "false"):
            source = (
                f"read_csv({_lit(str(res.file))}, auto_detect = false, header = false, columns = {columns}, "
                f"delim = {_lit(res.options['delimiter'])}, quote = '\"', escape = '\"', new_line = '\\n', "
                f"null_padding = true, nullstr = {_lit(NULL_SENTINEL)}, allow_quoted_nulls = false, "
                f"strict_mode = true, encoding = 'utf-8', parallel = {parallel})"
            )
            try:
                self.con.execute(f"CREATE OR REPLACE TABLE {table} AS {select(source)}")
                return True
            except self.duckdb.Error:
                self.con.execute(f"DROP TABLE IF EXISTS {table}")
        return False

    def _load_duckdb(self, res: _Resource, plan: _Plan, *, sparse: bool) -> bool:
        """Read the file with DuckDB; False (nothing kept) when the records may differ from Python's csv.

        Byte and newline accounting checks that: the records DuckDB read, with
        their quoting, must add up to the file.  DuckDB skips blank lines, trims
        blanks around quoted cells and may drop an unterminated last record,
        where Python's csv module does not; each breaks a balance.  Quotes and
        newlines inside cells are counted in text columns only, and only when
        the file has some to account for (sparse: never newlines); one
        elsewhere only breaks the balance, and the file is then read the next
        way (whole, then with Python's csv), which is exact anyway.
        """
        i = res.index
        width = res.width = max(len(res.header or []), len(res.fields)) + EXTRA_COLUMNS
        data = res.data
        size = len(data) - (3 if res.bom else 0)
        no_final = 0 if data.endswith(b"\n") else 1
        file_quotes, file_newlines = data.count(b'"'), data.count(b"\n")
        text = [j for j, f in enumerate(res.expected) if f.type in ("string", "any")]

        def inside(j: int, char: str) -> str:
            return (
                f"(CASE WHEN contains(c{j}, {char}) THEN strlen(c{j}) - strlen(replace(c{j}, {char}, '')) ELSE 0 END)"
            )

        nc = " + ".join(f"(c{j} IS NOT NULL)::INTEGER" for j in range(width))
        length = " + ".join(f"coalesce(strlen(c{j}), 0)" for j in range(width))
        quotes = " + ".join(inside(j, "'\"'") for j in text) if file_quotes and text else "0"
        cols = ", ".join(f"c{j}" for j in range(width))
        if sparse:
            casts = "".join(f", {_suspect_cast(c.k, c.spec.type)}" for c in plan.cells if c is not None and c.typed)
            kept = [f"c{j}" if j in plan.keys else f"CASE WHEN sus THEN c{j} END AS c{j}" for j in range(width)]

            def select(source: str) -> str:
                return (
                    f"SELECT {', '.join(kept)}, nc, len, q, sus FROM (SELECT *, {nc} AS nc, {length} AS len, "
                    f"{quotes} AS q, ({plan.suspect_sql()}) AS sus FROM (SELECT *{casts} FROM {source}))"
                )

            if not self._create_from_csv(res, f"raw{i}", select):
                return False
            row = self.con.execute(
                f"SELECT count(*), sum(nc - 1), sum(len), sum(q), "
                f"list(rowid + 1 ORDER BY rowid) FILTER (WHERE sus AND rowid >= 1) FROM raw{i}"
            ).fetchall()[0]
            records, delimiters, content, in_quotes = (int(v or 0) for v in row[:4])
            in_newlines = 0
            view = f"SELECT rowid + 1 AS rn, nc, {cols} FROM raw{i}"
        else:
            if not self._create_from_csv(res, f"raw{i}", lambda source: f"SELECT * FROM {source}"):
                return False
            view = f"SELECT rowid + 1 AS rn, {nc} AS nc, {cols} FROM raw{i}"
            self.con.execute(f"CREATE OR REPLACE VIEW t{i} AS {view}")
            (records,) = self.con.execute(f"SELECT count(*) FROM raw{i}").fetchall()[0]
            newlines = " + ".join(inside(j, "chr(10)") for j in text) if file_newlines != records - no_final else "0"
            row = self.con.execute(
                f"SELECT sum(nc - 1), sum({length}), sum({quotes}), sum({newlines}) FROM t{i}"
            ).fetchall()[0]
            delimiters, content, in_quotes, in_newlines = (int(v or 0) for v in row)
        balanced = (
            records > 0
            and size - content - delimiters - records + no_final == file_quotes - in_quotes
            and file_newlines == records - no_final + in_newlines
        )
        if not balanced:
            self.con.execute(f"DROP VIEW IF EXISTS t{i}")
            self.con.execute(f"DROP TABLE raw{i}")
            return False
        self.con.execute(f"CREATE OR REPLACE VIEW t{i} AS {view}")
        if sparse:
            res.suspects = list(row[4] or [])
            res.stored = set(res.suspects)
        res.n_records, res.reader = records, "duckdb"
        return True

    def _load_python(self, res: _Resource) -> None:
        """Read the file with Python's csv module, as frictionless does, into DuckDB."""
        import pyarrow as pa

        stream = io.TextIOWrapper(io.BytesIO(res.data), encoding="utf-8-sig" if res.bom else "utf-8", newline="")
        old_limit = csv.field_size_limit(CSV_FIELD_SIZE_LIMIT)
        try:
            rows = list(csv.reader(stream, **res.options))
        except (UnicodeDecodeError, csv.Error) as exc:
            raise _Unsupported(f"{res.path} does not read as UTF-8 CSV") from exc
        finally:
            csv.field_size_limit(old_limit)
        width = max([len(r) for r in rows] + [len(res.expected), len(res.fields), 1])
        arrays: dict[str, Any] = {
            "rn": pa.array(range(1, len(rows) + 1), pa.int64()),
            "nc": pa.array([len(r) for r in rows], pa.int32()),
        }
        for j in range(width):
            arrays[f"c{j}"] = pa.array([r[j] if j < len(r) else None for r in rows], pa.string())
        self._from_arrow(f"t{res.index}", pa.table(arrays))
        res.suspects = None
        res.width, res.n_records, res.reader = width, len(rows), "python-csv"

    def _from_arrow(self, name: str, table: Any) -> None:
        self.con.register("fv_arrow", table)
        try:
            self.con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM fv_arrow")
        finally:
            self.con.unregister("fv_arrow")

    # -- frictionless's reader, for what SQL does not settle -------------------------

    def read_cell(self, res: _Resource, k: int, raw: str | None) -> tuple[Any, dict[str, str] | None]:
        """Frictionless's own cell reader of expected field k: (typed value, notes)."""
        key = (res.index, k)
        try:
            if key not in self.readers:
                from frictionless import Field

                f = res.expected[k]
                descriptor = json.loads(json.dumps(f.descriptor))
                descriptor["missingValues"] = list(f.missing_values)  # the schema's, unless the field has its own
                self.readers[key] = Field.from_descriptor(descriptor).create_cell_reader()
            value, notes = self.readers[key](raw)
        except Exception as exc:  # frictionless itself would stop on this cell
            raise _Unsupported(f"frictionless's reader fails on a cell of {res.name}") from exc
        return value, notes

    def typed_str(self, res: _Resource, k: int, raw: str | None) -> str:
        """str() of frictionless's typed value of a cell ("None" when it reads None)."""
        f = res.expected[k]
        if raw is None or raw in f.missing_values:
            return "None"
        if f.type == "string":
            return raw
        value, _ = self.read_cell(res, k, raw)
        return str(value)

    # -- the view each check reads -------------------------------------------------

    def prepare(self, res: _Resource, plan: _Plan) -> None:
        """View s{i}: rn, nc, the raw cells, the states s{k}, the key texts k{k}_{family}, pybad{k}."""
        i = res.index
        self.con.execute(f"CREATE OR REPLACE VIEW st{i} AS {_with_states(plan, f't{i}')}")
        joins: list[str] = []
        extra: list[str] = []
        for c in plan.cells:
            if c is None:
                continue
            if c.typed and c.k in plan.keys and self._exotic_keys(res, c):
                c.exotic_keys = True
                joins.append(f" LEFT JOIN ek{i}_{c.k} AS e{c.k} ON e{c.k}.rn = st.rn")
            if c.python_pattern is not None:
                self._python_pattern(res, c, c.python_pattern)
                joins.append(f" LEFT JOIN pyre{i}_{c.k} AS p{c.k} ON p{c.k}.v = st.c{c.k}")
                extra.append(f"coalesce(p{c.k}.bad, false) AS pybad{c.k}")
        for k, families in sorted(plan.keys.items()):
            c = plan.cells[k]
            assert c is not None
            extra += [f"{c.key(fam)} AS k{k}_{fam}" for fam in sorted(families)]
        select = "st.*" + "".join(", " + e for e in extra)
        self.con.execute(f"CREATE OR REPLACE VIEW s{i} AS SELECT {select} FROM st{i} AS st{''.join(joins)}")

    def _exotic_keys(self, res: _Resource, c: _Cell) -> bool:
        """Table ek{i}_{k}: key texts of the key cells SQL does not settle, read by frictionless's reader."""
        rows = self.con.execute(f"SELECT rn, c{c.k} FROM st{res.index} WHERE s{c.k} = 2").fetchall()
        if not rows:
            return False
        import pyarrow as pa

        out: dict[str, list[Any]] = {"rn": [], "key_i": [], "key_d": [], "key_t": []}
        for rn, raw in rows:
            value, notes = self.read_cell(res, c.k, raw)
            if notes and "type" in notes:
                value = None
            out["rn"].append(rn)
            out["key_i"].append(str(value) if isinstance(value, int) else None)
            text: str | None = None
            if isinstance(value, int | Decimal):
                dec = Decimal(value)
                # NaN equals nothing, not even itself; other values: DuckDB's DECIMAL text when they fit.
                text = f"nan#{res.index}#{rn}" if dec.is_nan() else _decimal_text(dec) or "x:" + str(dec.normalize())
            out["key_d"].append(text)
            out["key_t"].append(value.isoformat() if isinstance(value, date) else None)
        arrays = {"rn": pa.array(out["rn"], pa.int64())}
        arrays.update({name: pa.array(out[name], pa.string()) for name in ("key_i", "key_d", "key_t")})
        self._from_arrow(f"ek{res.index}_{c.k}", pa.table(arrays))
        return True

    def _python_pattern(self, res: _Resource, c: _Cell, regex: re.Pattern[str]) -> None:
        """Table pyre{i}_{k}: the distinct values of a field, with whether Python's re rejects them."""
        import pyarrow as pa

        query = f"SELECT DISTINCT c{c.k} FROM t{res.index} WHERE c{c.k} IS NOT NULL"
        values = [v for (v,) in self.con.execute(query).fetchall()]
        table = pa.table(
            {"v": pa.array(values, pa.string()), "bad": pa.array([not regex.match(v) for v in values], pa.bool_())}
        )
        self._from_arrow(f"pyre{res.index}_{c.k}", table)

    # -- one resource ---------------------------------------------------------------

    def validate_resource(self, res: _Resource, plan: _Plan, errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
        i = res.index
        fk_rows = [self._foreign_key_errors(res, ref, fk_fields) for _, ref, fk_fields in plan.fks]
        # A pattern a foreign key settles: the rows whose key is missing from the referenced
        # resource, or equals a referenced value that breaks the (same) pattern, are suspect.
        extra: set[int] = set()
        for k, (ref, rk, g) in plan.implied.items():
            extra.update(fk_rows[g])
            ref_cell = self.plans[ref.index].cells[rk]
            assert ref_cell is not None
            bad = next(cond for name, cond in ref_cell.checks if name == "pattern")
            if ref.suspects:
                query = (
                    f"SELECT rn FROM t{i} WHERE rn >= 2 AND c{k} IN "
                    f"(SELECT c{rk} FROM s{ref.index} WHERE rn IN (SELECT rn FROM suspect{ref.index}) AND {bad})"
                )
                extra.update(rn for (rn,) in self.con.execute(query).fetchall())
        if extra - set(res.suspects or []):
            res.suspects = sorted(extra | set(res.suspects or []))
            self._suspect_table(res)
        suspects = res.suspects
        unique = {k: self._duplicates(i, [f"k{k}_{plan.family(k)}"], f"c{k}") for k in plan.unique_fields}
        pk_rows: dict[int, int | None] = {}
        if plan.has_pk:
            keys = [f"k{k}_{plan.family(k)}" for k in plan.pk_fields]
            if len(plan.pk_fields) == 1 and plan.pk_fields[0] in unique:
                dups = unique[plan.pk_fields[0]]
            else:
                dups = self._duplicates(i, keys, "NULL")
            pk_rows = {rn: prev for rn, (prev, _) in dups.items()}
            if suspects:  # a key that reads None is missing or mistyped: its row is suspect
                all_none = " AND ".join(f"{key} IS NULL" for key in keys)
                query = f"SELECT rn FROM s{i} WHERE rn IN (SELECT rn FROM suspect{i}) AND {all_none}"
                pk_rows.update((rn, None) for (rn,) in self.con.execute(query).fetchall())
        candidates: set[int] = set(pk_rows)
        for dup in unique.values():
            candidates.update(dup)
        for missing in fk_rows:
            candidates.update(missing)
        flagged = self._flagged_rows(res, plan) if suspects else iter(())
        errors = list(errors)
        partial = False
        for rn, flags in _merge(sorted(candidates), flagged):
            errors.extend(self._row(res, plan, rn, flags, unique, pk_rows, fk_rows))
            if len(errors) >= LIMIT_ERRORS:
                errors, partial = errors[:LIMIT_ERRORS], True
                break
        if not partial:
            errors.extend(_file_errors(res))
        return errors

    def _suspect_table(self, res: _Resource) -> None:
        """Table suspect{i}: the suspect data rows."""
        self.con.execute(
            f"CREATE OR REPLACE TABLE suspect{res.index} AS SELECT unnest($1::BIGINT[]) AS rn", [res.suspects or []]
        )

    def _duplicates(self, i: int, keys: list[str], raw: str) -> dict[int, tuple[int, str | None]]:
        """rn -> (the last earlier rn with the same key, raw cell), for keys not all None."""
        not_all_none = " OR ".join(f"{key} IS NOT NULL" for key in keys)
        part = ", ".join(keys)
        on = " AND ".join(f"d.{key} IS NOT DISTINCT FROM s.{key}" for key in keys)
        partition = ", ".join(f"s.{key}" for key in keys)
        rows = self.con.execute(
            f"WITH d AS (SELECT {part} FROM s{i} WHERE rn >= 2 AND ({not_all_none}) GROUP BY ALL HAVING count(*) > 1) "
            f"SELECT rn, prev, raw FROM (SELECT rn, {raw} AS raw, lag(rn) OVER (PARTITION BY {partition} ORDER BY rn) "
            f"AS prev FROM s{i} AS s SEMI JOIN d ON {on} WHERE rn >= 2) WHERE prev IS NOT NULL"
        ).fetchall()
        return {rn: (prev, value) for rn, prev, value in rows}

    def _foreign_key_errors(
        self, res: _Resource, ref: _Resource, fk_fields: list[tuple[int, int | None, str]]
    ) -> dict[int, list[str | None]]:
        """rn -> raw key cells, for the rows whose key (not all None) is not in the referenced resource."""
        src_keys = [f"k{k}_{family}" for k, _, family in fk_fields]
        ref_keys = [f"ref.k{rk}_{family}" if rk is not None else "NULL" for _, rk, family in fk_fields]
        op = "=" if len(fk_fields) == 1 else "IS NOT DISTINCT FROM"
        match = " AND ".join(f"{ref_key} {op} src.{key}" for ref_key, key in zip(ref_keys, src_keys, strict=True))
        raws = ", ".join(f"c{k}" for k, _, _ in fk_fields)
        rows = self.con.execute(
            f"SELECT rn, {raws} FROM s{res.index} AS src "
            f"WHERE rn >= 2 AND ({' OR '.join(f'{key} IS NOT NULL' for key in src_keys)}) "
            f"AND NOT EXISTS (SELECT 1 FROM s{ref.index} AS ref WHERE ref.rn >= 2 AND {match})"
        ).fetchall()
        return {row[0]: list(row[1:]) for row in rows}

    def _flagged_rows(self, res: _Resource, plan: _Plan) -> Iterator[tuple[Any, ...]]:
        """Suspect rows with a cell error, a cell for frictionless's reader, extra or missing cells, or no value.

        Each as (rn, nc, blank, m0..m{n-1}, c0..): bit 0 of m{k} is a type
        error, bit 1 a cell for frictionless's reader, bit 2+j the j-th check.
        The suspect rows are copied out first, so that the checks run on them
        only.  A row made suspect only by a foreign key that settles a pattern
        was not stored whole: only that pattern is checked (its other cells
        raised no suspicion).
        """
        i, n = res.index, len(plan.cells)
        suspects = res.suspects or []
        whole = suspects if res.stored is None else [rn for rn in suspects if rn in res.stored]
        partial = [] if res.stored is None else [rn for rn in suspects if rn not in res.stored]
        cols = ", ".join(f"c{j}" for j in range(res.width))
        mask_names = [f"m{k}" for k in range(n)]
        where = " OR ".join([*(f"{m} <> 0" for m in mask_names), f"nc <> {n}", "blank"])
        queries: list[str] = []
        if whole:
            self.con.execute(
                f"CREATE OR REPLACE TABLE rows{i} AS SELECT * FROM t{i} WHERE rn IN (SELECT unnest($1::BIGINT[]))",
                [whole],
            )
            masks = [_mask_sql(c) for c in plan.cells]
            inner = ", ".join([f"{plan.blank_sql()} AS blank", *(f"{m} AS m{k}" for k, m in enumerate(masks))])
            queries.append(
                f"SELECT rn, nc, blank, {''.join(m + ', ' for m in mask_names)}{cols} "
                f"FROM (SELECT rn, nc, {inner}, {cols} FROM ({self._cells_sql(res, plan, f'rows{i}')})) WHERE {where}"
            )
        if partial:
            self.con.execute(
                f"CREATE OR REPLACE TABLE part{i} AS SELECT * FROM t{i} WHERE rn IN (SELECT unnest($1::BIGINT[]))",
                [partial],
            )
            masks = [_mask_sql(c, only="pattern") if c is not None and c.k in plan.implied else "0" for c in plan.cells]
            kept = ", ".join(f"c{j}" if j in plan.implied else f"NULL AS c{j}" for j in range(res.width))
            queries.append(
                f"SELECT rn, {n} AS nc, false AS blank, {''.join(m + ', ' for m in masks)}{kept} "
                f"FROM ({self._cells_sql(res, plan, f'part{i}')}) WHERE {' OR '.join(f'{m} <> 0' for m in masks)}"
            )
        if not queries:
            return
        cursor = self.con.cursor()
        try:
            result = cursor.execute(" UNION ALL ".join(f"({q})" for q in queries) + " ORDER BY rn")
            while batch := result.fetchmany(4096):
                yield from batch
        finally:
            cursor.close()

    def _cells_sql(self, res: _Resource, plan: _Plan, base: str) -> str:
        """`base` (rn, nc, c0..) with the states s{k} and the Python pattern verdicts pybad{k}."""
        i = res.index
        joins = [
            f" LEFT JOIN pyre{i}_{c.k} AS p{c.k} ON p{c.k}.v = st.c{c.k}"
            for c in plan.cells
            if c is not None and c.python_pattern is not None
        ]
        bad = [
            f", coalesce(p{c.k}.bad, false) AS pybad{c.k}"
            for c in plan.cells
            if c is not None and c.python_pattern is not None
        ]
        return f"SELECT st.*{''.join(bad)} FROM ({_with_states(plan, base)}) AS st{''.join(joins)}"

    def _row(
        self,
        res: _Resource,
        plan: _Plan,
        rn: int,
        flags: tuple[Any, ...] | None,
        unique: dict[int, dict[int, tuple[int, str | None]]],
        pk_rows: dict[int, int | None],
        fk_rows: list[dict[int, list[str | None]]],
    ) -> list[dict[str, Any]]:
        """The errors frictionless reports for row `rn`, in its order."""
        n = len(plan.cells)
        if flags is None:
            nc, is_blank, masks, raw = n, False, [0] * n, []
        else:
            nc, is_blank = flags[1], bool(flags[2])
            masks, raw = list(flags[3 : 3 + n]), list(flags[3 + n :])

        def cell_errors(k: int) -> list[dict[str, Any]]:
            c = plan.cells[k]
            if c is None or not masks[k]:
                return []
            where: dict[str, Any] = {"row": rn, "field_name": c.spec.name, "cell": str(raw[k]), "fieldNumber": k + 1}
            if masks[k] & 2:
                _, notes = self.read_cell(res, k, raw[k])
                return [
                    _error(res, "type-error" if name == "type" else "constraint-error", note=note, **where)
                    for name, note in (notes or {}).items()
                ]
            if masks[k] & 1:
                return [_error(res, "type-error", note=f'type is "{c.spec.type}/{c.spec.format}"', **where)]
            return [
                _error(res, "constraint-error", note=f'constraint "{name}" is "{c.spec.constraints[name]}"', **where)
                for bit, (name, _) in enumerate(c.checks, start=2)
                if masks[k] & (1 << bit)
            ]

        tail = [
            _error(res, "extra-cell", row=rn, field_name="", cell=str(raw[number - 1]), fieldNumber=number)
            for number in range(n + 1, nc + 1)
        ]
        tail += [
            _error(res, "missing-cell", row=rn, field_name=res.expected[k].name, cell="", fieldNumber=k + 1)
            for k in range(nc, n)
        ]
        row = _RowErrors(n, cell_errors, tail, _error(res, "blank-row", row=rn) if is_blank else None)
        for k in plan.unique_fields:
            row.touch(k)
            if rn in unique[k]:
                prev, value = unique[k][rn]
                row.append(
                    _error(
                        res,
                        "unique-error",
                        row=rn,
                        field_name=res.expected[k].name,
                        cell=self.typed_str(res, k, value),
                        fieldNumber=k + 1,
                        note=f"the same as in the row at position {prev}",
                    )
                )
        if plan.has_pk:
            for k in plan.pk_fields:
                row.touch(k)
            if rn in pk_rows:
                prev_pk = pk_rows[rn]
                note = (
                    'cells composing the primary keys are all "None"'
                    if prev_pk is None
                    else f"the same as in the row at position {prev_pk}"
                )
                row.append(_error(res, "primary-key", row=rn, note=note))
        for (fk, _ref, fk_fields), found in zip(plan.fks, fk_rows, strict=True):
            for k, _, _ in fk_fields:
                row.touch(k)
            if rn in found:
                values = [self.typed_str(res, k, v) for (k, _, _), v in zip(fk_fields, found[rn], strict=True)]
                note = 'for "{}": values "{}" not found in the lookup table "{}" as "{}"'.format(
                    ", ".join(fk.fields), ", ".join(values), fk.label, ", ".join(fk.reference_fields)
                )
                row.append(_error(res, "foreign-key", row=rn, note=note))
        row.process()
        return row.errors


def _csv_options(dialect: dict[str, Any], sample: list[str]) -> dict[str, Any]:
    """The csv.reader options frictionless's CSV parser ends up with, sniffing included."""
    delimiter = dialect.get("delimiter")
    try:
        sniffed: Any = csv.Sniffer().sniff("".join(sample), delimiter if delimiter is not None else ",\t;|")
    except csv.Error:
        sniffed = csv.excel()
    escape = dialect.get("escapeChar", sniffed.escapechar)
    quote = dialect.get("quoteChar", '"' if sniffed.quotechar == "'" else sniffed.quotechar)
    options = {
        "delimiter": delimiter if delimiter is not None else sniffed.delimiter,
        "quotechar": quote if quote != "" else None,
        "escapechar": escape,
        "doublequote": dialect.get("doubleQuote", True) if escape else True,
        "skipinitialspace": bool(dialect.get("skipInitialSpace", sniffed.skipinitialspace)),
        "quoting": csv.QUOTE_NONE if quote == "" else csv.QUOTE_MINIMAL,
        "strict": False,
    }
    for key in ("delimiter", "quotechar", "escapechar"):
        value = options[key]
        if value is not None and (not isinstance(value, str) or len(value) != 1):
            raise _Unsupported(f"dialect {key} {value!r}")
    return options


def _file_errors(res: _Resource) -> list[dict[str, Any]]:
    """hash-count and byte-count, as frictionless's baseline check computes them at the end."""
    errors: list[dict[str, Any]] = []
    if res.digest:
        parts = res.digest.split(":", maxsplit=1)
        algorithm, expected = ("md5", parts[0]) if len(parts) == 1 else (parts[0], parts[1])
        if algorithm in ("md5", "sha256"):
            actual = hashlib.new(algorithm, res.data).hexdigest()
            if actual != expected:
                errors.append(_error(res, "hash-count", note=f'expected is "{expected}" and actual is "{actual}"'))
    if res.size and res.size != len(res.data):
        errors.append(_error(res, "byte-count", note=f'expected is "{res.size}" and actual is "{len(res.data)}"'))
    return errors


def _merge(candidates: list[int], flagged: Iterator[tuple[Any, ...]]) -> Iterator[tuple[int, tuple[Any, ...] | None]]:
    """Row numbers from both sources in order, each with its flagged row when it has one."""
    i = 0
    for flags in flagged:
        rn = flags[0]
        while i < len(candidates) and candidates[i] < rn:
            yield candidates[i], None
            i += 1
        if i < len(candidates) and candidates[i] == rn:
            i += 1
        yield rn, flags
    while i < len(candidates):
        yield candidates[i], None
        i += 1
