"""The `claimtrail` command: a thin layer over the runner that turns errors into one message."""

from __future__ import annotations

import argparse
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import EXIT_TEMPFAIL, ClaimtrailError, EnvironmentFault, environment_fault
from .layout import CACHE_ROOT, SITE_DIR, checkout_root
from .runner.read import read_loose_file

EXIT_INPUT_ERROR = 2
EXIT_INTERNAL_ERROR = 70
EXIT_TERMINATED = 143  # 128 + SIGTERM, as a shell reports a process that SIGTERM ended


def _root(args: argparse.Namespace) -> Path:
    from .layout import find_root

    return find_root(Path(args.root) if args.root else Path.cwd())


def cmd_build(args: argparse.Namespace) -> int:
    from .runner import BuildOptions, build

    root = _root(args)
    options = BuildOptions(
        site=not args.no_site,
        executor=args.executor,
        scheduler=args.scheduler,
        workers=args.workers,
        cache=not args.no_cache,
        validator=args.validator,
        keep_tables=False,
    )
    from .ingest.add import built_source_ids

    before = built_source_ids(root)  # None before the first build
    result = build(root, options=options)
    counts = result.counts()
    print(f"built {root}: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
    print("machine review: " + result.corrections.summary())
    for line in result.corrections.details:
        print("  " + line)
    if result.pages:
        print(f"site: {result.pages} pages in {root / SITE_DIR}")
    if before is not None:  # the first build has no last build to compare with
        new = sorted((built_source_ids(root) or set()) - before)
        print(f"new since the last build: {', '.join(new)}" if new else "no article new since the last build")
    if result.cache_damaged:
        n = len(result.cache_damaged)
        print(
            f"cache: {n} damaged entr{'y' if n == 1 else 'ies'} in {root / CACHE_ROOT} did not match "
            f"{'its' if n == 1 else 'their'} sha256 and {'was' if n == 1 else 'were'} recomputed "
            f"(first: {result.cache_damaged[0]}); the outputs do not use {'it' if n == 1 else 'them'}"
        )
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from .runner.verify import verify

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
        f"\nverify OK: {len(result.inputs)} inputs match the manifest; {n} outputs rebuilt byte for byte (DuckDB by content); "
        + (
            f"{len(result.published)} built files in build/ match it"
            if result.published
            else "build/site/ is not built"
        )
    )
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    import json

    from .extract import KIND_FIELDS, extract_findings

    text, articles = read_loose_file(args.file)
    rows = []
    for a in articles:
        for f in extract_findings(text, a.char_start, a.char_end, a.published or None):
            rows.append({**f.as_dict(), "source": a.source_id})
    if args.format == "jsonl":
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
        return 0
    print(f"{'kind':<12} {'start':>7} {'end':>7}  {'text':<40} details")
    for r in rows:
        details = ", ".join(f"{k}={r[k]}" for k in KIND_FIELDS[r["kind"]] if r[k] is not None)
        shown = r["text"].replace("\n", " ")
        print(f"{r['kind']:<12} {r['start']:>7} {r['end']:>7}  {shown[:40]:<40} {details}  [{r['source']}]")
    print(f"{len(rows)} findings in {len(articles)} article(s)")
    return 0


def cmd_draft(args: argparse.Namespace) -> int:
    from .extract import work_of_article
    from .rows.drafting import draft_annotation_text

    text, articles = read_loose_file(args.file)
    out_dir = Path(args.output_dir) if args.output_dir else None
    documents = []
    for a in articles:
        work = work_of_article(text[a.char_start : a.char_end], a.published).shifted(a.char_start)
        documents.append((a.source_id, draft_annotation_text(a, text, work, f"claimtrail draft {args.file}")))
    if out_dir is None:
        print("\n---\n".join(d for _, d in documents), end="")
        return 0
    out_dir.mkdir(parents=True, exist_ok=True)
    for source_id, draft_text in documents:
        target = out_dir / f"{source_id}.yaml"
        if target.exists() and not args.force:
            raise ClaimtrailError(
                str(target), "already exists", "choose another --output-dir, or pass --force to overwrite it"
            )
        target.write_text(draft_text, encoding="utf-8")
        print(f"wrote {target} ({draft_text.count('- id: ')} claims)")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from .ingest.add import Options, add_sources, report_lines

    opts = Options(args.licence or "", args.publisher or "", args.origin or "", args.retrieved or "", args.timeout)
    result = add_sources(_root(args), args.sources, opts)
    out, err = report_lines(result)
    if out:
        print("\n".join(out))
    if err:
        print("\n".join(err), file=sys.stderr)
    return EXIT_INPUT_ERROR if result.failed else 0


