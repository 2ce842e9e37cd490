"""A real cluster: `dask scheduler` and two `dask worker` processes on 127.0.0.1 build 1,000 articles.

The outputs — every file of build/ (the DuckDB file by content, as `claimtrail
verify` compares it), datapackage.json and CITATION.cff — are the bytes of a
serial build on this machine.  A worker killed mid-build costs only time; a
scheduler that does not answer, or a cluster left with no worker, stops the
build with one message naming the address and exit 69, the previous build
untouched.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import cloudpickle
import pytest

from claimtrail import cli
from claimtrail.devtools.corpus import generate_corpus
from claimtrail.layout import ROOT_OUTPUTS
from claimtrail.output_hashes import CONTENT_HASHED, output_sha256
from claimtrail.runner import BuildOptions, build
from claimtrail.runner import cluster as cluster_module
from claimtrail.runner.cluster import BATCH, EXIT_UNAVAILABLE
from dask_cluster import DaskCluster, start_cluster, worker_env
from helpers import REPO_ROOT, output_files, run_cli, tree_digest

pytestmark = pytest.mark.integration

N_ARTICLES = 1000
cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import this test module


def built_outputs(root: Path) -> dict[str, str]:
    """sha256 of every file a full build wrote (build/ and the root outputs); DuckDB files by content."""
    import hashlib

    out: dict[str, str] = {}
    for p in sorted((root / "build").rglob("*")):
        if p.is_file():
            rel = p.relative_to(root).as_posix()
            out[rel] = (
                output_sha256(p) if p.name.endswith(CONTENT_HASHED) else hashlib.sha256(p.read_bytes()).hexdigest()
            )
    for name in ROOT_OUTPUTS:
        out[name] = hashlib.sha256((root / name).read_bytes()).hexdigest()
    return out


def differences(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cluster-corpus") / "template"
    generate_corpus(root, N_ARTICLES, seed=17, template_root=REPO_ROOT)
    return root


@pytest.fixture(scope="module")
def local_build(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A full build of the corpus on this machine, in this process, serially and without the cache."""
    root = tmp_path_factory.mktemp("local") / "repo"
    shutil.copytree(corpus, root)
    build(root, options=BuildOptions(executor="serial", cache=False))
    return root


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DaskCluster]:
    cluster = start_cluster(tmp_path_factory.mktemp("dask"), 2)
    try:
        yield cluster
    finally:
        cluster.stop()


def executed(address: str) -> dict[str, int]:
    """Tasks each worker of the cluster has run so far, by worker name."""
    from distributed import Client

    def count(dask_worker: object) -> tuple[str, int]:
        return str(dask_worker.name), int(dask_worker.state.executed_count)  # type: ignore[attr-defined]

    with Client(address, set_as_default=False, timeout=30) as client:
        return dict(client.run(count).values())


def cluster_build(root: Path, address: str, *extra: str) -> list[str]:
    """The arguments of `claimtrail build` through the cluster at `address`."""
    return ["build", "--root", str(root), "--executor", "dask", "--scheduler", address, "--no-cache", *extra]


