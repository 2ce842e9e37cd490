"""Rebuilds from the caches give exactly what a build from nothing gives, and redo only what changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from claimtrail.devtools.bench import touch_one_article
from claimtrail.devtools.corpus import generate_corpus
from claimtrail.layout import CACHE_ROOT, MANIFEST
from claimtrail.output_hashes import output_sha256
from claimtrail.runner import BuildOptions, build
from claimtrail.runner.manifest import output_files
from helpers import REPO_ROOT, copy_repo, read_csv_rows

pytestmark = pytest.mark.integration

N_ARTICLES = 60


def _manifest_checked(root: Path) -> dict[str, object]:
    """The build's manifest, after checking that every output on disk has the hash it records."""
    manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    outputs = manifest["outputs"]
    assert sorted(outputs) == sorted(output_files(root))
    wrong = [rel for rel, digest in outputs.items() if output_sha256(root / rel) != digest]
    assert not wrong, f"outputs whose bytes differ from the manifest: {wrong[:5]}"
    return dict(manifest)


def _clean_build_of(root: Path, dest: Path) -> dict[str, object]:
    """Build a copy of `root`'s inputs with no cache at all; its checked manifest."""
    copy_repo(dest, root)
    build(dest, options=BuildOptions(cache=False, executor="serial"))
    return _manifest_checked(dest)


def _stored_pages(root: Path) -> set[str]:
    return {p.name for p in (root / CACHE_ROOT / "pages").rglob("*.html")}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("incremental") / "template"
    generate_corpus(root, N_ARTICLES, seed=11, template_root=REPO_ROOT)
    return root


@pytest.mark.parametrize("page_size", [1000, 40])
def test_rebuild_after_one_article_changed_equals_a_clean_build(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page_size: int
) -> None:
    """With one page per index, and with many (index pages then fetch only their sources' rows)."""
    import claimtrail.site.pages as render

    monkeypatch.setattr(render, "PAGE_SIZE", page_size)
    root = tmp_path / "repo"
    shutil.copytree(generated, root)
    first = build(root, options=BuildOptions(executor="serial"))
    assert first.cache_misses == first.counts()["sources"]
    pages_before = _stored_pages(root)
    index_pages = sorted((root / "build" / "site" / "claims").glob("*.html"))
    assert (len(index_pages) >= 5) == (page_size == 40)
    inodes = {p.name: p.stat().st_ino for p in (root / "build" / "site" / "sources").glob("*.html")}
    changed = touch_one_article(root)
    again = build(root, options=BuildOptions(executor="serial"))
    assert (again.cache_hits, again.cache_misses) == (first.cache_misses - 1, 1)
    rendered = _stored_pages(root) - pages_before
    # The changed article's page, and the index pages its rows are on; not the other articles' pages.
    assert 0 < len(rendered) <= 8, len(rendered)
    [changed_source] = [
        r["source_id"]
        for r in read_csv_rows(root / "build" / "data" / "sources.csv")
        if r["raw_path"] == f"raw/{changed}"
    ]
    relinked = {
        p.name for p in (root / "build" / "site" / "sources").glob("*.html") if p.stat().st_ino != inodes.get(p.name)
    }
    assert f"{changed_source}.html" in relinked
    assert relinked <= {f"{changed_source}.html", "index.html"}, (
        relinked
    )  # the others are the stored pages, linked again
    assert _manifest_checked(root) == _clean_build_of(root, tmp_path / "clean")


def test_rebuild_after_an_annotation_changed_equals_a_clean_build(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    build(root, options=BuildOptions(executor="serial"))
    annotation = sorted((root / "raw" / "annotations").glob("*.yaml"))[0]
    text = annotation.read_text(encoding="utf-8")
    assert "claimant_type: official" in text
    annotation.write_text(text.replace("claimant_type: official", "claimant_type: government", 1), encoding="utf-8")
    again = build(root, options=BuildOptions(executor="serial"))
    assert again.cache_misses == 1  # the annotated article only
    assert _manifest_checked(root) == _clean_build_of(root, tmp_path / "clean")


def test_a_template_change_renders_every_page_again(generated: Path, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(generated, root)
    build(root, options=BuildOptions(executor="serial"))
    template = root / "report" / "templates" / "source.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n<p>changed template</p>\n", encoding="utf-8")
    build(root, options=BuildOptions(executor="serial"))
    page = next((root / "build" / "site" / "sources").glob("*.html"))
    assert "changed template" in page.read_text(encoding="utf-8")
    assert _manifest_checked(root) == _clean_build_of(root, tmp_path / "clean")


def test_a_page_edited_in_place_is_not_reused(generated: Path, tmp_path: Path) -> None:
    """Pages are hard links into the page store; an edited one is rendered anew, never served again."""
    root = tmp_path / "repo"
    shutil.copytree(generated, root)
    build(root, options=BuildOptions(executor="serial"))
    page = next((root / "build" / "site" / "sources").glob("*.html"))
    original = page.read_bytes()
    page.chmod(0o644)
    page.write_bytes(original.replace(b"</body>", b"<p>edited by hand</p></body>"))
    build(root, options=BuildOptions(executor="serial"))
    assert page.read_bytes() == original
    assert _manifest_checked(root) == _clean_build_of(root, tmp_path / "clean")


def test_an_event_made_elsewhere_renders_only_the_pages_that_name_it(tmp_path: Path) -> None:
    """One article's new figure makes a new machine event: the pages of the other articles, whose events
    and their titles did not change, are not rendered again (they were, when every page hashed every event)."""
    root = tmp_path / "repo"
    generate_corpus(root, 200, seed=3, template_root=REPO_ROOT)
    build(root, options=BuildOptions(executor="serial"))
    events_before = {(r["event_id"], r["title"]) for r in read_csv_rows(root / "build" / "data" / "events.csv")}
    pages_before = _stored_pages(root)
    touch_one_article(root)
    build(root, options=BuildOptions(executor="serial"))
    events_after = {(r["event_id"], r["title"]) for r in read_csv_rows(root / "build" / "data" / "events.csv")}
    assert events_after - events_before  # the change made an event (this corpus and seed are chosen for it)
    rendered = _stored_pages(root) - pages_before
    assert 0 < len(rendered) <= 10, len(rendered)  # of 200 article pages and the index pages
    assert _manifest_checked(root) == _clean_build_of(root, tmp_path / "clean")
