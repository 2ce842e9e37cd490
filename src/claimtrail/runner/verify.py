"""`claimtrail verify`: rebuild from raw/ in a temporary directory and compare with what is committed.

It checks the inputs against the hashes recorded in build/manifest.json
(naming any raw, annotation or other input file that changed), rebuilds
everything in a fresh temporary copy, and compares every committed generated
file — datapackage.json, build/data/*, build/manifest.json — byte for byte,
plus every other output recorded in the manifest (Parquet, site; the DuckDB
file by content).  It prints one row per file and exits 0 only if all match.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cache.versions import code_sha256
from ..errors import ClaimtrailError
from ..hashing import file_sha256
from ..ingest.rederive import check_added_articles
from ..layout import DATA_DIR, MANIFEST, REPO_DIRS, REPO_FILES, ROOT_OUTPUTS
from .manifest import input_files

CODE_INPUT = (
    "code:src/claimtrail/**/*.py"  # every module of the package, subpackages included (cache.versions.code_files)
)


@dataclass(frozen=True)
class FileCheck:
    path: str
    kind: str  # input | committed | output
    expected: str  # recorded or committed sha256 ('' if none)
    actual: str  # current or rebuilt sha256 ('' if none)
    detail: str = ""

    @property
    def status(self) -> str:
        if self.expected == self.actual:
            return "ok"
        if self.kind == "published":  # expected: recorded in the manifest; actual: the file in build/ now
            return "extra" if not self.expected else ("missing" if not self.actual else "changed")
        if self.kind == "input":
            # expected: recorded in the manifest; actual: the file now
            return "new" if not self.expected else ("missing" if not self.actual else "changed")
        # expected: committed (or recorded); actual: what the rebuild produced
        if not self.expected:
            return "missing"  # the rebuild makes it, but it is not committed
        if not self.actual:
            return "stale"  # committed, but the rebuild no longer makes it
        return "differs"


def first_difference(path: str, committed: bytes, rebuilt: bytes) -> str:
    """A one-line description of where two versions of a file first differ."""
    if path.endswith((".csv", ".json", ".md", ".html", ".txt", ".xml", ".sql", ".yaml")):
        a = committed.decode("utf-8", "replace").split("\n")
        b = rebuilt.decode("utf-8", "replace").split("\n")
        for n, (x, y) in enumerate(zip(a, b, strict=False), start=1):
            if x != y:
                return f"first difference at line {n}: committed {x[:160]!r} vs rebuilt {y[:160]!r}"
        if len(a) != len(b):
            n = min(len(a), len(b)) + 1
            return f"first difference at line {n}: committed has {len(a)} lines, rebuilt {len(b)}"
        return ""
    for i, (bx, by) in enumerate(zip(committed, rebuilt, strict=False)):
        if bx != by:
            return f"first difference at byte {i}"
    return f"sizes differ: {len(committed)} vs {len(rebuilt)} bytes"


def check_inputs(root: Path, recorded: Mapping[str, str]) -> list[FileCheck]:
    """Every input file now, against the hash the committed manifest recorded for it."""
    current = {rel: file_sha256(root / rel) for rel in input_files(root)}
    return [
        FileCheck(rel, "input", recorded.get(rel, ""), current.get(rel, ""))
        for rel in sorted(set(recorded) | set(current))
    ]


def committed_files(root: Path) -> list[str]:
    files = [*ROOT_OUTPUTS, MANIFEST]
    files += sorted(p.relative_to(root).as_posix() for p in (root / DATA_DIR).glob("*") if p.is_file())
    return sorted(set(files))


def compare_committed(root: Path, rebuilt: Path) -> list[FileCheck]:
    """Each committed generated file, byte for byte against the rebuilt one."""
    rebuilt_files = {p.relative_to(rebuilt).as_posix() for p in (rebuilt / DATA_DIR).glob("*") if p.is_file()}
    checks = []
    for rel in sorted(set(committed_files(root)) | rebuilt_files | {*ROOT_OUTPUTS, MANIFEST}):
        a, b = root / rel, rebuilt / rel
        expected = file_sha256(a) if a.is_file() else ""
        actual = file_sha256(b) if b.is_file() else ""
        detail = ""
        if expected and actual and expected != actual:
            detail = first_difference(rel, a.read_bytes(), b.read_bytes())
        checks.append(FileCheck(rel, "committed", expected, actual, detail))
    return checks


def compare_recorded_outputs(committed: Mapping[str, str], rebuilt: Mapping[str, str]) -> list[FileCheck]:
    """Outputs that are not committed (site, Parquet, DuckDB): recorded hash against rebuilt hash."""
    return [
        FileCheck(rel, "output", committed.get(rel, ""), rebuilt.get(rel, ""))
        for rel in sorted(set(committed) | set(rebuilt))
        if not (rel in ROOT_OUTPUTS or rel.startswith(f"{DATA_DIR}/"))
    ]


def check_published(root: Path, recorded: Mapping[str, str]) -> list[FileCheck]:
    """Every built file that is not committed (the site, Parquet, the zip) now, against the manifest's hash.

    A page edited in build/site/ after the build, a page missing, or a file the build did not
    write is named.  The DuckDB file, recorded by content, is compared by the rebuild only.
    Nothing is checked when build/site/ was never built (a fresh clone).
    """
    built = root / "build"
    expected = {
        rel: digest
        for rel, digest in recorded.items()
        if rel.startswith("build/") and not rel.startswith("build/data/") and rel != MANIFEST
        and not digest.startswith("content:")
    }  # fmt: skip
    by_content = {rel for rel, digest in recorded.items() if digest.startswith("content:")}
    present: dict[str, Path] = {}
    for folder in sorted({rel.split("/")[1] for rel in expected} | {"site"}):
        if (built / folder).is_dir():
            for p in (built / folder).rglob("*"):
                rel = p.relative_to(root).as_posix()
                if (p.is_file() or p.is_symlink()) and rel not in by_content:
                    present[rel] = p
    if not present:
        return []
    checks = []
    for rel in sorted(set(expected) | set(present)):
        found = present.get(rel)
        actual = file_sha256(found) if found is not None and found.is_file() else ""
        checks.append(FileCheck(rel, "published", expected.get(rel, ""), actual))
    return checks


def sweep_verify_folders(tmp_root: str | None = None) -> list[str]:
    """Remove the temporary folders of verify runs whose process is gone (killed); their paths."""
    from .lock import pid_alive

    removed = []
    base = Path(tmp_root or tempfile.gettempdir())
    for p in base.glob(f"{VERIFY_PREFIX}*"):
        pid = p.name[len(VERIFY_PREFIX) :].partition("-")[0]
        if p.is_dir() and pid.isdigit() and not pid_alive(int(pid)):
            shutil.rmtree(p, ignore_errors=True)
            removed.append(str(p))
    return removed


VERIFY_PREFIX = "claimtrail-verify-"


def load_manifest(path: Path) -> dict[str, Any]:
    rel = MANIFEST
    if not path.is_file():
        raise ClaimtrailError(
            rel, "there is no committed build manifest", "run 'claimtrail build' and commit build/manifest.json"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ClaimtrailError(
            rel, f"is not valid JSON: {exc.msg}", "restore it with git checkout, or rebuild and commit", line=exc.lineno
        ) from None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("inputs"), dict)
        or not isinstance(data.get("outputs"), dict)
    ):
        raise ClaimtrailError(rel, "lacks its inputs or outputs", "rebuild with 'claimtrail build' and commit it")
    return data


def copy_inputs(root: Path, dest: Path) -> None:
    for d in REPO_DIRS:
        if (root / d).is_dir():
            shutil.copytree(root / d, dest / d, symlinks=True)
    for f in REPO_FILES:
        if (root / f).is_file():
            (dest / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / f, dest / f)


@dataclass
class Verification:
    inputs: list[FileCheck]
    committed: list[FileCheck]
    outputs: list[FileCheck]
    rebuild_error: str = ""
    rederive_problems: list[str] = field(default_factory=list)  # ingest.rederive: added articles' texts
    published: list[FileCheck] = field(default_factory=list)  # build/site and the other built files, as they are now

    @property
    def ok(self) -> bool:
        checks = (*self.inputs, *self.committed, *self.outputs, *self.published)
        return not self.rebuild_error and not self.rederive_problems and all(c.status == "ok" for c in checks)

    def table(self) -> str:
        """file, committed sha256, rebuilt sha256, status — one line per file."""
        rows = [("file", "committed / recorded sha256", "rebuilt / current sha256", "status")]
        published = {c.path: c for c in self.published}
        listed = set()
        for c in (*self.inputs, *self.committed, *self.outputs):
            status = c.status
            if status == "ok" and c.path in published and published[c.path].status != "ok":
                status = f"{published[c.path].status} in build/"  # rebuilt as recorded, but the file there is not
            rows.append((c.path, c.expected or "-", c.actual or "-", status))
            listed.add(c.path)
        for c in self.published:
            if c.path not in listed:
                status = c.status if c.status == "ok" else f"{c.status} in build/"
                rows.append((c.path, c.expected or "-", c.actual or "-", status))
        width = max(len(r[0]) for r in rows)
        lines = []
        for r in rows:
            lines.append(f"{r[0]:<{width}}  {r[1]:<72}  {r[2]:<72}  {r[3]}")
        return "\n".join(lines)

    def problems(self) -> list[str]:
        out = []
        if self.rebuild_error:
            out.append("the rebuild from raw/ failed:\n" + self.rebuild_error)
        for c in self.inputs:
            if c.status != "ok":
                out.append(
                    f"input {c.path} {c.status} since the committed build (its hash no longer matches build/manifest.json)"
                )
        for c in (*self.committed, *self.outputs):
            if c.status != "ok":
                out.append(f"{c.path} {c.status}" + (f": {c.detail}" if c.detail else ""))
        reported = {c.path for c in (*self.committed, *self.outputs) if c.status != "ok"}
        for c in self.published:
            if c.status != "ok" and c.path not in reported:  # a wrong recorded hash is reported once, above
                out.append(
                    f"published file {c.path} {c.status} since the build"
                    + {
                        "changed": " (its sha256 no longer matches build/manifest.json: edited after the build)",
                        "missing": " (the manifest records it, but it is not in build/)",
                        "extra": " (in build/, but the build did not write it)",
                    }[c.status]
                )
        return out + self.rederive_problems


def verify(root: Path) -> Verification:
    """Check inputs, rebuild in a temporary directory, compare everything."""
    from . import build
    from .lock import build_lock

    with build_lock(root):  # a build swapping build/ into place meanwhile would look like tampering
        return _verify(root, build)


def _verify(root: Path, build: Any) -> Verification:
    recorded = load_manifest(root / MANIFEST)
    rederived = check_added_articles(root)
    inputs = check_inputs(root, recorded["inputs"])
    # The code is an input too: the installed claimtrail's source files.
    inputs.append(FileCheck(CODE_INPUT, "input", str(recorded.get("code_sha256", "")), code_sha256()))
    published = check_published(root, recorded["outputs"])
    sweep_verify_folders()  # what a killed verify left behind
    with tempfile.TemporaryDirectory(prefix=f"{VERIFY_PREFIX}{os.getpid()}-") as tmp:
        rebuilt = Path(tmp) / "repo"
        rebuilt.mkdir()
        copy_inputs(root, rebuilt)
        try:
            build(rebuilt)
        except ClaimtrailError as exc:
            return Verification(
                inputs, [], [], rebuild_error=exc.message, rederive_problems=rederived, published=published
            )
        committed = compare_committed(root, rebuilt)
        rebuilt_manifest = load_manifest(rebuilt / MANIFEST)
        outputs = compare_recorded_outputs(recorded["outputs"], rebuilt_manifest["outputs"])
    return Verification(inputs, committed, outputs, rederive_problems=rederived, published=published)
