"""TableFiles: the per-article tables' CSV files, written into staging article by article as their bundles come.

Each file gets its header, then every article's lines in article order, and its
size and sha256 are taken as it is written (the descriptor's `bytes` and
`hash`): no table is ever whole in memory, whatever the size of the corpus.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from ..package import ArticleBundle, FileDigest, csv_header
from ..schema import table

BUFFER_BYTES = 1 << 20


class TableFiles:
    """data/<table>.csv of each table in `names`, open for appending until close() (or the end of a `with`)."""

    def __init__(self, data_dir: Path, names: Sequence[str]) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self._files: dict[str, tuple[Path, BinaryIO]] = {}
        self._sha256 = {name: hashlib.sha256() for name in names}
        self._size = dict.fromkeys(names, 0)
        try:
            for name in names:
                path = data_dir / f"{name}.csv"
                self._files[name] = (path, _opened(path))
                self._write(name, csv_header(table(name)).encode("utf-8"))
        except BaseException:
            self._close_all()
            raise

    def add(self, bundle: ArticleBundle) -> None:
        """Append the bundle's lines to each table, and let go of them (the bundle keeps its counts)."""
        for name in self._files:
            self._write(name, bundle.csv.get(name, b""))
        bundle.csv = {}

    def close(self) -> dict[str, FileDigest]:
        """Flush and close every file; each table's size and sha256."""
        for path, fh in self._files.values():
            try:
                fh.close()
            except OSError as exc:
                _name_file(exc, path)
                raise
        return {name: FileDigest(self._size[name], self._sha256[name].hexdigest()) for name in self._files}

    def _write(self, name: str, data: bytes) -> None:
        if not data:
            return
        path, fh = self._files[name]
        try:
            fh.write(data)
        except OSError as exc:
            _name_file(exc, path)
            raise
        self._sha256[name].update(data)
        self._size[name] += len(data)

    def _close_all(self) -> None:
        for _, fh in self._files.values():
            with contextlib.suppress(OSError):  # the error being raised is the one to report
                fh.close()

    def __enter__(self) -> TableFiles:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is not None:  # the build failed: the staging directory goes, and these with it
            self._close_all()


def _opened(path: Path) -> BinaryIO:
    try:
        return open(path, "wb", buffering=BUFFER_BYTES)
    except OSError as exc:
        _name_file(exc, path)
        raise


def _name_file(exc: OSError, path: Path) -> None:
    """A full disk fails in write(), whose error names no file: name it."""
    if exc.filename is None:
        exc.filename = str(path)
