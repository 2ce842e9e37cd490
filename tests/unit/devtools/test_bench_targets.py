"""The benchmark's targets: each is met, missed or not run, from the sizes that were run."""

from __future__ import annotations

from typing import Any

from claimtrail.devtools.bench_targets import mark, targets


def _result(n: int, seconds: float, peak: float, **extra: Any) -> dict[str, Any]:
    stages = {
        "extract": {"seconds": seconds * 0.5, "peak_memory_mb": peak},
        "render": {"seconds": seconds * 0.3, "peak_memory_mb": peak},
        "commit": {"seconds": 0.01, "peak_memory_mb": peak},
    }
    return {"articles": n, "total_seconds": seconds, "peak_memory_mb": peak, "stages": stages, **extra}


def _by_name(results: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    return {t[0]: (mark(t), t[1]) for t in targets(results)}


def test_every_target_is_printed_as_not_run_with_the_command_that_runs_it() -> None:
    got = _by_name([_result(1_000, 10.0, 300.0)])
    assert len(got) >= 5
    not_run = {name: measured for name, (m, measured) in got.items() if m == "not run"}
    assert any("20 min" in name for name in not_run)
    assert all("claimtrail bench --articles" in measured for measured in not_run.values())


def test_memory_growth_is_met_or_missed_from_5000_and_20000() -> None:
    name = next(n for n in _by_name([]) if n.startswith("peak memory"))
    flat = _by_name([_result(5_000, 40.0, 800.0), _result(20_000, 160.0, 880.0)])
    assert flat[name][0] == "met"
    grows = _by_name([_result(5_000, 40.0, 600.0), _result(20_000, 160.0, 900.0)])
    assert grows[name][0] == "MISSED" and "1.50×" in grows[name][1]
    over_cap = _by_name([_result(5_000, 40.0, 1000.0), _result(20_000, 160.0, 1100.0)])
    assert over_cap[name][0] == "MISSED"


def test_end_to_end_reports_the_multiple_of_the_io_floor() -> None:
    got = _by_name([_result(10_000, 60.0, 900.0, floor_seconds=4.0)])
    name = next(n for n in got if n.startswith("10,000 articles end to end"))
    assert got[name] == ("met", "60.0 s (15.0× the I/O floor of 4.0 s)")
    slow = _by_name([_result(10_000, 90.0, 900.0)])
    assert slow[name][0] == "MISSED"


def test_a_stage_whose_cost_per_article_grows_misses_the_flat_cost_target() -> None:
    small, large = _result(1_000, 10.0, 300.0), _result(20_000, 200.0, 300.0)
    name = next(n for n in _by_name([]) if n.startswith("no stage's time per article"))
    assert _by_name([small, large])[name][0] == "met"
    large["stages"]["render"]["seconds"] = 200.0 * 0.3 * 1.5
    got = _by_name([small, large])[name]
    assert got[0] == "MISSED" and "worst render" in got[1]


def test_linking_share_is_judged_at_10000_only() -> None:
    info = _by_name([_result(1_000, 10.0, 300.0, linking_seconds=5.0)])
    assert [m for n, (m, _) in info.items() if n.startswith("event linking")] == ["info"]
    met = _by_name([_result(10_000, 70.0, 900.0, linking_seconds=7.0)])
    assert [m for n, (m, _) in met.items() if n.startswith("event linking")] == ["met"]
    missed = _by_name([_result(10_000, 70.0, 900.0, linking_seconds=20.0)])
    assert [m for n, (m, _) in missed.items() if n.startswith("event linking")] == ["MISSED"]
