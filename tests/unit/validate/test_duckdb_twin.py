"""claimtrail.validate.duckdb_twin against frictionless: the same verdicts, the same errors (a slow, differential test).

Every test builds a small package in tmp_path from the repository's
datapackage.json and build/data/*.csv (read only), breaks it in one way, and
compares validate_package_duckdb with frictionless.validate (through
validate.frictionless.frictionless_errors): the same verdict, the same set of (resource,
error type, row) and the same list of errors, messages, fields and order
included.  Every case below matches exactly; `compare(..., exact=False)` is
there for a case that could not, to be used with its reason written next to
it.  Each test also checks that the DuckDB path really ran (no silent
hand-over to frictionless) and, where it matters, which reader read the file.
A second package, built here from scratch, covers what the seed lacks:
integer, number and date enums and bounds, exclusive bounds, lengths, custom
missing values, composite, self-referencing and number-to-integer foreign keys.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrail.validate import frictionless_errors
from claimtrail.validate.duckdb_twin import validate_package_duckdb
from claimtrail.validate.duckdb_twin.sql import _PY_WS, _re2_pattern
from helpers import REPO_ROOT

pytestmark = pytest.mark.slow  # differential: every case runs frictionless too (about a minute in all)


# --------------------------------------------------------------------------
# A private copy of the seed package
# --------------------------------------------------------------------------


def _descriptor(pkg: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    return data


def _save_descriptor(pkg: Path, descriptor: dict[str, Any]) -> None:
    (pkg / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")


def _resource(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    for res in descriptor["resources"]:
        if res["name"] == name:
            return res
    raise KeyError(name)


def write_bytes(pkg: Path, table: str, data: bytes, *, update_stats: bool = True) -> None:
    """Replace a table's file; bytes and hash in the descriptor follow unless told otherwise."""
    descriptor = _descriptor(pkg)
    res = _resource(descriptor, table)
    (pkg / res["path"]).write_bytes(data)
    if update_stats:
        res["bytes"] = len(data)
        res["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
        _save_descriptor(pkg, descriptor)


def read_bytes(pkg: Path, table: str) -> bytes:
    return (pkg / _resource(_descriptor(pkg), table)["path"]).read_bytes()


def read_rows(pkg: Path, table: str) -> list[list[str]]:
    """Header and rows of a table, as Python's csv module reads them."""
    return list(csv.reader(io.StringIO(read_bytes(pkg, table).decode("utf-8"), newline="")))


def write_rows(pkg: Path, table: str, rows: list[list[str]]) -> None:
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerows(rows)
    write_bytes(pkg, table, buf.getvalue().encode("utf-8"))


def set_cell(pkg: Path, table: str, row: int, column: str, value: str) -> None:
    """Set the cell of data row `row` (0-based; frictionless row row + 2) in `column`."""
    rows = read_rows(pkg, table)
    rows[row + 1][rows[0].index(column)] = value
    write_rows(pkg, table, rows)


def first_row_with(pkg: Path, table: str, column: str) -> int:
    """The first data row whose `column` is not empty."""
    rows = read_rows(pkg, table)
    j = rows[0].index(column)
    return next(i for i, row in enumerate(rows[1:]) if row[j])


@pytest.fixture(scope="module")
def seed_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's package, copied once; bytes and hash recomputed so the copy is self-consistent."""
    pkg = tmp_path_factory.mktemp("fastvalidate-seed")
    shutil.copy(REPO_ROOT / "datapackage.json", pkg / "datapackage.json")
    for res in _descriptor(pkg)["resources"]:
        (pkg / res["path"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO_ROOT / res["path"], pkg / res["path"])
        write_bytes(pkg, res["name"], (pkg / res["path"]).read_bytes())
    return pkg


@pytest.fixture
def pkg(seed_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the seed package that a test may break."""
    target = tmp_path / "pkg"
    shutil.copytree(seed_dir, target)
    return target


# --------------------------------------------------------------------------
# The comparison
# --------------------------------------------------------------------------


def keys(errors: list[dict[str, Any]]) -> set[tuple[Any, Any, Any]]:
    return {(e["path"], e["type"], e["row"]) for e in errors}


def compare(pkg: Path, *, exact: bool = True) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """Both validators on `pkg`: the DuckDB path must run and agree with frictionless."""
    details: dict[str, Any] = {}
    fast = validate_package_duckdb(pkg / "datapackage.json", details=details)
    ref = frictionless_errors(pkg / "datapackage.json")
    assert details["engine"] == "duckdb", details
    assert bool(fast) == bool(ref), (fast, ref)
    assert keys(fast) == keys(ref), keys(fast) ^ keys(ref)
    if exact:
        assert fast == ref
    return fast, ref, details


def test_seed_package_is_valid_for_both(pkg: Path) -> None:
    fast, ref, details = compare(pkg)
    assert fast == ref == []
    assert set(details["readers"].values()) == {"duckdb"}


# --------------------------------------------------------------------------
# One mutation each
# --------------------------------------------------------------------------

Mutation = Callable[[Path], None]


def cell(table: str, column: str, value: str, row: int | None = None) -> Mutation:
    def mutate(pkg: Path) -> None:
        set_cell(pkg, table, first_row_with(pkg, table, column) if row is None else row, column, value)

    return mutate


def duplicate_key(table: str, columns: list[str], src: int, dst: int) -> Mutation:
    def mutate(pkg: Path) -> None:
        rows = read_rows(pkg, table)
        for column in columns:
            j = rows[0].index(column)
            rows[dst + 1][j] = rows[src + 1][j]
        write_rows(pkg, table, rows)

    return mutate


def edit_rows(edit: Callable[[list[list[str]]], None], table: str) -> Mutation:
    def mutate(pkg: Path) -> None:
        rows = read_rows(pkg, table)
        edit(rows)
        write_rows(pkg, table, rows)

    return mutate


def edit_bytes(edit: Callable[[bytes], bytes], table: str) -> Mutation:
    def mutate(pkg: Path) -> None:
        write_bytes(pkg, table, edit(read_bytes(pkg, table)))

    return mutate


def edit_descriptor(edit: Callable[[dict[str, Any]], None]) -> Mutation:
    def mutate(pkg: Path) -> None:
        descriptor = _descriptor(pkg)
        edit(descriptor)
        _save_descriptor(pkg, descriptor)

    return mutate


def _set_stat(table: str, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(descriptor: dict[str, Any]) -> None:
        _resource(descriptor, table)[key] = value

    return edit


def _drop_column(rows: list[list[str]], name: str = "hedge") -> None:
    j = rows[0].index(name)
    for row in rows:
        del row[j]


def _add_column(rows: list[list[str]]) -> None:
    rows[0].append("note")
    for row in rows[1:]:
        row.append("x")


def _insert_line(data: bytes, line: bytes, after: int) -> bytes:
    lines = data.split(b"\n")
    lines.insert(after, line)
    return b"\n".join(lines)


def _triplicate_first_key(rows: list[list[str]]) -> None:
    rows[3][0] = rows[6][0] = rows[1][0]


def _newline_quote_comma(rows: list[list[str]]) -> None:
    j = rows[0].index("quote")
    rows[3][j] = 'He said, "no"\nand then\n\nleft, again "" and ""'


BROKEN: dict[str, Mutation] = {
    "integer-12a": cell("claims", "char_start", "12a"),
    "integer-1.5": cell("claims", "line", "1.5"),
    "integer-below-minimum": cell("claims", "char_start", "-1"),
    "integer-below-minimum-1": cell("sentences", "position", "0"),
    "number-not-a-number": cell("event_places", "latitude", "north"),
    "number-two-points": cell("figures", "value", "12.5.3"),
    "number-above-maximum": cell("event_places", "longitude", "180.0000000000000000001"),
    "number-nan": cell("event_places", "latitude", "NaN"),
    "date-impossible": cell("events", "date_start", "2016-02-30"),
    "date-year-zero": cell("events", "date_end", "0000-01-01"),
    "date-wrong-shape": cell("events", "date_start", "23 May 2016"),
    "required-empty": cell("claims", "claimant", "", row=0),
    "enum-outside": cell("claims", "claim_type", "gossip", row=0),
    "pattern-capital": cell("sentences", "sentence_id", "Sentence-1", row=0),
    "pattern-space-in-source-id": cell("sources", "source_id", "bad id", row=0),
    "pattern-sha256": cell("sources", "raw_sha256", "XYZ", row=1),
    "primary-key-duplicate": duplicate_key("claims", ["claim_id"], 0, 2),
    "primary-key-duplicate-thrice": edit_rows(_triplicate_first_key, "sentences"),
    "primary-key-composite-duplicate": duplicate_key("event_places", ["event_id", "place_order"], 0, 1),
    "primary-key-empty": cell("sentences", "sentence_id", "", row=4),
    "foreign-key-source": cell("claims", "source_id", "no-such-source", row=5),
    "foreign-key-claim": cell("figures", "claim_id", "no-such-claim", row=0),
    "foreign-key-event": cell("claims", "event_id", "no-such-event", row=1),
    "unique-source-id": duplicate_key("sources", ["source_id"], 0, 1),
    "hash-mismatch": edit_descriptor(_set_stat("claims", "hash", "sha256:" + "0" * 64)),
    "byte-count-mismatch": edit_descriptor(_set_stat("figures", "bytes", 12)),
    "header-wrong-label": edit_rows(lambda rows: rows[0].__setitem__(3, "claimer"), "claims"),
    "header-missing-column": edit_rows(_drop_column, "claims"),
    "header-extra-column": edit_rows(_add_column, "figures"),
    "header-missing-key-column": edit_rows(lambda rows: _drop_column(rows, "source_id"), "sources"),
    "header-duplicate-label": edit_rows(lambda rows: rows[0].__setitem__(2, "claim_id"), "claims"),
    "header-blank-label": edit_rows(lambda rows: rows[0].__setitem__(6, ""), "claims"),
    "extra-cell": edit_rows(lambda rows: rows[4].append("surplus"), "claims"),
    "missing-cell": edit_rows(lambda rows: rows[2].pop(), "sentences"),
    "blank-row": edit_bytes(lambda data: _insert_line(data, b"", 5), "claims"),
    "row-of-empty-cells": edit_rows(lambda rows: rows.insert(3, [""] * len(rows[0])), "mentions"),
    "unterminated-quote": edit_bytes(lambda data: data + b'"unterminated,x\n', "sources"),
    "text-after-closing-quote": edit_bytes(lambda data: data.replace(b"\n", b'\n"AB"cd', 1), "figures"),
}

VALID: dict[str, Mutation] = {
    "cell-with-newline-quotes-commas": edit_rows(_newline_quote_comma, "claims"),
    "cell-beginning-with-equals": cell("claims", "claimant", "=SUM(A1:A9)", row=0),
    "cell-beginning-with-plus-minus-at": cell("claims", "hedge", "@cmd|' /C calc'!A0", row=0),
    "integer-plus-sign-and-zeros": cell("claims", "char_start", "+0017"),
    "integer-padded-and-underscored": cell("claims", "char_end", " 1_000 "),
    "integer-arabic-indic-digits": cell("sentences", "position", "\u0661\u0662"),
    "number-exponent": cell("event_places", "latitude", "3.5e1"),
    "number-leading-point": cell("figures", "value", ".5"),
    "date-single-digit-month": cell("events", "date_start", "2016-5-3"),
    "pattern-trailing-newline": cell("sentences", "sentence_id", "trailing-newline-id\n", row=0),
    "required-spaces-only": cell("claims", "claimant", "   ", row=0),
    "label-with-spaces": edit_rows(lambda rows: rows[0].__setitem__(0, "  claim_id "), "claims"),
    "foreign-key-empty": cell("claims", "event_id", "", row=0),
    "utf8-bom": edit_bytes(lambda data: b"\xef\xbb\xbf" + data, "events"),
    "no-final-newline": edit_bytes(lambda data: data.rstrip(b"\n"), "figures"),
    "crlf-line-endings": edit_bytes(lambda data: data.replace(b"\n", b"\r\n"), "sentences"),
}

# Files DuckDB cannot read as Python's csv module does go to Python's csv reader.
PYTHON_READER = {
    "blank-row": "claims",
    "unterminated-quote": "sources",
    "text-after-closing-quote": "figures",
    "crlf-line-endings": "sentences",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_package_matches_frictionless(pkg: Path, name: str) -> None:
    BROKEN[name](pkg)
    _, ref, details = compare(pkg)
    assert ref, f"the mutation {name} should break the package"
    if name in PYTHON_READER:
        assert details["readers"][PYTHON_READER[name]] == "python-csv"


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_variant_matches_frictionless(pkg: Path, name: str) -> None:
    VALID[name](pkg)
    fast, ref, details = compare(pkg)
    assert fast == ref == []
    if name in PYTHON_READER:
        assert details["readers"][PYTHON_READER[name]] == "python-csv"
    if name == "cell-with-newline-quotes-commas":
        assert details["readers"]["claims"] == "duckdb"


def test_many_errors_are_cut_at_frictionless_limit(pkg: Path) -> None:
    """Over 1000 errors in a resource: frictionless stops at 1000 and skips the hash check."""

    def break_all(rows: list[list[str]]) -> None:
        j, k = rows[0].index("char_start"), rows[0].index("claim_type")
        for row in rows[1:]:
            row[j], row[k] = "x", "y"
        rows.extend([list(r) for r in rows[1:]] * 6)

    edit_rows(break_all, "claims")(pkg)
    edit_descriptor(_set_stat("claims", "hash", "sha256:" + "1" * 64))(pkg)
    _, ref, _ = compare(pkg)
    assert len([e for e in ref if e["path"].endswith("claims.csv")]) == 1000


def test_empty_file(pkg: Path) -> None:
    write_bytes(pkg, "figures", b"")
    details: dict[str, Any] = {}
    fast = validate_package_duckdb(pkg / "datapackage.json", details=details)
    assert fast == frictionless_errors(pkg / "datapackage.json")
    assert details["readers"]["figures"] == "python-csv"


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: _resource(d, "claims")["schema"]["fields"][6].__setitem__("type", "boolean"),
        lambda d: _resource(d, "figures").__setitem__("path", "build/data/no-such-file.csv"),
        lambda d: _resource(d, "events")["dialect"].__setitem__("commentChar", "#"),
    ],
    ids=["field-type-outside-the-fast-path", "missing-file", "dialect-outside-the-fast-path"],
)
def test_outside_the_fast_path_frictionless_answers(pkg: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    edit_descriptor(edit)(pkg)
    details: dict[str, Any] = {}
    fast = validate_package_duckdb(pkg / "datapackage.json", details=details)
    assert details["engine"] == "frictionless", details
    assert fast == frictionless_errors(pkg / "datapackage.json")


def test_descriptor_frictionless_rejects_is_left_to_frictionless(pkg: Path) -> None:
    edit_descriptor(lambda d: _resource(d, "claims")["schema"]["fields"][0].__setitem__("type", "no-such-type"))(pkg)
    details: dict[str, Any] = {}
    fast = validate_package_duckdb(pkg / "datapackage.json", details=details)
    assert details["engine"] == "frictionless"
    assert fast == frictionless_errors(pkg / "datapackage.json") != []


# --------------------------------------------------------------------------
# Random cells
# --------------------------------------------------------------------------

TABLES = ("sources", "events", "event_places", "claims", "figures", "sentences", "mentions")
ODD_VALUES = (
    "",
    " ",
    "12a",
    "1.5",
    "-1",
    "0",
    "+7",
    " 7",
    "1_0",
    "\u0663",
    "1e3",
    "NaN",
    "-Infinity",
    "2016-02-30",
    "2016-2-3",
    "2016-05-23",
    "abc",
    "A B",
    "=1+1",
    'say "hi", then\nleave',
    "x\n",
    "no-such-id",
    "day",
    "curated",
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_cell_mutations_match_frictionless(
    seed_dir: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    pkg = tmp_path_factory.mktemp("hypothesis") / "pkg"
    shutil.copytree(seed_dir, pkg)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        table = data.draw(st.sampled_from(TABLES), label="table")
        rows = read_rows(pkg, table)
        i = data.draw(st.integers(1, len(rows) - 1), label="row")
        j = data.draw(st.integers(0, len(rows[0]) - 1), label="column")
        other = rows[data.draw(st.integers(1, len(rows) - 1), label="other row")][j]
        value = data.draw(st.sampled_from((*ODD_VALUES, other)) | st.text(max_size=6), label="value")
        rows[i][j] = value
        write_rows(pkg, table, rows)
    compare(pkg)


# --------------------------------------------------------------------------
# Pieces
# --------------------------------------------------------------------------


def test_python_whitespace_class_is_str_isspace() -> None:
    import re

    spaces = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    python_s = {chr(c) for c in range(0x110000) if re.fullmatch(r"\s", chr(c))}
    assert spaces == python_s
    # _PY_WS is RE2 class syntax; expand it and compare.
    expanded: set[str] = set()
    for m in re.finditer(
        r"\\x\{([0-9a-f]+)\}-\\x\{([0-9a-f]+)\}|\\x\{([0-9a-f]+)\}|\\x([0-9a-f]{2})-\\x([0-9a-f]{2})|\\x([0-9a-f]{2})|\\([tnr])|( )",
        _PY_WS,
    ):
        if m.group(1):
            expanded.update(chr(c) for c in range(int(m.group(1), 16), int(m.group(2), 16) + 1))
        elif m.group(3):
            expanded.add(chr(int(m.group(3), 16)))
        elif m.group(4):
            expanded.update(chr(c) for c in range(int(m.group(4), 16), int(m.group(5), 16) + 1))
        elif m.group(6):
            expanded.add(chr(int(m.group(6), 16)))
        elif m.group(7):
            expanded.add({"t": "\t", "n": "\n", "r": "\r"}[m.group(7)])
        else:
            expanded.add(" ")
    assert expanded == spaces


@pytest.mark.parametrize(
    ("pattern", "re2"),
    [
        (r"^[a-z0-9][a-z0-9-]*$", r"^[a-z0-9][a-z0-9-]*$"),
        (r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$", r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"),
        (r"\d+", r"\p{Nd}+"),
        (r"(?=a)a", None),
        (r"a{,3}", None),
        (r"a$b", None),
        (r"(a)\1", None),
        (r"[[:alpha:]]", None),
    ],
)
def test_re2_translation(pattern: str, re2: str | None) -> None:
    assert _re2_pattern(pattern) == re2


def test_patterns_agree_with_python_re(pkg: Path) -> None:
    """Odd pattern constraints: SQL (RE2) where the translation is safe, Python's re otherwise."""

    def edit(d: dict[str, Any]) -> None:
        fields = _resource(d, "claims")["schema"]["fields"]
        by_name = {f["name"]: f for f in fields}
        by_name["hedge"]["constraints"] = {"pattern": r"(?!x)\w*"}  # lookahead: Python's re
        by_name["claimant"]["constraints"] = {"required": True, "pattern": r"\w[\w ().,'’-]*"}
        by_name["raw_path"]["constraints"] = {"required": True, "pattern": r"raw/\d{3}_[0-9a-f]+\.txt"}

    edit_descriptor(edit)(pkg)
    set_cell(pkg, "claims", 0, "hedge", "xsaid")
    set_cell(pkg, "claims", 1, "claimant", "Reuters\n")
    set_cell(pkg, "claims", 2, "claimant", "\u00e9lys\u00e9e \u0663")
    set_cell(pkg, "claims", 3, "raw_path", "raw/\u0661\u0662\u0663_ab.txt")
    compare(pkg)


# --------------------------------------------------------------------------
# A package unlike the seed: every constraint, composite, self and mixed-type keys
# --------------------------------------------------------------------------

CUSTOM_DESCRIPTOR = {
    "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
    "name": "custom",
    "resources": [
        {
            "name": "people",
            "type": "table",
            "path": "people.csv",
            "scheme": "file",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"header": True, "delimiter": ",", "quoteChar": '"', "doubleQuote": True},
            "schema": {
                "fields": [
                    {"name": "id", "type": "integer", "constraints": {"required": True, "minimum": 1}},
                    {
                        "name": "code",
                        "type": "string",
                        "constraints": {"unique": True, "pattern": r"[A-Z]{2}\d", "minLength": 3, "maxLength": 3},
                    },
                    {
                        "name": "name",
                        "type": "string",
                        "constraints": {"required": True, "minLength": 2, "maxLength": 12},
                    },
                    {
                        "name": "score",
                        "type": "number",
                        "constraints": {"exclusiveMinimum": 0, "exclusiveMaximum": 100},
                    },
                    {"name": "born", "type": "date", "constraints": {"minimum": "1900-01-01", "maximum": "2020-12-31"}},
                    {"name": "grade", "type": "integer", "constraints": {"enum": [1, 2, 3]}},
                    {"name": "ratio", "type": "number", "constraints": {"enum": [0.5, 1.5, 2]}},
                    {"name": "day", "type": "date", "constraints": {"enum": ["2020-01-01", "2021-06-30"]}},
                    {"name": "parent", "type": "integer"},
                    {"name": "tag", "type": "string", "constraints": {"enum": ["a", "b"]}},
                ],
                "missingValues": ["", "NA"],
                "primaryKey": ["id"],
                "foreignKeys": [{"fields": ["parent"], "reference": {"resource": "", "fields": ["id"]}}],
            },
        },
        {
            "name": "visits",
            "type": "table",
            "path": "visits.csv",
            "scheme": "file",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"header": True, "delimiter": ","},
            "schema": {
                "fields": [
                    {"name": "person", "type": "integer", "constraints": {"required": True}},
                    {"name": "when", "type": "date", "constraints": {"required": True}},
                    {"name": "score", "type": "number"},
                    {"name": "amount", "type": "number"},
                    {"name": "code", "type": "string", "constraints": {"pattern": r"[A-Z]{2}\d"}},
                ],
                "primaryKey": ["person", "when"],
                "foreignKeys": [
                    {"fields": ["person", "score"], "reference": {"resource": "people", "fields": ["id", "score"]}},
                    {"fields": ["amount"], "reference": {"resource": "people", "fields": ["id"]}},
                    {"fields": ["code"], "reference": {"resource": "people", "fields": ["code"]}},
                ],
            },
        },
    ],
}
CUSTOM_ROWS = {
    "people": [
        ["id", "code", "name", "score", "born", "grade", "ratio", "day", "parent", "tag"],
        ["1", "AB1", "Alice", "50.5", "1980-05-17", "1", "0.5", "2020-01-01", "", "a"],
        ["2", "CD2", "Bob", "99.99", "1999-12-31", "2", "1.5", "2021-06-30", "1", "b"],
        ["3", "EF3", "Carol", "0.01", "1900-01-01", "3", "2", "", "2", "NA"],
        ["4", "GH4", "Dan", "NA", "2020-12-31", "", "", "", "", ""],
    ],
    "visits": [
        ["person", "when", "score", "amount", "code"],
        ["1", "2021-01-01", "50.5", "1", "AB1"],
        ["2", "2021-01-02", "99.99", "2.0", "CD2"],
        ["3", "2021-01-03", "0.01", "", "EF3"],
        ["1", "2021-01-04", "50.5", "", ""],
    ],
}


@pytest.fixture
def custom(tmp_path: Path) -> Path:
    pkg = tmp_path / "custom"
    pkg.mkdir()
    _save_descriptor(pkg, CUSTOM_DESCRIPTOR)
    for name, rows in CUSTOM_ROWS.items():
        write_rows(pkg, name, rows)
    return pkg


def test_custom_package_is_valid_for_both(custom: Path) -> None:
    fast, ref, _ = compare(custom)
    assert fast == ref == []


CUSTOM_CELLS = [
    ("people", 0, "id", "0"),  # below minimum
    ("people", 1, "id", "1"),  # duplicate primary key, and the self foreign key of row 3 still resolves
    ("people", 1, "id", " 1"),  # the same key, spelled differently
    ("people", 0, "code", "AB"),  # minLength and pattern
    ("people", 0, "code", "CD2"),  # unique
    ("people", 0, "code", "AB\u0661"),  # \d is Unicode in Python's re
    ("people", 0, "name", "A very long name indeed"),  # maxLength
    ("people", 0, "name", "NA"),  # a missing value in a required field
    ("people", 0, "score", "100"),  # exclusiveMaximum
    ("people", 0, "score", "0"),  # exclusiveMinimum
    ("people", 0, "score", "1e2"),  # exclusiveMaximum, spelled with an exponent
    ("people", 0, "born", "1899-12-31"),  # below the date minimum
    ("people", 0, "born", "2021-1-1"),  # above the maximum, odd spelling
    ("people", 0, "grade", "4"),  # integer enum
    ("people", 0, "grade", "+3"),  # in the enum, odd spelling
    ("people", 0, "ratio", "2.00"),  # number enum: 2.00 == 2
    ("people", 0, "ratio", "0.25"),
    ("people", 0, "day", "2020-01-02"),  # date enum
    ("people", 0, "parent", "9"),  # self foreign key
    ("people", 0, "tag", "c"),  # string enum
    ("visits", 0, "score", "50.50"),  # composite foreign key with an equal number
    ("visits", 0, "score", "50.6"),
    ("visits", 2, "score", ""),  # composite key with a None part
    ("visits", 1, "amount", "2.5"),  # number -> integer foreign key
    ("visits", 1, "amount", "3"),
    ("visits", 0, "code", "ZZ9"),  # foreign key on a field whose pattern it implies
    ("visits", 0, "code", "zz9"),  # both the pattern and the foreign key
    ("visits", 3, "when", "2021-01-01"),  # duplicate composite primary key
    ("visits", 3, "person", "NA"),  # not a missing value here: a type error
]


@pytest.mark.parametrize(("table", "row", "column", "value"), CUSTOM_CELLS)
def test_custom_mutation_matches_frictionless(custom: Path, table: str, row: int, column: str, value: str) -> None:
    set_cell(custom, table, row, column, value)
    compare(custom)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_custom_random_mutations_match_frictionless(
    custom: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    pkg = tmp_path_factory.mktemp("custom-hypothesis") / "pkg"
    shutil.copytree(custom, pkg)
    values = st.sampled_from(
        (*ODD_VALUES, "NA", "AB1", "CD2", "1", "2", "2.0", "0.5", "1.50", "100", "1900-01-01", "2020-01-01", "a")
    )
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        table = data.draw(st.sampled_from(("people", "visits")), label="table")
        rows = read_rows(pkg, table)
        i = data.draw(st.integers(1, len(rows) - 1), label="row")
        j = data.draw(st.integers(0, len(rows[0]) - 1), label="column")
        rows[i][j] = data.draw(values | st.text(max_size=5), label="value")
        write_rows(pkg, table, rows)
    compare(pkg)
