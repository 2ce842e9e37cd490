"""The scale targets `claimtrail bench` prints, each met, missed or not run, with its figure.

A target needs particular corpus sizes (the memory target compares 5,000 with
20,000 articles); when a size was not run, the line says which command would
run it.  Nothing here is asserted by a test: targets are the benchmark's.
"""

from __future__ import annotations

from typing import Any

#: (target, measured, met): met is None when the sizes it needs were not run, or for a figure shown as information
Target = tuple[str, str, bool | None]

MIB = 1024 * 1024
END_TO_END_SECONDS = 75.0  # at 10,000 articles
MEMORY_GROWTH = 1.15  # peak at 20,000 over peak at 5,000
MEMORY_CAP_MB = 1024.0  # at 20,000
LARGE_SECONDS = 20 * 60.0  # at 100,000
LARGE_MEMORY_MB = 1536.0
REBUILD_SECONDS = 3.0  # one article changed, at 10,000
STAGE_GROWTH = 0.10  # seconds per article of any stage, 20,000 against 1,000
LINKING_SHARE = 0.15  # of the full build at 10,000: event mentions and linking
LINKING_PRECISION, LINKING_RECALL = 0.95, 0.85  # B-cubed, against the generator's known truth
ARTICLE_PAGE_TARGET = 25_000  # bytes: the average page of one article (sources/ID.html)
SITE_TARGET = 300_000_000  # bytes: the whole site at SITE_TARGET_ARTICLES articles
SITE_TARGET_ARTICLES = 10_000
STAGE_FLOOR_SECONDS = 0.5  # a stage under this at both sizes is too short to compare per article


def _not_run(target: str, *sizes: int) -> Target:
    command = "claimtrail bench " + " ".join(f"--articles {n}" for n in sizes)
    return (target, f"not run (needs {', '.join(f'{n:,}' for n in sizes)}: {command})", None)


def _end_to_end(by_n: dict[int, dict[str, Any]]) -> list[Target]:
    name = f"10,000 articles end to end < {END_TO_END_SECONDS:.0f} s"
    if 10_000 not in by_n:
        return [_not_run(name, 10_000)]
    r = by_n[10_000]
    measured = f"{r['total_seconds']:.1f} s"
    if "floor_seconds" in r:
        measured += (
            f" ({r['total_seconds'] / max(r['floor_seconds'], 1e-9):.1f}× the I/O floor of {r['floor_seconds']:.1f} s)"
        )
    return [(name, measured, r["total_seconds"] < END_TO_END_SECONDS)]


def _memory(by_n: dict[int, dict[str, Any]]) -> list[Target]:
    name = f"peak memory at 20,000 ≤ {MEMORY_GROWTH}× the peak at 5,000, and < 1 GiB"
    if 5_000 not in by_n or 20_000 not in by_n:
        return [_not_run(name, 5_000, 20_000)]
    small, large = by_n[5_000]["peak_memory_mb"], by_n[20_000]["peak_memory_mb"]
    ok = large <= small * MEMORY_GROWTH and large < MEMORY_CAP_MB
    return [(name, f"{large:.0f} MiB vs {small:.0f} MiB ({large / small:.2f}×)", ok)]


def _large(by_n: dict[int, dict[str, Any]]) -> list[Target]:
    name = "100,000 articles end to end < 20 min within 1.5 GiB"
    if 100_000 not in by_n:
        return [_not_run(name, 100_000)]
    r = by_n[100_000]
    ok = r["total_seconds"] < LARGE_SECONDS and r["peak_memory_mb"] < LARGE_MEMORY_MB
    return [(name, f"{r['total_seconds'] / 60:.1f} min, {r['peak_memory_mb']:.0f} MiB", ok)]


