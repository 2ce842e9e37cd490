"""Reading a resource: bytes, dialect and header (Python's csv, as frictionless), records into DuckDB or through Python's csv.

The methods of _Reader are _Run's (it inherits them); they share its DuckDB connection.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Callable
from itertools import chain, islice
from pathlib import Path
from typing import Any

from .descriptor import _Field, _FileFacts, _Resource, _Unsupported, digest_parts
from .errors import _dedupe, _error
from .plan import _Plan
from .sql import _lit, _suspect_cast

SAMPLE_LINES = 100  # lines frictionless's CSV parser hands to csv.Sniffer


EXTRA_COLUMNS = 4  # DuckDB reads this many columns beyond the header; wider rows go to Python's csv


CSV_FIELD_SIZE_LIMIT = 2147483646  # frictionless's csv.field_size_limit


NULL_SENTINEL = "\x01"  # DuckDB's nullstr: a file holding this byte is read with Python's csv


def _csv_options(dialect: dict[str, Any], sample: list[str]) -> dict[str, Any]:
    """The csv.reader options frictionless's CSV parser ends up with, sniffing included."""
    delimiter = dialect.get("delimiter")
    try:
        sniffed: Any = csv.Sniffer().sniff("".join(sample), delimiter if delimiter is not None else ",\t;|")
    except csv.Error:
        sniffed = csv.excel()
    escape = dialect.get("escapeChar", sniffed.escapechar)
    quote = dialect.get("quoteChar", '"' if sniffed.quotechar == "'" else sniffed.quotechar)
    options = {
        "delimiter": delimiter if delimiter is not None else sniffed.delimiter,
        "quotechar": quote if quote != "" else None,
        "escapechar": escape,
        "doublequote": dialect.get("doubleQuote", True) if escape else True,
        "skipinitialspace": bool(dialect.get("skipInitialSpace", sniffed.skipinitialspace)),
        "quoting": csv.QUOTE_NONE if quote == "" else csv.QUOTE_MINIMAL,
        "strict": False,
    }
    for key in ("delimiter", "quotechar", "escapechar"):
        value = options[key]
        if value is not None and (not isinstance(value, str) or len(value) != 1):
            raise _Unsupported(f"dialect {key} {value!r}")
    return options


CHUNK_BYTES = 1 << 20  # a file's bytes are read this many at a time


def _file_facts(path: Path, digest: tuple[str, str] | None) -> _FileFacts:
    """The facts of the file's bytes, read once in chunks; its digest in `digest`'s algorithm (md5 or sha256)."""
    algorithm = digest[0] if digest is not None and digest[0] in ("md5", "sha256") else None
    hasher = hashlib.new(algorithm) if algorithm else None
    size = quotes = newlines = 0
    head = last = b""
    carriage_returns = sentinel = False
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK_BYTES):
            if hasher is not None:
                hasher.update(chunk)
            if len(head) < 3:
                head = (head + chunk)[:3]
            size += len(chunk)
            quotes += chunk.count(b'"')
            newlines += chunk.count(b"\n")
            carriage_returns = carriage_returns or b"\r" in chunk
            sentinel = sentinel or NULL_SENTINEL.encode() in chunk  # one byte: never split between chunks
            last = chunk[-1:]
    return _FileFacts(
        size=size,
        digest=hasher.hexdigest() if hasher is not None else None,
        head=head,
        quotes=quotes,
        newlines=newlines,
        carriage_returns=carriage_returns,
        sentinel=sentinel,
        final_newline=last == b"\n",
    )


def _text(res: _Resource) -> io.TextIOWrapper:
    """The file as text, as frictionless reads it (utf-8-sig after a BOM), newlines untranslated."""
    return io.TextIOWrapper(res.file.open("rb"), encoding="utf-8-sig" if res.bom else "utf-8", newline="")


