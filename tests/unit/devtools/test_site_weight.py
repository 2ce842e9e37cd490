"""The bench's site weight: which pages are article pages, and the site extrapolated to 10,000 articles."""

from __future__ import annotations

import zipfile
from pathlib import Path

from claimtrail.devtools.bench_targets import site_at, targets
from claimtrail.devtools.site_weight import downloads_once, shared_chrome, site_weight


def _write(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)


def test_article_pages_are_the_source_pages_not_the_index_pages(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _write(site / "sources" / "a.html", 20_000)
    _write(site / "sources" / "b-2.html", 40_000)
    _write(site / "sources" / "index.html", 900_000)  # the index's pages are not article pages
    _write(site / "sources" / "2.html", 800_000)
    _write(site / "events" / "e.html", 5_000)
    _write(site / "assets" / "main.css", 100_000)
    _write(site / "index.html", 1_000)
    weight = site_weight(site)
    assert (weight["article_pages"], weight["article_page_bytes"]) == (2, 60_000)
    assert weight["bytes"] == 1_866_000 and weight["fixed_bytes"] == 100_000
    assert weight["by_dir"]["sources"] == 1_760_000 and weight["by_dir"]["(top)"] == 1_000
    # 2 articles -> 10,000: everything but the assets grows with the corpus
    assert site_at(weight, 2) == 100_000 + 1_766_000 * 5_000


def test_the_targets_say_met_or_missed_and_that_small_runs_are_extrapolated(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _write(site / "sources" / "a.html", 24_000)
    weight = site_weight(site)
    run = {"articles": 1_000, "site_weight": weight}
    lines = {t: (m, ok) for t, m, ok in targets([run])}
    assert lines["average article page <= 25 KB (1,000)"] == ("24.0 KB over 1 pages", True)
    measured, ok = lines["site <= 300 MB at 10,000 articles (1,000)"]
    assert ok is True and "extrapolated from 1,000 articles" in measured
    _write(site / "sources" / "b.html", 40_000_000)
    heavy = {t: ok for t, _, ok in targets([{"articles": 1_000, "site_weight": site_weight(site)}])}
    assert heavy["average article page <= 25 KB (1,000)"] is False
    assert heavy["site <= 300 MB at 10,000 articles (1,000)"] is False


def _downloads(site: Path, loose: dict[str, bytes], in_zip: dict[str, bytes]) -> None:
    folder = site / "downloads"
    folder.mkdir(parents=True)
    for name, data in loose.items():
        (folder / name).write_bytes(data)
    with zipfile.ZipFile(folder / "pkg-1.0.zip", "w") as zf:
        for name, data in in_zip.items():
            zf.writestr(f"pkg-1.0/{name}", data)


def test_downloads_stored_once_and_the_copies_that_are_not(tmp_path: Path) -> None:
    zipped = {"data/claims.csv": b"a,b\n", "datapackage.json": b"{}", "CITATION.cff": b"cff"}
    _downloads(tmp_path / "ok", {"claims.parquet": b"PAR1", "CITATION.cff": b"cff"}, zipped)
    assert downloads_once(tmp_path / "ok") == {"files": 3, "loose_copies": [], "same_bytes": []}
    _downloads(tmp_path / "twice", {"claims.csv": b"a,b\n", "x.parquet": b"P", "y.parquet": b"P"}, zipped)
    found = downloads_once(tmp_path / "twice")
    assert found["loose_copies"] == ["claims.csv"] and found["same_bytes"] == ["x.parquet", "y.parquet"]
    line = {t: ok for t, _, ok in targets([{"articles": 10, "downloads_once": found}])}
    assert line["downloads are stored once (10)"] is False


def _page(site: Path, name: str, head: str) -> None:
    page = site / "sources" / name
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(
        f'<html><head>{head}<script id="__config" type="application/json">{{"a": 1}}</script></head>'
        '<body><nav>N</nav><article class="md-content__inner md-typeset"><p>words</p></article></body></html>',
        encoding="utf-8",
    )


def test_shared_chrome_counts_inline_code_and_unhashed_assets(tmp_path: Path) -> None:
    shared = '<link rel="stylesheet" href="../assets/main.57a0d79d.min.css"><script src="../assets/s.0eb10c249d.js"></script>'
    _page(tmp_path / "ok", "a.html", shared)
    _page(tmp_path / "ok", "index.html", "<style>index pages do not count</style>")
    ok = shared_chrome(tmp_path / "ok")
    assert (ok["pages"], ok["inline_code_bytes"], ok["assets"], ok["unhashed_assets"]) == (1, 0, 2, [])
    _page(
        tmp_path / "bad",
        "a.html",
        shared + '<link rel="icon" href="../assets/images/favicon.png"><script>go()</script>',
    )
    bad = shared_chrome(tmp_path / "bad")
    assert bad["inline_code_bytes"] == len("go()") and bad["unhashed_assets"] == ["assets/images/favicon.png"]
    lines = {t: ok for t, _, ok in targets([{"articles": 10, "shared_chrome": bad}])}
    assert lines["assets shared and cacheable (10)"] is False
    assert lines["navigation and chrome shared, not repeated (10)"] is False


def test_the_cluster_target_says_how_to_run_it_or_what_it_took() -> None:
    name = "a real Dask cluster builds the corpus (byte for byte: tests/integration/test_dask_cluster.py)"
    local = {t: (m, ok) for t, m, ok in targets([{"articles": 1_000, "executor": "process", "total_seconds": 9.0}])}
    assert local[name][0].startswith("not run") and "--executor dask --scheduler" in local[name][0]
    dask = {t: (m, ok) for t, m, ok in targets([{"articles": 1_000, "executor": "dask", "total_seconds": 9.0}])}
    assert dask[name] == ("1,000 articles in 9.0 s", None)
