"""The runner: all file I/O of a build, around the pure stages.

raw → parse → annotate → tables → package → validate → (query → render).
Everything is written into a staging directory next to build/, validated
there, and only then swapped into place, so a failed or killed build leaves
the previous build/ and datapackage.json as they were.  raw/ is only read.
"""

from __future__ import annotations

import json
import os
import shutil
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from . import layout
from .cache import EntryStore
from .errors import ClaimtrailError
from .extract.findings import ArticleWork
from .hashing import cache_key, file_sha256, sha256_hex
from .layout import CACHE_DIR, CACHE_ROOT, DATA_DIR, DATABASE, MANIFEST, MAX_RAW_BYTES, NOT_OUTPUTS
from .manifest import input_files, manifest, manifest_json, output_files
from .output_hashes import HashMemo
from .package import (
    ArticleBundle,
    RawSource,
    article_bundle,
    decode_bundle,
    encode_bundle,
    source_date_epoch,
)
from .package.assemble import assemble_package
from .query import write_database
from .raw import ARTICLE_SUFFIXES, SIDECAR_SUFFIX, RawFile, decode_raw_file, provenance_from_sidecar, sidecar_template
from .raw.annotations import Annotation, parse_annotation
from .raw.articles import Article, parse_raw_file
from .raw.dataset import dataset_metadata
from .raw.events import Event, parse_events
from .rows.article import Tables, article_rows, effective_published
from .rows.corpus import Corpus, body_key, check_corpus
from .rows.events import event_tables
from .rows.review import CorrectionCounts
from .validate import check_anchoring
from .validate.table_schema import validate_package
from .work import ArticleTask, WorkCache, make_task, runner, work_for, work_version


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
    return read_and_parse(root, path, EntryStore(None)).raw


@dataclass(frozen=True)
class ParsedFile:
    """A raw file read and parsed: the file, its articles, and its sidecar's path and sha256."""

    raw: RawFile
    articles: tuple[Article, ...]
    sidecar_path: str
    sidecar_sha256: str
    body_keys: tuple[str, ...]  # tables.body_key of each article


def read_and_parse(root: Path, path: Path, store: EntryStore) -> ParsedFile:
    """A raw file, checked against its sidecar, and its articles.

    The sidecar's YAML and the parse are kept in `store` under a hash of the code,
    the path and the bytes of file and sidecar; the raw bytes are read and checked
    against the recorded sha256 on every build.
    """
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
    sidecar_text = read_text(sidecar, sidecar_rel)
    key = cache_key("parse", work_version(), rel, sidecar_text, sha256_hex(data))
    cached = _decode_parsed(store, key)
    sidecar_sha256 = sha256_hex(sidecar_text.encode("utf-8"))
    if cached is not None:
        provenance, articles, keys = cached
        raw = decode_raw_file(rel, data, provenance, sidecar_rel)
        return ParsedFile(raw, articles, sidecar_rel, sidecar_sha256, keys)
    provenance = provenance_from_sidecar(sidecar_text, sidecar_rel)
    if str(provenance["file"]) != path.name:
        raise ClaimtrailError(
            sidecar_rel, f"file: names {provenance['file']!r}, not {path.name!r}", f"set file: {path.name}"
        )
    raw = decode_raw_file(rel, data, provenance, sidecar_rel)
    parsed = tuple(parse_raw_file(raw))
    keys = tuple(body_key(raw.text, a) for a in parsed)
    payload = {"provenance": provenance, "articles": [asdict(a) for a in parsed], "body_keys": list(keys)}
    encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    if json.loads(encoded) == payload:  # only values JSON keeps exactly (a YAML date would come back a str)
        store.put(key, encoded)
    return ParsedFile(raw, parsed, sidecar_rel, sidecar_sha256, keys)


def _decode_parsed(store: EntryStore, key: str) -> tuple[dict[str, Any], tuple[Article, ...], tuple[str, ...]] | None:
    data = store.get(key)
    if data is None:
        return None
    try:
        payload = json.loads(data)
        articles = tuple(Article(**a) for a in payload["articles"])
        keys = tuple(str(k) for k in payload["body_keys"])
        if len(keys) != len(articles):
            raise ValueError("one body key per article")
        return payload["provenance"], articles, keys
    except (ValueError, TypeError, KeyError):
        store.miss()
        return None


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
    # sha256 of the input files read, by relative path (the raw files and their sidecars),
    # of the bytes this build used; the manifest records them.
    read_sha256: dict[str, str] = field(default_factory=dict)


def _too_many_articles(rel: str, count: int) -> ClaimtrailError:
    return ClaimtrailError(
        rel,
        f"with this file raw/ holds {count:,} articles or more; the limit is {layout.MAX_ARTICLES:,} articles per build",
        "split the corpus into several datasets (repositories), each below the limit",
    )


