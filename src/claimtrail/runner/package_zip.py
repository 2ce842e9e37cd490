"""build/dist/NAME-VERSION.zip: datapackage.json and every CSV, with deterministic bytes (SOURCE_DATE_EPOCH, sorted, fixed modes)."""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..layout import DATA_DIR, DESCRIPTOR, DIST_DIR
from ..package import source_date_epoch
from ..schema import TABLES


def write_package_zip(staging: Path, dataset: Mapping[str, Any], descriptor: Mapping[str, Any]) -> Path:
    """build/dist/NAME-VERSION.zip in `staging`: datapackage.json and every CSV, as the package's users unzip it."""
    target = staging / DIST_DIR / f"{dataset['name']}-{dataset['version']}.zip"
    target.parent.mkdir(parents=True, exist_ok=True)
    files = {DESCRIPTOR: staging / DESCRIPTOR}
    files.update({f"{DATA_DIR}/{t.name}.csv": staging / DATA_DIR / f"{t.name}.csv" for t in TABLES})
    write_zip(target, files, source_date_epoch(str(descriptor["created"])))
    return target


def write_zip(target: Path, files: Mapping[str, Path], epoch: int) -> None:
    """A zip whose bytes depend only on the files: sorted names, fixed times and permissions."""
    import datetime as dt

    stamp = dt.datetime.fromtimestamp(max(epoch, 315532800), tz=dt.UTC).timetuple()[:6]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            zf.writestr(info, files[name].read_bytes(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
