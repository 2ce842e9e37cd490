"""The `claimtrail` command: a thin layer over the runner that turns errors into one message."""

from __future__ import annotations

import argparse
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import ClaimtrailError

EXIT_INPUT_ERROR = 2
EXIT_INTERNAL_ERROR = 70


def _root(args: argparse.Namespace) -> Path:
    from .build import find_root

    return find_root(Path(args.root) if args.root else Path.cwd())


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build

    root = _root(args)
    result = build(root, site=not args.no_site)
    counts = result.counts()
    print(f"built {root}: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
    if result.pages:
        print(f"site: {result.pages} pages in {root / 'build' / 'site'}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from .verify import verify

    root = _root(args)
    print(f"verifying {root}: rebuilding from raw/ in a temporary directory ...", flush=True)
    result = verify(root)
    print(result.table())
    problems = result.problems()
    if problems:
        print(f"\nverify FAILED: {len(problems)} problem(s)", file=sys.stderr)
        for p in problems:
            print("  - " + p, file=sys.stderr)
        return 1
    n = len(result.committed) + len(result.outputs)
    print(
        f"\nverify OK: {len(result.inputs)} inputs match the manifest; {n} outputs rebuilt byte for byte (DuckDB by content)"
    )
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="claimtrail", description=__doc__)
    parser.add_argument("--version", action="version", version=f"claimtrail {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build", help="build the data package (build/, datapackage.json) from raw/")
    p.add_argument("--root", help="repository root (default: found from the current directory)")
    p.add_argument("--no-site", action="store_true", help="only the data package: skip DuckDB, Parquet and the site")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser(
        "verify", help="rebuild from raw/ in a temporary directory and compare with the committed outputs"
    )
    p.add_argument("--root", help="repository root (default: found from the current directory)")
    p.set_defaults(func=cmd_verify)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except ClaimtrailError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_INPUT_ERROR
    except KeyboardInterrupt:
        print("interrupted; the previous build is unchanged", file=sys.stderr)
        return 130
    except Exception:
        with tempfile.NamedTemporaryFile("w", prefix="claimtrail-", suffix=".log", delete=False) as log:
            traceback.print_exc(file=log)
        print(
            f"internal error in claimtrail {__version__}: this is a bug, not a problem with your input.\n"
            f"  the full log is in {log.name}; please attach it to a bug report",
            file=sys.stderr,
        )
        return EXIT_INTERNAL_ERROR