def _add_executor_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--executor",
        choices=("serial", "process", "dask"),
        default="process",
        help="where per-article work runs: this process, a pool over every core (default), or a Dask cluster",
    )
    p.add_argument("--scheduler", help="Dask scheduler address for --executor dask, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--workers", type=int, help="worker processes for --executor process (default: every core)")


def cmd_bench(args: argparse.Namespace) -> int:
    import json

    from .devtools.bench import format_report, run_bench, write_results
    from .layout import find_root

    template_root = find_root(Path(args.root) if args.root else checkout_root())
    sizes = args.articles or [1000]
    results = []
    for n in sizes:
        if not args.json:
            print(f"benchmarking {n:,} articles ...", flush=True)
        results.append(
            run_bench(
                n,
                seed=args.seed,
                template_root=template_root,
                executor=args.executor,
                scheduler=args.scheduler,
                site=not args.no_site,
                baseline=not args.no_baseline,
            )
        )
    if args.output:
        write_results(Path(args.output), results)
    if args.json:
        print(json.dumps(results[0] if len(results) == 1 else results, ensure_ascii=False))
    else:
        print(format_report(results))
    return 0


DESCRIPTION = """\
claimtrail turns news articles into a data package in which every claim and
every number points at the exact words it came from.

Put articles under raw/ (and a curator's annotations under raw/annotations/);
`claimtrail build` then writes validated CSV tables with a datapackage.json,
Parquet files, a DuckDB database and a static website that shows where the
sources disagree.  `claimtrail verify` rebuilds everything and checks it
against what is committed, so anyone can confirm the published data."""

EPILOG = """\
examples:
  claimtrail build                      build the repository you are in
  claimtrail extract raw/article.md     see what the machine finds in one article
  claimtrail draft raw/article.md --output-dir drafts/
  claimtrail verify                     check the committed outputs against a rebuild

Run 'claimtrail COMMAND --help' for each command's options."""


