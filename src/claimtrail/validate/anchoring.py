"""Every anchored text is raw_text[char_start:char_end] of its raw file (checked per article in stage 4)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import ClaimtrailError
from ..layout import DATA_DIR
from ..text import line_at

# (table, text column) pairs whose text must equal raw_text[char_start:char_end].
ANCHORED = (("claims", "quote"), ("figures", "text"), ("sentences", "text"))


def check_anchoring(
    tables: Mapping[str, list[dict[str, Any]]],
    raw_texts: Mapping[str, str],
    sources_path: Mapping[str, str],
    rows_before: Mapping[str, int] | None = None,
) -> None:
    """Every anchored text equals raw_text[char_start:char_end] of its raw file.

    `rows_before` counts the rows that precede these in each table's CSV (for line numbers).
    """
    for table, column in ANCHORED:
        for n, row in enumerate(tables[table], start=2 + (rows_before or {}).get(table, 0)):
            raw_path = row.get("raw_path") or sources_path[row["source_id"]]
            text = raw_texts[raw_path]
            got = text[row["char_start"] : row["char_end"]]
            if got != row[column]:
                raise ClaimtrailError(
                    f"{DATA_DIR}/{table}.csv",
                    f"{column} “{str(row[column])[:60]}” is not raw_text[{row['char_start']}:{row['char_end']}] "
                    f"of {raw_path} (line {line_at(text, row['char_start'])}), which reads “{got[:60]}”",
                    "fix the quote or offsets in the annotation; never edit build/ by hand",
                    line=n,
                )
