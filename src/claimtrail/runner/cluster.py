"""Per-article work on an existing Dask distributed cluster, and one clear error when the cluster fails.

Articles go out in batches of BATCH; results come back in task order, so the
outputs are those of a local build.  A worker that dies mid-build costs only
time: the scheduler gives its batch to another worker.  What stops the build,
with one `error: --scheduler ADDRESS: …` message and exit 69 (EX_UNAVAILABLE),
before anything is written: no scheduler answering at the address, the
connection to it lost, a scheduler or worker running other claimtrail code or
dependency versions, no worker left for NO_WORKERS_S seconds, or a batch that
killed every worker it ran on.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from ..errors import ClaimtrailError, EnvironmentFault

if TYPE_CHECKING:
    from distributed import Client, Future

EXIT_UNAVAILABLE = 69  # sysexits.h EX_UNAVAILABLE: a service the build needs (the Dask cluster) is not there

BATCH = 200  # articles per task: large enough that scheduling costs nothing beside the work
POLL_S = 2.0  # how often a waiting build asks the scheduler how many workers it has
NO_WORKERS_S = 120.0  # a cluster left without any worker this long stops the build

T = TypeVar("T")
R = TypeVar("R")


def check_scheduler_address(address: str) -> None:
    """A ClaimtrailError (exit 2) for an address Dask cannot parse (no port, an unknown scheme)."""
    from distributed.comm.addressing import get_address_host_port

    try:
        get_address_host_port(address)
    except ValueError as exc:
        raise ClaimtrailError(
            "--scheduler",
            f"{address!r} is not the address of a Dask scheduler ({exc})",
            "give it as tcp://HOST:PORT, e.g. --scheduler tcp://127.0.0.1:8786 (dask scheduler prints it)",
        ) from exc


START_FIX = (
    "start the scheduler and its workers (dask scheduler; dask worker ADDRESS) or check the address, "
    "then build again; or build on this machine with --executor process"
)
SAME_CODE_FIX = (
    "install the same claimtrail and the same dependency versions (requirements/lock.txt) on the scheduler "
    "and every worker as on this machine, restart them, then build again"
)


def cluster_fault(address: str, reason: str, fix: str = START_FIX) -> EnvironmentFault:
    """The error for a cluster that cannot run the build: it names the address, exit 69."""
    return EnvironmentFault(f"--scheduler {address}", reason, fix, EXIT_UNAVAILABLE)


def run_on_cluster(run_batch: Callable[[list[T]], list[R]], items: Sequence[T], address: str) -> list[R]:
    """run_batch over `items` in batches on the cluster at `address`; the results in item order."""
    if not items:
        return []
    from distributed import Client

    with _quiet_dask():
        try:
            client = Client(address, set_as_default=False)  # type: ignore[no-untyped-call]
        except OSError as exc:  # refused, unknown host, timed out (distributed.comm.timeouts.connect)
            raise cluster_fault(address, f"no Dask scheduler answers there ({_why(exc)})") from exc
        with client:
            _check_same_code(client, address)
            batches = [list(items[i : i + BATCH]) for i in range(0, len(items), BATCH)]
            futures = client.map(run_batch, batches, pure=False)
            _wait_for_workers_to_finish(client, futures, address)
            done = _gather(client, futures, address)
    return [r for batch in done for r in batch]


@contextmanager
def _quiet_dask() -> Iterator[None]:
    """Dask's own log lines off while the build uses the cluster: a failure is reported once, as a cluster_fault."""
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _why(exc: BaseException) -> str:
    """One line of an exception's text (Dask's run to many lines); a cancellation's reason."""
    text = str(exc)
    cancelled = re.search(r"for reason: ([\w-]+)", text)  # e.g. scheduler-connection-lost
    if isinstance(exc, CancelledError) and cancelled:
        return cancelled.group(1)
    first = (text.strip().splitlines() or [type(exc).__name__])[0]
    return first if len(first) <= 200 else first[:199] + "…"


