"""The cache encoding of an article's event mentions (claimtrail.link.ArticleMentions) and its text's syndication
sketch: one JSON entry per article."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ..link.model import ArticleMentions, DateRef, FigureAssignment, FigureRef, Mention, PlaceRef, Words


def encode_mentions(m: ArticleMentions, sketch: tuple[int, ...]) -> bytes:
    entry = {"mentions": asdict(m), "sketch": list(sketch)}
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _words(items: list[dict[str, Any]]) -> tuple[Words, ...]:
    return tuple(Words(int(w["start"]), int(w["end"]), str(w["text"])) for w in items)


def _date(d: dict[str, Any] | None) -> DateRef | None:
    if d is None:
        return None
    md = d["month_day"]
    return DateRef(d["date_start"], d["date_end"], d["precision"], d["weekday"], None if md is None else (md[0], md[1]))


def _assignment(a: dict[str, Any]) -> FigureAssignment:
    return FigureAssignment(
        FigureRef(**a["figure"]),
        a["basis"],
        _words(a["date_words"]),
        _words(a["place_words"]),
        _words(a["type_words"]),
        _words(a["actor_words"]),
    )


def _mention(m: dict[str, Any]) -> Mention:
    return Mention(
        source_id=m["source_id"],
        index=int(m["index"]),
        role=m["role"],
        start=int(m["start"]),
        end=int(m["end"]),
        types=tuple(m["types"]),
        type_words=_words(m["type_words"]),
        date=_date(m["date"]),
        date_words=_words(m["date_words"]),
        places=tuple(PlaceRef(**p) for p in m["places"]),
        place_words=_words(m["place_words"]),
        actors=tuple(m["actors"]),
        actor_words=_words(m["actor_words"]),
        figures=tuple(_assignment(a) for a in m["figures"]),
        published=m["published"],
    )


def decode_mentions(data: bytes) -> tuple[ArticleMentions, tuple[int, ...]]:
    """The mentions and sketch encode_mentions wrote; KeyError, TypeError or ValueError for a damaged entry."""
    entry = json.loads(data)
    d = entry["mentions"]
    mentions = ArticleMentions(
        d["source_id"],
        d["published"],
        tuple(_mention(m) for m in d["mentions"]),
        tuple(FigureRef(**f) for f in d["unassigned"]),
    )
    return mentions, tuple(int(h) for h in entry["sketch"])
