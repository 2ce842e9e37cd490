"""Every anchored text is raw_text[char_start:char_end] of its raw file (checked per article in stage 4)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import ClaimtrailError
from ..layout import DATA_DIR
from ..text import line_at

# (table, text column, start column, end column): the text must equal raw_text[start:end] (an empty
# text with empty offsets is no anchor: an event link's feature that no words carried).
ANCHORED = (
    ("claims", "quote", "char_start", "char_end"),
    ("figures", "text", "char_start", "char_end"),
    ("sentences", "text", "char_start", "char_end"),
    *(("event_links", f"{f}_quote", f"{f}_char_start", f"{f}_char_end") for f in ("date", "place", "type", "actor")),
)


def check_anchoring(
    tables: Mapping[str, list[dict[str, Any]]],
    raw_texts: Mapping[str, str],
    sources_path: Mapping[str, str],
    rows_before: Mapping[str, int] | None = None,
) -> None:
    """Every anchored text equals raw_text[char_start:char_end] of its raw file.

    `rows_before` counts the rows that precede these in each table's CSV (for line numbers).
    """
    for table, column, start, end in ANCHORED:
        for n, row in enumerate(tables.get(table, ()), start=2 + (rows_before or {}).get(table, 0)):
            if table == "event_links" and not row[column] and row[start] is None and row[end] is None:
                continue
            raw_path = row.get("raw_path") or sources_path[row["source_id"]]
            text = raw_texts[raw_path]
            s, e = row[start], row[end]
            got = text[s:e] if isinstance(s, int) and isinstance(e, int) else ""
            if got != row[column] or not isinstance(s, int):
                raise ClaimtrailError(
                    f"{DATA_DIR}/{table}.csv",
                    f"{column} “{str(row[column])[:60]}” is not raw_text[{s}:{e}] "
                    f"of {raw_path} (line {line_at(text, s if isinstance(s, int) else 0)}), which reads “{got[:60]}”",
                    "fix the quote or offsets in the annotation; never edit build/ by hand",
                    line=n,
                )
