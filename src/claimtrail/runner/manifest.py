"""The build manifest: hashes of every input and every output, so a user can see what produced what.

`build/manifest.json` is committed.  Its inputs are the raw files and their
sidecars, the annotations, events and dataset files, the named queries,
templates and site assets, mkdocs.yml, the dependency lock and the code
(claimtrail's version and a hash of its source files).  Its outputs are
datapackage.json, every table, Parquet file, the DuckDB file (by content:
DuckDB files carry a random identifier, so their bytes differ between
identical builds) and every file of the site.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..cache.versions import code_sha256
from ..hashing import file_sha256
from ..layout import BUILD_DIR, DESCRIPTOR, INPUT_GLOBS, MANIFEST, NOT_OUTPUTS
from ..output_hashes import HashMemo
from ..package.descriptor import source_date_epoch
from .options import BuildResult
from .read import Inputs


def input_files(root: Path) -> list[str]:
    """Relative paths of every input file, sorted."""
    found: set[str] = set()
    for pattern in INPUT_GLOBS:
        for p in root.glob(pattern):
            if p.is_file() and not p.name.startswith("."):
                found.add(p.relative_to(root).as_posix())
    return sorted(found)


def output_files(base: Path) -> list[str]:
    """Relative paths of every output under `base` (datapackage.json and build/, manifest excluded)."""
    out = [DESCRIPTOR] if (base / DESCRIPTOR).is_file() else []
    skipped = tuple(f"{BUILD_DIR}/{d}/" for d in NOT_OUTPUTS)
    found: list[str] = []
    # os.walk with strings: at 10,000 pages a pathlib walk costs a second.
    for directory, _, names in os.walk(base / BUILD_DIR):
        prefix = os.path.relpath(directory, base).replace(os.sep, "/")
        for name in names:
            rel = f"{prefix}/{name}"
            if rel != MANIFEST and not rel.startswith(skipped) and os.path.isfile(os.path.join(directory, name)):
                found.append(rel)
    return out + sorted(found)


def manifest(
    *,
    dataset: Mapping[str, Any],
    version: str,
    source_date_epoch: int,
    inputs: Mapping[str, str],
    outputs: Mapping[str, str],
) -> dict[str, Any]:
    return {
        "dataset": dataset["name"],
        "dataset_version": str(dataset["version"]),
        "claimtrail_version": version,
        "code_sha256": code_sha256(),
        "source_date_epoch": source_date_epoch,
        "note": (
            "sha256 of every input and output of this build. Values written 'content:<sha256>' hash a "
            "file's content rather than its bytes (DuckDB files embed a random identifier). "
            "Check with: claimtrail verify"
        ),
        "inputs": dict(sorted(inputs.items())),
        "outputs": dict(sorted(outputs.items())),
    }


def manifest_json(m: Mapping[str, Any]) -> bytes:
    return (json.dumps(m, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_manifest(
    root: Path, staging: Path, result: BuildResult, inputs: Inputs, hashes: HashMemo | None = None
) -> None:
    """build/manifest.json: hashes of every input (in root) and every output (in staging)."""
    from .. import __version__

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
