"""Machine drafting in the build, and the extract and draft commands (issue: machine drafting)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimtrail.errors import ClaimtrailError
from claimtrail.runner import BuildOptions, build
from corpus_tools import add_raw_article
from helpers import REPO_ROOT, SEED_RAW, copy_repo, read_csv_rows, run_cli

pytestmark = pytest.mark.integration

NEW_ARTICLE = b"""---
title: Strikes hit Idlib market
publisher: Example Wire
published: 2016-05-24
id: example-idlib-market
---
At least 23 people were killed and more than 40 wounded when air strikes hit a market in Idlib on Monday, the Syrian Observatory for Human Rights said.

Rescue workers said between seven and nine bombs fell within minutes.
"""
TRACEBACK = "Traceback (most recent call last)"


def test_an_article_without_annotation_gets_machine_claims_and_figures(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    add_raw_article(root, "example-idlib-market.md", NEW_ARTICLE)
    build(root, site=False)
    claims = [
        c for c in read_csv_rows(root / "build" / "data" / "claims.csv") if c["source_id"] == "example-idlib-market"
    ]
    figures = [
        f for f in read_csv_rows(root / "build" / "data" / "figures.csv") if f["source_id"] == "example-idlib-market"
    ]
    assert {c["review_status"] for c in claims} == {"machine"}
    assert {f["review_status"] for f in figures} == {"machine"}
    assert [(f["text"], f["measure"], f["qualifier"]) for f in figures] == [
        ("At least 23", "killed", "at_least"),
        ("more than 40", "injured", "more_than"),
        ("between seven and nine", "bombs", "range"),
    ]
    first = claims[0]
    assert first["claimant"] == "the Syrian Observatory for Human Rights"
    assert first["claimant_type"] == "monitor" and first["hedge"] == "said" and first["claim_type"] == "casualties"
    mentions = [
        m for m in read_csv_rows(root / "build" / "data" / "mentions.csv") if m["source_id"] == "example-idlib-market"
    ]
    kinds = {(m["kind"], m["text"]) for m in mentions}
    assert ("place", "Idlib") in kinds
    assert ("date", "Monday") in kinds
    monday = next(m for m in mentions if m["text"] == "Monday")
    assert monday["date_start"] == monday["date_end"] == "2016-05-23"


def _seed_with_annotation_change(tmp_path: Path, old: str, new: str) -> Path:
    root = copy_repo(tmp_path / "repo")
    path = root / "raw" / "annotations" / "the-independent-syria-isis-attacks-kill.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("entry", "counted", "status"),
    [
        (
            '      - text: "two"\n        measure: bombs\n        qualifier: exact\n        value: 2\n        unit: car bombs\n',
            "corrected",
            "corrected",
        ),
        ('      - text: "two"\n        reject: true\n', "rejected", None),
        (
            '      - text: "two"\n        measure: car_bombs\n        qualifier: exact\n        value: 2\n        unit: car bombs\n',
            "confirmed",
            "reviewed",
        ),
    ],
)
def test_hand_corrections_are_counted_and_reported(
    tmp_path: Path, entry: str, counted: str, status: str | None
) -> None:
    anchor = "    claim_type: attack\n    event: 2016-05-23-jableh-tartous-bombings\n  - id: c05\n"
    root = _seed_with_annotation_change(
        tmp_path,
        anchor,
        "    claim_type: attack\n    event: 2016-05-23-jableh-tartous-bombings\n    figures:\n"
        + entry
        + "  - id: c05\n",
    )
    result = build(root, options=BuildOptions(site=False, keep_tables=True))
    c = result.corrections
    assert {"corrected": c.corrected, "rejected": c.rejected, "confirmed": c.confirmed}[counted] >= 1
    if counted != "confirmed":
        assert getattr(c, counted) == 1
        assert any("“two”" in d for d in c.details)
    figures = {
        f["text"]: f for f in result.tables["figures"] if f["source_id"] == "the-independent-syria-isis-attacks-kill"
    }
    if status is None:
        assert "two" not in figures
    else:
        assert figures["two"]["review_status"] == status
    proc = run_cli(["build", "--no-site", "--root", str(root)], cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "machine review:" in proc.stdout


def test_a_figure_the_machine_missed_is_added(tmp_path: Path) -> None:
    anchor = "    claim_type: casualties\n    hedge: according to\n    event: 2016-05-23-jableh-tartous-bombings\n"
    root = _seed_with_annotation_change(
        tmp_path,
        anchor,
        anchor
        + '    figures:\n      - text: "local monitoring groups"\n        measure: other\n        qualifier: vague\n        low: 2\n        high: 10\n        unit: groups\n',
    )
    result = build(root, options=BuildOptions(site=False, keep_tables=True))
    assert result.corrections.added == 1
    added = [f for f in result.tables["figures"] if f["review_status"] == "curated"]
    assert [f["text"] for f in added] == ["local monitoring groups"]


def test_seed_figures_all_come_from_the_extractor() -> None:
    """The committed seed tables: every figure is the machine's, reviewed in a curated claim."""
    figures = read_csv_rows(REPO_ROOT / "build" / "data" / "figures.csv")
    assert len(figures) >= 17
    assert {f["review_status"] for f in figures} == {"reviewed"}


