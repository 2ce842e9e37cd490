"""Input that is valid, only odd, builds correctly, and its text survives every table format exactly.

One build (site included) of the seed corpus plus: a byte-order mark, CRLF and
lone-CR line endings (front matter and compilation pages), file names with
spaces, non-ASCII letters, Arabic and `..`, an Arabic right-to-left article with
bidi controls, a zero-width space that the article really has, and the hostile
article of tests/hostile/ (CSV cells with commas, quotes, newlines and leading
=, +, -, @).  Every quote must still be raw_text[char_start:char_end] of the
decoded file, BOM and CR characters included, and every text cell must read
back identically through csv, frictionless and DuckDB.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import frictionless
import pytest
import yaml
from linking_articles import JABLEH_ARTICLES

from claimtrail.runner import build
from claimtrail.schema import TABLES
from corpus_tools import HOSTILE_DIR, add_hostile_article, add_raw_article, raw_digest
from helpers import REPO_ROOT, copy_repo, load_tables, read_csv_rows

pytestmark = pytest.mark.integration

BAD = REPO_ROOT / "tests" / "badinput"
ARTICLE = (BAD / "article.md").read_text(encoding="utf-8")
ANNOTATION = (BAD / "article.yaml").read_text(encoding="utf-8")
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def variant(source_id: str, n: int, *, zero_width: bool = False) -> tuple[str, str]:
    """The article of tests/badinput/ with its own id and casualty figure (so texts differ), and its annotation."""
    text = ARTICLE.replace("id: badinput-article", f"id: {source_id}").replace("At least 40", f"At least {n}")
    ann = (
        ANNOTATION.replace("source_id: badinput-article", f"source_id: {source_id}")
        .replace("At least 40", f"At least {n}")
        .replace("value: 40", f"value: {n}")
    )
    if zero_width:  # the article really has U+200B inside "people", and so has the quote
        text, ann = text.replace("people", "peo\u200bple"), ann.replace("people", "peo\u200bple")
    return text, ann


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def _cr(text: str) -> str:
    return text.replace("\n", "\r")


def _escaped_breaks(ann: str, newline: str) -> str:
    """The annotation with the line break inside c02's quote written as the file has it (\\r\\n or \\r)."""
    return ann.replace("injured\\nin", "injured" + newline + "in")


# name: (file name, raw text, annotation or None, sidecar kind)
ODD: dict[str, tuple[str, str, str | None, str]] = {}


def _add(name: str, filename: str, text: str, ann: str | None, kind: str = "article") -> None:
    ODD[name] = (filename, text, ann, kind)


_t, _a = variant("odd-bom", 41)
_add("odd-bom", "bom.md", "\ufeff" + _t, _a)
_t, _a = variant("odd-crlf", 42)
_add("odd-crlf", "crlf.md", _crlf(_t), _escaped_breaks(_a, "\\r\\n"))
_t, _a = variant("odd-cr", 43)
_add("odd-cr", "lone-cr.md", _cr(_t), _escaped_breaks(_a, "\\r"))
_t, _a = variant("odd-bom-crlf", 44)
_add("odd-bom-crlf", "bom-crlf.md", "\ufeff" + _crlf(_t), _escaped_breaks(_a, "\\r\\n"))
_t, _a = variant("odd-space", 45)
_add("odd-space", "my article.md", _t, _a)
_t, _a = variant("odd-non-ascii", 46)
_add("odd-non-ascii", "café ñ Ünïcödé.md", _t, _a)
_t, _a = variant("odd-dotdot", 47)
_add("odd-dotdot", "report..final.md", _t, _a)
_t, _a = variant("odd-zero-width", 48, zero_width=True)
_add("odd-zero-width", "zero-width.md", _t, _a)
_add(
    "arabic-rtl",
    "مقال عربي.md",
    (BAD / "arabic-rtl.md").read_text(encoding="utf-8"),
    (BAD / "arabic-rtl.yaml").read_text(encoding="utf-8"),
)
_PAGE = (BAD / "two-articles.txt").read_text(encoding="utf-8")
_add("page-bom-crlf", "page crlf.txt", "\ufeff" + _crlf(_PAGE), None, "compilation_page")
_add(
    "page-cr",
    "page-cr.txt",
    _cr(
        _PAGE.replace("40", "60")
        .replace("airport", "harbour")
        .replace("First Wire", "Third Wire")
        .replace("Second Wire", "Fourth Wire")
    ),
    None,
    "compilation_page",
)
PAGE_SOURCES = {
    "page-bom-crlf": [("Car bombs hit the coast", "First Wire"), ("Fighting near the airport", "Second Wire")],
    "page-cr": [("Car bombs hit the coast", "Third Wire"), ("Fighting near the harbour", "Fourth Wire")],
}