class _Reader:
    """Reading a resource: its bytes, dialect and header, and its records into DuckDB (or through Python's csv)."""

    con: Any
    duckdb: Any

    def open(self, res: _Resource) -> None:
        """Read the file's facts (size, digest, counts), the dialect frictionless would use and the header record
        (Python's csv); the bytes are read in chunks, never held whole."""
        try:
            res.facts = facts = _file_facts(res.file, digest_parts(res.digest))
            res.bom = facts.head.startswith(codecs.BOM_UTF8)  # frictionless's detector then reads utf-8-sig
            old_limit = csv.field_size_limit(CSV_FIELD_SIZE_LIMIT)
            with _text(res) as stream:
                try:
                    sample = list(islice(stream, SAMPLE_LINES))
                    res.options = options = _csv_options(res.dialect, sample)
                    res.header = next(csv.reader(chain(sample, stream), **options), None)
                except (UnicodeDecodeError, csv.Error) as exc:
                    raise _Unsupported(f"{res.path} does not read as UTF-8 CSV") from exc
                finally:
                    csv.field_size_limit(old_limit)
        except OSError as exc:
            raise _Unsupported(f"cannot read {res.path}") from exc
        res.labels = [cell.strip() for cell in res.header or []]
        res.fast = (
            options["delimiter"].isascii()
            and options["delimiter"] not in '"\n\r'
            and options["quotechar"] == '"'
            and options["escapechar"] is None
            and not options["skipinitialspace"]
            and not facts.carriage_returns
            and not facts.sentinel
            and facts.size > (3 if res.bom else 0)
        )

    def header(self, res: _Resource) -> list[dict[str, Any]]:
        """Label errors; sets the fields expected in each row (frictionless's Header, "fieldsMatch": "exact")."""
        labels, fields = res.labels, res.fields
        errors: list[dict[str, Any]] = []
        if not labels:
            res.expected = list(fields)
            return errors
        names = _dedupe([fields[i].name if i < len(fields) else label for i, label in enumerate(labels)])
        res.expected = [fields[i] if i < len(fields) else _Field(names[i], "any") for i in range(len(labels))]
        for number, label in enumerate(labels, start=1):
            if number > len(fields):
                errors.append(_error(res, "extra-label", field_name="", label=label, fieldNumber=number))
        for offset, f in enumerate(fields[len(labels) :]):
            number = len(labels) + 1 + offset
            errors.append(_error(res, "missing-label", field_name=f.name, label="", fieldNumber=number))
        for number, (f, label) in enumerate(zip(fields, labels, strict=False), start=1):
            if not label:
                errors.append(_error(res, "blank-label", field_name=f.name, label="", fieldNumber=number))
                continue
            seen = [i for i, other in enumerate(labels[: number - 1], start=1) if other == label]
            if seen:
                note = 'at position "{}"'.format(", ".join(map(str, seen)))
                errors.append(
                    _error(res, "duplicate-label", field_name=f.name, label=label, fieldNumber=number, note=note)
                )
            elif label != f.name:
                errors.append(_error(res, "incorrect-label", field_name=f.name, label=label, fieldNumber=number))
        return errors

    def load(self, res: _Resource, plan: _Plan) -> None:
        """Table t{i} (rn, nc, c0..): record number (the header is 1), cell count, raw cells (NULL when absent).

        Storing every cell costs DuckDB more than parsing the file, so a file
        whose suspect rows can be found from the raw cells alone is stored
        sparsely: the key columns in full, the other cells of its suspect rows
        only (res.stored says which rows are whole).
        """
        if res.fast:
            if plan.fusable and self._load_duckdb(res, plan, sparse=True):
                return
            if self._load_duckdb(res, plan, sparse=False):
                return
        self._load_python(res)

    def _create_from_csv(self, res: _Resource, table: str, select: Callable[[str], str]) -> bool:
        """CREATE TABLE `table` AS `select(source)`, source being DuckDB's read of the file (columns c0..).

        False when DuckDB fails to read it.
        """
        columns = "{" + ", ".join(f"'c{j}': 'VARCHAR'" for j in range(res.width)) + "}"
        # DuckDB's parallel scanner refuses null padding with quoted newlines: such files are read serially.
        for parallel in ("true", "false"):
            source = (
                f"read_csv({_lit(str(res.file))}, auto_detect = false, header = false, columns = {columns}, "
                f"delim = {_lit(res.options['delimiter'])}, quote = '\"', escape = '\"', new_line = '\\n', "
                f"null_padding = true, nullstr = {_lit(NULL_SENTINEL)}, allow_quoted_nulls = false, "
                f"strict_mode = true, encoding = 'utf-8', parallel = {parallel})"
            )
            try:
                self.con.execute(f"CREATE OR REPLACE TABLE {table} AS {select(source)}")
                return True
            except self.duckdb.Error:
                self.con.execute(f"DROP TABLE IF EXISTS {table}")
        return False

    def _load_duckdb(self, res: _Resource, plan: _Plan, *, sparse: bool) -> bool:
        """Read the file with DuckDB; False (nothing kept) when the records may differ from Python's csv.

        Byte and newline accounting checks that: the records DuckDB read, with
        their quoting, must add up to the file.  DuckDB skips blank lines, trims
        blanks around quoted cells and may drop an unterminated last record,
        where Python's csv module does not; each breaks a balance.  Quotes and
        newlines inside cells are counted in text columns only, and only when
        the file has some to account for (sparse: never newlines); one
        elsewhere only breaks the balance, and the file is then read the next
        way (whole, then with Python's csv), which is exact anyway.
        """
        i = res.index
        width = res.width = max(len(res.header or []), len(res.fields)) + EXTRA_COLUMNS
        facts = res.facts
        size = facts.size - (3 if res.bom else 0)
        no_final = 0 if facts.final_newline else 1
        file_quotes, file_newlines = facts.quotes, facts.newlines
        text = [j for j, f in enumerate(res.expected) if f.type in ("string", "any")]

        def inside(j: int, char: str) -> str:
            return (
                f"(CASE WHEN contains(c{j}, {char}) THEN strlen(c{j}) - strlen(replace(c{j}, {char}, '')) ELSE 0 END)"
            )

        nc = " + ".join(f"(c{j} IS NOT NULL)::INTEGER" for j in range(width))
        length = " + ".join(f"coalesce(strlen(c{j}), 0)" for j in range(width))
        quotes = " + ".join(inside(j, "'\"'") for j in text) if file_quotes and text else "0"
        cols = ", ".join(f"c{j}" for j in range(width))
        if sparse:
            casts = "".join(f", {_suspect_cast(c.k, c.spec.type)}" for c in plan.cells if c is not None and c.typed)
            kept = [f"c{j}" if j in plan.keys else f"CASE WHEN sus THEN c{j} END AS c{j}" for j in range(width)]

            def select(source: str) -> str:
                return (
                    f"SELECT {', '.join(kept)}, nc, len, q, sus FROM (SELECT *, {nc} AS nc, {length} AS len, "
                    f"{quotes} AS q, ({plan.suspect_sql()}) AS sus FROM (SELECT *{casts} FROM {source}))"
                )

            if not self._create_from_csv(res, f"raw{i}", select):
                return False
            row = self.con.execute(
                f"SELECT count(*), sum(nc - 1), sum(len), sum(q), "
                f"list(rowid + 1 ORDER BY rowid) FILTER (WHERE sus AND rowid >= 1) FROM raw{i}"
            ).fetchall()[0]
            records, delimiters, content, in_quotes = (int(v or 0) for v in row[:4])
            in_newlines = 0
            view = f"SELECT rowid + 1 AS rn, nc, {cols} FROM raw{i}"
        else:
            if not self._create_from_csv(res, f"raw{i}", lambda source: f"SELECT * FROM {source}"):
                return False
            view = f"SELECT rowid + 1 AS rn, {nc} AS nc, {cols} FROM raw{i}"
            self.con.execute(f"CREATE OR REPLACE VIEW t{i} AS {view}")
            (records,) = self.con.execute(f"SELECT count(*) FROM raw{i}").fetchall()[0]
            newlines = " + ".join(inside(j, "chr(10)") for j in text) if file_newlines != records - no_final else "0"
            row = self.con.execute(
                f"SELECT sum(nc - 1), sum({length}), sum({quotes}), sum({newlines}) FROM t{i}"
            ).fetchall()[0]
            delimiters, content, in_quotes, in_newlines = (int(v or 0) for v in row)
        balanced = (
            records > 0
            and size - content - delimiters - records + no_final == file_quotes - in_quotes
            and file_newlines == records - no_final + in_newlines
        )
        if not balanced:
            self.con.execute(f"DROP VIEW IF EXISTS t{i}")
            self.con.execute(f"DROP TABLE raw{i}")
            return False
        self.con.execute(f"CREATE OR REPLACE VIEW t{i} AS {view}")
        if sparse:
            res.suspects = list(row[4] or [])
            res.stored = set(res.suspects)
        res.n_records, res.reader = records, "duckdb"
        return True

    def _load_python(self, res: _Resource) -> None:
        """Read the file with Python's csv module, as frictionless does, into DuckDB."""
        import pyarrow as pa

        old_limit = csv.field_size_limit(CSV_FIELD_SIZE_LIMIT)
        try:
            with _text(res) as stream:
                rows = list(csv.reader(stream, **res.options))
        except (UnicodeDecodeError, csv.Error) as exc:
            raise _Unsupported(f"{res.path} does not read as UTF-8 CSV") from exc
        except OSError as exc:
            raise _Unsupported(f"cannot read {res.path}") from exc
        finally:
            csv.field_size_limit(old_limit)
        width = max([len(r) for r in rows] + [len(res.expected), len(res.fields), 1])
        arrays: dict[str, Any] = {
            "rn": pa.array(range(1, len(rows) + 1), pa.int64()),
            "nc": pa.array([len(r) for r in rows], pa.int32()),
        }
        for j in range(width):
            arrays[f"c{j}"] = pa.array([r[j] if j < len(r) else None for r in rows], pa.string())
        self._from_arrow(f"t{res.index}", pa.table(arrays))
        res.suspects = None
        res.width, res.n_records, res.reader = width, len(rows), "python-csv"

    def _from_arrow(self, name: str, table: Any) -> None:
        self.con.register("fv_arrow", table)
        try:
            self.con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM fv_arrow")
        finally:
            self.con.unregister("fv_arrow")
