"""Per-article work — extraction and sentence splitting — run in parallel and cached by content.

The unit of work is one article's text and publication date; its result
(findings and sentence spans, offsets from the article's start) depends on
nothing else but the code and the versions of the packages it uses.  So each
result is cached (in .claimtrail-cache/ at the repository root) under the
sha256 of all of these, and a rebuild after one article changed recomputes
one article.

Executors: ``serial`` (in this process), ``process`` (a pool over every core;
the default), and ``dask`` (a Dask distributed cluster, given its scheduler
address; runner.cluster).  All return results in task order, so outputs do not depend on the
executor.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from ..cache.versions import task_key
from ..cache.work import WorkCache
from ..errors import ClaimtrailError
from ..extract import work_of_article
from ..extract.findings import ArticleWork

EXECUTORS = ("serial", "process", "dask")


# Below this many uncached articles, starting worker processes costs more than it saves.
MIN_PARALLEL = 40


@dataclass(frozen=True)
class ArticleTask:
    """One article to work on: its text and what relative dates resolve against."""

    key: str
    text: str
    published: str


def make_task(text: str, published: str) -> ArticleTask:
    return ArticleTask(task_key(text, published), text, published)


def do_task(task: ArticleTask) -> ArticleWork:
    """The work of one article (runs in a worker process or on a cluster)."""
    return work_of_article(task.text, task.published)


def run_serial(tasks: Sequence[ArticleTask]) -> list[ArticleWork]:
    return [do_task(t) for t in tasks]


def run_processes(tasks: Sequence[ArticleTask], workers: int | None = None) -> list[ArticleWork]:
    n = workers or os.cpu_count() or 1
    if n <= 1 or len(tasks) < MIN_PARALLEL:
        return run_serial(tasks)
    chunksize = max(1, min(64, len(tasks) // (n * 8)))
    with ProcessPoolExecutor(max_workers=n) as pool:
        return list(pool.map(do_task, tasks, chunksize=chunksize))


def run_dask(tasks: Sequence[ArticleTask], scheduler: str) -> list[ArticleWork]:
    """Run on an existing Dask distributed cluster (runner.cluster); results come back in task order."""
    from .cluster import run_on_cluster

    return run_on_cluster(run_serial, tasks, scheduler)


def executor_for(
    executor: str, scheduler: str | None = None, workers: int | None = None
) -> Callable[[Sequence[ArticleTask]], list[ArticleWork]]:
    """The function that runs a batch of tasks on `executor` (checked first: see check_executor)."""
    check_executor(executor, scheduler)
    if executor == "serial":
        return run_serial
    if executor == "process":
        return lambda tasks: run_processes(tasks, workers)
    address = str(scheduler)
    return lambda tasks: run_dask(tasks, address)


def check_executor(executor: str, scheduler: str | None) -> None:
    """A ClaimtrailError (exit 2) for an executor that cannot run: unknown, or dask without a usable scheduler address."""
    if executor not in EXECUTORS:
        raise ClaimtrailError(
            "--executor", f"the executor {executor!r} is unknown", f"use one of {', '.join(EXECUTORS)}"
        )
    if executor == "dask" and not scheduler:
        raise ClaimtrailError(
            "--executor dask",
            "the dask executor needs the address of a running Dask scheduler, and none was given",
            "pass --scheduler ADDRESS (e.g. --scheduler tcp://127.0.0.1:8786), or use --executor process",
        )
    if executor == "dask" and scheduler:
        from .cluster import check_scheduler_address

        check_scheduler_address(scheduler)


def work_for(
    tasks: Iterable[ArticleTask],
    cache: WorkCache,
    run: Callable[[Sequence[ArticleTask]], list[ArticleWork]],
) -> dict[str, ArticleWork]:
    """The work of every task, from the cache where it holds it, computed (and cached) otherwise."""
    out: dict[str, ArticleWork] = {}
    todo: list[ArticleTask] = []
    seen: set[str] = set()
    for t in tasks:
        if t.key in seen:
            continue
        seen.add(t.key)
        cached = cache.get(t.key)
        if cached is not None:
            out[t.key] = cached
        else:
            todo.append(t)
    for t, w in zip(todo, run(todo), strict=True):
        cache.put(t.key, w)
        out[t.key] = w
    return out
