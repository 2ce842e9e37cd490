"""The hand labels of the real texts (real/dev.yaml, real/blind.yaml) hold together.

The texts themselves stay in the shared folder beside the repository
(REPO_ROOT.parent / "shared" / "corpus" / "extraction"); only labels are kept
in the project.  These tests check the labels, not the extractor:

* every figure's words and every claimant's words anchor in the body file;
* fields and vocabularies are the declared ones, and bounds fit the qualifier;
* `part_of` points at another labelled figure of the same document, of the
  same measure and not smaller;
* the 25 texts are covered exactly once across the two files, and the blind
  batch is the agreed eight.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimtrail.schema import CLAIMANT_TYPES, QUALIFIERS

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "extraction"
LABELLED = Path(__file__).resolve().parent / "real"
FILES = ("dev.yaml", "blind.yaml")
BLIND = frozenset({"03", "06", "08", "12", "13", "15", "21", "24"})

# The casualty vocabulary of issue 13 (measures, victim groups, toll states) and the kinds of writing.
MEASURES = ("killed", "injured", "missing", "abducted", "detained", "displaced", "casualties")
GROUPS = (
    "people",
    "civilians",
    "children",
    "women",
    "men",
    "fighters",
    "soldiers",
    "police",
    "attackers",
    "aid_workers",
    "journalists",
    "other",
)
TOLL_STATES = ("current", "earlier")
KINDS_OF_WRITING = ("wire", "un_sitrep", "ngo", "government", "wikipedia", "humanitarian_news")

DOCUMENT_KEYS = {"id", "path", "published", "kind_of_writing", "outlet", "findings"}
REQUIRED_FINDING_KEYS = {
    "kind",
    "text",
    "start",
    "qualifier",
    "measure",
    "group",
    "unit",
    "toll_state",
    "claimant",
    "claimant_type",
}
OPTIONAL_FINDING_KEYS = {"value", "low", "high", "part_of", "claimant_is_outlet", "claimant_start", "note"}
PUBLISHED = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def _load(name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((LABELLED / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict) and isinstance(data.get("documents"), list), f"{name}: no 'documents:' list"
    docs: list[dict[str, Any]] = data["documents"]
    for doc in docs:
        assert isinstance(doc, dict), f"{name}: a document entry is not a mapping: {doc!r}"
    return docs


DOCS: list[tuple[str, dict[str, Any]]] = [(name, doc) for name in FILES for doc in _load(name)]


def _number(path: str) -> str:
    return Path(path).name[:2]


@pytest.fixture(scope="module")
def corpus() -> Path:
    """The shared folder's extraction corpus; its absence is a failure, never a skip."""
    if not CORPUS.is_dir():
        pytest.fail(
            f"the real texts are missing: {CORPUS} does not exist. These labels are checked against the texts "
            "in the shared folder beside the repository (REPO_ROOT.parent / 'shared'); put a copy of shared/ "
            "there (CI keeps one beside the clone) and run again."
        )
    return CORPUS


def _body(doc: dict[str, Any]) -> str:
    path = SHARED / str(doc["path"])
    if not path.is_file():
        pytest.fail(f"document {doc.get('id')}: {path} is missing from the shared folder")
    return path.read_text(encoding="utf-8")


def test_the_25_texts_are_covered_exactly_once(corpus: Path) -> None:
    bodies = sorted(f"corpus/extraction/{p.name}" for p in corpus.glob("[0-9][0-9]-*.body.txt"))
    assert len(bodies) == 25, f"expected 25 body files in {corpus}, found {len(bodies)}"
    paths = Counter(str(doc["path"]) for _, doc in DOCS)
    twice = sorted(p for p, n in paths.items() if n > 1)
    assert not twice, f"labelled more than once: {twice}"
    assert sorted(paths) == bodies, (
        f"not labelled: {sorted(set(bodies) - set(paths))}; not in the corpus: {sorted(set(paths) - set(bodies))}"
    )
    ids = Counter(str(doc["id"]) for _, doc in DOCS)
    assert not [i for i, n in ids.items() if n > 1], f"document ids used twice: {ids}"


def test_the_blind_batch_is_the_agreed_eight() -> None:
    by_file = {name: {_number(str(doc["path"])) for n, doc in DOCS if n == name} for name in FILES}
    assert by_file["blind.yaml"] == BLIND
    assert not by_file["dev.yaml"] & BLIND


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=[str(doc.get("id")) for _, doc in DOCS])
def test_document_fields(name: str, doc: dict[str, Any]) -> None:
    where = f"{name}: {doc.get('id')}"
    assert set(doc) == DOCUMENT_KEYS, f"{where}: fields {sorted(set(doc) ^ DOCUMENT_KEYS)} are missing or unknown"
    assert re.fullmatch(r"corpus/extraction/\d{2}-[a-z0-9-]+\.body\.txt", str(doc["path"])), where
    assert str(doc["id"]) == "real-" + Path(str(doc["path"])).name.removesuffix(".body.txt"), where
    published = doc["published"]
    if published is not None:
        assert isinstance(published, str) and PUBLISHED.fullmatch(published), f"{where}: published {published!r}"
        parts = [int(p) for p in published.split("-")] + [1, 1]
        date(parts[0], parts[1], parts[2])  # raises on an impossible date
    assert doc["kind_of_writing"] in KINDS_OF_WRITING, f"{where}: kind_of_writing {doc['kind_of_writing']!r}"
    assert isinstance(doc["outlet"], str) and doc["outlet"].strip(), f"{where}: no outlet"
    assert isinstance(doc["findings"], list) and doc["findings"], f"{where}: no findings"