def _rebuild(by_n: dict[int, dict[str, Any]]) -> list[Target]:
    out: list[Target] = []
    for n, r in sorted(by_n.items()):
        if "rebuild_after_one_change" in r:
            s = r["rebuild_after_one_change"]["seconds"]
            name = f"rebuild after one article changed < {REBUILD_SECONDS:.0f} s ({n:,})"
            out.append((name, f"{s:.2f} s", s < REBUILD_SECONDS if n == 10_000 else None))
    if 10_000 not in by_n:
        out.append(_not_run(f"rebuild after one article changed < {REBUILD_SECONDS:.0f} s (10,000)", 10_000))
    return out


def _flat_cost(by_n: dict[int, dict[str, Any]]) -> list[Target]:
    name = f"no stage's time per article grows by more than {STAGE_GROWTH:.0%} from 1,000 to 20,000"
    if 1_000 not in by_n or 20_000 not in by_n:
        return [_not_run(name, 1_000, 20_000)]
    small, large = by_n[1_000]["stages"], by_n[20_000]["stages"]
    growth: dict[str, float] = {}
    for stage in small:
        a, b = small[stage]["seconds"], large.get(stage, {}).get("seconds", 0.0)
        if a >= STAGE_FLOOR_SECONDS or b >= STAGE_FLOOR_SECONDS * 20:
            growth[stage] = (b / 20_000) / max(a / 1_000, 1e-9) - 1
    worst = max(growth, key=lambda s: growth[s]) if growth else ""
    measured = ", ".join(f"{s} {g:+.0%}" for s, g in growth.items()) or "no stage long enough to compare"
    return [
        (name, f"worst {worst}: {measured}" if worst else measured, all(g <= STAGE_GROWTH for g in growth.values()))
    ]


def _linking(by_n: dict[int, dict[str, Any]]) -> list[Target]:
    out: list[Target] = []
    for n, r in sorted(by_n.items()):
        if "linking_seconds" in r:
            share = r["linking_seconds"] / max(r["total_seconds"] - r["linking_seconds"], 1e-9)
            name = f"event linking adds ≤ {LINKING_SHARE:.0%} to the build ({n:,})"
            out.append(
                (name, f"{r['linking_seconds']:.1f} s, +{share:.1%}", share <= LINKING_SHARE if n == 10_000 else None)
            )
    return out


def _linking_accuracy(by_n: dict[int, dict[str, Any]]) -> list[Target]:
    out: list[Target] = []
    for n, r in sorted(by_n.items()):
        lk = r.get("linking", {})
        if lk.get("figures"):
            name = f"linking against known truth: B-cubed precision ≥ {LINKING_PRECISION}, recall ≥ {LINKING_RECALL} ({n:,})"
            measured = (
                f"P {lk['bcubed_precision']:.3f}, R {lk['bcubed_recall']:.3f}, {lk['unlinked_share']:.1%} unlinked"
            )
            out.append(
                (name, measured, lk["bcubed_precision"] >= LINKING_PRECISION and lk["bcubed_recall"] >= LINKING_RECALL)
            )
    return out


def _cluster(by_n: dict[int, dict[str, Any]]) -> list[Target]:
    """A build through a real Dask cluster: its time when the bench ran on one, else how to run it."""
    name = "a real Dask cluster builds the corpus (byte for byte: tests/integration/test_dask_cluster.py)"
    runs = [(n, r) for n, r in sorted(by_n.items()) if r.get("executor") == "dask"]
    if not runs:
        return [
            (
                name,
                "not run (needs a cluster: claimtrail bench --articles 1000 --executor dask --scheduler tcp://HOST:8786)",
                None,
            )
        ]
    return [(name, ", ".join(f"{n:,} articles in {r['total_seconds']:.1f} s" for n, r in runs), None)]


