"""The code hash covers all of claimtrail's code, wherever in the package the hashing function sits."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import claimtrail
from claimtrail.cache import versions
from claimtrail.cache.versions import code_files, code_sha256, package_root

PACKAGE = Path(claimtrail.__file__).resolve().parent


def test_the_hashed_files_are_every_module_of_the_package() -> None:
    assert package_root() == PACKAGE
    assert code_files() == sorted(PACKAGE.rglob("*.py"))
    names = {p.relative_to(PACKAGE).as_posix() for p in code_files()}
    # Modules of the package root and of subpackages other than cache/, where this function lives.
    assert {"cli.py", "extract/figures.py", "runner/__init__.py", "site/pages.py", "cache/versions.py"} <= names


def test_the_code_hash_is_of_every_module_path_and_bytes() -> None:
    h = hashlib.sha256()
    for p in sorted(PACKAGE.rglob("*.py")):
        h.update(p.relative_to(PACKAGE).as_posix().encode("utf-8") + b"\0" + p.read_bytes() + b"\0")
    assert code_sha256() == h.hexdigest()


def test_a_change_outside_the_cache_package_changes_the_hash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "claimtrail"
    for p in code_files():
        target = fake / p.relative_to(PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(p.read_bytes())
    monkeypatch.setattr(versions, "package_root", lambda: fake)
    before = code_sha256()
    (fake / "extract" / "figures.py").write_bytes((fake / "extract" / "figures.py").read_bytes() + b"\n")
    assert code_sha256() != before
