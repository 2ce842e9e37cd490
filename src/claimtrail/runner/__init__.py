"""The runner: every read and write of raw/ and build/, with the stages in pipeline order.

build() reads as the pipeline: read raw/ (runner.read: raw records, stages 1–2) →
per-article findings and rows through the caches and executors (runner.articles:
extract, rows) → the package's bytes (package) → validation (validate) beside
DuckDB, Parquet and the site (query, site) → the manifest and the commit
(runner.manifest, runner.transaction).  Everything is written into a staging
directory next to build/, validated there, and only then swapped into place, so
a failed or killed build leaves the previous build/ and datapackage.json as they
were.  raw/ is only read.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ..cache.store import DAMAGED, EntryStore
from ..layout import DATA_DIR, DATABASE, DESCRIPTOR, PAGE_CACHE, PARSE_CACHE, SEARCH_CACHE
from ..link import MachineEvent
from ..output_hashes import HashMemo
from ..package import ArticleBundle, FileDigest
from ..package.assemble import assemble_package
from ..query import write_database
from ..rows.article import ARTICLE_TABLES
from ..rows.corpus import check_corpus
from ..rows.events import event_tables
from ..rows.review import CorrectionCounts
from ..validate.table_schema import validate_package
from .articles import article_bundles
from .lock import build_lock
from .manifest import write_manifest
from .options import BuildOptions, BuildResult, Stage, StageTimer
from .package_zip import write_package_zip
from .read import Inputs, raw_article_paths, read_inputs
from .table_files import TableFiles
from .transaction import recover_interrupted, swap_into_place, write_tree

__all__ = [
    "BuildOptions",
    "BuildResult",
    "Stage",
    "StageTimer",
    "build",
    "package_outputs",
    "read_inputs",
    "recover_interrupted",
    "swap_into_place",
    "validate_package",
    "write_database",
]


def package_outputs(
    inputs: Inputs,
    bundles: Sequence[ArticleBundle],
    corrections: CorrectionCounts,
    written: Mapping[str, FileDigest],
    keep_tables: bool = True,
    machine_events: Sequence[MachineEvent] = (),
) -> BuildResult:
    """The event tables' CSV, the descriptor and what else is left to write, from every article's bundle (in
    article order, its CSV lines `written` already) and the events (no I/O)."""
    corpus = inputs.corpus
    sources = [b.source for b in bundles]
    events = event_tables(corpus.events, sources, [r for b in bundles for r in b.linked], machine_events)
    package = assemble_package(inputs.dataset, inputs.raw_sources, bundles, events, written, keep_tables)
    return BuildResult(
        root=Path("."),
        tables=package.tables,
        descriptor=package.descriptor,
        outputs=package.outputs,
        corrections=corrections,
        row_counts=package.row_counts,
    )


def _in_stage(stage: StageTimer, name: str, run: Callable[..., None], *args: Any) -> None:
    """run(*args) timed as stage `name` (from a worker thread: its time overlaps other stages')."""
    with stage(name):
        run(*args)


def _in_background(run: Callable[..., None], *args: Any) -> None:
    """run(*args) in this worker thread at a lower CPU priority (Linux: nice +10, which the
    threads DuckDB starts from it inherit), so that work others wait for comes first."""
    import contextlib
    import threading

    with contextlib.suppress(AttributeError, OSError):  # not Linux, or not allowed: same priority
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    run(*args)


def build(
    root: Path,
    *,
    site: bool = True,
    extra_stages: tuple[Stage, ...] = (),
    options: BuildOptions | None = None,
) -> BuildResult:
    """Build the package, DuckDB, Parquet and the site, and swap them into place (one build at a time)."""
    options = options or BuildOptions(site=site)
    raw_article_paths(root)  # names that cannot take a sidecar, stray files: refused before anything is written
    with build_lock(root):
        return _build(root, extra_stages, options)


def _build(root: Path, extra_stages: tuple[Stage, ...], options: BuildOptions) -> BuildResult:
    DAMAGED.clear()
    recover_interrupted(root)
    with options.stage("parse"):
        inputs = read_inputs(root, EntryStore(root / PARSE_CACHE if options.cache else None))
        check_corpus(inputs.corpus)
    staging = root / f"build.staging-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        # Each article's CSV lines are written to staging as its rows come (TableFiles), so no table is held whole.
        with TableFiles(staging / DATA_DIR, ARTICLE_TABLES) as tables:
            bundles, corrections, store, linking = article_bundles(root, inputs.corpus, options, tables)
            written = tables.close()
        source_digests = {b.source["source_id"]: b.key for b in bundles}
        with options.stage("tables"):
            result = package_outputs(inputs, bundles, corrections, written, options.keep_tables, linking.events)
            del bundles
            result.root = root
            result.cache_hits, result.cache_misses = store.hits, store.misses
            write_tree(staging, result.outputs)
            result.outputs.clear()
        hashes = HashMemo()
        n_rows = sum(result.row_counts.values())
        # The package is validated in a worker thread beside everything the site needs: loading
        # the DuckDB file, zipping the package, the pages (DuckDB and zlib release the GIL).
        # Nothing is committed before validation passed, and when it failed its error is the one
        # reported, whatever else failed meanwhile.
        with ThreadPoolExecutor(max_workers=3, thread_name_prefix="claimtrail-build") as pool:
            # Nothing waits for validation before the commit: it yields the CPU to what the pages wait for.
            validated = pool.submit(
                _in_background,
                _in_stage,
                options.stage,
                "validate",
                validate_package,
                staging / DESCRIPTOR,
                n_rows,
                options.validator,
            )
            try:
                if options.site:
                    result.pages = _site(
                        pool, validated, root, staging, inputs, result, options, hashes, source_digests
                    )
            except BaseException:
                validated.result()  # an invalid package is the error to report
                raise
            with options.stage("validate"):
                validated.result()
        for stage in extra_stages:
            stage(staging, result)
        with options.stage("commit"):
            write_manifest(root, staging, result, inputs, hashes)
            swap_into_place(root, staging)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    result.cache_damaged = tuple(sorted(set(DAMAGED)))
    return result


def _site(
    pool: ThreadPoolExecutor,
    validated: Future[None],
    root: Path,
    staging: Path,
    inputs: Inputs,
    result: BuildResult,
    options: BuildOptions,
    hashes: HashMemo,
    source_digests: dict[str, str],
) -> int:
    """DuckDB, the zip, Parquet and the site in staging, beside the validation running in `pool`; the page count."""
    from ..site.write import build_site

    database = pool.submit(write_database, staging / DATABASE, staging / DATA_DIR)
    zipped = pool.submit(write_package_zip, staging, inputs.dataset, result.descriptor)
    with options.stage("duckdb"):
        database.result()
    if validated.done():
        validated.result()
    return build_site(
        root,
        staging,
        result.descriptor,
        inputs.corpus.raw_texts,
        inputs.dataset,
        stage=options.stage,
        hashes=hashes,
        source_digests=source_digests,
        page_cache=root / PAGE_CACHE if options.cache else None,
        search_cache=root / SEARCH_CACHE if options.cache else None,
        zip_done=zipped,
    )