def _lost(address: str, exc: BaseException) -> EnvironmentFault:
    return cluster_fault(address, f"the connection to the scheduler was lost mid-build ({_why(exc)})")


def _check_same_code(client: Client, address: str) -> None:
    """A cluster_fault unless the scheduler and every worker run this claimtrail with these dependency versions.

    The scheduler unpickles the tasks and the workers run them, so both import
    claimtrail; work_version is what the cache key holds (code hash, versions).
    """
    from ..cache.versions import work_version

    ours = work_version()
    try:
        theirs = {"the scheduler": client.run_on_scheduler(work_version)}  # type: ignore[no-untyped-call]
        workers = client.run(work_version)
    except (OSError, CancelledError) as exc:
        raise _lost(address, exc) from exc
    except Exception as exc:  # claimtrail not importable there, or another version without work_version
        reason = f"the cluster cannot run claimtrail's code ({type(exc).__name__}: {_why(exc)})"
        raise cluster_fault(address, reason, SAME_CODE_FIX) from exc
    theirs.update({f"worker {addr}": version for addr, version in sorted(workers.items())})
    for who, version in theirs.items():
        if version != ours:
            raise cluster_fault(address, f"{who} runs other code than this machine: {_first_change(ours, str(version))}",
                                SAME_CODE_FIX)  # fmt: skip


def _first_change(ours: str, theirs: str) -> str:
    """Where two work_version texts (code hash, then one 'package==version' a line) first differ."""
    mine, other = ours.splitlines(), theirs.splitlines()
    i = next((i for i, (a, b) in enumerate(zip(mine, other, strict=False)) if a != b), min(len(mine), len(other)))
    here, there = (mine[i] if i < len(mine) else "-"), (other[i] if i < len(other) else "-")
    what = "claimtrail's code (sha256 of its source)" if i == 0 else "a dependency"
    return f"{what} is {there} there, {here} here"


def _gather(client: Client, futures: list[Future[list[R]]], address: str) -> list[list[R]]:
    """The futures' results; a cluster_fault for a lost scheduler or a batch that killed its workers."""
    from distributed import KilledWorker

    try:
        done: list[list[R]] = client.gather(futures)  # type: ignore[no-untyped-call]
    except (OSError, CancelledError) as exc:  # CommClosedError; futures cancelled with the connection
        raise _lost(address, exc) from exc
    except KilledWorker as exc:
        raise cluster_fault(
            address,
            f"a batch of {BATCH} articles killed every worker that ran it ({exc.allowed_failures + 1} "
            f"workers, the last {exc.last_worker.address}); the workers' logs say why (memory limit?)",
        ) from exc
    return done  # an error of the work itself is raised as it would be on this machine


def _wait_for_workers_to_finish(client: Client, futures: list[Future[list[R]]], address: str) -> None:
    """Return when every future is done; a cluster_fault when the cluster has had no worker for NO_WORKERS_S."""
    from distributed import wait

    without_workers_since: float | None = None
    while True:
        try:
            with client.as_current():  # wait() asks for the current client
                wait(futures, timeout=POLL_S)  # type: ignore[no-untyped-call]
            return
        except TimeoutError:
            pass
        except (OSError, CancelledError) as exc:  # the futures were cancelled: the client lost the scheduler
            raise _lost(address, exc) from exc
        try:
            n_workers = len(client.nthreads())  # type: ignore[no-untyped-call]
        except (OSError, CancelledError) as exc:
            raise _lost(address, exc) from exc
        if n_workers:
            without_workers_since = None
            continue
        now = time.monotonic()
        if without_workers_since is None:
            without_workers_since = now
        elif now - without_workers_since >= NO_WORKERS_S:
            left = len([f for f in futures if not f.done()])  # type: ignore[no-untyped-call]
            raise cluster_fault(
                address,
                f"the cluster has had no worker for {NO_WORKERS_S:g} s and {left} of {len(futures)} batches "
                "are not done (the workers died or left)",
            )
