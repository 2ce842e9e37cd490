"""What a build is asked for and what it returns: BuildOptions, BuildResult, and the stage-timer and extra-stage types."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..rows.article import Tables
from ..rows.review import CorrectionCounts
from .executors import check_executor


@dataclass
class BuildResult:
    root: Path
    tables: Tables
    descriptor: dict[str, Any]
    # relative path -> bytes of the package files, until written to staging (then emptied; the manifest added)
    outputs: dict[str, bytes] = field(default_factory=dict)
    pages: int = 0
    row_counts: dict[str, int] = field(default_factory=dict)
    cache_hits: int = 0
    cache_misses: int = 0
    cache_damaged: tuple[str, ...] = ()  # cache entries whose bytes did not match their sha256 (recomputed)
    corrections: CorrectionCounts = field(default_factory=CorrectionCounts)

    def counts(self) -> dict[str, int]:
        return self.row_counts or {name: len(rows) for name, rows in self.tables.items()}


Stage = Callable[[Path, BuildResult], None]


StageTimer = Callable[[str], AbstractContextManager[object]]


@dataclass(frozen=True)
class BuildOptions:
    """How to build: which parts, where per-article work runs, how to validate, how to time stages."""

    site: bool = True
    executor: str = "process"  # serial | process | dask
    scheduler: str | None = None  # Dask scheduler address for executor="dask"
    workers: int | None = None  # processes for executor="process" (default: every core)
    cache: bool = True  # reuse per-article work from build/cache/ when text, code and dependencies match
    validator: str = "auto"  # frictionless | duckdb | auto (frictionless up to VALIDATE_WITH_FRICTIONLESS rows)
    stage: StageTimer = field(default=lambda name: nullcontext())
    # Told the CPU seconds of work done inside a stage's tasks (the event mentions, inside extract): the benchmark's
    measure: Callable[[str, float], None] = field(default=lambda name, seconds: None)
    # Keep every row in BuildResult.tables; this computes every article afresh (rows read from
    # the cache are CSV lines only).  The CLI and the benchmark need only the counts.
    keep_tables: bool = False

    def __post_init__(self) -> None:
        check_executor(self.executor, self.scheduler)  # before anything is read: dask needs its scheduler
