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
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

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


T = TypeVar("T")
R = TypeVar("R")

#: Runs a picklable top-level function over items, wherever the executor puts them; results in item order,
#: as they come (iterate to the end: a pool is shut down when its last result has been taken).
Mapper = Callable[[Callable[[T], R], Sequence[T]], Iterable[R]]


def map_serial(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
    return [fn(i) for i in items]


def map_processes(fn: Callable[[T], R], items: Sequence[T], workers: int | None = None) -> Iterator[R]:
    """fn over items on a pool of `workers` processes, each result yielded as it comes, in item order (so the
    caller can let go of each before the next: the batch's results are never all held)."""
    n = workers or os.cpu_count() or 1
    if n <= 1 or len(items) < MIN_PARALLEL:
        yield from (fn(i) for i in items)
        return
    # The first item runs here: what `fn` loads once (the gazetteer's indexes, pysbd's rules) is then in this
    # process before the pool forks, so the workers share it instead of each loading it again.
    yield fn(items[0])
    rest = items[1:]
    chunksize = max(1, min(64, len(rest) // (n * 8)))
    with ProcessPoolExecutor(max_workers=n) as pool:
        yield from pool.map(fn, rest, chunksize=chunksize)


def map_dask(fn: Callable[[T], R], items: Sequence[T], scheduler: str) -> list[R]:
    """Run on an existing Dask distributed cluster (runner.cluster); results come back in item order."""
    from .cluster import run_on_cluster

    return run_on_cluster(partial(map_serial, fn), items, scheduler)


def mapper_for(executor: str, scheduler: str | None = None, workers: int | None = None) -> Mapper[Any, Any]:
    """The function that maps a task function over a batch on `executor` (checked first: see check_executor)."""
    check_executor(executor, scheduler)
    if executor == "serial":
        return map_serial
    if executor == "process":
        return lambda fn, items: map_processes(fn, items, workers)
    address = str(scheduler)
    return lambda fn, items: map_dask(fn, items, address)


def executor_for(
    executor: str, scheduler: str | None = None, workers: int | None = None
) -> Callable[[Sequence[ArticleTask]], Iterable[ArticleWork]]:
    """The function that runs a batch of extraction tasks on `executor`."""
    mapper = mapper_for(executor, scheduler, workers)
    return lambda tasks: mapper(do_task, tasks)


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
    run: Callable[[Sequence[ArticleTask]], Iterable[ArticleWork]],
) -> Iterator[tuple[str, ArticleWork]]:
    """(key, work) of every distinct task, as each comes: from the cache where it holds it, computed (and
    cached) otherwise; the batch's work is never held whole."""
    todo: list[ArticleTask] = []
    seen: set[str] = set()
    for t in tasks:
        if t.key in seen:
            continue
        seen.add(t.key)
        cached = cache.get(t.key)
        if cached is not None:
            yield t.key, cached
        else:
            todo.append(t)
    for t, w in zip(todo, run(todo), strict=True):
        cache.put(t.key, w)
        yield t.key, w
