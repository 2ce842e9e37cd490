"""The descriptor as the twin reads it: _Field, _ForeignKey, _Resource, and what it leaves to frictionless (_Unsupported)."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

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


class _Unsupported(Exception):
    """The package is outside what the DuckDB path reproduces exactly: frictionless validates it."""


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


@dataclass(frozen=True)
class _FileFacts:
    """What the checks read of a file's bytes: its size, the digest its descriptor names, and the counts
    that tell whether DuckDB read the records Python's csv would."""

    size: int = 0
    digest: str | None = None  # hex digest in the algorithm of the descriptor's "hash" (md5 or sha256), if any
    head: bytes = b""  # the first bytes (a BOM?)
    quotes: int = 0
    newlines: int = 0
    carriage_returns: bool = False
    sentinel: bool = False  # holds the byte DuckDB is told reads as NULL
    final_newline: bool = False


def digest_parts(digest: str | None) -> tuple[str, str] | None:
    """(algorithm, hex digest) of a descriptor's "hash", as frictionless reads it (md5 when unprefixed)."""
    if not digest:
        return None
    parts = digest.split(":", maxsplit=1)
    return ("md5", parts[0]) if len(parts) == 1 else (parts[0], parts[1])


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
    # Filled when the file is opened and read: what the checks need of its bytes (read once, in chunks).
    facts: _FileFacts = field(default_factory=_FileFacts)
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
