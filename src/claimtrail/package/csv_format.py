"""CSV bytes of a table: UTF-8, RFC 4180 quoting, LF line endings, the declared fields in declared order."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from ..schema import Table

DIALECT = {
    "$schema": "https://datapackage.org/profiles/2.0/tabledialect.json",
    "header": True,
    "delimiter": ",",
    "lineTerminator": "\n",
    "quoteChar": '"',
    "doubleQuote": True,
}


def format_cell(value: Any) -> str:
    """The CSV text of one cell: empty for missing, integral numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value)


def csv_lines(table: Table, rows: Sequence[Mapping[str, Any]]) -> str:
    """RFC 4180 CSV lines (LF endings) of some of a table's rows, without the header."""
    buf = io.StringIO(newline="")
    # QUOTE_MINIMAL quotes a cell holding a character of the line terminator: with "\n" a cell
    # holding a lone CR (text from an old-Mac file) went unquoted and readers split the row
    # there.  So each row is written with "\r\n", whose last two characters become "\n".
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    lines = []
    for cells in ([format_cell(row[name]) for name in table.field_names] for row in rows):
        writer.writerow(cells)
        lines.append(buf.getvalue()[:-2] + "\n")
        buf.seek(0)
        buf.truncate()
    return "".join(lines)


def csv_header(table: Table) -> str:
    return ",".join(table.field_names) + "\n"


def table_csv(table: Table, rows: Sequence[Mapping[str, Any]]) -> bytes:
    """RFC 4180 CSV (LF line endings) of a table's rows, header first."""
    return (csv_header(table) + csv_lines(table, rows)).encode("utf-8")
