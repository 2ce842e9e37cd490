"""Per-article work — extraction and sentence splitting — run in parallel and cached by content.

The unit of work is one article's text and publication date; its result
(findings and sentence spans, offsets from the article's start) depends on
nothing else but the code and the versions of the packages it uses.  So each
result is cached (in .claimtrail-cache/ at the repository root) under the
sha256 of all of these, and a rebuild after one article changed recomputes
one article.

Executors: ``serial`` (in this process), ``process`` (a pool over every core;
the default), and ``dask`` (a Dask distributed cluster, given its scheduler
address).  All return results in task order, so outputs do not depend on the
executor.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from ..cache.versions import task_key
from ..cache.work import WorkCache
from ..extract import extract_article
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
    findings, sentences = extract_article(task.text, task.published or None)
    return ArticleWork(tuple(findings), tuple(sentences))


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
    """Run on an existing Dask distributed cluster; results come back in task order."""
    from dask.distributed import Client

    with Client(scheduler, set_as_default=False) as client:  # type: ignore[no-untyped-call]
        batches = [list(tasks[i : i + 200]) for i in range(0, len(tasks), 200)]
        futures = client.map(run_serial, batches, pure=False)
        results: list[ArticleWork] = []
        for batch in client.gather(futures):
            results.extend(batch)
        return results


def executor_for(
    executor: str, scheduler: str | None = None, workers: int | None = None
) -> Callable[[Sequence[ArticleTask]], list[ArticleWork]]:
    if executor == "serial":
        return run_serial
    if executor == "process":
        return lambda tasks: run_processes(tasks, workers)
    if executor == "dask":
        if not scheduler:
            raise ValueError("the dask executor needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
        return lambda tasks: run_dask(tasks, scheduler)
    raise ValueError(f"unknown executor {executor!r}; use one of {', '.join(EXECUTORS)}")


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
