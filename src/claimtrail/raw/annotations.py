"""A curator's annotation file (raw/annotations/SOURCE_ID.yaml): claims, figures, non-claims and metadata, checked.

Quotes are anchored later, against the article's text (rows.anchor).  Any
failure is a ClaimtrailError that names the annotation file, the line and the claim.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from typing import Any

from ..errors import ClaimtrailError
from ..schema import (
    CLAIM_TYPES,
    CLAIMANT_TYPES,
    GROUPS,
    MEASURES,
    NON_CLAIM_REASONS,
    PUBLISHED_PRECISIONS,
    QUALIFIERS,
    TOLL_STATES,
    figure_bounds,
)
from ..schema.qualifiers import MAX_FIGURE_VALUE
from ..yamlio import key_line, line_of, load_yaml, user_keys
from .dates import NoSuchDate, NotADate, partial_date
from .fields import check_keys, date_text, kind_of, shown, text_field, web_url
from .fields import whole_number as _opt_int
from .links import LinkNote, link_note

CLAIM_LOCAL_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

UNREVIEWED = "unreviewed"


@dataclass(frozen=True)
class PartOfNote:
    """The total a curated figure breaks down: its words in a claim of the article ("" = the figure's own claim),
    the occurrence-th figure with those words there; text "" (``part_of: false``) says it breaks nothing down."""

    claim: str
    text: str
    occurrence: int = 1


@dataclass(frozen=True)
class FigureNote:
    text: str
    measure: str
    qualifier: str
    value: float | None
    low: float | None
    high: float | None
    unit: str
    occurrence: int | None
    line: int | None
    reject: bool = False  # strike out the machine's figure at these words
    # a casualty figure's victim group and toll state, when the curator overrules the machine's
    group: str | None = None
    toll_state: str | None = None
    part_of: PartOfNote | None = None  # None: the machine's breakdown stands


@dataclass(frozen=True)
class ClaimNote:
    local_id: str
    quote: str
    occurrence: int | None
    char_start: int | None
    claimant: str
    claimant_type: str
    claim_type: str
    hedge: str
    event: str
    figures: tuple[FigureNote, ...]
    line: int | None
    unreviewed: bool = False  # drafted by the machine and not yet reviewed (status: unreviewed)


@dataclass(frozen=True)
class NonClaimNote:
    quote: str
    reason: str
    occurrence: int | None
    line: int | None


@dataclass(frozen=True)
class Annotation:
    """A curator's annotation of one article."""

    path: str
    source_id: str
    source_meta: dict[str, str]
    claims: tuple[ClaimNote, ...]
    non_claims: tuple[NonClaimNote, ...]
    draft: bool = False  # a machine draft still marked status: unreviewed as a whole
    links: tuple[LinkNote, ...] = ()

    @property
    def links_only(self) -> bool:
        """A file of link notes only: its article stays machine-drafted, with the curator's links."""
        return bool(self.links) and not (self.claims or self.non_claims or self.source_meta)


# The keys each part of an annotation file may have (docs/curating.md); `claimtrail draft` also
# writes the dates, places and attributions it found, for the curator to read.
TOP_KEYS = ("source_id", "status", "source", "claims", "non_claims", "links", "dates", "places", "attributions")
SOURCE_KEYS = ("published", "published_precision", "published_basis", "published_note", "url", "publisher", "title")
CLAIM_KEYS = (
    "id", "status", "quote", "occurrence", "char_start", "claimant", "claimant_type", "claim_type", "hedge", "event",
    "figures",
)  # fmt: skip
FIGURE_KEYS = (
    "status", "text", "measure", "qualifier", "value", "low", "high", "unit", "group", "toll_state", "part_of",
    "occurrence", "reject",
)  # fmt: skip
NON_CLAIM_KEYS = ("quote", "reason", "occurrence")


def _req_str(d: dict[str, Any], key: str, file: str, item: str) -> str:
    return text_field(d, key, file, item=item, required=True, fix_missing=f"add '{key}: ...' to {item}")


def _opt_str(d: dict[str, Any], key: str, file: str = "", item: str | None = None) -> str:
    return text_field(d, key, file, item=item)


def _enum(d: dict[str, Any], key: str, allowed: tuple[str, ...], file: str, item: str) -> str:
    value = _req_str(d, key, file, item)
    if value not in allowed:
        close = difflib.get_close_matches(value, allowed, n=1)
        raise ClaimtrailError(
            file,
            f"{key} {value!r} is not in the controlled vocabulary",
            f"use one of: {', '.join(allowed)}" + (f" (did you mean {close[0]!r}?)" if close else ""),
            line=key_line(d, key),
            item=item,
        )
    return value


def _status(d: dict[str, Any], file: str, item: str) -> bool:
    """True for 'status: unreviewed' (a machine draft); no status line means reviewed."""
    if "status" not in d:
        return False
    if d["status"] != UNREVIEWED:
        raise ClaimtrailError(
            file,
            f"status is {shown(d, 'status')}; the only status an annotation can have is '{UNREVIEWED}'",
            "delete the status line once the item is reviewed",
            line=key_line(d, "status"),
            item=item,
        )
    return True


def _reject(d: dict[str, Any], file: str, item: str) -> bool:
    value = d.get("reject", False)
    if not isinstance(value, bool):
        raise ClaimtrailError(
            file,
            f"reject must be true or false, not {shown(d, 'reject')}",
            "write 'reject: true' to strike out the machine's figure, or delete the line",
            line=key_line(d, "reject"),
            item=item,
        )
    return value


def _opt_num(d: dict[str, Any], key: str, file: str, item: str) -> float | None:
    value = d.get(key)
    if value is None or value == "":
        return None
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not number or not (isinstance(value, int) or math.isfinite(value)) or abs(value) > MAX_FIGURE_VALUE:
        raise ClaimtrailError(  # .inf, .nan and 10**400 are no counts
            file,
            f"{key} must be a number, not {shown(d, key)}"
            + (f"; a figure is at most {MAX_FIGURE_VALUE:,} (10^15)" if number else ""),
            f"write {key} in digits, e.g. {key}: 150",
            line=key_line(d, key),
            item=item,
        )
    return float(value)


def _list(d: dict[str, Any], key: str, file: str, item: str) -> list[Any]:
    value = d.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ClaimtrailError(
            file,
            f"{key}: must be a list, not {kind_of(value)}",
            f"write each entry of {key} as a '- ...' item",
            line=line_of(d),
            item=item,
        )
    return value


def parse_annotation(text: str, path: str) -> Annotation:
    """Parse an annotation file and check its fields and vocabularies."""
    data = load_yaml(text, path)
    if not isinstance(data, dict):
        raise ClaimtrailError(
            path, "the annotation is not a YAML mapping", "start with 'source_id: ...' then 'claims:'", line=1
        )
    check_keys(data, TOP_KEYS, path, what="an annotation file")
    source_id = _req_str(data, "source_id", path, "the file")
    meta_in = data.get("source") or {}
    if not isinstance(meta_in, dict):
        raise ClaimtrailError(
            path, "source: must be a mapping", "write source: fields indented under it", line=line_of(data)
        )
    check_keys(meta_in, SOURCE_KEYS, path, what="source:", item="source")
    source_meta = _source_meta(meta_in, path)
    raw_claims = data.get("claims") or []
    if not isinstance(raw_claims, list):
        raise ClaimtrailError(
            path, "claims: must be a list", "write each claim as a '- id: ...' item", line=line_of(data)
        )
    seen: dict[str, int | None] = {}
    claims = [_claim_note(c, path, data, seen) for c in raw_claims]
    non_claims = []
    for n in _list(data, "non_claims", path, "the file"):
        if not isinstance(n, dict):
            raise ClaimtrailError(
                path, "a non_claim is not a mapping", "write '- quote: ...' and 'reason: ...'", line=line_of(data)
            )
        check_keys(n, NON_CLAIM_KEYS, path, what="a non_claim", item="a non_claim")
        non_claims.append(
            NonClaimNote(
                quote=_req_str(n, "quote", path, "a non_claim"),
                reason=_enum(n, "reason", NON_CLAIM_REASONS, path, "a non_claim"),
                occurrence=_opt_int(n, "occurrence", path, "a non_claim", 1),
                line=line_of(n),
            )
        )
    links = tuple(link_note(n, path, data) for n in _list(data, "links", path, "the file"))
    return Annotation(
        path,
        source_id,
        source_meta,
        tuple(claims),
        tuple(non_claims),
        draft=_status(data, path, "the file"),
        links=links,
    )


def _claim_note(c: Any, path: str, data: dict[str, Any], seen: dict[str, int | None]) -> ClaimNote:
    """One claim of an annotation, its id new in `seen` (id -> line), with its figures."""
    if not isinstance(c, dict):
        raise ClaimtrailError(
            path,
            "a claim is not a mapping",
            "write each claim as '- id: c01' followed by its fields",
            line=line_of(data),
        )
    local_id = _req_str(c, "id", path, "a claim")
    item = f"claim {local_id}"
    check_keys(c, CLAIM_KEYS, path, what="a claim", item=item)
    if not CLAIM_LOCAL_ID.match(local_id):
        raise ClaimtrailError(
            path,
            f"claim id {local_id!r} has characters other than a-z, 0-9 and '-'",
            "use ids like c01",
            line=line_of(c),
            item=item,
        )
    if local_id in seen:
        raise ClaimtrailError(
            path,
            f"claim id {local_id} is used twice (first on line {seen[local_id]})",
            "give each claim its own id",
            line=line_of(c),
            item=item,
        )
    seen[local_id] = line_of(c)
    figures = [_figure_note(f, path, item, line_of(c)) for f in _list(c, "figures", path, item)]
    return ClaimNote(
        local_id=local_id,
        quote=_req_str(c, "quote", path, item),
        occurrence=_opt_int(c, "occurrence", path, item, 1),
        char_start=_opt_int(c, "char_start", path, item, 0),
        claimant=_req_str(c, "claimant", path, item),
        claimant_type=_enum(c, "claimant_type", CLAIMANT_TYPES, path, item),
        claim_type=_enum(c, "claim_type", CLAIM_TYPES, path, item),
        hedge=_opt_str(c, "hedge", path, item),
        event=_opt_str(c, "event", path, item),
        figures=tuple(figures),
        line=line_of(c),
        unreviewed=_status(c, path, item),
    )


def _figure_note(f: Any, path: str, item: str, claim_line: int | None) -> FigureNote:
    """One figure of a claim (item names the claim), checked against its qualifier's rules."""
    if not isinstance(f, dict):
        raise ClaimtrailError(
            path,
            "a figure is not a mapping",
            "write each figure as '- text: ...' with its fields",
            line=claim_line,
            item=item,
        )
    fitem = f"{item}, figure “{text_field(f, 'text', path, item=item) or '?'}”"
    check_keys(f, FIGURE_KEYS, path, what="a figure", item=fitem)
    _status(f, path, fitem)
    if _reject(f, path, fitem):
        return FigureNote(
            text=_req_str(f, "text", path, fitem),
            measure="other",
            qualifier="exact",
            value=None,
            low=None,
            high=None,
            unit="",
            occurrence=_opt_int(f, "occurrence", path, fitem, 1),
            line=line_of(f),
            reject=True,
        )
    qualifier = _enum(f, "qualifier", QUALIFIERS, path, fitem)
    figure = FigureNote(
        text=_req_str(f, "text", path, fitem),
        measure=_enum(f, "measure", MEASURES, path, fitem),
        qualifier=qualifier,
        value=_opt_num(f, "value", path, fitem),
        low=_opt_num(f, "low", path, fitem),
        high=_opt_num(f, "high", path, fitem),
        unit=_req_str(f, "unit", path, fitem),
        occurrence=_opt_int(f, "occurrence", path, fitem, 1),
        line=line_of(f),
        group=_enum(f, "group", GROUPS, path, fitem) if f.get("group") is not None else None,
        toll_state=_enum(f, "toll_state", TOLL_STATES, path, fitem) if f.get("toll_state") is not None else None,
        part_of=_part_of(f, path, fitem),
    )
    try:
        figure_bounds(figure.qualifier, figure.value, figure.low, figure.high, figure.text)
    except ValueError as exc:
        raise ClaimtrailError(
            path,
            f"the figure's numbers do not fit its qualifier: {exc}",
            "give value for point figures, low and high (low ≤ high) for a range",
            line=figure.line,
            item=fitem,
        ) from None
    return figure


def _part_of(f: dict[str, Any], path: str, item: str) -> PartOfNote | None:
    """part_of: "words" (a figure of this claim), {claim: ID, text: "words", occurrence: N}, or false."""
    value = f.get("part_of")
    if value is None:
        return None
    if value is False:
        return PartOfNote("", "")
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
        return PartOfNote("", str(value))
    if isinstance(value, dict) and set(user_keys(value)) <= {"claim", "text", "occurrence"}:
        return PartOfNote(
            _opt_str(value, "claim"),
            _req_str(value, "text", path, item),
            _opt_int(value, "occurrence", path, item, 1) or 1,
        )
    raise ClaimtrailError(
        path,
        f"part_of must name the total's words, not {value!r}",
        'write part_of: "at least 50" (a figure of this claim), part_of: {claim: c02, text: "at least 50"}, '
        "or part_of: false",
        line=line_of(f),
        item=item,
    )


def _source_meta(meta: dict[str, Any], path: str) -> dict[str, str]:
    out: dict[str, str] = {}
    item = "source"
    if "published" in meta:
        published = date_text(meta, "published", path, item=item)
        expected = "unknown"
        try:
            if published:
                _, expected = partial_date(published)
        except NotADate:
            raise ClaimtrailError(
                path,
                f"published {published!r} is not YYYY, YYYY-MM or YYYY-MM-DD",
                "write the date in ISO form",
                line=line_of(meta),
                item=item,
            ) from None
        except NoSuchDate:
            raise ClaimtrailError(
                path,
                f"published {published} is not a date that exists",
                "check the day and month (e.g. February has 28 or 29 days)",
                line=line_of(meta),
                item=item,
            ) from None
        out["published"] = published
        out["published_precision"] = _enum(meta, "published_precision", PUBLISHED_PRECISIONS, path, item)
        if expected != out["published_precision"]:
            raise ClaimtrailError(
                path,
                f"published {published!r} does not have precision {out['published_precision']}",
                f"set published_precision: {expected}",
                line=line_of(meta),
                item=item,
            )
        out["published_basis"] = _opt_str(meta, "published_basis", path, item)
        out["published_note"] = _opt_str(meta, "published_note", path, item)
    for key in ("url", "publisher", "title"):
        if key in meta:
            out[key] = _opt_str(meta, key, path, item)
    if "url" in out:
        out["url"] = web_url(out["url"], path, "url", line=key_line(meta, "url"), item=item)
    return out
