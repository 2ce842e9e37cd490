"""Per-article work on an existing Dask distributed cluster, and one clear error when the cluster fails.

Articles go out in batches of BATCH; results come back in task order, so the
outputs are those of a local build.  A worker that dies mid-build costs only
time: the scheduler gives its batch to another worker.  What stops the build,
with one `error: --scheduler ADDRESS: …` message and exit 69 (EX_UNAVAILABLE),
before anything is written: no scheduler answering at the address, the
connection to it lost, no worker left for NO_WORKERS_S seconds, or a batch
that killed every worker it ran on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import CancelledError
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


def cluster_fault(address: str, reason: str) -> EnvironmentFault:
    """The error for a cluster that cannot run the build: it names the address, exit 69."""
    return EnvironmentFault(
        f"--scheduler {address}",
        reason,
        "start the scheduler and its workers (dask scheduler; dask worker ADDRESS) or check the address, "
        "then build again; or build on this machine with --executor process",
        EXIT_UNAVAILABLE,
    )


def run_on_cluster(run_batch: Callable[[list[T]], list[R]], items: Sequence[T], address: str) -> list[R]:
    """run_batch over `items` in batches on the cluster at `address`; the results in item order."""
    if not items:
        return []
    from distributed import Client

    try:
        client = Client(address, set_as_default=False)  # type: ignore[no-untyped-call]
    except OSError as exc:  # refused, unknown host, timed out (distributed.comm.timeouts.connect)
        raise cluster_fault(address, f"no Dask scheduler answers there ({exc})") from exc
    with client:
        batches = [list(items[i : i + BATCH]) for i in range(0, len(items), BATCH)]
        futures = client.map(run_batch, batches, pure=False)
        _wait_for_workers_to_finish(client, futures, address)
        try:
            done: list[list[R]] = client.gather(futures)  # type: ignore[no-untyped-call]
        except CancelledError as exc:
            raise cluster_fault(address, f"the connection to the scheduler was lost mid-build ({exc})") from exc
        except OSError as exc:  # CommClosedError
            raise cluster_fault(address, f"the connection to the scheduler was lost mid-build ({exc})") from exc
        except Exception as exc:
            from distributed import KilledWorker

            if isinstance(exc, KilledWorker):
                raise cluster_fault(
                    address,
                    f"a batch of {BATCH} articles killed every worker that ran it ({exc.allowed_failures + 1} "
                    f"workers, the last {exc.last_worker.address}); the workers' logs say why (memory limit?)",
                ) from exc
            raise  # an error of the work itself, re-raised as it would be on this machine
    return [r for batch in done for r in batch]


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
        try:
            n_workers = len(client.nthreads())  # type: ignore[no-untyped-call]
        except (OSError, CancelledError) as exc:
            raise cluster_fault(address, f"the connection to the scheduler was lost mid-build ({exc})") from exc
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
