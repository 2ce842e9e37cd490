"""Per-article work: the same outputs from every executor (serial, processes, a Dask cluster), and the cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimtrail import cli
from claimtrail.cache.versions import task_key, work_version
from claimtrail.devtools.corpus import generate_corpus
from claimtrail.errors import ClaimtrailError
from claimtrail.layout import CACHE_DIR, CACHE_ROOT
from claimtrail.runner import BuildOptions, build
from claimtrail.runner.executors import MIN_PARALLEL, make_task
from helpers import REPO_ROOT, output_files

pytestmark = pytest.mark.integration

N_ARTICLES = MIN_PARALLEL + 20  # enough for the process pool to be used


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("executors") / "template"
    generate_corpus(root, N_ARTICLES, seed=3, template_root=REPO_ROOT)
    return root


def _copy(src: Path, dest: Path) -> Path:
    import shutil

    shutil.copytree(src, dest)
    return dest


@pytest.fixture(scope="module")
def serial_outputs(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = _copy(corpus, tmp_path_factory.mktemp("serial") / "repo")
    build(root, options=BuildOptions(site=False, executor="serial", cache=False))
    return output_files(root)


def test_process_pool_gives_the_same_package(corpus: Path, tmp_path: Path, serial_outputs: dict[str, bytes]) -> None:
    root = _copy(corpus, tmp_path / "repo")
    result = build(root, options=BuildOptions(site=False, executor="process", workers=2, cache=False))
    assert result.cache_misses == N_ARTICLES
    assert output_files(root) == serial_outputs


def test_dask_cluster_gives_the_same_package(corpus: Path, tmp_path: Path, serial_outputs: dict[str, bytes]) -> None:
    from dask.distributed import LocalCluster

    root = _copy(corpus, tmp_path / "repo")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        build(root, options=BuildOptions(site=False, executor="dask", scheduler=cluster.scheduler_address, cache=False))
    assert output_files(root) == serial_outputs


def test_dask_needs_a_scheduler(corpus: Path, tmp_path: Path) -> None:
    root = _copy(corpus, tmp_path / "repo")
    with pytest.raises(ClaimtrailError, match="--scheduler") as caught:
        build(root, options=BuildOptions(site=False, executor="dask", cache=False))
    assert caught.value.file == "--executor dask" and "--scheduler tcp://" in caught.value.fix
    assert not (root / "build").exists() and not (root / CACHE_ROOT).exists()  # refused before any work


def test_dask_without_a_scheduler_is_an_input_error_with_a_fix(capsys: pytest.CaptureFixture[str]) -> None:
    """Exit 2 and a fix line, not exit 70 ("internal error ... this is a bug")."""
    assert cli.main(["build", "--root", str(REPO_ROOT), "--executor", "dask"]) == 2
    err = capsys.readouterr().err
    assert "error: --executor dask: the dask executor needs the address of a running Dask scheduler" in err
    assert "fix: pass --scheduler ADDRESS" in err and "internal error" not in err


def test_cache_reuses_unchanged_articles_and_recomputes_a_changed_one(
    corpus: Path, tmp_path: Path, serial_outputs: dict[str, bytes]
) -> None:
    from claimtrail.devtools.bench import touch_one_article

    root = _copy(corpus, tmp_path / "repo")
    first = build(root, options=BuildOptions(site=False, executor="serial"))
    assert (first.cache_hits, first.cache_misses) == (0, N_ARTICLES)
    assert (root / CACHE_DIR).is_dir()
    again = build(root, options=BuildOptions(site=False, executor="serial"))
    assert (again.cache_hits, again.cache_misses) == (N_ARTICLES, 0)
    assert output_files(root) == serial_outputs  # from the cache, byte for byte the same
    touch_one_article(root)
    changed = build(root, options=BuildOptions(site=False, executor="serial"))
    assert (changed.cache_hits, changed.cache_misses) == (N_ARTICLES - 1, 1)


def test_a_damaged_cache_entry_is_recomputed(corpus: Path, tmp_path: Path, serial_outputs: dict[str, bytes]) -> None:
    root = _copy(corpus, tmp_path / "repo")
    build(root, options=BuildOptions(site=False, executor="serial"))
    for store, pattern in (("rows", "*.bundle"), ("parsed", "*.json"), ("articles", "*.json")):
        entries = sorted((root / CACHE_ROOT / store).rglob(pattern))
        assert len(entries) >= 5, store
        for entry in entries[:5]:
            entry.write_bytes(b'{"csv": {"claims": "x,y')
    result = build(root, options=BuildOptions(site=False, executor="serial"))
    assert result.cache_misses == 5
    assert output_files(root) == serial_outputs
    # Without the rows, every article's work comes from its store, damaged entries recomputed.
    shutil.rmtree(root / CACHE_ROOT / "rows")
    for entry in sorted((root / CACHE_DIR).rglob("*.json"))[:5]:
        entry.write_bytes(b'{"findings": [[1, 2')
    result = build(root, options=BuildOptions(site=False, executor="serial"))
    assert result.cache_misses == N_ARTICLES
    assert output_files(root) == serial_outputs


def test_cache_key_covers_text_date_code_and_dependencies(monkeypatch: pytest.MonkeyPatch) -> None:
    base = task_key("At least 5 people were killed.", "2016-05-23")
    assert task_key("At least 6 people were killed.", "2016-05-23") != base
    assert task_key("At least 5 people were killed.", "2016-05-24") != base
    assert "pysbd==" in work_version() and "text2num==" in work_version()
    import claimtrail.cache.versions as work

    monkeypatch.setattr(work, "work_version", lambda: "another code version")
    assert work.task_key("At least 5 people were killed.", "2016-05-23") != base
    assert make_task("x", "").key == work.task_key("x", "")


def test_large_tables_are_also_written_as_partitioned_parquet_that_duckdb_reads(
    built_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import duckdb

    import claimtrail.query as query
    import claimtrail.query.parquet as parquet

    monkeypatch.setattr(parquet, "PARTITION_ROWS", 50)  # the seed's claims (122 rows) count as large
    query.write_database(tmp_path / "x.duckdb", built_root / "build" / "data")
    query.write_parquet(tmp_path / "x.duckdb", tmp_path / "parquet")
    con = duckdb.connect()
    single = con.execute(
        f"SELECT * FROM read_parquet('{tmp_path}/parquet/claims.parquet') ORDER BY claim_id"
    ).fetchall()
    parts = con.execute(
        f"SELECT * EXCLUDE (bucket) FROM read_parquet('{tmp_path}/parquet/claims/*/*.parquet', hive_partitioning = true) ORDER BY claim_id"
    ).fetchall()
    assert parts == single and len(single) > 50
    buckets = sorted(p.name for p in (tmp_path / "parquet" / "claims").iterdir())
    assert len(buckets) > 1 and all(b.startswith("bucket=") for b in buckets)
    assert not (tmp_path / "parquet" / "event_places").exists()  # small tables stay single files
