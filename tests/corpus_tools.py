"""Adding articles to a temporary repository copy, the way a user does: a raw file, its sidecar, an annotation."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from helpers import REPO_ROOT

HOSTILE_DIR = REPO_ROOT / "tests" / "hostile"


def sidecar_text(name: str, data: bytes, *, kind: str = "article") -> str:
    return (
        f"file: {name}\n"
        f"sha256: {hashlib.sha256(data).hexdigest()}\n"
        f"bytes: {len(data)}\n"
        f"kind: {kind}\n"
        "description: test article added by the test suite\n"
        "origin: tests/\n"
        "retrieved: 2026-11-24\n"
        "licence: written for the test suite\n"
    )


def add_raw_article(
    root: Path, name: str, data: bytes, *, kind: str = "article", annotation: str | None = None, source_id: str = ""
) -> Path:
    """Write raw/NAME with its provenance sidecar (and an annotation) into the copy at `root`."""
    path = root / "raw" / name
    path.write_bytes(data)
    (root / "raw" / (name + ".provenance.yaml")).write_text(sidecar_text(name, data, kind=kind), encoding="utf-8")
    if annotation is not None:
        (root / "raw" / "annotations" / f"{source_id}.yaml").write_text(annotation, encoding="utf-8")
    return path


def add_hostile_article(root: Path) -> None:
    """The injection article of tests/hostile/ with its annotation."""
    add_raw_article(
        root,
        "hostile-injection.md",
        (HOSTILE_DIR / "injection.md").read_bytes(),
        annotation=(HOSTILE_DIR / "injection.yaml").read_text(encoding="utf-8"),
        source_id="hostile-injection",
    )


def raw_digest(root: Path) -> dict[str, str]:
    """Every entry under raw/: a file's sha256 and mtime, a link's target (links are not followed).

    Equal digests before and after a build prove that the build wrote nothing under raw/.
    """
    out: dict[str, str] = {}
    for p in sorted((root / "raw").rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_symlink():
            out[rel] = "link -> " + os.readlink(p)
        elif p.is_file():
            out[rel] = f"{hashlib.sha256(p.read_bytes()).hexdigest()} {p.stat().st_mtime_ns}"
        else:
            out[rel] = "dir"
    return out