def read_inputs(root: Path, parse_store: EntryStore | None = None) -> Inputs:
    store = parse_store or EntryStore(None)
    paths = raw_article_paths(root)
    if len(paths) > layout.MAX_ARTICLES:  # every raw file holds at least one article: refuse before reading
        raise _too_many_articles(_rel(root, paths[layout.MAX_ARTICLES]), layout.MAX_ARTICLES + 1)
    if not paths:
        raise ClaimtrailError(
            "raw/", "holds no article files (*.txt, *.md)", "add a raw article file and its provenance sidecar"
        )
    raws: list[RawFile] = []
    articles: list[Article] = []
    read_sha256: dict[str, str] = {}
    body_keys: dict[str, str] = {}
    for path in paths:
        parsed = read_and_parse(root, path, store)
        raws.append(parsed.raw)
        articles.extend(parsed.articles)
        read_sha256[parsed.raw.path] = parsed.raw.sha256
        read_sha256[parsed.sidecar_path] = parsed.sidecar_sha256
        body_keys.update(
            {f"{a.raw_path}\0{a.index}": k for a, k in zip(parsed.articles, parsed.body_keys, strict=True)}
        )
        if len(articles) > layout.MAX_ARTICLES:
            raise _too_many_articles(parsed.raw.path, len(articles))
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
        body_keys=body_keys,
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
        corpus,
        dataset_metadata(read_text(dataset_path, "raw/dataset.yaml"), "raw/dataset.yaml"),
        raw_sources,
        read_sha256,
    )


def package_outputs(
    inputs: Inputs, bundles: Sequence[ArticleBundle], corrections: CorrectionCounts, keep_tables: bool = True
) -> BuildResult:
    """CSV bytes and descriptor from every article's bundle (in article order) and the events (no I/O)."""
    corpus = inputs.corpus
    sources = [b.source for b in bundles]
    events = event_tables(corpus.events, sources, [r for b in bundles for r in b.linked])
    package = assemble_package(inputs.dataset, inputs.raw_sources, bundles, events, keep_tables)
    return BuildResult(
        root=Path("."),
        tables=package.tables,
        descriptor=package.descriptor,
        outputs=package.outputs,
        corrections=corrections,
        row_counts=package.row_counts,
    )


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
    """Move the non-output dirs (NOT_OUTPUTS) of an old build/ into the new one."""
    if old.is_dir() and new.is_dir():
        for name in NOT_OUTPUTS:
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


def _in_stage(stage: StageTimer, name: str, run: Callable[..., None], *args: Any) -> None:
    """run(*args) timed as stage `name` (from a worker thread: its time overlaps other stages')."""
    with stage(name):
        run(*args)


def _in_background(run: Callable[..., None], *args: Any) -> None:
    """run(*args) in this worker thread at a lower CPU priority (Linux: nice +10, which the
    threads DuckDB starts from it inherit), so that work others wait for comes first."""
    import contextlib
    import threading

    with contextlib.suppress(AttributeError, OSError):  # not Linux, or not allowed: same priority
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    run(*args)