def _check_bounds(f: dict[str, Any], where: str) -> None:
    qualifier = f["qualifier"]
    assert qualifier in QUALIFIERS, f"{where}: qualifier {qualifier!r}"
    has = {k for k in ("value", "low", "high") if k in f}
    if qualifier == "range":
        assert has == {"low", "high"}, f"{where}: a range gives low and high only"
        assert 0 < f["low"] < f["high"], f"{where}: low must be below high"
    elif qualifier == "vague":
        assert not has, f"{where}: a vague quantity gives no bounds"
    else:
        assert has == {"value"}, f"{where}: a {qualifier} figure gives value only"
        assert isinstance(f["value"], int) and f["value"] > 0, f"{where}: value {f['value']!r}"


def _check_claimant(f: dict[str, Any], doc: dict[str, Any], body: str, where: str) -> None:
    claimant = f["claimant"]
    assert isinstance(claimant, str) and claimant.strip() == claimant and claimant, f"{where}: claimant {claimant!r}"
    assert f["claimant_type"] in CLAIMANT_TYPES, f"{where}: claimant_type {f['claimant_type']!r}"
    if "claimant_is_outlet" in f:
        assert f["claimant_is_outlet"] is True, f"{where}: write claimant_is_outlet only as true"
        assert claimant == doc["outlet"], f"{where}: the outlet claimant must be {doc['outlet']!r}"
        assert f["claimant_type"] == "outlet", f"{where}: the outlet's own claim has claimant_type outlet"
    else:
        assert "claimant_start" in f, f"{where}: a claimant other than the outlet must anchor in the body"
    if "claimant_start" in f:
        cs = f["claimant_start"]
        assert isinstance(cs, int) and body[cs : cs + len(claimant)] == claimant, (
            f"{where}: claimant {claimant!r} is not at {cs} (found {body[cs : cs + len(claimant)]!r})"
        )


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=[str(doc.get("id")) for _, doc in DOCS])
def test_figures_anchor_and_use_the_vocabularies(corpus: Path, name: str, doc: dict[str, Any]) -> None:
    body = _body(doc)
    for f in doc["findings"]:
        where = f"{name}: {doc['id']}, figure {f.get('text')!r} at {f.get('start')}"
        keys = set(f)
        assert keys >= REQUIRED_FINDING_KEYS, f"{where}: missing {sorted(REQUIRED_FINDING_KEYS - keys)}"
        assert keys <= REQUIRED_FINDING_KEYS | OPTIONAL_FINDING_KEYS, f"{where}: unknown fields {sorted(keys)}"
        assert f["kind"] == "figure", where
        text, start = f["text"], f["start"]
        assert isinstance(text, str) and text and text.strip() == text, f"{where}: text"
        assert isinstance(start, int) and body[start : start + len(text)] == text, (
            f"{where}: the body holds {body[start : start + len(text)]!r} there"
        )
        _check_bounds(f, where)
        assert f["measure"] in MEASURES, f"{where}: measure {f['measure']!r}"
        assert f["group"] in GROUPS, f"{where}: group {f['group']!r}"
        assert isinstance(f["unit"], str) and f["unit"].strip(), f"{where}: unit"
        assert f["toll_state"] in TOLL_STATES, f"{where}: toll_state {f['toll_state']!r}"
        _check_claimant(f, doc, body, where)
        if "note" in f:
            assert isinstance(f["note"], str) and f["note"].strip(), f"{where}: empty note"


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=[str(doc.get("id")) for _, doc in DOCS])
def test_each_figure_once_and_breakdowns_point_at_a_total(name: str, doc: dict[str, Any]) -> None:
    starts = Counter(f["start"] for f in doc["findings"])
    assert not [s for s, n in starts.items() if n > 1], f"{name}: {doc['id']}: two figures at one start: {starts}"
    by_start = {f["start"]: f for f in doc["findings"]}
    for f in doc["findings"]:
        if "part_of" not in f:
            continue
        where = f"{name}: {doc['id']}, figure {f['text']!r} at {f['start']}"
        total = by_start.get(f["part_of"])
        assert total is not None, f"{where}: part_of {f['part_of']} is no labelled figure of this document"
        assert total is not f, f"{where}: a figure cannot break itself down"
        assert "part_of" not in total or total["part_of"] != f["start"], f"{where}: breakdowns point at each other"
        assert total["measure"] == f["measure"], f"{where}: a breakdown counts what its total counts"
        if "value" in f and "value" in total:
            assert f["value"] <= total["value"], f"{where}: a part larger than its total"
