"""The bench's site weight: which pages are article pages, and the site extrapolated to 10,000 articles."""

from __future__ import annotations

from pathlib import Path

from claimtrail.devtools.bench import site_weight
from claimtrail.devtools.bench_targets import site_at, targets


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
