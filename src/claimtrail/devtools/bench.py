"""`claimtrail bench`: build a generated corpus end to end and measure every stage.

For each stage (parse, extract, mentions, link, tables, validate, duckdb, render,
mkdocs, search, commit) it reports wall time, peak memory (resident set of this process and
its worker processes, sampled every 20 ms) and throughput; it times plain
Frictionless validation of the same package as the baseline of the validation
stage, and a rebuild after one article changed.  Validation runs in a worker
thread beside the duckdb and render stages, so its seconds overlap theirs and
the stages can add up to more than the total.  Targets are printed next to
the figures; they are the benchmark's business, never the tests'.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..layout import BUILD_DIR, DATA_DIR, DESCRIPTOR, RAW_DIR, SITE_DIR
from ..runner import BuildOptions, build
from .bench_targets import mark, targets
from .corpus.files import TruthFigure
from .site_weight import downloads_once, shared_chrome, site_weight

# "commit" is the manifest (hashes of every input and output) and the swap of build/ into place.
STAGES = (
    "parse",
    "extract",
    "link",
    "tables",
    "validate",
    "duckdb",
    "render",
    "mkdocs",
    "search",
    "commit",
)


PAGE_SIZE_LIMIT = 2 * 1024 * 1024


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as fh:
                out.extend(int(c) for c in fh.read().split())
    except OSError:
        pass
    return out


def tree_rss_mb() -> float:
    """Resident memory of this process and all its descendants, in MiB."""
    total, todo, seen = 0, [os.getpid()], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _rss_kb(pid)
        todo.extend(_children(pid))
    return total / 1024


class MemorySampler:
    """Samples tree_rss_mb() in a thread; `peak` since the last reset, `overall` since start."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.peak = 0.0
        self.overall = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = tree_rss_mb()
            self.peak = max(self.peak, rss)
            self.overall = max(self.overall, rss)
            self._stop.wait(self.interval)

    def reset(self) -> None:
        self.peak = tree_rss_mb()

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class StageTimes:
    sampler: MemorySampler
    seconds: dict[str, float] = field(default_factory=dict)
    peak_mb: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds of work inside a stage's tasks

    def measure(self, name: str, seconds: float) -> None:
        self.cpu[name] = self.cpu.get(name, 0.0) + seconds

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.sampler.reset()
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start
            self.sampler.peak = max(self.sampler.peak, tree_rss_mb())
            self.peak_mb[name] = max(self.peak_mb.get(name, 0.0), self.sampler.peak)


def _largest_page(site: Path) -> tuple[str, int]:
    pages = [(p.relative_to(site).as_posix(), p.stat().st_size) for p in site.rglob("*.html")]
    return max(pages, key=lambda x: x[1]) if pages else ("", 0)


def touch_one_article(root: Path) -> str:
    """Change one single-article file of a generated corpus (and its sidecar) as a curator would."""
    from ..hashing import sha256_hex
    from ..raw.files import SIDECAR_SUFFIX

    target = sorted(p for p in (root / RAW_DIR).glob("*.md"))[0]
    data = target.read_bytes() + b"\nOfficials said at least 3 more people were killed on Tuesday.\n"
    target.write_bytes(data)
    sidecar = target.with_name(target.name + SIDECAR_SUFFIX)
    lines = []
    for line in sidecar.read_text(encoding="utf-8").splitlines():
        if line.startswith("sha256:"):
            line = f"sha256: {sha256_hex(data)}"
        elif line.startswith("bytes:"):
            line = f"bytes: {len(data)}"
        lines.append(line)
    sidecar.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target.name


