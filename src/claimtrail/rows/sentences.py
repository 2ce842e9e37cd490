"""Stage 4, one article's sentence and mention rows: every sentence with what covers it, every finding as a mention."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from ..errors import ClaimtrailError
from ..extract import Finding
from ..raw.annotations import Annotation
from ..raw.articles import Article
from ..text import line_at

Row = dict[str, Any]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _mentions(article: Article, findings: Sequence[Finding], status: str) -> list[Row]:
    """Rows of the dates, places and attributions the extractor found in an article."""
    rows: list[Row] = []
    numbers: dict[str, int] = defaultdict(int)
    for f in findings:
        if f.kind == "figure":
            continue
        numbers[f.kind] += 1
        rows.append(
            {
                "mention_id": f"{article.source_id}-{f.kind}-{numbers[f.kind]:03d}",
                "source_id": article.source_id,
                "kind": f.kind,
                "text": f.text,
                "char_start": f.start,
                "char_end": f.end,
                "raw_path": article.raw_path,
                "date_start": f.date_start or "",
                "date_end": f.date_end or "",
                "date_precision": f.precision or "",
                "gazetteer_name": f.gazetteer_name or "",
                "geonames_id": f.geonames_id,
                "country_code": f.country_code or "",
                "latitude": f.latitude,
                "longitude": f.longitude,
                "claimant": f.claimant or "",
                "review_status": status,
            }
        )
    return rows


def _coverage(
    spans: Sequence[tuple[tuple[int, int], str | None]], sentence_list: Sequence[tuple[int, int]]
) -> tuple[list[int], list[set[str]]]:
    """Per sentence: how many claim spans overlap it, and the reasons of the non-claims that do.

    Sentences are sorted and disjoint, so each span finds the sentences it overlaps by bisection:
    time grows with spans + overlaps, not with spans x sentences.
    """
    starts = [s for s, _ in sentence_list]
    ends = [e for _, e in sentence_list]
    claims_at = [0] * len(sentence_list)
    reasons_at: list[set[str]] = [set() for _ in sentence_list]
    for (a, b), reason in spans:
        for i in range(bisect_right(ends, a), bisect_left(starts, b)):
            if _overlaps((a, b), sentence_list[i]):
                if reason is None:
                    claims_at[i] += 1
                else:
                    reasons_at[i].add(reason)
    return claims_at, reasons_at


def _sentences(
    article: Article,
    ann: Annotation | None,
    text: str,
    spans: Sequence[tuple[tuple[int, int], str | None]],
    sentence_list: Sequence[tuple[int, int]],
) -> list[Row]:
    rows: list[Row] = []
    claims_at, reasons_at = _coverage(spans, sentence_list)
    for pos, (s, e) in enumerate(sentence_list, start=1):
        n_claims = claims_at[pos - 1]
        reasons = sorted(reasons_at[pos - 1])
        coverage = "claim" if n_claims else ("non_claim" if reasons else "uncovered")
        if ann is not None and not ann.draft and coverage == "uncovered":
            raise ClaimtrailError(
                ann.path,
                f"sentence {pos} of {article.source_id} (raw line {line_at(text, s)}) is covered by no claim "
                f"and no non_claim: “{text[s:e][:80]}”",
                "add a claim for what it asserts, or list it under non_claims with a reason",
            )
        rows.append(
            {
                "sentence_id": f"{article.source_id}-s{pos:03d}",
                "source_id": article.source_id,
                "position": pos,
                "text": text[s:e],
                "char_start": s,
                "char_end": e,
                "n_claims": n_claims,
                "coverage": coverage,
                "non_claim_reason": reasons[0] if coverage == "non_claim" else "",
            }
        )
    return rows