def _command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, summary: str, description: str, examples: str
) -> argparse.ArgumentParser:
    """A subcommand with a one-line summary (in the top-level help), a description and examples (in its own)."""
    return sub.add_parser(
        name,
        help=summary,
        description=description,
        epilog="examples:\n" + examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimtrail",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"claimtrail {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    _add_build(sub)
    _add_add(sub)
    _add_curation(sub)
    _add_bench(sub)
    _add_verify(sub)
    return parser


def _add_build(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = _command(
        sub,
        "build",
        "build the data package, DuckDB, Parquet and the site from raw/",
        "Read raw/ and write datapackage.json, build/data/*.csv, build/claimtrail.duckdb, build/parquet/ and\n"
        "the site in build/site/.  Everything is validated before it replaces the previous build, so a failed\n"
        "build leaves the previous outputs as they were.",
        "  claimtrail build                     from anywhere inside the repository\n"
        "  claimtrail build --root ~/syria      another repository\n"
        "  claimtrail build --no-site           only the data package (quicker)",
    )
    p.add_argument("--root", help="repository root (default: found from the current directory)")
    p.add_argument("--no-site", action="store_true", help="only the data package: skip DuckDB, Parquet and the site")
    _add_executor_args(p)
    p.add_argument(
        "--no-cache", action="store_true", help="recompute every article instead of reusing .claimtrail-cache/"
    )
    p.add_argument(
        "--validator",
        choices=("auto", "frictionless", "duckdb"),
        default="auto",
        help="Table Schema validation: frictionless, its DuckDB twin (same verdicts, fast), or auto by size",
    )
    p.set_defaults(func=cmd_build)


def _add_add(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = _command(
        sub,
        "add",
        "add articles to raw/: saved pages, URLs, WARC files, RSS/Atom feeds, text files",
        "Keep what was received byte for byte under raw/received/, write the article's text with front matter\n"
        "as raw/NAME.md and its provenance sidecar, and print each new source id and the next step.",
        "  claimtrail add saved-page.html --retrieved 2026-11-30\n"
        "  claimtrail add https://example.org/news/story --licence 'publisher copyright'\n"
        "  claimtrail add crawl.warc.gz feed.xml",
    )
    p.add_argument(
        "sources", nargs="+", metavar="SOURCE", help="a .html file, an http(s):// URL, a .warc(.gz), a feed, a .txt/.md"
    )
    p.add_argument("--publisher", help="the publisher's name, instead of the one the page declares")
    p.add_argument("--licence", help="licence of the texts (default: default_licence in raw/dataset.yaml)")
    p.add_argument("--origin", help="where the files came from, instead of the path, URL or WARC record")
    p.add_argument(
        "--retrieved", help="YYYY-MM-DD the saved files were retrieved (URLs and WARCs carry their own date)"
    )
    p.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for a server (default 20)")
    p.add_argument("--root", help="repository root (default: found from the current directory)")
    p.set_defaults(func=cmd_add)


def _add_curation(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = _command(
        sub,
        "extract",
        "print the figures, dates, places and attributions the machine finds in a file",
        "Run the extractor over one article file and print each finding with its offsets into the file.",
        "  claimtrail extract raw/000_fb5d5de520412f3a.txt --format table\n"
        "  claimtrail extract article.md > findings.jsonl",
    )
    p.add_argument("file", help="an article file: front matter, a compilation page, or plain UTF-8 text")
    p.add_argument("--format", choices=("jsonl", "table"), default="jsonl", help="one JSON object per line, or a table")
    p.set_defaults(func=cmd_extract)
    p = _command(
        sub,
        "draft",
        "write a draft annotation (every item unreviewed) for each article of a file",
        "Draft the claims and figures of each article for a curator to check; every item is marked\n"
        "'status: unreviewed' until the curator confirms it and saves it under raw/annotations/.",
        "  claimtrail draft raw/new-article.md                    print the draft\n"
        "  claimtrail draft raw/new-article.md --output-dir drafts/",
    )
    p.add_argument("file", help="an article file: front matter, a compilation page, or plain UTF-8 text")
    p.add_argument("--output-dir", help="write <source_id>.yaml files here instead of printing them")
    p.add_argument("--force", action="store_true", help="overwrite existing files in --output-dir")
    p.set_defaults(func=cmd_draft)


def _add_bench(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = _command(
        sub,
        "bench",
        "time a build of a generated corpus of N articles, stage by stage",
        "Generate a corpus of N articles from this repository's templates, build it end to end in a\n"
        "temporary directory and report the time and memory of every stage.",
        "  claimtrail bench --articles 1000\n  claimtrail bench --articles 100 --no-site --json",
    )
    p.add_argument("--articles", type=int, action="append", help="corpus size; repeat for several (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="seed of the corpus generator")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of the report")
    p.add_argument("--output", help="also write the results (and targets) to this JSON file")
    p.add_argument("--no-site", action="store_true", help="skip DuckDB, Parquet and the site")
    p.add_argument("--no-baseline", action="store_true", help="skip timing plain frictionless validation")
    p.add_argument("--root", help="repository whose report/ and mkdocs.yml the corpus uses (default: this checkout)")
    _add_executor_args(p)
    p.set_defaults(func=cmd_bench)


def _add_verify(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = _command(
        sub,
        "verify",
        "rebuild from raw/ in a temporary directory and compare with the committed outputs",
        "Check that the committed datapackage.json, build/data/ and build/manifest.json are exactly what\n"
        "raw/ and this code produce: every input's hash against the manifest, every output rebuilt.",
        "  claimtrail verify\n  claimtrail verify --root ~/syria",
    )
    p.add_argument("--root", help="repository root (default: found from the current directory)")
    p.set_defaults(func=cmd_verify)


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # no command: what the tool does and how to use it
        parser.print_help()
        return 0
    from .runner.interrupts import interrupts_outside_imports

    with interrupts_outside_imports():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from .runner.interrupts import Terminated
    from .runner.lock import BuildRunning

    try:
        return int(args.func(args))
    except ClaimtrailError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_INPUT_ERROR
    except EnvironmentFault as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    except BuildRunning as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_TEMPFAIL
    except Terminated:
        print("terminated (SIGTERM); the previous build is unchanged and the staging folder removed", file=sys.stderr)
        return EXIT_TERMINATED
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("interrupted; the previous build is unchanged", file=sys.stderr)
        return 130
    except Exception as exc:
        fault = environment_fault(exc)
        if fault is not None:  # a full disk or a read-only folder, reported by the OS or by DuckDB/MkDocs
            print(fault.message, file=sys.stderr)
            return fault.exit_code
        with tempfile.NamedTemporaryFile("w", prefix="claimtrail-", suffix=".log", delete=False) as log:
            traceback.print_exc(file=log)
        print(
            f"internal error in claimtrail {__version__}: this is a bug, not a problem with your input.\n"
            f"  the full log is in {log.name}; please attach it to a bug report",
            file=sys.stderr,
        )
        return EXIT_INTERNAL_ERROR
