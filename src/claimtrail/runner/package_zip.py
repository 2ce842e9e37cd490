"""build/dist/: the package zip (one top folder NAME-VERSION/), the one copy of the CSV files the site offers.

Deterministic bytes: SOURCE_DATE_EPOCH times, sorted names, fixed modes.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..layout import CITATION, DATA_DIR, DIST_DIR
from ..package import source_date_epoch
from ..package.documents import licence_text, package_readme, relocated_descriptor
from ..schema import TABLES


def package_folder(dataset: Mapping[str, Any]) -> str:
    """The zip's one top folder, NAME-VERSION."""
    return f"{dataset['name']}-{dataset['version']}"


def write_package_zip(staging: Path, dataset: Mapping[str, Any], descriptor: Mapping[str, Any]) -> Path:
    """build/dist/NAME-VERSION.zip in `staging`; its path.

    The zip holds NAME-VERSION/ with datapackage.json (paths in data/), data/*.csv,
    README.md, LICENCE.md and CITATION.cff: it validates with `frictionless
    validate NAME-VERSION/datapackage.json` once unzipped.
    """
    dist = staging / DIST_DIR
    dist.mkdir(parents=True, exist_ok=True)
    top = package_folder(dataset)
    created = str(descriptor["created"])
    files: dict[str, bytes] = {
        f"{top}/datapackage.json": relocated_descriptor(descriptor, "data"),
        f"{top}/README.md": package_readme(dataset, created),
        f"{top}/LICENCE.md": licence_text(dataset),
        f"{top}/{CITATION}": (staging / CITATION).read_bytes(),
    }
    files.update({f"{top}/data/{t.name}.csv": (staging / DATA_DIR / f"{t.name}.csv").read_bytes() for t in TABLES})
    target = dist / f"{top}.zip"
    write_zip(target, files, source_date_epoch(created))
    return target


def write_zip(target: Path, files: Mapping[str, bytes], epoch: int) -> None:
    """A zip whose bytes depend only on the files: sorted names, fixed times and permissions, folders listed."""
    import datetime as dt

    stamp = dt.datetime.fromtimestamp(max(epoch, 315532800), tz=dt.UTC).timetuple()[:6]
    folders = sorted({name.rsplit("/", i)[0] + "/" for name in files for i in range(1, name.count("/") + 1)})
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for folder in folders:
            info = zipfile.ZipInfo(folder, date_time=stamp)
            info.external_attr = (0o40755 << 16) | 0x10
            info.create_system = 3
            zf.writestr(info, b"")
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            zf.writestr(info, files[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
