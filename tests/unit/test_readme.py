"""The README's Layout section names only modules that exist, and names every package and top-level module."""

from __future__ import annotations

import re
from pathlib import Path

import claimtrail
from helpers import REPO_ROOT

PACKAGE = Path(claimtrail.__file__).resolve().parent
NOT_CODE = ("report/", "tests/", "build/", "raw/annotations", "src/", ".")  # repository paths, not modules


def layout_section() -> str:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]


def named_paths(section: str) -> set[str]:
    """Backticked module and package paths of the section (`raw/files.py`, `validate/duckdb_twin/`)."""
    found = set(re.findall(r"`([A-Za-z_][\w/]*(?:\.py|/))`", section))
    return {p for p in found if not p.startswith(NOT_CODE)}


def test_every_module_the_readme_names_exists() -> None:
    names = named_paths(layout_section())
    assert len(names) > 40
    missing = sorted(p for p in names if not (PACKAGE / p).exists())
    assert missing == []


def test_the_readme_names_every_package_and_top_level_module() -> None:
    names = named_paths(layout_section())
    packages = {f"{p.name}/" for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    modules = {p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    assert sorted((packages | modules) - names) == []


def test_a_module_that_does_not_exist_is_caught() -> None:
    names = named_paths("| `raw/` | `raw/files.py`, `raw/nothing_here.py`, `report/queries/` |")
    assert names == {"raw/", "raw/files.py", "raw/nothing_here.py"}
    assert [p for p in sorted(names) if not (PACKAGE / p).exists()] == ["raw/nothing_here.py"]