def test_extract_jsonl_offsets_point_into_the_file(tmp_path: Path) -> None:
    proc = run_cli(["extract", str(REPO_ROOT / SEED_RAW), "--format", "jsonl"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = (REPO_ROOT / SEED_RAW).read_text(encoding="utf-8")
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert {r["kind"] for r in rows} == {"figure", "date", "place", "attribution"}
    assert len({r["source"] for r in rows}) == 5
    for r in rows:
        assert text[r["start"] : r["end"]] == r["text"]
    figures = [r for r in rows if r["kind"] == "figure"]
    assert {"measure", "value", "low", "high", "qualifier", "unit"} <= set(figures[0])
    assert not any(r["text"] in {"2011", "2015", "16", "F-16", "17", "23", "27"} for r in figures)


def test_extract_table_format(tmp_path: Path) -> None:
    proc = run_cli(["extract", str(REPO_ROOT / SEED_RAW), "--format", "table"], cwd=tmp_path)
    assert proc.returncode == 0
    assert "between seven and nine" in proc.stdout and "findings in 5 article(s)" in proc.stdout


def test_draft_round_trips_through_the_build(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    add_raw_article(root, "example-idlib-market.md", NEW_ARTICLE)
    out = tmp_path / "drafts"
    proc = run_cli(["draft", str(root / "raw" / "example-idlib-market.md"), "--output-dir", str(out)], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    draft = (out / "example-idlib-market.yaml").read_text(encoding="utf-8")
    assert draft.count("status: unreviewed") >= 5
    # The curator saves the draft as the article's annotation, unchanged: it builds.
    (root / "raw" / "annotations" / "example-idlib-market.yaml").write_text(draft, encoding="utf-8")
    build(root, site=False)
    claims = [
        c for c in read_csv_rows(root / "build" / "data" / "claims.csv") if c["source_id"] == "example-idlib-market"
    ]
    assert claims and {c["review_status"] for c in claims} == {"machine"}
    proc = run_cli(["draft", str(root / "raw" / "example-idlib-market.md"), "--output-dir", str(out)], cwd=tmp_path)
    assert proc.returncode == 2 and "already exists" in proc.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"Caf\xe9 au lait\n", "not valid UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL bytes"),
    ],
)
def test_extract_refuses_bad_input_with_one_message(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    for command in ("extract", "draft"):
        proc = run_cli([command, str(path)], cwd=tmp_path)
        assert proc.returncode == 2, proc.stderr
        assert message in proc.stderr and "fix:" in proc.stderr
        assert TRACEBACK not in proc.stderr + proc.stdout


def test_extract_refuses_50_mb_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.write(b"At least 5 people were killed. " * (50_000_000 // 31 + 1))
    proc = run_cli(["extract", str(path)], cwd=tmp_path, timeout=60)
    assert proc.returncode == 2
    assert "at most" in proc.stderr and TRACEBACK not in proc.stderr


def test_extract_is_a_pure_function_of_text_and_metadata() -> None:
    from claimtrail.extract import extract_findings

    text = (REPO_ROOT / SEED_RAW).read_text(encoding="utf-8")
    first = extract_findings(text, 0, len(text), "2016-05")
    assert extract_findings(text, 0, len(text), "2016-05") == first
    with pytest.raises(ValueError):
        extract_findings(text, 10, 5, None)
    assert isinstance(ClaimtrailError, type)


def test_extract_and_draft_accept_plain_text_without_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text(
        "Shelling kills civilians in Daraa\n\n"
        "BEIRUT (AFP) – Shelling killed at least 14 civilians in Daraa on Sunday, a monitor said.\n"
        "Nearly 30 others were wounded, according to local medics.\n",
        encoding="utf-8",
    )
    proc = run_cli(["extract", str(path)], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    text = path.read_text(encoding="utf-8")
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows)
    figures = {(r["text"], r["measure"], r["qualifier"]) for r in rows if r["kind"] == "figure"}
    assert {("at least 14", "killed", "at_least"), ("Nearly 30", "injured", "nearly")} <= figures
    assert {r["source"] for r in rows} == {"afp-shelling-kills-civilians-in"}
    proc = run_cli(["draft", str(path)], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "source_id: afp-shelling-kills-civilians-in" in proc.stdout and "status: unreviewed" in proc.stdout


TOLL_ARTICLE = b"""---
title: Toll in market strike rises
publisher: Example Wire
published: 2016-05-25
id: example-toll-rises
---
The death toll from the strike on a market in Idlib rose to 84, including 23 children, up from 61, the Syrian Observatory for Human Rights said.

Residents said 12 civilians and three fighters were among the dead, while a local reporter counted 70 bodies.
"""


def test_machine_figures_carry_group_breakdown_and_toll_state_into_tables_and_site(tmp_path: Path) -> None:
    """Issue 13: figures.csv carries measure, group, part_of (a figure_id) and toll_state; a sentence whose
    figures have different claimants is drafted clause by clause; the source page strikes an earlier toll."""
    root = copy_repo(tmp_path / "repo")
    add_raw_article(root, "example-toll-rises.md", TOLL_ARTICLE)
    build(root)
    figures = [
        f for f in read_csv_rows(root / "build" / "data" / "figures.csv") if f["source_id"] == "example-toll-rises"
    ]
    got = [(f["text"], f["measure"], f["group"], f["toll_state"]) for f in figures]
    assert got == [
        ("84", "killed", "people", "current"),
        ("23", "killed", "children", "current"),
        ("61", "killed", "people", "earlier"),
        ("12", "killed", "civilians", "current"),
        ("three", "killed", "fighters", "current"),
        ("70", "killed", "people", "current"),
    ]
    by_text = {f["text"]: f for f in figures}
    assert by_text["23"]["part_of"] == by_text["84"]["figure_id"]
    assert all(f["part_of"] == "" for f in figures if f["text"] != "23")
    claims = {c["claim_id"]: c for c in read_csv_rows(root / "build" / "data" / "claims.csv")}
    assert claims[by_text["84"]["claim_id"]]["claimant"] == "the Syrian Observatory for Human Rights"
    residents, reporter = claims[by_text["12"]["claim_id"]], claims[by_text["70"]["claim_id"]]
    assert (residents["claimant"], residents["claimant_type"]) == ("Residents", "individual")
    assert (reporter["claimant"], reporter["claimant_type"]) == ("a local reporter", "outlet")
    assert reporter["claim_id"].endswith("-2") and residents["char_end"] <= reporter["char_start"]
    page = next((root / "build" / "site" / "sources").glob("example-toll-rises*.html")).read_text(encoding="utf-8")
    assert "<del>earlier</del>" in page
