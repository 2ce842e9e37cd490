"""Every read of raw/: raw article files (with name safety), their parse (cached), annotations, events, the dataset; loose files for extract and draft."""

from __future__ import annotations

import json
import os
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .. import layout
from ..cache.store import EntryStore
from ..cache.versions import work_version
from ..errors import ClaimtrailError
from ..hashing import cache_key, sha256_hex
from ..layout import ANNOTATIONS_DIR, DATASET_FILE, EVENTS_FILE, MAX_EXTRACT_BYTES, MAX_RAW_BYTES, RAW_DIR, RECEIVED_DIR
from ..package import (
    RawSource,
)
from ..raw import ARTICLE_SUFFIXES, SIDECAR_SUFFIX, RawFile, decode_raw_file, provenance_from_sidecar, sidecar_template
from ..raw.annotations import Annotation, parse_annotation
from ..raw.articles import Article, parse_raw_file
from ..raw.dataset import dataset_metadata
from ..raw.events import Event, parse_events
from ..rows.corpus import Corpus, body_key


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


RAW_YAML_FILES = ("dataset.yaml", "events.yaml")


def _stray_entry(root: Path, p: Path) -> ClaimtrailError | None:
    """An entry of raw/ that the build would not read: reported, so that no file is silently ignored."""
    rel, name = _rel(root, p), p.name
    if p.is_dir() and not p.is_symlink():
        if name in ("annotations", RECEIVED_DIR):  # RECEIVED_DIR: checked through its articles' sidecars
            return None
        fix = (
            f"annotation files go in raw/annotations/; move them there and remove raw/{name}/"
            if name.lower().startswith("annotation")
            else "raw/ holds article files, their sidecars, dataset.yaml, events.yaml and annotations/ only; "
            "move the folder out of raw/"
        )
        return ClaimtrailError(rel + "/", "is a folder the build does not read", fix)
    if name in RAW_YAML_FILES or name.endswith(SIDECAR_SUFFIX) or p.suffix.lower() in ARTICLE_SUFFIXES:
        return None
    stem, suffix = p.stem, p.suffix.lower()
    if suffix in (".yml", ".yaml"):
        if name.lower().endswith(".provenance.yml"):
            fix = f"rename it to {name[: -len('.yml')]}.yaml"
        elif stem.lower() in ("dataset", "events"):
            fix = f"rename it to raw/{stem.lower()}.yaml"
        else:
            fix = f"an annotation belongs in raw/annotations/{stem}.yaml; move it there"
        return ClaimtrailError(rel, f"is a {suffix} file the build does not read", fix)
    return ClaimtrailError(
        rel,
        f"is not an article file ({', '.join(ARTICLE_SUFFIXES)}), a sidecar, dataset.yaml or events.yaml, "
        "so the build would not read it",
        "rename an article file to NAME.txt or NAME.md (with its sidecar), or move the file out of raw/",
    )


def _name_max(directory: Path) -> int:
    try:
        return int(os.pathconf(directory, "PC_NAME_MAX"))
    except (OSError, ValueError):
        return 255


def _check_name_length(root: Path, p: Path) -> None:
    """A raw file whose sidecar name would be too long for the file system is refused, with the longest that works."""
    limit = _name_max(p.parent)
    size = len(p.name.encode("utf-8"))
    longest = limit - len(SIDECAR_SUFFIX.encode("utf-8"))
    if size <= longest:
        return
    stem, suffix = p.stem, p.suffix
    while len((stem + suffix).encode("utf-8")) > longest:
        stem = stem[:-1]
    raise ClaimtrailError(
        _rel(root, p),
        f"the name has {size} bytes, so its sidecar (the name + {SIDECAR_SUFFIX}) would have "
        f"{size + len(SIDECAR_SUFFIX)}, more than the {limit} bytes a file name can have here",
        f"rename the file to a name of at most {longest} bytes (UTF-8), e.g. {stem + suffix}",
    )


def _code_points(name: str) -> str:
    return " ".join(f"U+{ord(c):04X}" for c in name if ord(c) > 0x7E) or "ASCII only"