def run_bench(
    n_articles: int,
    *,
    seed: int = 0,
    template_root: Path,
    executor: str = "process",
    scheduler: str | None = None,
    site: bool = True,
    rebuild: bool = True,
    baseline: bool = True,
    work_dir: Path | None = None,
) -> dict[str, Any]:
    """Generate, build (timing every stage), time Frictionless on the same package, rebuild after one change."""
    from .corpus import generate_corpus

    tmp = Path(tempfile.mkdtemp(prefix=f"claimtrail-bench-{n_articles}-", dir=work_dir))
    try:
        root = tmp / "repo"
        started = time.perf_counter()
        corpus = generate_corpus(root, n_articles, seed=seed, template_root=template_root)
        generate_seconds = time.perf_counter() - started
        with MemorySampler() as sampler:
            times = StageTimes(sampler)
            options = BuildOptions(
                site=site,
                executor=executor,
                scheduler=scheduler,
                validator="duckdb",
                stage=times.stage,
                measure=times.measure,
                keep_tables=False,
            )
            started = time.perf_counter()
            result = build(root, options=options)
            total = time.perf_counter() - started
            overall_peak = sampler.overall
        rows = sum(result.counts().values())
        stage_seconds = times.seconds
        out: dict[str, Any] = {
            "articles": n_articles,
            "files": corpus.n_files,
            "raw_bytes": corpus.n_bytes,
            "rows": rows,
            "executor": executor,
            "cpu_count": os.cpu_count(),
            "generate_seconds": round(generate_seconds, 3),
            "total_seconds": round(total, 3),
            "peak_memory_mb": round(overall_peak, 1),
            "seconds_per_article": round(total / n_articles, 6),
            "stages": _stage_figures(times, n_articles),
            "linking": linking_accuracy(root / DATA_DIR / "figures.csv", corpus.figures),
            # event linking's own cost: the link stage, and the event mentions found inside the extract stage's
            # tasks (their CPU seconds over the cores that ran them, as those run in parallel)
            "mentions_cpu_seconds": round(times.cpu.get("mentions", 0.0), 3),
            "linking_seconds": round(
                stage_seconds.get("link", 0.0) + times.cpu.get("mentions", 0.0) / _parallel(executor), 3
            ),
            "floor_seconds": round(io_floor(root), 3),
            "pages": result.pages,
        }
        if site:
            page, size = _largest_page(root / SITE_DIR)
            out["largest_page"] = {"path": page, "bytes": size, "under_2_mib": size <= PAGE_SIZE_LIMIT}
            out["site_weight"] = site_weight(root / SITE_DIR)
            out["downloads_once"] = downloads_once(root / SITE_DIR)
            out["shared_chrome"] = shared_chrome(root / SITE_DIR)
            out["site_bytes"] = out["site_weight"]["bytes"]
        out.update(_validation_figures(root / DESCRIPTOR, baseline))
        if rebuild:
            again = BuildOptions(
                site=site, executor=executor, scheduler=scheduler, validator="duckdb", keep_tables=False
            )
            out["rebuild_after_one_change"] = _rebuild_figures(root, again, total)
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _parallel(executor: str) -> int:
    """How many cores run the per-article tasks: every core for the process pool, one in series."""
    return (os.cpu_count() or 1) if executor == "process" else 1


def io_floor(root: Path) -> float:
    """Seconds to read every input byte and write every output byte with no processing: the build's floor.

    Inputs are the files under raw/; outputs are build/ and the descriptor, each read first (untimed) and
    written once to a scratch folder, then removed.
    """
    inputs = sorted(p for p in (root / RAW_DIR).rglob("*") if p.is_file())
    outputs = [*sorted(p for p in (root / BUILD_DIR).rglob("*") if p.is_file()), root / DESCRIPTOR]
    scratch = Path(tempfile.mkdtemp(prefix="claimtrail-floor-", dir=root.parent))
    try:
        seconds = 0.0
        started = time.perf_counter()
        for p in inputs:
            p.read_bytes()
        seconds += time.perf_counter() - started
        for n, p in enumerate(outputs):
            data = p.read_bytes()
            started = time.perf_counter()
            (scratch / str(n)).write_bytes(data)
            seconds += time.perf_counter() - started
        return seconds
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def linking_accuracy(figures_csv: Path, truth: Sequence[TruthFigure]) -> dict[str, Any]:
    """B-cubed precision and recall of the events of the casualty figures the generator wrote (known truth).

    A written figure is matched to the built figure of its raw file whose
    offsets overlap its own (the nearest start when several do); one with no
    built figure, or whose figure has no event, is unlinked (a singleton for
    B-cubed: it costs recall, never precision).
    """
    import csv
    from collections import defaultdict

    from .link_scoring import bcubed

    built: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    with figures_csv.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            built[row["raw_path"]].append((int(row["char_start"]), int(row["char_end"]), row["event_id"]))
    gold: list[str] = []
    predicted: list[str | None] = []
    found = 0
    for t in truth:
        hits = [b for b in built.get(t.raw_path, ()) if b[0] < t.char_end and t.char_start < b[1]]
        hit = min(hits, key=lambda b: (abs(b[0] - t.char_start), b[0])) if hits else None
        found += hit is not None
        gold.append(t.event)
        predicted.append(hit[2] or None if hit is not None else None)
    precision, recall = bcubed(gold, predicted) if gold else (0.0, 0.0)
    return {
        "figures": len(gold),
        "extracted": found,
        "events": len(set(gold)),
        "bcubed_precision": round(precision, 3),
        "bcubed_recall": round(recall, 3),
        "unlinked_share": round(sum(p is None for p in predicted) / len(gold), 3) if gold else 0.0,
    }


def _stage_figures(times: StageTimes, n_articles: int) -> dict[str, dict[str, Any]]:
    """Seconds, peak memory and articles per second of every stage that ran, in pipeline order."""
    return {
        name: {
            "seconds": round(times.seconds.get(name, 0.0), 3),
            "peak_memory_mb": round(times.peak_mb.get(name, 0.0), 1),
            "articles_per_second": round(n_articles / times.seconds[name], 1) if times.seconds.get(name) else None,
        }
        for name in STAGES
        if name in times.seconds
    }


