"""`claimtrail add` on saved pages and text files: the files written, their bytes, ids and duplicates."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from ingest_tools import LICENCE, SHARED_INGEST, article_html, assert_refused, body_paragraphs, run_add

from claimtrail.runner import build
from corpus_tools import raw_digest
from helpers import copy_repo

PAGE = SHARED_INGEST / "pages" / "nytimes.com.blackouts.html"


def _added(root: Path, before: dict[str, str]) -> dict[str, bytes]:
    now = raw_digest(root)
    return {rel: (root / rel).read_bytes() for rel in sorted(now) if rel not in before and (root / rel).is_file()}


def test_saved_page_becomes_an_article_with_received_bytes_and_sidecar(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not PAGE.is_file():
        pytest.fail(f"missing {PAGE}")
    before = raw_digest(repo)
    code, out, err = run_add(repo, str(PAGE), "--retrieved", "2026-11-30", "--licence", LICENCE, capsys=capsys)
    assert code == 0, err
    files = _added(repo, before)
    received = [r for r in files if r.startswith("raw/received/")]
    article = [r for r in files if r.endswith(".md")]
    sidecar = [r for r in files if r.endswith(".md.provenance.yaml")]
    assert len(received) == len(article) == len(sidecar) == 1, files
    assert files[received[0]] == PAGE.read_bytes()  # kept byte for byte
    prov = yaml.safe_load(files[sidecar[0]])
    assert prov["sha256"] == hashlib.sha256(files[article[0]]).hexdigest()
    assert prov["bytes"] == len(files[article[0]])
    assert prov["received"]["sha256"] == hashlib.sha256(PAGE.read_bytes()).hexdigest()
    assert prov["received"]["file"] == received[0].removeprefix("raw/")
    assert prov["extractor"]["name"] == "trafilatura" and prov["extractor"]["version"]
    assert prov["retrieved"] == "2026-11-30" and prov["retrieved_basis"] == "--retrieved"
    assert prov["licence"] == LICENCE and str(PAGE) in prov["origin"]
    assert prov["received"]["charset"] == "utf-8" and "declared" in prov["received"]["charset_basis"]
    text = files[article[0]].decode("utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["title"] == "Rolling Blackouts in California Have Power Experts Stumped"
    assert front["publisher"] == "The New York Times"
    assert front["url"] == "https://www.nytimes.com/2020/08/16/business/california-blackouts.html"
    assert front["published"] == "2020-08-16" and front["published_basis"] == "JSON-LD datePublished"
    assert front["language"] == "en"
    # The id printed is the one the build uses, and the build takes the article.
    result = build(repo)
    ids = {r["source_id"]: r for r in result.tables["sources"]} if result.tables else {}
    printed = out.split("added ", 1)[1].split(":", 1)[0]
    sources_csv = (repo / "build" / "data" / "sources.csv").read_text(encoding="utf-8")
    assert printed in sources_csv and (not ids or printed in ids)
    assert "front matter: published (JSON-LD datePublished)" in sources_csv
    assert "next: `claimtrail build`" in out and "claimtrail draft raw/" in out


def test_same_input_gives_byte_identical_files_and_the_second_add_is_refused(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = copy_repo(tmp_path / "other")
    args = (str(PAGE), "--retrieved", "2026-11-30", "--licence", LICENCE)
    before = raw_digest(repo)
    assert run_add(repo, *args, capsys=capsys)[0] == 0
    assert run_add(other, *args, capsys=capsys)[0] == 0
    first, second = _added(repo, before), _added(other, before)
    assert first == second and len(first) == 3
    after_first = raw_digest(repo)
    code, _, err = run_add(repo, *args, capsys=capsys)
    article = next(r for r in first if r.endswith(".md"))
    assert code == 2 and f"is already in raw/: {article}" in err and raw_digest(repo) == after_first


def test_two_addresses_of_one_story_are_caught_by_their_text(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = tmp_path / "a.html"
    b = tmp_path / "b.html"
    a.write_text(
        article_html("Water works to start", "Test Gazette", canonical="https://gazette.example/a", seed=3),
        encoding="utf-8",
    )
    b.write_text(
        article_html("Water works to start", "Test Gazette", canonical="https://gazette.example/amp/a", seed=3).replace(
            "<nav>", "<nav><b>AMP</b>"
        ),
        encoding="utf-8",
    )
    assert run_add(repo, str(a), "--retrieved", "2026-11-30", "--licence", LICENCE, capsys=capsys)[0] == 0
    held = next(p.name for p in (repo / "raw").glob("test-gazette-*.md"))
    before = raw_digest(repo)
    code, _, err = run_add(repo, str(b), "--retrieved", "2026-11-30", "--licence", LICENCE, capsys=capsys)
    assert_refused_keep_received(repo, before, code, err, f"raw/{held} holds the same text")


def test_same_canonical_url_is_a_duplicate(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    a.write_text(
        article_html("Market square closes", "Test Gazette", canonical="https://gazette.example/m", seed=4),
        encoding="utf-8",
    )
    b.write_text(
        article_html("Market square closes (updated)", "Test Gazette", canonical="https://gazette.example/m", seed=5),
        encoding="utf-8",
    )
    assert run_add(repo, str(a), "--retrieved", "2026-11-30", "--licence", LICENCE, capsys=capsys)[0] == 0
    before = raw_digest(repo)
    code, _, err = run_add(repo, str(b), "--retrieved", "2026-11-30", "--licence", LICENCE, capsys=capsys)
    assert_refused_keep_received(repo, before, code, err, "the same address https://gazette.example/m")


def assert_refused_keep_received(root: Path, before: dict[str, str], code: int, err: str, phrase: str) -> None:
    assert code == 2 and phrase in err, err
    assert raw_digest(root) == before


def test_text_file_is_added_unchanged_with_its_sidecar(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    front = "---\ntitle: Bridge reopens after repairs\npublisher: Test Gazette\npublished: 2024-02-01\n---\n\n"
    data = (front + "\n\n".join(body_paragraphs(7)) + "\n").encode("utf-8")
    src = tmp_path / "bridge.md"
    src.write_bytes(data)
    before = raw_digest(repo)
    code, out, err = run_add(repo, str(src), "--retrieved", "2026-11-29", "--licence", LICENCE, capsys=capsys)
    assert code == 0, err
    files = _added(repo, before)
    assert len(files) == 2 and not any("received" in r for r in files)
    article = next(r for r in files if r.endswith(".md"))
    assert files[article] == data
    assert (
        "added test-gazette-bridge-reopens-after-repairs: “Bridge reopens after repairs” — Test Gazette, 2024-02-01"
        in out
    )
    build(repo)
    assert "test-gazette-bridge-reopens-after-repairs" in (repo / "build" / "data" / "sources.csv").read_text(
        encoding="utf-8"
    )


def test_licence_from_dataset_yaml_and_none_at_all(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "p.html"
    page.write_text(article_html("Library extends its hours", "Test Gazette", seed=6), encoding="utf-8")
    before = raw_digest(repo)
    code, _, err = run_add(repo, str(page), "--retrieved", "2026-11-30", capsys=capsys)
    assert_refused(repo, before, code, err, "no licence", "default_licence")
    dataset = repo / "raw" / "dataset.yaml"
    dataset.write_text(
        dataset.read_text(encoding="utf-8") + "default_licence: the publisher's copyright\n", encoding="utf-8"
    )
    code, _, err = run_add(repo, str(page), "--retrieved", "2026-11-30", capsys=capsys)
    assert code == 0, err
    sidecar = next((repo / "raw").glob("test-gazette-library-*.md.provenance.yaml"))
    assert yaml.safe_load(sidecar.read_text(encoding="utf-8"))["licence"] == "the publisher's copyright"


def test_a_page_with_no_date_keeps_it_unknown(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "p.html"
    page.write_text(article_html("Harbour plans unveiled", "Test Gazette", published=None, seed=2), encoding="utf-8")
    code, out, err = run_add(repo, str(page), "--retrieved", "2026-11-30", "--licence", LICENCE, capsys=capsys)
    assert code == 0, err
    assert "date unknown" in out
    article = next((repo / "raw").glob("test-gazette-harbour-*.md")).read_text(encoding="utf-8")
    assert "published" not in article.split("---\n")[1]


def test_saved_page_without_a_retrieval_date_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = raw_digest(repo)
    code, _, err = run_add(repo, str(PAGE), "--licence", LICENCE, capsys=capsys)
    assert_refused(repo, before, code, err, "does not say when it was retrieved", "--retrieved YYYY-MM-DD")


def test_publisher_and_origin_given_by_the_user(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "p.html"
    page.write_text(article_html("Night buses return", "Gazette Online", seed=8), encoding="utf-8")
    code, out, err = run_add(
        repo, str(page), "--retrieved", "2026-11-30", "--licence", LICENCE,
        "--publisher", "The Test Gazette", "--origin", "handed over by a monitor on a USB stick", capsys=capsys,
    )  # fmt: skip
    assert code == 0, err
    assert "added the-test-gazette-night-buses-return: “Night buses return” — The Test Gazette, 2024-03-05" in out
    sidecar = next((repo / "raw").glob("the-test-gazette-night-*.md.provenance.yaml"))
    prov = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    assert prov["origin"] == "handed over by a monitor on a USB stick"
    assert prov["received"]["publisher_given"] == "The Test Gazette"


def test_a_file_of_no_known_kind(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    odd = tmp_path / "table.csv"
    odd.write_text("a,b\n1,2\n", encoding="utf-8")
    before = raw_digest(repo)
    code, _, err = run_add(repo, str(odd), "--retrieved", "2026-11-30", "--licence", LICENCE, capsys=capsys)
    assert_refused(repo, before, code, err, "is neither a web page, a WARC file, a feed nor a .txt/.md file")


def test_two_stories_whose_ids_would_clash_get_their_own_ids(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    first.write_text(article_html("Council approves new budget for schools", "Test Gazette", seed=12), encoding="utf-8")
    second.write_text(article_html("Council approves new budget for roads", "Test Gazette", seed=13), encoding="utf-8")
    code, out, err = run_add(
        repo, str(first), str(second), "--retrieved", "2026-11-30", "--licence", LICENCE, capsys=capsys
    )
    assert code == 0, err
    ids = [line.split(":", 1)[0].removeprefix("added ") for line in out.splitlines() if line.startswith("added ")]
    assert ids[0] == "test-gazette-council-approves-new-budget"
    assert ids[1].startswith("test-gazette-council-approves-new-budget-") and ids[1] != ids[0]
    build(repo)
    sources = (repo / "build" / "data" / "sources.csv").read_text(encoding="utf-8")
    assert all(i in sources for i in ids)
