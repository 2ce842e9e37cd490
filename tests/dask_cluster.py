"""A real Dask cluster on 127.0.0.1 for the tests: `dask scheduler` and `dask worker` as separate processes.

Each process runs in its own session (process group), with its output in a log
file; `stop` ends every group (SIGTERM, then SIGKILL) and fails the test if a
process of any group is still alive afterwards.  Workers import claimtrail from
this checkout (PYTHONPATH is its src/).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pytest

from helpers import REPO_ROOT, venv_tool

START_TIMEOUT_S = 120.0  # the scheduler and every worker must be up by then, or the test fails with their logs


def worker_env(src: Path = REPO_ROOT / "src") -> dict[str, str]:
    """This environment with claimtrail imported from `src` (by default the checkout under test)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(src), env.get("PYTHONPATH", "")) if p)
    return env


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path
    log_file: IO[bytes]

    def log_text(self) -> str:
        self.log_file.flush()
        return self.log.read_text(encoding="utf-8", errors="replace")


@dataclass
class DaskCluster:
    """A scheduler and its workers, started by `start`; `address` is read from the scheduler file."""

    base: Path
    procs: list[Proc] = field(default_factory=list)
    address: str = ""

    def _spawn(self, name: str, args: list[str], src: Path = REPO_ROOT / "src") -> Proc:
        log = self.base / f"{name}.log"
        log_file = log.open("wb")
        popen = subprocess.Popen(
            [venv_tool("dask"), *args],
            cwd=self.base,
            env=worker_env(src),
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop() ends the nanny's worker process too
        )
        proc = Proc(name, popen, log, log_file)
        self.procs.append(proc)
        return proc

    def logs(self) -> str:
        return "\n".join(f"--- {p.name} (exit {p.popen.poll()}) ---\n{p.log_text()[-4000:]}" for p in self.procs)

    def fail(self, why: str) -> None:
        pytest.fail(f"{why}\n{self.logs()}", pytrace=False)

    def start_scheduler(self) -> str:
        scheduler_file = self.base / "scheduler.json"
        proc = self._spawn(
            "scheduler",
            ["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file",
             str(scheduler_file), "--idle-timeout", "1800"],  # a scheduler the test lost ends itself
        )  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if proc.popen.poll() is not None:
                self.fail("dask scheduler exited before writing its scheduler file")
            try:
                info: dict[str, Any] = json.loads(scheduler_file.read_text(encoding="utf-8"))
                self.address = str(info["address"])
                return self.address
            except (OSError, ValueError, KeyError):  # not written yet, or half written
                time.sleep(0.2)
        self.fail(f"dask scheduler wrote no scheduler file in {START_TIMEOUT_S:g} s")
        return ""

    def start_worker(self, name: str, *, nanny: bool = True, src: Path = REPO_ROOT / "src") -> Proc:
        return self._spawn(
            name,
            ["worker", self.address, "--name", name, "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
             "--memory-limit", "3GiB", "--local-directory", str(self.base / name), "--death-timeout", "60",
             "--nanny" if nanny else "--no-nanny"],
            src,
        )  # fmt: skip

    def wait_for_workers(self, n: int) -> None:
        """Return when the scheduler has `n` workers; fail the test with every log if it has not in time."""
        from distributed import Client

        with Client(self.address, set_as_default=False, timeout=30) as client:
            try:
                client.wait_for_workers(n, timeout=START_TIMEOUT_S)
            except TimeoutError:
                self.fail(f"the scheduler at {self.address} did not see {n} workers in {START_TIMEOUT_S:g} s")

    def stop(self) -> None:
        """End every process group; fail if any process of them survives."""
        for p in self.procs:
            _signal_group(p.popen.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for p in self.procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                p.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
        for p in self.procs:
            _signal_group(p.popen.pid, signal.SIGKILL)
            p.popen.wait(timeout=10)
            p.log_file.close()
        deadline = time.monotonic() + 10
        alive = [p.name for p in self.procs if _group_alive(p.popen.pid)]
        while alive and time.monotonic() < deadline:
            time.sleep(0.2)
            alive = [p.name for p in self.procs if _group_alive(p.popen.pid)]
        assert not alive, f"processes left running after the cluster was stopped: {alive}"


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, sig)


def _group_alive(pgid: int) -> bool:
    """Whether a process of the group is still running (a zombie, dead but not yet reaped, does not count)."""
    proc = Path("/proc")
    if not proc.is_dir():  # not Linux: ask the kernel whether the group has members
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        return True
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="utf-8", errors="replace").rpartition(")")[2].split()
        except OSError:  # the process ended meanwhile
            continue
        if len(fields) > 2 and fields[2] == str(pgid) and fields[0] != "Z":
            return True
    return False


def start_cluster(base: Path, n_workers: int, *, nanny: bool = True) -> DaskCluster:
    """A scheduler and `n_workers` single-threaded workers on 127.0.0.1, all up (or the test fails)."""
    base.mkdir(parents=True, exist_ok=True)
    cluster = DaskCluster(base)
    try:
        cluster.start_scheduler()
        for i in range(n_workers):
            cluster.start_worker(f"worker{i + 1}", nanny=nanny)
        cluster.wait_for_workers(n_workers)
    except BaseException:
        cluster.stop()
        raise
    return cluster
