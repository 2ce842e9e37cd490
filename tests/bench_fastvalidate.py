"""Benchmark: frictionless validate vs claimtrail.validate.duckdb_twin on a large generated package.

Not collected by pytest (the file name does not start with test_).  Run by hand:

    .venv/bin/python tests/bench_fastvalidate.py --rows 300000 [--skip-frictionless]

The large package is built in a temporary directory from the repository's
datapackage.json and build/data/*.csv: every row is replicated with new ids
(a suffix on every primary-key and foreign-key string value), so the package
stays valid, and bytes and hash in the descriptor are recomputed.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]


def _key_fields(resource: dict[str, Any]) -> set[str]:
    """String fields of a resource that take part in a primary or foreign key."""
    schema = resource["schema"]
    types = {f["name"]: f.get("type", "any") for f in schema["fields"]}
    pk = schema.get("primaryKey", [])
    names = {pk} if isinstance(pk, str) else set(pk)
    for fk in schema.get("foreignKeys", []):
        fields = fk["fields"]
        names.update([fields] if isinstance(fields, str) else fields)
    return {n for n in names if types.get(n) == "string"}


def _key_fields_referenced(descriptor: dict[str, Any]) -> dict[str, set[str]]:
    out = {r["name"]: _key_fields(r) for r in descriptor["resources"]}
    for r in descriptor["resources"]:
        for fk in r["schema"].get("foreignKeys", []):
            ref = fk["reference"]
            fields = ref["fields"]
            out.setdefault(ref.get("resource") or r["name"], set()).update(
                [fields] if isinstance(fields, str) else fields
            )
    return out


def make_large_package(src_root: Path, dst_root: Path, copies: int) -> int:
    """Write a valid package with `copies` replicas of every row of src_root's package; return the row count."""
    descriptor = json.loads((src_root / "datapackage.json").read_text(encoding="utf-8"))
    keys = _key_fields_referenced(descriptor)
    total = 0
    for resource in descriptor["resources"]:
        src = src_root / resource["path"]
        with src.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        header, body = rows[0], rows[1:]
        idx = [i for i, name in enumerate(header) if name in keys.get(resource["name"], set())]
        buf = io.StringIO(newline="")
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(header)
        for k in range(copies):
            suffix = f"-r{k}"
            for row in body:
                new = list(row)
                for i in idx:
                    if new[i]:
                        new[i] = new[i] + suffix
                writer.writerow(new)
        data = buf.getvalue().encode("utf-8")
        dst = dst_root / resource["path"]
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(data)
        resource["bytes"] = len(data)
        resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
        total += len(body) * copies
    (dst_root / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")
    return total


ODD_VALUES = ("", "12a", "-1", "1.5", "2016-02-30", "NaN", "Bad Id", "no-such-id", "x" * 3, "=1+1", "٣")


def break_package(root: Path, count: int, seed: int = 0) -> None:
    """Set `count` random cells of the package at `root` to odd values (bytes and hash follow)."""
    import random

    rng = random.Random(seed)
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    resources = descriptor["resources"]
    changes: dict[str, list[tuple[int, int, str]]] = {}
    sizes = {}
    for resource in resources:
        with (root / resource["path"]).open(newline="", encoding="utf-8") as fh:
            sizes[resource["name"]] = sum(1 for _ in csv.reader(fh)) - 1
    for _ in range(count):
        resource = rng.choice(resources)
        row = rng.randrange(sizes[resource["name"]])
        column = rng.randrange(len(resource["schema"]["fields"]))
        changes.setdefault(resource["name"], []).append((row, column, rng.choice(ODD_VALUES)))
    for resource in resources:
        if resource["name"] not in changes:
            continue
        path = root / resource["path"]
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        for row, column, value in changes[resource["name"]]:
            rows[row + 1][column] = value
        buf = io.StringIO(newline="")
        csv.writer(buf, lineterminator="\n").writerows(rows)
        data = buf.getvalue().encode("utf-8")
        path.write_bytes(data)
        resource["bytes"] = len(data)
        resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
    (root / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")


def _time_cli(root: Path, repeat: int) -> tuple[float, float]:
    """Median wall times of fresh processes: the frictionless CLI, and validate_package_duckdb."""
    import subprocess

    frictionless_cli = Path(sys.executable).with_name("frictionless")
    one_liner = (
        "import sys; from pathlib import Path; from claimtrail.validate import validate_package_duckdb; "
        "sys.exit(1 if validate_package_duckdb(Path('datapackage.json')) else 0)"
    )
    ref_times, fast_times = [], []
    for _ in range(repeat):
        for cmd, times in (
            ([str(frictionless_cli), "validate", "datapackage.json"], ref_times),
            ([sys.executable, "-c", one_liner], fast_times),
        ):
            t0 = time.perf_counter()
            subprocess.run(cmd, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            times.append(time.perf_counter() - t0)
    return statistics.median(ref_times), statistics.median(fast_times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=300_000, help="approximate number of data rows")
    parser.add_argument("--skip-frictionless", action="store_true", help="time only the DuckDB validator")
    parser.add_argument("--keep", type=Path, default=None, help="build the package in this directory and keep it")
    parser.add_argument("--break", dest="broken", type=int, default=0, help="set this many random cells to odd values")
    parser.add_argument("--repeat", type=int, default=1, help="time each validator this many times (median)")
    parser.add_argument(
        "--cli",
        action="store_true",
        help="also time fresh processes: `frictionless validate datapackage.json` and a Python one-liner",
    )
    args = parser.parse_args(argv)

    from claimtrail.validate import frictionless_errors
    from claimtrail.validate.duckdb_twin import validate_package_duckdb

    seed = json.loads((REPO_ROOT / "datapackage.json").read_text(encoding="utf-8"))
    per_copy = 0
    for resource in seed["resources"]:
        with (REPO_ROOT / resource["path"]).open(newline="", encoding="utf-8") as fh:
            per_copy += sum(1 for _ in csv.reader(fh)) - 1
    copies = max(1, round(args.rows / per_copy))

    with tempfile.TemporaryDirectory(prefix="claimtrail-bench-") as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        rows = make_large_package(REPO_ROOT, root, copies)
        if args.broken:
            break_package(root, args.broken)
        size = sum((root / r["path"]).stat().st_size for r in seed["resources"])
        print(f"generated {rows} rows ({size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f}s")

        def timed(run: Any) -> tuple[float, list[dict[str, Any]]]:
            times, out = [], []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                out = run(root / "datapackage.json")
                times.append(time.perf_counter() - t0)
            return statistics.median(times), out

        t_fast, fast = timed(validate_package_duckdb)
        print(f"validate_package_duckdb: {t_fast:.2f}s, {len(fast)} error(s)")

        if not args.skip_frictionless:
            t_ref, ref = timed(frictionless_errors)
            print(f"frictionless validate:    {t_ref:.2f}s, {len(ref)} error(s)")
            print(f"speed-up: {t_ref / t_fast:.1f}x")
            if args.cli:
                t_cli_ref, t_cli_fast = _time_cli(root, args.repeat)
                print(f"fresh process: frictionless validate {t_cli_ref:.2f}s, fastvalidate {t_cli_fast:.2f}s")
                print(f"speed-up (fresh processes): {t_cli_ref / t_cli_fast:.1f}x")
            same = [(e["path"], e["type"], e["row"]) for e in fast] == [(e["path"], e["type"], e["row"]) for e in ref]
            print(f"identical (path, type, row) lists: {same}")
            if not same:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
