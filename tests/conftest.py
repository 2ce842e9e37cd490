"""Shared fixtures: the seed corpus is built once per session, in a temporary copy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from claimtrail.runner import BuildResult, build
from helpers import copy_repo


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, BuildResult]]:
    """(root, result) of one build of the repository's raw/ in a temporary copy."""
    root = copy_repo(tmp_path_factory.mktemp("seed-build"))
    result = build(root)
    yield root, result


@pytest.fixture(scope="session")
def built_root(seed_build: tuple[Path, BuildResult]) -> Path:
    """Root of the temporary repository copy holding the seed build (read-only for tests)."""
    return seed_build[0]


@pytest.fixture
def built_copy(built_root: Path, tmp_path: Path) -> Path:
    """A private copy of the built repository (raw/, pyproject.toml, build/, datapackage.json) that a test may change."""
    return copy_repo(tmp_path / "repo", built_root, with_outputs=True)
