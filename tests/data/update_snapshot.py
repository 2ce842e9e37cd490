"""Regenerate tests/data/row_counts.json, the snapshot of the number of rows per table.

The snapshot is committed; tests/data/test_checks.py compares every build with it,
so a change in the number of sources, claims, figures ... is always deliberate.
When the annotations or raw files change, the curator reruns this script and
commits the new snapshot together with the change:

    .venv/bin/python tests/data/update_snapshot.py             # build raw/ in a temporary copy, then count
    .venv/bin/python tests/data/update_snapshot.py --from-build DIR   # count DIR/build/data/*.csv as they are

By default the script builds the repository's raw/ in a temporary copy (never in
the working tree) so that the snapshot always matches the inputs, not whatever
build/ happens to hold.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for helpers

from helpers import REPO_ROOT, SNAPSHOT, copy_repo, count_rows


def snapshot_json(counts: dict[str, int]) -> str:
    return json.dumps(counts, indent=2) + "\n"


def fresh_counts(repo: Path) -> dict[str, int]:
    """Row counts of a build of `repo`'s raw/ made in a temporary copy."""
    from claimtrail.runner import build

    with tempfile.TemporaryDirectory(prefix="claimtrail-snapshot-") as tmp:
        root = copy_repo(Path(tmp) / "repo", repo)
        build(root)
        return count_rows(root / "build" / "data")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--repo", type=Path, default=REPO_ROOT, help="repository whose raw/ is built (default: this one)"
    )
    parser.add_argument(
        "--from-build", type=Path, help="count the CSVs of an existing build at this root instead of building"
    )
    parser.add_argument(
        "--output", type=Path, default=SNAPSHOT, help=f"where to write the snapshot (default: {SNAPSHOT})"
    )
    args = parser.parse_args(argv)
    counts = count_rows(args.from_build / "build" / "data") if args.from_build else fresh_counts(args.repo)
    args.output.write_text(snapshot_json(counts), encoding="utf-8")
    print(f"wrote {args.output}: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