def _site(by_n: dict[int, dict[str, Any]]) -> list[Target]:
    out: list[Target] = []
    for n, r in sorted(by_n.items()):
        if "largest_page" in r:
            lp = r["largest_page"]
            out.append(
                (
                    f"no page over 2 MB ({n:,})",
                    f"largest {lp['bytes'] / 1024:.0f} KiB ({lp['path']})",
                    lp["under_2_mib"],
                )
            )
        if "site_weight" in r:
            out.extend(_site_targets(n, r["site_weight"]))
        if "downloads_once" in r:
            out.append(_downloads_target(n, r["downloads_once"]))
        if "shared_chrome" in r:
            out.extend(_chrome_targets(n, r["shared_chrome"]))
    return out


def _downloads_target(n: int, d: dict[str, Any]) -> Target:
    repeats = [*d["loose_copies"], *d["same_bytes"]]
    measured = f"{d['files']} files, " + (
        "none repeats another's bytes or a file of the zip"
        if not repeats
        else f"stored twice: {', '.join(sorted(set(repeats))[:5])}"
    )
    return (f"downloads are stored once ({n:,})", measured, not repeats)


def _chrome_targets(n: int, c: dict[str, Any]) -> list[Target]:
    inline = c["inline_code_bytes"]
    unhashed = c["unhashed_assets"]
    return [
        (
            f"navigation and chrome shared, not repeated ({n:,})",
            f"{c['chrome_bytes'] / 1000:.1f} KB of markup around each article page's own words; "
            f"{inline} bytes of inline script or style (icons, scripts, styles in shared files); "
            "the navigation's markup is on every page",
            None if inline == 0 else False,  # shared files, yet the markup repeats: a figure, not a pass
        ),
        (
            f"assets shared and cacheable ({n:,})",
            f"{c['assets']} shared files linked from the article pages, "
            + ("every one named by its content hash" if not unhashed else f"not hashed: {', '.join(unhashed[:4])}"),
            not unhashed,
        ),
    ]


def site_at(weight: dict[str, Any], n_articles: int, target_articles: int = SITE_TARGET_ARTICLES) -> float:
    """The site's bytes at `target_articles`, extrapolated linearly from `n_articles` (the fixed assets once)."""
    fixed = int(weight["fixed_bytes"])
    return fixed + (int(weight["bytes"]) - fixed) * target_articles / n_articles


def _site_targets(n: int, weight: dict[str, Any]) -> list[Target]:
    """The site-weight targets: the average article page, and the whole site at 10,000 articles."""
    out: list[Target] = []
    if weight["article_pages"]:
        average = weight["article_page_bytes"] / weight["article_pages"]
        out.append(
            (
                f"average article page <= {ARTICLE_PAGE_TARGET / 1000:.0f} KB ({n:,})",
                f"{average / 1000:.1f} KB over {weight['article_pages']:,} pages",
                average <= ARTICLE_PAGE_TARGET,
            )
        )
    at_target = site_at(weight, n)
    how = "measured" if n == SITE_TARGET_ARTICLES else f"extrapolated from {n:,} articles, assets once"
    out.append(
        (
            f"site <= {SITE_TARGET / 1e6:.0f} MB at {SITE_TARGET_ARTICLES:,} articles ({n:,})",
            f"{at_target / 1e6:.0f} MB ({how})",
            at_target <= SITE_TARGET,
        )
    )
    return out


def targets(results: list[dict[str, Any]]) -> list[Target]:
    """(target, measured, met) for every scale target, from whatever sizes were run."""
    by_n = {r["articles"]: r for r in results}
    return [
        *_end_to_end(by_n),
        *_memory(by_n),
        *_large(by_n),
        *_rebuild(by_n),
        *_flat_cost(by_n),
        *_linking(by_n),
        *_linking_accuracy(by_n),
        *_cluster(by_n),
        *_site(by_n),
    ]


def mark(target: Target) -> str:
    """The report's word for a target: met, MISSED, info, or not run."""
    _, measured, met = target
    if met is None:
        return "not run" if measured.startswith("not run") else "info"
    return "met" if met else "MISSED"
