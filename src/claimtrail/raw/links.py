"""The links: list of an annotation file: a curator's word on the machine's event links (docs/curating.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import ClaimtrailError
from ..yamlio import line_of
from .fields import check_keys, text_field, whole_number

LINK_KEYS = ("claim", "figure", "confirm", "event", "occurrence")


@dataclass(frozen=True)
class LinkNote:
    """A curator's word on a machine link: ``claim`` (a machine claim's local id, e.g. m001) or ``figure`` (a
    figure's exact words) is confirmed on its machine event, moved to ``event`` (an event id), or cut loose
    (``event`` none)."""

    claim: str
    figure: str
    event: str  # "" to confirm the machine's link, "none" to cut it, else the event id to move it to
    occurrence: int | None
    line: int | None


def link_note(n: Any, path: str, data: dict[str, Any]) -> LinkNote:
    """One item of links: exactly one of claim/figure, and either confirm: true or event: ID / none."""
    line = line_of(n, line_of(data))
    fix = "write '- claim: m001' (or '- figure: \"148\"') and either 'confirm: true' or 'event: ID' / 'event: none'"
    if not isinstance(n, dict) or ("claim" in n) == ("figure" in n):
        raise ClaimtrailError(path, "a link names one machine claim or one figure", fix, line=line, item="links")
    check_keys(n, LINK_KEYS, path, what="a link", item="links")
    event = text_field(n, "event", path, item="links").strip()
    confirm = n.get("confirm") is True
    if confirm == bool(event):
        raise ClaimtrailError(
            path, "a link either confirms (confirm: true) or sets event:", fix, line=line, item="links"
        )
    return LinkNote(
        claim=text_field(n, "claim", path, item="links").strip(),
        figure=text_field(n, "figure", path, item="links"),
        event=event,
        occurrence=whole_number(n, "occurrence", path, "a link", 1),
        line=line,
    )