def write_manifest(
    root: Path, staging: Path, result: BuildResult, inputs: Inputs, hashes: HashMemo | None = None
) -> None:
    """build/manifest.json: hashes of every input (in root) and every output (in staging)."""
    from . import __version__

    memo = hashes or HashMemo()
    m = manifest(
        dataset=inputs.dataset,
        version=__version__,
        source_date_epoch=source_date_epoch(str(result.descriptor["created"])),
        inputs={rel: inputs.read_sha256.get(rel) or file_sha256(root / rel) for rel in input_files(root)},
        outputs={rel: memo.sha256(staging / rel, rel) for rel in output_files(staging)},
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
    # Keep every row in BuildResult.tables; this computes every article afresh (rows read from
    # the cache are CSV lines only).  The CLI and the benchmark need only the counts.
    keep_tables: bool = False


def compute_work(
    root: Path, corpus: Corpus, articles: Sequence[Article], options: BuildOptions
) -> tuple[dict[str, ArticleWork], WorkCache]:
    """Findings and sentences of some articles, through the cache and the chosen executor."""
    cache = WorkCache(root / CACHE_DIR if options.cache else None)
    keyed: list[tuple[Article, ArticleTask]] = []
    for a in articles:
        text = corpus.raw_texts[a.raw_path][a.char_start : a.char_end]
        keyed.append((a, make_task(text, effective_published(a, corpus.annotations.get(a.source_id)))))
    done = work_for([t for _, t in keyed], cache, runner(options.executor, options.scheduler, options.workers))
    return {a.source_id: done[t.key].shifted(a.char_start) for a, t in keyed}, cache


ARTICLE_FIELDS = tuple(f.name for f in fields(Article))


def bundle_keys(root: Path, corpus: Corpus) -> list[str]:
    """Per article, the hash of everything its rows depend on: code, article, raw file, annotation, event ids."""
    event_ids = "\n".join(sorted(e.event_id for e in corpus.events))
    keys = []
    for a in corpus.articles:
        ann = corpus.annotations.get(a.source_id)
        curated = ("", "") if ann is None else (file_sha256(root / ann.path), event_ids)
        article = json.dumps([getattr(a, name) for name in ARTICLE_FIELDS], ensure_ascii=False)
        keys.append(cache_key("rows", work_version(), article, corpus.raw_sha256[a.raw_path], *curated))
    return keys


def article_bundles(
    root: Path, corpus: Corpus, options: BuildOptions
) -> tuple[list[ArticleBundle], CorrectionCounts, EntryStore]:
    """Every article's bundle, in article order: from the cache, or computed (and cached).

    Computed rows are checked for anchoring here; rows from the cache were checked
    when they were computed, from the same text.  With keep_tables every article
    is computed, so that its rows are at hand.
    """
    store = EntryStore(root / CACHE_ROOT / "rows" if options.cache else None, ".bundle")
    keys = bundle_keys(root, corpus)
    found: list[ArticleBundle | None] = []
    with options.stage("extract"):
        for key in keys:
            data = None if options.keep_tables else store.get(key)
            try:
                found.append(None if data is None else decode_bundle(key, data))
            except (ValueError, TypeError, KeyError, AttributeError):  # UnicodeDecodeError is a ValueError
                store.miss()
                found.append(None)
        if options.keep_tables:
            store.misses += len(keys)
        todo = [a for a, b in zip(corpus.articles, found, strict=True) if b is None]
        work, _ = compute_work(root, corpus, todo, options)
    with options.stage("tables"):
        events_by_id = {e.event_id: e for e in corpus.events}
        counts = CorrectionCounts()
        rows_before: dict[str, int] = defaultdict(int)
        bundles: list[ArticleBundle] = []
        for article, key, bundle in zip(corpus.articles, keys, found, strict=True):
            if bundle is None:
                text = corpus.raw_texts[article.raw_path]
                got = article_rows(
                    article,
                    corpus.annotations.get(article.source_id),
                    text,
                    corpus.raw_sha256[article.raw_path],
                    events_by_id,
                    work.pop(article.source_id),
                )
                check_anchoring(got.rows, corpus.raw_texts, {article.source_id: article.raw_path}, rows_before)
                bundle = article_bundle(key, got.rows, asdict(got.counts), keep_rows=options.keep_tables)
                store.put(key, encode_bundle(bundle))
            counts.add(CorrectionCounts(**bundle.counts))
            for name, n in bundle.n_rows.items():
                rows_before[name] += n
            bundles.append(bundle)
    return bundles, counts, store


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
        inputs = read_inputs(root, EntryStore(root / CACHE_ROOT / "parsed" if options.cache else None))
        check_corpus(inputs.corpus)
    bundles, corrections, store = article_bundles(root, inputs.corpus, options)
    source_digests = {b.source["source_id"]: b.key for b in bundles}
    with options.stage("tables"):
        result = package_outputs(inputs, bundles, corrections, options.keep_tables)
    del bundles  # at scale, the rows' CSV text is most of the memory
    result.root = root
    result.cache_hits, result.cache_misses = store.hits, store.misses
    staging = root / f"build.staging-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        with options.stage("tables"):
            write_tree(staging, result.outputs)
        hashes = HashMemo()
        n_rows = sum(result.row_counts.values())
        # The package is validated in a worker thread beside everything the site needs: loading
        # the DuckDB file, zipping the package, the pages (DuckDB and zlib release the GIL).
        # Nothing is committed before validation passed, and when it failed its error is the one
        # reported, whatever else failed meanwhile.
        with ThreadPoolExecutor(max_workers=3, thread_name_prefix="claimtrail-build") as pool:
            # Nothing waits for validation before the commit: it yields the CPU to what the pages wait for.
            validated = pool.submit(
                _in_background,
                _in_stage,
                options.stage,
                "validate",
                validate_package,
                staging / "datapackage.json",
                n_rows,
                options.validator,
            )
            try:
                if options.site:
                    from .runner.package_zip import write_package_zip
                    from .site.write import build_site

                    database = pool.submit(write_database, staging / DATABASE, staging / DATA_DIR)
                    zipped = pool.submit(write_package_zip, staging, inputs.dataset, result.descriptor)
                    with options.stage("duckdb"):
                        database.result()
                    if validated.done():
                        validated.result()
                    result.pages = build_site(
                        root,
                        staging,
                        result.descriptor,
                        inputs.corpus.raw_texts,
                        inputs.dataset,
                        stage=options.stage,
                        hashes=hashes,
                        source_digests=source_digests,
                        page_cache=root / CACHE_ROOT / "pages" if options.cache else None,
                        zip_done=zipped,
                    )
            except BaseException:
                validated.result()  # an invalid package is the error to report
                raise
            with options.stage("validate"):
                validated.result()
        for stage in extra_stages:
            stage(staging, result)
        with options.stage("commit"):
            write_manifest(root, staging, result, inputs, hashes)
            swap_into_place(root, staging)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return result


def read_text(path: Path, rel: str) -> str:
    """A UTF-8 text input (sidecar, annotation, events, dataset), or a ClaimtrailError."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ClaimtrailError(rel, f"cannot be read: {exc.strerror}", "check that it is a readable file") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ClaimtrailError(
            rel,
            f"byte {exc.start} (0x{data[exc.start]:02x}) is not valid UTF-8",
            "save the file as UTF-8",
            line=data[: exc.start].count(b"\n") + 1,
        ) from None
