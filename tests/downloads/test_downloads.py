"""The downloads as a reader gets them: SHA256SUMS, the zip's one folder, each table stored once per format."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from claimtrail.schema import TABLES
from helpers import venv_tool

pytestmark = pytest.mark.integration


def _downloads(root: Path) -> Path:
    return root / "build" / "site" / "downloads"


def _dataset(root: Path) -> dict[str, object]:
    return dict(yaml.safe_load((root / "raw" / "dataset.yaml").read_text(encoding="utf-8")))


def test_sha256sum_accepts_sha256sums(built_root: Path) -> None:
    sums = (_downloads(built_root) / "SHA256SUMS").read_text(encoding="utf-8")
    names = [line.split("  ", 1)[1] for line in sums.splitlines()]
    assert "claimtrail.duckdb.gz" not in names  # its bytes differ between identical builds
    assert {f"{t.name}.parquet" for t in TABLES} <= set(names)
    assert {"syria-may-2016-0.1.0.zip", "CITATION.cff"} <= set(names)
    done = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=_downloads(built_root), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(": OK") == len(names)


def test_sha256sum_catches_a_changed_file(built_root: Path, tmp_path: Path) -> None:
    for f in _downloads(built_root).iterdir():
        shutil.copyfile(f, tmp_path / f.name)
    (tmp_path / "claims.parquet").write_bytes((tmp_path / "claims.parquet").read_bytes() + b"x")
    done = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert "claims.parquet: FAILED" in done.stdout


def test_zip_has_one_top_folder_and_validates(built_root: Path, tmp_path: Path) -> None:
    dataset = _dataset(built_root)
    top = f"{dataset['name']}-{dataset['version']}"
    with zipfile.ZipFile(_downloads(built_root) / f"{top}.zip") as zf:
        names = zf.namelist()
        zf.extractall(tmp_path)
    assert {n.split("/", 1)[0] for n in names} == {top}
    for required in ("datapackage.json", "README.md", "LICENCE.md", "CITATION.cff"):
        assert f"{top}/{required}" in names
    assert {f"{top}/data/{t.name}.csv" for t in TABLES} <= set(names)
    assert "CC-BY-4.0" in (tmp_path / top / "LICENCE.md").read_text(encoding="utf-8")
    done = subprocess.run(
        [venv_tool("frictionless"), "validate", "datapackage.json"],
        cwd=tmp_path / top,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]


def test_each_table_is_stored_once_per_format(built_root: Path) -> None:
    """CSV only in the zip (beside its descriptor), Parquet once, DuckDB once: no loose copy of the zip's data."""
    downloads = _downloads(built_root)
    offered = sorted(f.name for f in downloads.iterdir() if f.name != "index.html")
    dataset = _dataset(built_root)
    top = f"{dataset['name']}-{dataset['version']}"
    assert not [n for n in offered if n.endswith(".csv") or n == "datapackage.json"]
    assert sorted(n for n in offered if n.endswith(".parquet")) == sorted(f"{t.name}.parquet" for t in TABLES)
    assert [n for n in offered if n.endswith((".zip", ".duckdb", ".gz"))] == ["claimtrail.duckdb.gz", f"{top}.zip"]
    with zipfile.ZipFile(downloads / f"{top}.zip") as zf:
        in_zip = {n.removeprefix(f"{top}/") for n in zf.namelist()}
    # nothing offered loose is in the zip too, but the citation file the cite boxes link to
    assert sorted(set(offered) & {n.rsplit("/", 1)[-1] for n in in_zip}) == ["CITATION.cff"]
    sums = (downloads / "SHA256SUMS").read_text(encoding="utf-8")
    hashes = [line.split("  ", 1)[0] for line in sums.splitlines()]
    assert len(hashes) == len(set(hashes))  # no two downloads are the same bytes


def test_descriptor_has_homepage_and_id_from_dataset_yaml(built_root: Path) -> None:
    dataset = _dataset(built_root)
    desc = json.loads((built_root / "datapackage.json").read_text(encoding="utf-8"))
    assert desc["homepage"] == dataset["homepage"]
    assert desc["id"] == dataset["id"]
    citation = yaml.safe_load((built_root / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["version"] == dataset["version"]
    assert citation["url"] == dataset["homepage"]
    assert citation["cff-version"] == "1.2.0"


def test_sitemap_lists_pages(built_root: Path) -> None:
    sitemap = (built_root / "build" / "site" / "sitemap.xml").read_text(encoding="utf-8")
    homepage = str(_dataset(built_root)["homepage"])
    assert f"<loc>{homepage}</loc>" in sitemap
    assert f"<loc>{homepage}downloads/</loc>" in sitemap


def test_home_page_describes_the_dataset_in_json_ld_with_every_download(built_root: Path) -> None:
    import re

    page = (built_root / "build" / "site" / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.DOTALL)
    assert len(blocks) == 1
    ld = json.loads(blocks[0])
    dataset = _dataset(built_root)
    assert ld["@type"] == "Dataset"
    assert ld["url"] == dataset["homepage"]
    assert ld["version"] == dataset["version"]
    urls = {d["contentUrl"] for d in ld["distribution"]}
    offered = {f.name for f in _downloads(built_root).iterdir() if f.name != "index.html"}
    assert urls == {f"{dataset['homepage']}downloads/{name}" for name in offered}
    assert all(d["@type"] == "DataDownload" and d["encodingFormat"] for d in ld["distribution"])


def test_home_and_event_pages_have_a_cite_box(built_root: Path) -> None:
    site = built_root / "build" / "site"
    dataset = _dataset(built_root)
    for page in [site / "index.html", *sorted((site / "events").glob("*.html"))[:3]]:
        text = page.read_text(encoding="utf-8")
        assert 'id="cite-this"' in text, page
        assert f"Version {dataset['version']}" in text or f"<code>{dataset['version']}</code>" in text
        assert str(dataset["homepage"]) in text
