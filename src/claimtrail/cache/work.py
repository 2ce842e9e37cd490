"""WorkCache: the findings and sentences of each article, one small JSON entry per task key (.claimtrail-cache/articles/)."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

from ..extract import Finding
from ..extract.findings import ArticleWork
from .store import EntryStore

FINDING_FIELDS = tuple(f.name for f in fields(Finding))


def encode_work(work: ArticleWork) -> bytes:
    payload = {
        "findings": [[getattr(f, name) for name in FINDING_FIELDS] for f in work.findings],
        "sentences": [list(s) for s in work.sentences],
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_work(data: bytes) -> ArticleWork:
    payload = json.loads(data)
    findings = tuple(Finding(**dict(zip(FINDING_FIELDS, values, strict=True))) for values in payload["findings"])
    return ArticleWork(findings, tuple((int(s), int(e)) for s, e in payload["sentences"]))


class WorkCache:
    """Results of per-article work, stored by task key; a damaged entry is recomputed."""

    def __init__(self, directory: Path | None) -> None:
        self.store = EntryStore(directory)

    @property
    def hits(self) -> int:
        return self.store.hits

    @property
    def misses(self) -> int:
        return self.store.misses

    @property
    def keeps(self) -> bool:
        """Whether entries are stored (False: a build without a cache)."""
        return self.store.directory is not None

    def get(self, key: str) -> ArticleWork | None:
        data = self.store.get(key)
        if data is None:
            return None
        try:
            return decode_work(data)
        except (ValueError, TypeError, KeyError):
            self.store.miss()
            return None

    def put(self, key: str, work: ArticleWork) -> None:
        self.store.put(key, encode_work(work))