@pytest.mark.slow
def test_two_worker_processes_build_1000_articles_byte_for_byte_like_a_local_build(
    corpus: Path, local_build: Path, two_workers: DaskCluster, tmp_path: Path
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(corpus, root)
    before = executed(two_workers.address)
    done = run_cli(cluster_build(root, two_workers.address), cwd=tmp_path, timeout=900, env=worker_env())
    assert done.returncode == 0, done.stderr + two_workers.logs()
    assert f"built {root}: {N_ARTICLES} sources" in done.stdout
    after = executed(two_workers.address)
    ran = {name: after[name] - before.get(name, 0) for name in after}
    assert sorted(ran) == ["worker1", "worker2"]
    assert sum(ran.values()) == -(-N_ARTICLES // BATCH) and min(ran.values()) >= 1, ran  # both workers worked

    local, remote = built_outputs(local_build), built_outputs(root)
    assert len(local) > N_ARTICLES  # the site's pages, the tables, Parquet, DuckDB, the zip, the manifest
    assert differences(local, remote) == []
    assert output_files(root) == output_files(local_build)  # the committed files, compared as bytes


@pytest.mark.slow
def test_a_worker_killed_mid_build_costs_only_time(
    corpus: Path, local_build: Path, two_workers: DaskCluster, tmp_path: Path
) -> None:
    """SIGKILL the process of a worker while it runs a batch: its batch runs elsewhere, the outputs are the same."""
    from distributed import Client

    root = tmp_path / "repo"
    shutil.copytree(corpus, root)
    log = tmp_path / "build.log"
    with Client(two_workers.address, set_as_default=False, timeout=30) as client, log.open("wb") as out:
        pids = client.run(os.getpid)
        victim = next(addr for addr, info in client.scheduler_info()["workers"].items() if info["name"] == "worker1")
        building = subprocess.Popen(
            [sys.executable, "-m", "claimtrail", *cluster_build(root, two_workers.address, "--no-site")],
            cwd=tmp_path,
            env=worker_env(),
            stdout=out,
            stderr=out,
        )
        try:
            deadline = time.monotonic() + 300
            while not client.processing().get(victim) and building.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            assert building.poll() is None, "the build ended before worker1 ran a batch"
            assert client.processing().get(victim), "worker1 never ran a batch"
            os.kill(pids[victim], signal.SIGKILL)  # the worker process; its nanny starts a new one
            code = building.wait(timeout=900)
        finally:
            if building.poll() is None:
                building.kill()
                building.wait()
        assert code == 0, log.read_text(encoding="utf-8") + two_workers.logs()
        assert victim not in client.scheduler_info()["workers"]  # the killed worker left the cluster
    assert output_files(root) == output_files(local_build)
    two_workers.wait_for_workers(2)  # the nanny's new worker joined


def test_a_scheduler_nobody_answers_at_stops_the_build_with_one_message(tmp_path: Path) -> None:
    """Exit 69 naming the address, no traceback, no 'internal error'; the previous build is unchanged."""
    root = tmp_path / "repo"
    generate_corpus(root, 60, seed=5, template_root=REPO_ROOT)
    build(root, options=BuildOptions(site=False, executor="serial"))
    before = tree_digest(root)
    with socket.socket() as held:  # a port that is bound but not listening: connecting is refused
        held.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{held.getsockname()[1]}"
        done = run_cli(
            ["build", "--root", str(root), "--no-site", "--executor", "dask", "--scheduler", address, "--no-cache"],
            cwd=tmp_path,
            env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"},
        )
    assert done.returncode == EXIT_UNAVAILABLE == 69, done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith(f"error: --scheduler {address}: no Dask scheduler answers there"), done.stderr
    assert lines[1].startswith("  fix: start the scheduler and its workers") and len(lines) == 2, done.stderr
    assert tree_digest(root) == before


def test_an_address_dask_cannot_parse_is_refused_before_any_work(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["build", "--root", str(REPO_ROOT), "--executor", "dask", "--scheduler", "http://x:8786"]) == 2
    err = capsys.readouterr().err
    assert "error: --scheduler: 'http://x:8786' is not the address of a Dask scheduler (unknown address scheme" in err
    assert "fix: give it as tcp://HOST:PORT" in err


@pytest.mark.slow
def test_a_worker_running_other_code_is_refused_before_any_work(tmp_path: Path) -> None:
    """A worker importing a claimtrail whose source differs by one comment: exit 69, the worker named."""
    other_src = tmp_path / "other-src"
    shutil.copytree(REPO_ROOT / "src", other_src, ignore=shutil.ignore_patterns("__pycache__"))
    module = other_src / "claimtrail" / "text.py"
    module.write_text(module.read_text(encoding="utf-8") + "# another version\n", encoding="utf-8")
    root = tmp_path / "repo"
    generate_corpus(root, 10, seed=7, template_root=REPO_ROOT)
    cluster = DaskCluster(tmp_path / "dask")
    (tmp_path / "dask").mkdir()
    try:
        cluster.start_scheduler()
        cluster.start_worker("other", src=other_src)
        cluster.wait_for_workers(1)
        done = run_cli(cluster_build(root, cluster.address, "--no-site"), cwd=tmp_path, env=worker_env())
    finally:
        cluster.stop()
    assert done.returncode == EXIT_UNAVAILABLE, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 2, done.stderr
    assert lines[0].startswith(f"error: --scheduler {cluster.address}: worker tcp://127.0.0.1:"), done.stderr
    assert " runs other code than this machine: claimtrail's code (sha256 of its source) is " in lines[0]
    assert lines[1].startswith("  fix: install the same claimtrail and the same dependency versions")
    assert not (root / "build").exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("victim", "message"),
    [
        ("worker", "the cluster has had no worker for 3 s and "),
        ("scheduler", "the connection to the scheduler was lost mid-build"),
    ],
)
def test_a_cluster_lost_mid_build_stops_the_build_with_one_message(
    victim: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The only worker (no nanny) or the scheduler is killed mid-build: exit 69, the previous build unchanged."""
    import dask
    from distributed import Client

    root = tmp_path / "repo"
    generate_corpus(root, 2 * BATCH, seed=6, template_root=REPO_ROOT)
    build(root, options=BuildOptions(site=False, executor="serial"))
    before = tree_digest(root)
    monkeypatch.setattr(cluster_module, "NO_WORKERS_S", 3.0)
    monkeypatch.setattr(cluster_module, "POLL_S", 0.5)
    lone = start_cluster(tmp_path / "dask", 1, nanny=False)
    process = lone.procs[1 if victim == "worker" else 0].popen
    killed: list[str] = []
    finished = threading.Event()

    def kill_when_busy() -> None:
        with Client(lone.address, set_as_default=False, timeout=30) as client:
            while not finished.is_set():
                busy = [addr for addr, keys in client.processing().items() if keys]
                if busy:
                    process.kill()
                    killed.append(busy[0])
                    return
                time.sleep(0.05)

    killer = threading.Thread(target=kill_when_busy)
    try:
        killer.start()
        with dask.config.set({"distributed.comm.timeouts.connect": "3s"}):  # how long the client tries to reconnect
            code = cli.main(["build", "--root", str(root), "--no-site", "--executor", "dask", "--scheduler",
                             lone.address, "--no-cache"])  # fmt: skip
    finally:
        finished.set()
        killer.join(timeout=60)
        lone.stop()
    err = capsys.readouterr().err
    assert killed, f"the {victim} was never killed: the worker never ran a batch"
    assert code == EXIT_UNAVAILABLE, err
    assert f"error: --scheduler {lone.address}: {message}" in err
    assert "internal error" not in err and err.count("error:") == 1, err
    assert tree_digest(root) == before