def check_normalisation(root: Path, entries: list[Path]) -> None:
    """Two names that differ only by Unicode normalisation (é as U+00E9, or e + U+0301) are refused, named by code point.

    They look the same in every listing and message, and macOS or a zip would merge them.
    """
    seen: dict[str, str] = {}
    for p in entries:
        key = unicodedata.normalize("NFC", p.name)
        if key in seen and seen[key] != p.name:
            first = seen[key]
            raise ClaimtrailError(
                _rel(root, p.parent) + "/",
                f"two names differ only by Unicode normalisation: “{first}” ({_code_points(first)}) and "
                f"“{p.name}” ({_code_points(p.name)})",
                "rename one of them (keep the NFC form, e.g. with `convmv -f utf8 -t utf8 --nfc`), with its sidecar",
            )
        seen[key] = p.name


def raw_article_paths(root: Path) -> list[Path]:
    """Raw article files (raw/*.txt, raw/*.md) in a stable order, refusing unsafe and stray entries."""
    raw_dir = root / RAW_DIR
    out = []
    entries = sorted(raw_dir.iterdir(), key=lambda p: p.name)
    names = {p.name for p in entries}
    check_normalisation(root, entries)
    for p in entries:
        if p.name.startswith("."):
            continue
        stray = _stray_entry(root, p)
        if stray is not None:
            raise stray
        if p.name.endswith(SIDECAR_SUFFIX):
            if p.name[: -len(SIDECAR_SUFFIX)] not in names:
                raise ClaimtrailError(
                    _rel(root, p),
                    f"is the sidecar of {p.name[: -len(SIDECAR_SUFFIX)]}, which is not in raw/",
                    "restore the raw file, or remove its sidecar",
                )
            continue
        if p.suffix.lower() not in ARTICLE_SUFFIXES:
            continue
        _check_name_length(root, p)
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
    ann_dir = root / ANNOTATIONS_DIR
    if not ann_dir.is_dir():
        return out
    entries = sorted(ann_dir.iterdir(), key=lambda p: p.name)
    check_normalisation(root, entries)
    for p in entries:
        rel = _rel(root, p)
        if p.name.startswith("."):
            continue
        if p.suffix != ".yaml":
            raise ClaimtrailError(
                rel + ("/" if p.is_dir() else ""),
                "is not an annotation file (raw/annotations/SOURCE_ID.yaml), so the build would not read it",
                f"rename it to {p.stem}.yaml"
                if p.suffix.lower() in (".yml", ".yaml")
                else "move it out of raw/annotations/",
            )
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
    path = root / EVENTS_FILE
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
    # Canonical order, whatever order the listing gives: outputs never depend on the order files are read.
    paths = sorted(raw_article_paths(root), key=lambda p: p.name)
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
    dataset_path = root / DATASET_FILE
    if not dataset_path.is_file():
        raise ClaimtrailError(
            DATASET_FILE,
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
        dataset_metadata(read_text(dataset_path, DATASET_FILE), DATASET_FILE),
        raw_sources,
        read_sha256,
    )


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


def read_loose_file(path_arg: str) -> tuple[str, list[Any]]:
    """Decode any article file (no sidecar needed) and split it into articles."""
    from ..hashing import sha256_hex
    from ..raw.articles import SOURCE_LINE, parse_raw_file
    from ..raw.files import decode_raw_file

    path = Path(path_arg)
    if not path.is_file():
        raise ClaimtrailError(path_arg, "no such file", "give the path of an article file")
    size = path.stat().st_size
    if size > MAX_EXTRACT_BYTES:
        raise ClaimtrailError(
            path_arg,
            f"the file has {size:,} bytes; extract and draft read at most {MAX_EXTRACT_BYTES:,} bytes (10 MiB) per file",
            "split the file into its articles (a page of articles ends each with a 'Source:' line)",
        )
    data = path.read_bytes()
    if not data.strip():
        raise ClaimtrailError(path_arg, "the file is empty", "give a file with the article's text")
    head = data[:1_000_000].decode("utf-8", "ignore")
    kind = "compilation_page" if SOURCE_LINE.search(head) and not head.lstrip("\ufeff").startswith("---") else "article"
    provenance = {"sha256": sha256_hex(data), "bytes": len(data), "kind": kind}
    raw = decode_raw_file(path_arg, data, provenance, path_arg)
    return raw.text, parse_raw_file(raw)
