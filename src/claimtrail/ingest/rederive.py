"""The check `claimtrail verify` runs on every article `add` wrote: its text is re-derived from the
bytes kept under raw/received/, with the extractor recorded in its sidecar, and compared.

A difference under another trafilatura version names the version that would be needed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import ClaimtrailError
from ..hashing import sha256_hex
from ..raw import SIDECAR_SUFFIX, decode_raw_file, provenance_from_sidecar
from ..raw.articles import parse_front_matter_article
from .decode import decode_with
from .page import EXTRACTOR, RULES_VERSION, extractor_version, main_text
from .records import WARC_SUFFIXES, warc_pages


def added_sidecars(root: Path) -> list[tuple[Path, dict[str, Any]]]:
    """(article path, provenance) of every raw/ article whose sidecar names received bytes and an extractor."""
    out = []
    for sidecar in sorted((root / "raw").glob("*" + SIDECAR_SUFFIX)):
        rel = f"raw/{sidecar.name}"
        prov = provenance_from_sidecar(sidecar.read_text(encoding="utf-8"), rel)
        if isinstance(prov.get("received"), dict) and isinstance(prov.get("extractor"), dict):
            out.append((sidecar.with_name(str(prov["file"])), prov))
    return out


def rederive_problem(root: Path, article: Path, prov: dict[str, Any]) -> str:
    """'' if the article's text is what the extractor gives from the kept bytes, else what is wrong."""
    rel = f"raw/{article.name}"
    received, extractor = prov["received"], prov["extractor"]
    kept = root / "raw" / str(received.get("file", ""))
    kept_rel = f"raw/{received.get('file', '')}"
    if not kept.is_file():
        return f"{rel}: the received bytes {kept_rel} named in its sidecar are missing"
    data = kept.read_bytes()
    if sha256_hex(data) != str(received.get("sha256")):
        return (
            f"{kept_rel}: its sha256 is {sha256_hex(data)}, but {rel}{SIDECAR_SUFFIX} records {received.get('sha256')}"
        )
    if str(extractor.get("name")) != EXTRACTOR:
        return f"{rel}: extracted by {extractor.get('name')}, which this claimtrail does not run"
    try:
        payload = warc_pages(data, kept_rel)[0].body if kept.name.endswith(WARC_SUFFIXES) else data
        derived = main_text(decode_with(payload, str(received["charset"])), str(received.get("url") or "")).strip()
        raw = decode_raw_file(rel, article.read_bytes(), prov, rel + SIDECAR_SUFFIX)
        parsed = parse_front_matter_article(raw)
    except (ClaimtrailError, OSError, UnicodeDecodeError, LookupError) as exc:
        return f"{rel}: its text cannot be re-derived from {kept_rel}: {exc}"
    stored = raw.text[parsed.body_start : parsed.body_end]
    if stored == derived:
        return ""
    recorded, installed = str(extractor.get("version")), extractor_version()
    if recorded != installed or str(extractor.get("rules")) != RULES_VERSION:
        return (
            f"{rel}: its text was extracted by {EXTRACTOR} {recorded} (claimtrail rules {extractor.get('rules')}); "
            f"{EXTRACTOR} {installed} (rules {RULES_VERSION}) extracts another text from {kept_rel}: "
            f"install {EXTRACTOR}=={recorded} to re-derive it"
        )
    at = next(
        (i for i, (a, b) in enumerate(zip(stored, derived, strict=False)) if a != b), min(len(stored), len(derived))
    )
    return (
        f"{rel}: its text differs from what {EXTRACTOR} {installed} extracts from {kept_rel}, first at character {at}"
    )


def check_added_articles(root: Path) -> list[str]:
    """One line per added article whose text does not re-derive (an empty list when all do)."""
    problems = []
    for article, prov in added_sidecars(root):
        problem = rederive_problem(root, article, prov)
        if problem:
            problems.append(problem)
    return problems
