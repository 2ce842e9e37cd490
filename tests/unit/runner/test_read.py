"""Files in raw/ that the build would not read are reported, not ignored (issue 16, class 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrail.errors import ClaimtrailError
from claimtrail.runner.read import raw_article_paths, read_annotations


def raw_dir(tmp_path: Path, *names: str) -> Path:
    raw = tmp_path / "raw"
    (raw / "annotations").mkdir(parents=True)
    for name in ("a.txt", "a.txt.provenance.yaml", "dataset.yaml", "events.yaml", ".gitkeep", *names):
        target = raw / name
        if name.endswith("/"):
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("x\n", encoding="utf-8")
    return tmp_path


def test_the_usual_entries_are_read_and_dotfiles_ignored(tmp_path: Path) -> None:
    root = raw_dir(tmp_path, "annotations/.DS_Store", "annotations/a.yaml")
    assert [p.name for p in raw_article_paths(root)] == ["a.txt"]


@pytest.mark.parametrize(
    ("name", "file", "fix"),
    [
        ("reuters-a.yml", "raw/reuters-a.yml", "raw/annotations/reuters-a.yaml"),
        ("reuters-a.yaml", "raw/reuters-a.yaml", "raw/annotations/reuters-a.yaml"),
        ("events.yml", "raw/events.yml", "raw/events.yaml"),
        ("Dataset.yml", "raw/Dataset.yml", "raw/dataset.yaml"),
        ("b.txt.provenance.yml", "raw/b.txt.provenance.yml", "b.txt.provenance.yaml"),
        ("notes.pdf", "raw/notes.pdf", "move the file out of raw/"),
        ("article.text", "raw/article.text", "NAME.txt"),
        ("annotation/", "raw/annotation/", "raw/annotations/"),
        ("drafts/", "raw/drafts/", "move the folder out of raw/"),
        ("c.md.provenance.yaml", "raw/c.md.provenance.yaml", "remove its sidecar"),
    ],
)
def test_a_stray_entry_of_raw_is_reported(tmp_path: Path, name: str, file: str, fix: str) -> None:
    root = raw_dir(tmp_path, name)
    with pytest.raises(ClaimtrailError) as info:
        raw_article_paths(root)
    assert info.value.file == file
    assert fix in info.value.fix


@pytest.mark.parametrize(
    ("name", "fix"),
    [("x.yml", "rename it to x.yaml"), ("x.YAML", "rename it to x.yaml"), ("x.txt", "move it out"), ("sub/", "move")],
)
def test_an_annotation_with_another_extension_or_a_folder_is_reported(tmp_path: Path, name: str, fix: str) -> None:
    root = raw_dir(tmp_path, f"annotations/{name}")
    with pytest.raises(ClaimtrailError) as info:
        read_annotations(root)
    assert info.value.file.startswith("raw/annotations/" + name.rstrip("/"))
    assert fix in info.value.fix