@pytest.fixture(scope="module")
def odd_root(built_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = copy_repo(tmp_path_factory.mktemp("odd-input") / "repo", built_root, with_outputs=True)
    for name, (filename, text, ann, kind) in ODD.items():
        add_raw_article(root, filename, text.encode("utf-8"), kind=kind, annotation=ann, source_id=name)
    add_hostile_article(root)
    for name, text in JABLEH_ARTICLES.items():  # machine-linked articles: event_links has rows to read back
        add_raw_article(root, name, text.encode("utf-8"))
    before = raw_digest(root)
    build(root)
    assert raw_digest(root) == before, "the build wrote under raw/"
    yield root


def _raw_text(root: Path, raw_path: str) -> str:
    return (root / raw_path).read_bytes().decode("utf-8")  # no newline translation, BOM kept


def _line(text: str, offset: int) -> int:
    return len(LINE_BREAK.findall(text[:offset])) + 1


def _sources(root: Path) -> dict[str, dict[str, str]]:
    return {s["source_id"]: s for s in read_csv_rows(root / "build" / "data" / "sources.csv")}


def _rows(root: Path, table: str, source: str | None = None) -> list[dict[str, str]]:
    rows = read_csv_rows(root / "build" / "data" / f"{table}.csv")
    return [r for r in rows if source is None or r["source_id"] == source]


def _by_raw_path(root: Path, filename: str) -> list[dict[str, str]]:
    return [s for s in _sources(root).values() if s["raw_path"] == f"raw/{filename}"]


# --------------------------------------------------------------------------
# Offsets stay true to the bytes
# --------------------------------------------------------------------------


ANCHORED = [
    (t.name, column)
    for t in TABLES
    for column in ("quote", "text")
    if column in t.field_names and {"char_start", "char_end"} <= set(t.field_names)
]


@pytest.mark.parametrize(("table", "column"), ANCHORED)
def test_every_anchored_text_is_its_raw_slice(odd_root: Path, table: str, column: str) -> None:
    sources = _sources(odd_root)
    texts: dict[str, str] = {}
    for row in _rows(odd_root, table):
        raw_path = row.get("raw_path") or sources[row["source_id"]]["raw_path"]
        text = texts.setdefault(raw_path, _raw_text(odd_root, raw_path))
        assert text[int(row["char_start"]) : int(row["char_end"])] == row[column], row


@pytest.mark.parametrize("name", [n for n, v in ODD.items() if v[2] is not None])
def test_annotated_odd_article_builds_with_exact_quotes_and_lines(odd_root: Path, name: str) -> None:
    filename, text, ann, _ = ODD[name]
    raw = _raw_text(odd_root, f"raw/{filename}")
    assert raw == text  # decoding kept every BOM and CR
    [source] = _by_raw_path(odd_root, filename)
    assert source["source_id"] == name
    assert "\ufeff" not in source["title"] and "\r" not in source["title"]
    expected = {f"{name}-{c['id']}": c["quote"] for c in yaml.safe_load(ann or "")["claims"]}
    claims = {c["claim_id"]: c for c in _rows(odd_root, "claims", name)}
    assert {k: c["quote"] for k, c in claims.items()} == expected  # never normalised
    for c in claims.values():
        start, end = int(c["char_start"]), int(c["char_end"])
        assert raw[start:end] == c["quote"]
        assert int(c["line"]) == _line(raw, start)
    for s in _rows(odd_root, "sentences", name):
        assert not set(s["text"]) & {"\r", "\n", "\ufeff"}, s
        assert s["coverage"] != "uncovered"


@pytest.mark.parametrize("name", ["odd-crlf", "odd-cr", "odd-bom-crlf", "odd-bom"])
def test_line_endings_and_bom_split_like_the_lf_article(odd_root: Path, name: str) -> None:
    """Same sentences as the LF article; the quote across the line break keeps CRLF or CR."""
    n = int(re.search(r"At least (\d+)", ODD[name][1]).group(1))  # type: ignore[union-attr]
    sentences = [s["text"] for s in _rows(odd_root, "sentences", name)]
    assert sentences == [
        f"At least {n} people were killed in the blasts, the observers said.",
        "Officials reported that 12 were injured",
        "in the second attack.",
    ]
    newline = {"odd-crlf": "\r\n", "odd-cr": "\r", "odd-bom-crlf": "\r\n", "odd-bom": "\n"}[name]
    [c02] = [c for c in _rows(odd_root, "claims", name) if c["claim_id"].endswith("-c02")]
    assert c02["quote"] == f"Officials reported that 12 were injured{newline}in the second attack."
    raw = _raw_text(odd_root, f"raw/{ODD[name][0]}")
    [source] = _by_raw_path(odd_root, ODD[name][0])
    assert int(source["char_start"]) == raw.index("At least")  # a BOM counts as one code point


@pytest.mark.parametrize("name", list(PAGE_SOURCES))
def test_compilation_page_with_crlf_or_cr_splits_at_its_source_lines(odd_root: Path, name: str) -> None:
    filename = ODD[name][0]
    raw = _raw_text(odd_root, f"raw/{filename}")
    sources = _by_raw_path(odd_root, filename)
    assert [(s["title"], s["publisher"]) for s in sources] == PAGE_SOURCES[name]
    for s in sources:
        article = raw[int(s["char_start"]) : int(s["char_end"])]
        assert not article.startswith("\ufeff")
        assert article.endswith(f"– {s['publisher']}")  # the Source line, without its CR
        sentences = _rows(odd_root, "sentences", s["source_id"])
        assert sentences and all("\r" not in r["text"] for r in sentences)
        assert sentences[-1]["text"].startswith("Source: ")


def test_arabic_rtl_article_keeps_bidi_controls_and_arabic_names(odd_root: Path) -> None:
    [source] = _by_raw_path(odd_root, "مقال عربي.md")
    assert source["title"] == "انفجارات في جبلة وطرطوس"
    assert source["publisher"] == "وكالة الاختبار"
    claims = {c["claim_id"]: c for c in _rows(odd_root, "claims", "arabic-rtl")}
    assert claims["arabic-rtl-c01"]["claimant"] == "المرصد"
    assert "\u202bجبلة\u202c" in claims["arabic-rtl-c03"]["quote"]
    figures = _rows(odd_root, "figures", "arabic-rtl")
    assert {f["text"] for f in figures} >= {"40", "12", "at least 40"}


def test_zero_width_space_the_article_has_is_kept_in_the_quote(odd_root: Path) -> None:
    [c01] = [c for c in _rows(odd_root, "claims", "odd-zero-width") if c["claim_id"].endswith("-c01")]
    assert c01["quote"] == "At least 48 peo\u200bple were killed in the blasts"


def test_site_has_a_page_for_every_odd_source(odd_root: Path) -> None:
    for name in ODD:
        for s in _by_raw_path(odd_root, ODD[name][0]):
            page = odd_root / "build" / "site" / "sources" / f"{s['source_id']}.html"
            assert page.is_file(), page
    arabic = (odd_root / "build" / "site" / "sources" / "arabic-rtl.html").read_text(encoding="utf-8")
    assert "المرصد" in arabic


# --------------------------------------------------------------------------
# CSV cells round-trip exactly: csv, frictionless, DuckDB
# --------------------------------------------------------------------------


def _string_fields(table: str) -> list[str]:
    t = next(t for t in TABLES if t.name == table)
    return [f.name for f in t.fields if f.type == "string"]


def _norm(value: Any) -> str:
    return "" if value is None else str(value)


@pytest.fixture(scope="module")
def package(odd_root: Path) -> frictionless.Package:
    return frictionless.Package(str(odd_root / "datapackage.json"))


@pytest.mark.parametrize("table", [t.name for t in TABLES])
def test_every_text_cell_reads_back_identically_through_frictionless_and_duckdb(
    odd_root: Path, package: frictionless.Package, table: str
) -> None:
    fields = _string_fields(table)
    with (odd_root / "build" / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        by_csv = [[row[f] for f in fields] for row in csv.DictReader(fh)]
    by_frictionless = [[_norm(row[f]) for f in fields] for row in package.get_resource(table).read_rows()]
    con = load_tables(odd_root / "build" / "data")  # typed tables, keys and constraints enforced
    try:
        select = ", ".join(f'"{f}"' for f in fields)
        by_duckdb = [[_norm(v) for v in row] for row in con.execute(f"SELECT {select} FROM {table}").fetchall()]
    finally:
        con.close()
    assert by_csv, f"{table} is empty"
    assert by_frictionless == by_csv
    assert sorted(by_duckdb) == sorted(by_csv)


def _hostile_claim(local_id: str) -> dict[str, Any]:
    ann = yaml.safe_load((HOSTILE_DIR / "injection.yaml").read_text(encoding="utf-8"))
    return next(c for c in ann["claims"] if c["id"] == local_id)


def test_formula_like_cells_with_quotes_commas_and_newlines_survive_frictionless(package: frictionless.Package) -> None:
    expected = _hostile_claim("c08")
    assert expected["claimant"].startswith("=") and expected["hedge"].startswith("@") and "\n" in expected["quote"]
    rows = [r for r in package.get_resource("claims").read_rows() if r["claim_id"] == "hostile-injection-c08"]
    assert [(r["quote"], r["claimant"], r["hedge"]) for r in rows] == [
        (expected["quote"], expected["claimant"], expected["hedge"])
    ]


def test_formula_like_cells_with_quotes_commas_and_newlines_survive_duckdb(odd_root: Path) -> None:
    expected = _hostile_claim("c08")
    path = str(odd_root / "build" / "data" / "claims.csv")
    con = duckdb.connect(":memory:")
    try:
        got = con.execute(
            "SELECT quote, claimant, hedge FROM read_csv(?, header = true, all_varchar = true) WHERE claim_id = ?",
            [path, "hostile-injection-c08"],
        ).fetchall()
    finally:
        con.close()
    assert got == [(expected["quote"], expected["claimant"], expected["hedge"])]


def test_duckdb_database_of_the_build_holds_the_same_quotes(odd_root: Path) -> None:
    con = duckdb.connect(str(odd_root / "build" / "claimtrail.duckdb"), read_only=True)
    try:
        db = dict(con.execute("SELECT claim_id, quote FROM claims").fetchall())
    finally:
        con.close()
    assert db == {c["claim_id"]: c["quote"] for c in _rows(odd_root, "claims")}
    assert "\r\n" in db["odd-crlf-c02"] and "\u202b" in db["arabic-rtl-c03"]


def test_cells_starting_with_formula_characters_are_written_as_is(odd_root: Path) -> None:
    """No apostrophe or space is prepended: the CSV holds the text, not a spreadsheet-safe copy of it."""
    data = (odd_root / "build" / "data" / "claims.csv").read_text(encoding="utf-8")
    assert '"=HYPERLINK(""http://198.51.100.7"",""x"")"' in data
    assert ",@SUM(1+1)," in data