def _validation_figures(package: Path, baseline: bool) -> dict[str, Any]:
    """Seconds of the DuckDB twin on the built package, and (with `baseline`) of Frictionless, and whether they agree."""
    import frictionless

    from ..validate.duckdb_twin import validate_package_duckdb

    out: dict[str, Any] = {}
    started = time.perf_counter()
    ours = validate_package_duckdb(package)
    out["duckdb_validate_seconds"] = round(time.perf_counter() - started, 3)
    if baseline:
        started = time.perf_counter()
        report = frictionless.validate(str(package))
        out["frictionless_validate_seconds"] = round(time.perf_counter() - started, 3)
        out["validators_agree"] = bool(report.valid) == (not ours)
        out["validation_speedup"] = round(
            out["frictionless_validate_seconds"] / max(out["duckdb_validate_seconds"], 1e-9), 1
        )
    return out


def _rebuild_figures(root: Path, options: BuildOptions, total: float) -> dict[str, Any]:
    """The rebuild after one article changed: its seconds, against the full build's, and what it recomputed."""
    changed = touch_one_article(root)
    with MemorySampler() as sampler:
        times = StageTimes(sampler)
        started = time.perf_counter()
        again = build(root, options=replace(options, stage=times.stage))
        seconds = time.perf_counter() - started
    return {
        "changed": changed,
        "seconds": round(seconds, 3),
        "stage_seconds": {name: round(times.seconds[name], 3) for name in STAGES if name in times.seconds},
        "fraction_of_full_build": round(seconds / total, 3),
        "articles_recomputed": again.cache_misses,
        "articles_from_cache": again.cache_hits,
    }


def format_report(results: list[dict[str, Any]]) -> str:
    lines = []
    for r in results:
        lines.append(
            f"== {r['articles']:,} articles ({r['files']:,} files, {r['rows']:,} rows, executor {r['executor']}, {r['cpu_count']} cores)"
        )
        lines.append(f"   {'stage':<10} {'seconds':>9} {'peak MiB':>9} {'articles/s':>11}")
        for name, s in r["stages"].items():
            aps = "" if s["articles_per_second"] is None else f"{s['articles_per_second']:,.0f}"
            lines.append(f"   {name:<10} {s['seconds']:>9.2f} {s['peak_memory_mb']:>9.0f} {aps:>11}")
        if "linking" in r:
            lk = r["linking"]
            lines.append(
                f"   linking: B-cubed precision {lk['bcubed_precision']:.3f}, recall {lk['bcubed_recall']:.3f}, "
                f"{lk['unlinked_share']:.1%} of {lk['figures']:,} casualty figures unlinked "
                f"(known truth: {lk['events']:,} events; the extractor found {lk['extracted']:,} of the figures)"
            )
        lines.append(
            f"   {'total':<10} {r['total_seconds']:>9.2f} {r['peak_memory_mb']:>9.0f} {r['articles'] / r['total_seconds']:>11,.0f}"
        )
        if "floor_seconds" in r:
            floor = r["floor_seconds"]
            lines.append(
                f"   floor: {floor:.2f} s to read every input and write every output byte; "
                f"the build takes {r['total_seconds'] / max(floor, 1e-9):.1f}× that"
            )
        if "linking_seconds" in r:
            lines.append(
                f"   event linking: {r['linking_seconds']:.2f} s (the link stage, and event mentions taking "
                f"{r.get('mentions_cpu_seconds', 0.0):.2f} CPU s inside the extract stage's tasks, over the cores)"
            )
        if "frictionless_validate_seconds" in r:
            lines.append(
                f"   validation: duckdb {r['duckdb_validate_seconds']:.2f} s vs frictionless {r['frictionless_validate_seconds']:.2f} s "
                f"({r['validation_speedup']}×), same verdict: {r['validators_agree']}"
            )
        if "rebuild_after_one_change" in r:
            rb = r["rebuild_after_one_change"]
            lines.append(
                f"   rebuild after changing {rb['changed']}: {rb['seconds']:.2f} s ({rb['fraction_of_full_build']:.1%} of full), {rb['articles_recomputed']} article(s) recomputed"
            )
            if rb.get("stage_seconds"):
                spent = ", ".join(f"{name} {sec:.1f} s" for name, sec in rb["stage_seconds"].items())
                lines.append(f"   rebuild by stage: {spent}")
        if "largest_page" in r:
            lines.append(
                f"   site: {r['pages']:,} pages, {r['site_bytes'] / 1e6:.1f} MB, largest page {r['largest_page']['bytes'] / 1024:.0f} KiB"
            )
        if "site_weight" in r:
            parts = ", ".join(f"{d} {b / 1e6:.1f}" for d, b in r["site_weight"]["by_dir"].items() if b >= 10_000)
            lines.append(f"   site MB by directory: {parts}")
    lines.append("targets:")
    for target in targets(results):
        lines.append(f"   [{mark(target)}] {target[0]}: {target[1]}")
    return "\n".join(lines)


def write_results(path: Path, results: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "results": results,
        "targets": [{"target": t, "measured": m, "met": ok} for t, m, ok in targets(results)],
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
