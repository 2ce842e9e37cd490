"""What lets a build hold no table and no corpus-wide work whole: TableFiles, HeldWork, the lazy process map."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from claimtrail.cache.work import WorkCache
from claimtrail.extract import work_of_article
from claimtrail.package import ArticleBundle, csv_header
from claimtrail.raw.record import Article
from claimtrail.runner.articles import HeldWork
from claimtrail.runner.executors import map_processes
from claimtrail.runner.table_files import TableFiles
from claimtrail.schema import table

TEXT = "At least 12 people were killed in a blast in Mosul on Monday, police said. Another 30 were wounded."
PUBLISHED = "2017-03-06"


def _bundle(lines: dict[str, bytes]) -> ArticleBundle:
    return ArticleBundle(key="k", csv=dict(lines), n_rows={}, source={}, linked=[], counts={})


def test_table_files_write_header_then_each_bundle_in_order_and_hash_what_they_wrote(tmp_path: Path) -> None:
    with TableFiles(tmp_path / "data", ("claims", "figures")) as files:
        first = _bundle({"claims": b"a,1\n", "figures": b"f,1\n"})
        files.add(first)
        files.add(_bundle({"claims": b"b,2\nc,3\n"}))  # an article without figures
        written = files.close()
    assert first.csv == {}  # let go of once written
    for name, body in (("claims", b"a,1\nb,2\nc,3\n"), ("figures", b"f,1\n")):
        data = (tmp_path / "data" / f"{name}.csv").read_bytes()
        assert data == csv_header(table(name)).encode("utf-8") + body
        assert written[name].size == len(data)
        assert written[name].sha256 == hashlib.sha256(data).hexdigest()


def test_a_failed_write_names_its_file(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.fail("this test needs /dev/full (Linux) to make a write fail")
    data = tmp_path / "data"
    data.mkdir()
    os.symlink("/dev/full", data / "claims.csv")
    with pytest.raises(OSError) as caught, TableFiles(data, ("claims",)) as files:
        files.add(_bundle({"claims": b"x" * (2 << 20)}))  # past the buffer: written now
        files.close()
    assert caught.value.filename == str(data / "claims.csv")


def _article(char_start: int) -> Article:
    return Article(
        source_id="s1",
        raw_path="raw/x.txt",
        index=1,
        char_start=char_start,
        char_end=char_start + len(TEXT),
        body_start=char_start,
        body_end=char_start + len(TEXT),
        title="t",
        publisher="p",
        publisher_basis="given",
        dateline="",
        published=PUBLISHED,
        published_precision="day",
        published_basis="given",
        published_note="",
        url="",
        kind="plain",
    )


@pytest.mark.parametrize("with_cache", [True, False])
def test_held_work_gives_back_the_work_shifted_into_the_raw_file(tmp_path: Path, with_cache: bool) -> None:
    cache = WorkCache(tmp_path / "cache" if with_cache else None)
    work = work_of_article(TEXT, PUBLISHED)
    assert work.findings, "the scenario needs findings to compare"
    held = HeldWork(cache)
    article = _article(char_start=100)
    cache.put("key", work)
    held.put(article, "key", work)
    assert "s1" in held
    assert held.pop(article, TEXT, PUBLISHED) == work.shifted(100)
    assert "s1" not in held


def test_held_work_lost_from_the_cache_is_computed_again(tmp_path: Path) -> None:
    cache = WorkCache(tmp_path / "cache")
    work = work_of_article(TEXT, PUBLISHED)
    held = HeldWork(cache)
    article = _article(char_start=0)
    held.put(article, "never-stored", work)  # as if the cache was deleted since
    assert held.pop(article, TEXT, PUBLISHED) == work


def _square(x: int) -> int:
    return x * x


def test_the_process_map_yields_in_item_order_as_results_come() -> None:
    items = list(range(100))
    results = map_processes(_square, items, workers=2)
    assert not isinstance(results, list)  # a generator: the caller can let go of each result
    assert list(results) == [x * x for x in items]
