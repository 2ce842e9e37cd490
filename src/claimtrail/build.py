"""The runner: all file I/O of a build, around the pure stages.

raw → parse → annotate → tables → package → validate → (query → render).
Everything is written into a staging directory next to build/, validated
there, and only then swapped into place, so a failed or killed build leaves
the previous build/ and datapackage.json as they were.  raw/ is only read.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .annotate import Annotation, parse_annotation
from .draft import CorrectionCounts
from .errors import ClaimtrailError
from .events import Event, parse_events
from .manifest import (
    MANIFEST,
    NOT_OUTPUTS,
    file_sha256,
    input_files,
    manifest,
    manifest_json,
    output_files,
    output_sha256,
)
from .package import (
    RawSource,
    dataset_metadata,
    descriptor,
    descriptor_json,
    source_date_epoch,
    table_csv,
)
from .parse import Article, parse_raw_file
from .raw import (
    ARTICLE_SUFFIXES,
    SIDECAR_SUFFIX,
    RawFile,
    decode_raw_file,
    provenance_from_sidecar,
    read_text,
    sidecar_template,
)
from .schema import TABLES
from .tables import Corpus, Tables, build_tables_with_report, effective_published
from .validate import check_anchoring, check_duckdb, check_frictionless
from .work import ArticleTask, ArticleWork, WorkCache, make_task, runner, work_for

# Directories of build/ that are not outputs of `claimtrail build` and survive a rebuild.
KEPT_BUILD_DIRS = NOT_OUTPUTS
MAX_RAW_BYTES = 50 * 1024 * 1024  # per raw file (README.md, "Limits")
# Per-article work is cached here, outside build/, so a failed build leaves build/ untouched.
CACHE_DIR = ".claimtrail-cache/articles"
MAX_ARTICLES = 20_000  # per build, over all raw files (README.md, "Limits")


@dataclass
class BuildResult:
    root: Path
    tables: Tables
    descriptor: dict[str, Any]
    outputs: dict[str, bytes] = field(default_factory=dict)  # relative path -> bytes
    pages: int = 0
    row_counts: dict[str, int] = field(default_factory=dict)
    cache_hits: int = 0
    cache_misses: int = 0
    corrections: CorrectionCounts = field(default_factory=CorrectionCounts)

    def counts(self) -> dict[str, int]:
        return self.row_counts or {name: len(rows) for name, rows in self.tables.items()}


def find_root(start: Path) -> Path:
    """The repository root: the nearest directory at or above `start` holding raw/ and pyproject.toml or datapackage.json."""
    start = start.resolve()
    for d in (start, *start.parents):
        if (d / "raw").is_dir() and ((d / "pyproject.toml").is_file() or (d / "datapackage.json").is_file()):
            return d
    raise ClaimtrailError(
        str(start),
        "this directory is not inside a claimtrail repository (no raw/ beside a pyproject.toml above it)",
        "run the command inside the repository, or pass --root PATH",
    )


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def raw_article_paths(root: Path) -> list[Path]:
    """Raw article files (raw/*.txt, raw/*.md) in a stable order, refusing unsafe entries."""
    raw_dir = root / "raw"
    out = []
    for p in sorted(raw_dir.iterdir(), key=lambda p: p.name):
        if p.name.startswith(".") or p.name.endswith(SIDECAR_SUFFIX):
            continue
        if p.suffix.lower() not in ARTICLE_SUFFIXES:
            continue
        hidden = [c for c in p.name if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
        if hidden:  # a newline breaks every message naming the file; U+202E makes "gpj.md" read "md.jpg"
            raise ClaimtrailError(
                "".join(f"\\u{ord(c):04x}" if c in hidden else c for c in _rel(root, p)),
                f"the file name holds the control or invisible formatting character U+{ord(hidden[0]):04X}",
                "rename the file (and its sidecar) to a name without control, bidi or zero-width characters",
            )
        if p.is_symlink():
            try:
                target = p.resolve(strict=True)
            except (OSError, RuntimeError):  # dangling, or a loop of links
                raise ClaimtrailError(
                    _rel(root, p),
                    f"is a symbolic link to {os.readlink(p)}, which leads to no file",
                    "replace the link by the article file itself",
                ) from None
            if raw_dir.resolve() not in target.parents:
                raise ClaimtrailError(
                    _rel(root, p),
                    f"is a symbolic link to {target}, outside raw/",
                    "copy the file into raw/ instead of linking to it",
                )
        if not p.is_file():
            continue
        out.append(p)
    return out


def read_raw(root: Path, path: Path) -> RawFile:
    rel = _rel(root, path)
    size = path.stat().st_size
    if size > MAX_RAW_BYTES:
        raise ClaimtrailError(
            rel,
            f"the file has {size:,} bytes; the limit is {MAX_RAW_BYTES:,} bytes (50 MiB) per raw file",
            "split the corpus into several files, each below the limit",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:  # unreadable: permissions, I/O error
        raise ClaimtrailError(rel, f"cannot be read: {exc.strerror}", "check that it is a readable file") from None
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    sidecar_rel = _rel(root, sidecar)
    if not sidecar.is_file():
        raise ClaimtrailError(
            rel,
            f"has no provenance sidecar {sidecar_rel}",
            f"create {sidecar_rel} with:\n"
            + "\n".join("    " + line for line in sidecar_template(path.name, data).splitlines()),
        )
    provenance = provenance_from_sidecar(read_text(sidecar, sidecar_rel), sidecar_rel)
    if str(provenance["file"]) != path.name:
        raise ClaimtrailError(
            sidecar_rel, f"file: names {provenance['file']!r}, not {path.name!r}", f"set file: {path.name}"
        )
    return decode_raw_file(rel, data, provenance, sidecar_rel)


def read_annotations(root: Path) -> dict[str, Annotation]:
    out: dict[str, Annotation] = {}
    ann_dir = root / "raw" / "annotations"
    if not ann_dir.is_dir():
        return out
    for p in sorted(ann_dir.glob("*.yaml"), key=lambda p: p.name):
        rel = _rel(root, p)
        if not p.is_file():  # a directory or a FIFO (reading one would wait for ever)
            raise ClaimtrailError(rel, "is not a regular file", "replace it by the annotation file, or remove it")
        ann = parse_annotation(read_text(p, rel), rel)
        if ann.source_id != p.stem:
            raise ClaimtrailError(
                rel,
                f"source_id {ann.source_id!r} differs from the file name",
                f"name the file {ann.source_id}.yaml, or set source_id: {p.stem}",
                line=1,
            )
        out[ann.source_id] = ann
    return out


def read_events(root: Path) -> tuple[Event, ...]:
    path = root / "raw" / "events.yaml"
    if not path.is_file():
        return ()
    return parse_events(read_text(path, _rel(root, path)), _rel(root, path))


@dataclass(frozen=True)
class Inputs:
    corpus: Corpus
    dataset: dict[str, Any]
    raw_sources: tuple[RawSource, ...]


def _too_many_articles(rel: str, count: int) -> ClaimtrailError:
    return ClaimtrailError(
        rel,
        f"with this file raw/ holds {count:,} articles or more; the limit is {MAX_ARTICLES:,} articles per build",
        "split the corpus into several datasets (repositories), each below the limit",
    )


def read_inputs(root: Path) -> Inputs:
    paths = raw_article_paths(root)
    if len(paths) > MAX_ARTICLES:  # every raw file holds at least one article: refuse before reading
        raise _too_many_articles(_rel(root, paths[MAX_ARTICLES]), MAX_ARTICLES + 1)
    raws = [read_raw(root, p) for p in paths]
    if not raws:
        raise ClaimtrailError(
            "raw/", "holds no article files (*.txt, *.md)", "add a raw article file and its provenance sidecar"
        )
    articles: list[Article] = []
    for r in raws:
        articles.extend(parse_raw_file(r))
        if len(articles) > MAX_ARTICLES:
            raise _too_many_articles(r.path, len(articles))
    dataset_path = root / "raw" / "dataset.yaml"
    if not dataset_path.is_file():
        raise ClaimtrailError(
            "raw/dataset.yaml",
            "is missing",
            "add the dataset's name, title, version, description, licenses and contributors",
        )
    corpus = Corpus(
        articles=tuple(articles),
        raw_texts={r.path: r.text for r in raws},
        raw_sha256={r.path: r.sha256 for r in raws},
        annotations=read_annotations(root),
        events=read_events(root),
    )
    raw_sources = tuple(
        RawSource(
            path=r.path,
            sha256=r.sha256,
            size=r.size,
            description=" ".join(str(r.provenance["description"]).split()),
            origin=" ".join(str(r.provenance["origin"]).split()),
            retrieved=str(r.provenance["retrieved"]),
            licence=" ".join(str(r.provenance["licence"]).split()),
        )
        for r in raws
    )
    return Inputs(
        corpus, dataset_metadata(read_text(dataset_path, "raw/dataset.yaml"), "raw/dataset.yaml"), raw_sources
    )


def package_outputs(inputs: Inputs) -> BuildResult:
    """Tables, CSV bytes and descriptor (no I/O)."""
    tables, corrections = build_tables_with_report(inputs.corpus)
    sources_path = {s["source_id"]: s["raw_path"] for s in tables["sources"]}
    check_anchoring(tables, inputs.corpus.raw_texts, sources_path)
    csvs = {t.name: table_csv(t, tables[t.name]) for t in TABLES}
    desc = descriptor(inputs.dataset, inputs.raw_sources, csvs)
    outputs = {f"build/data/{name}.csv": data for name, data in csvs.items()}
    outputs["datapackage.json"] = descriptor_json(desc)
    return BuildResult(root=Path("."), tables=tables, descriptor=desc, outputs=outputs, corrections=corrections)


def write_tree(base: Path, files: dict[str, bytes]) -> None:
    for rel, data in sorted(files.items()):
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def recover_interrupted(root: Path) -> None:
    """Finish or undo what a killed build left behind, so build/ and datapackage.json are one build's.

    A build.commit-* directory was complete and validated when it got that name: the
    swap is finished (rolled forward).  Otherwise build/ is restored from build.previous-*
    if it is missing (rolled back); uncommitted build.staging-* directories are deleted.
    """
    for commit in sorted(root.glob("build.commit-*")):
        _finish_swap(root, commit, root / commit.name.replace("build.commit-", "build.previous-", 1))
    previous = sorted(root.glob("build.previous-*"))
    if previous and not (root / "build").exists():
        previous[-1].rename(root / "build")
        previous = previous[:-1]
    for p in previous:
        _move_kept_dirs(p, root / "build")
        shutil.rmtree(p, ignore_errors=True)
    for p in root.glob("build.staging-*"):
        shutil.rmtree(p, ignore_errors=True)


def _move_kept_dirs(old: Path, new: Path) -> None:
    """Move the non-output dirs (KEPT_BUILD_DIRS) of an old build/ into the new one."""
    if old.is_dir() and new.is_dir():
        for name in KEPT_BUILD_DIRS:
            if (old / name).exists() and not (new / name).exists():
                (old / name).rename(new / name)


def _finish_swap(root: Path, commit: Path, previous: Path) -> None:
    """Move a committed build/ and datapackage.json into place; safe to repeat after a kill."""
    old = root / "build"
    if (commit / "build").is_dir():
        if old.exists():
            if previous.exists():
                shutil.rmtree(previous)
            old.rename(previous)
        (commit / "build").rename(old)
    if (commit / "datapackage.json").exists():
        os.replace(commit / "datapackage.json", root / "datapackage.json")
    _move_kept_dirs(previous, old)
    shutil.rmtree(previous, ignore_errors=True)
    shutil.rmtree(commit, ignore_errors=True)


def swap_into_place(root: Path, staging: Path) -> None:
    """Replace build/ and datapackage.json by the staged ones, keeping non-output dirs.

    build/ and datapackage.json cannot be replaced by one atomic rename, so renaming the
    complete staging dir to build.commit-PID is the commit point: a build killed before
    it leaves the previous outputs as they were; one killed after it is finished by
    recover_interrupted, which every build runs first.
    """
    commit = root / f"build.commit-{os.getpid()}"
    staging.rename(commit)
    _finish_swap(root, commit, root / f"build.previous-{os.getpid()}")


Stage = Callable[[Path, BuildResult], None]
StageTimer = Callable[[str], AbstractContextManager[object]]
# Packages with more rows than this are validated in DuckDB (fastvalidate), with the
# same verdicts as Frictionless, which stays the reference on smaller packages.
VALIDATE_WITH_FRICTIONLESS = 50_000


def validate_package(descriptor_path: Path, n_rows: int, validator: str) -> None:
    """Stop the build on the first Table Schema error, from Frictionless or its DuckDB twin."""
    if validator == "frictionless" or (validator == "auto" and n_rows <= VALIDATE_WITH_FRICTIONLESS):
        check_frictionless(descriptor_path)
    else:
        check_duckdb(descriptor_path)


def write_manifest(root: Path, staging: Path, result: BuildResult, inputs: Inputs) -> None:
    """build/manifest.json: hashes of every input (in root) and every output (in staging)."""
    from . import __version__

    m = manifest(
        dataset=inputs.dataset,
        version=__version__,
        source_date_epoch=source_date_epoch(str(result.descriptor["created"])),
        inputs={rel: file_sha256(root / rel) for rel in input_files(root)},
        outputs={rel: output_sha256(staging / rel) for rel in output_files(staging)},
    )
    data = manifest_json(m)
    (staging / MANIFEST).write_bytes(data)
    result.outputs[MANIFEST] = data


@dataclass(frozen=True)
class BuildOptions:
    """How to build: which parts, where per-article work runs, how to validate, how to time stages."""

    site: bool = True
    executor: str = "process"  # serial | process | dask
    scheduler: str | None = None  # Dask scheduler address for executor="dask"
    workers: int | None = None  # processes for executor="process" (default: every core)
    cache: bool = True  # reuse per-article work from build/cache/ when text, code and dependencies match
    validator: str = "auto"  # frictionless | duckdb | auto (frictionless up to VALIDATE_WITH_FRICTIONLESS rows)
    stage: StageTimer = field(default=lambda name: nullcontext())
    keep_tables: bool = True  # keep every row in BuildResult.tables (the CLI and the benchmark only need counts)


def compute_work(root: Path, corpus: Corpus, options: BuildOptions) -> tuple[dict[str, ArticleWork], WorkCache]:
    """Findings and sentences of every article, through the cache and the chosen executor."""
    cache = WorkCache(root / CACHE_DIR if options.cache else None)
    keyed: list[tuple[Article, ArticleTask]] = []
    for a in corpus.articles:
        text = corpus.raw_texts[a.raw_path][a.char_start : a.char_end]
        keyed.append((a, make_task(text, effective_published(a, corpus.annotations.get(a.source_id)))))
    done = work_for([t for _, t in keyed], cache, runner(options.executor, options.scheduler, options.workers))
    return {a.source_id: done[t.key].shifted(a.char_start) for a, t in keyed}, cache


def build(
    root: Path,
    *,
    site: bool = True,
    extra_stages: tuple[Stage, ...] = (),
    options: BuildOptions | None = None,
) -> BuildResult:
    """Build the package, DuckDB, Parquet and the site, and swap them into place."""
    options = options or BuildOptions(site=site)
    recover_interrupted(root)
    with options.stage("parse"):
        inputs = read_inputs(root)
    with options.stage("extract"):
        work, cache = compute_work(root, inputs.corpus, options)
        inputs = replace(inputs, corpus=replace(inputs.corpus, work=work))
    with options.stage("tables"):
        result = package_outputs(inputs)
    # The per-article findings are in the tables now; at scale they are most of the memory.
    del work
    inputs = replace(inputs, corpus=replace(inputs.corpus, work=None))
    result.row_counts = {name: len(rows) for name, rows in result.tables.items()}
    if not options.keep_tables:
        result.tables = {}
    result.root = root
    result.cache_hits, result.cache_misses = cache.hits, cache.misses
    staging = root / f"build.staging-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        write_tree(staging, result.outputs)
        with options.stage("validate"):
            validate_package(staging / "datapackage.json", sum(result.row_counts.values()), options.validator)
        if options.site:
            from .site import build_site

            result.pages = build_site(
                root, staging, result.descriptor, inputs.corpus.raw_texts, inputs.dataset, stage=options.stage
            )
        for stage in extra_stages:
            stage(staging, result)
        write_manifest(root, staging, result, inputs)
        swap_into_place(root, staging)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return result
