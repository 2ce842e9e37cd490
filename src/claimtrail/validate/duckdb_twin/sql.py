"""SQL pieces: literals, RE2 translation of patterns, cells as SQL (_Cell, _cell), bounds and key families."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from .descriptor import SUPPORTED_CONSTRAINTS, _Field, _Unsupported

# RE2 character-class pieces.  _ASCII_WS is what str.isspace() accepts below 0x80.
_ASCII_WS = r"\t\n\x0b\x0c\r\x1c-\x1f "


_NON_ASCII = r"\x{80}-\x{10FFFF}"


# Python's \s (str.isspace()) as RE2 class content.
_PY_WS = _ASCII_WS + r"\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"


# Spellings SQL settles exactly, and the characters any valid spelling is made of
# (a cell with another ASCII character is a type error; the rest go to frictionless's reader).
_SIMPLE = {
    "integer": r"[+-]?[0-9]{1,18}",
    "number": r"[+-]?(?:[0-9]{1,18}(?:\.[0-9]{0,18})?|\.[0-9]{1,18})",
    "date": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
}


_CHARSET = {
    "integer": rf"[{_ASCII_WS}+\-0-9_{_NON_ASCII}]*",
    "number": rf"[{_ASCII_WS}+\-0-9._eEiInNfFtTyYaAsS{_NON_ASCII}]*",
    "date": rf"[0-9\- {_NON_ASCII}]*",
}


_DECIMAL_SCALE = 18


_DECIMAL_SQL = "DECIMAL(38,18)"


_SQL_TYPE = {"integer": "BIGINT", "number": _DECIMAL_SQL, "date": "DATE"}


def _lit(value: str) -> str:
    """A SQL string literal."""
    if "\x00" in value:
        raise _Unsupported("NUL in a literal")
    return "'" + value.replace("'", "''") + "'"


def _in_list(values: Sequence[str]) -> str:
    return "(" + ", ".join(_lit(v) for v in values) + ")"


def _decimal_text(value: Decimal) -> str | None:
    """`value` as DuckDB prints a DECIMAL(38,18), or None when it does not fit one exactly."""
    if not value.is_finite():
        return None
    scaled = value.scaleb(_DECIMAL_SCALE)
    if scaled != scaled.to_integral_value() or abs(scaled) >= Decimal(10) ** 38:
        return None
    q = int(scaled)
    if q == 0:
        return "0." + "0" * _DECIMAL_SCALE
    whole, frac = divmod(abs(q), 10**_DECIMAL_SCALE)
    return f"{'-' if q < 0 else ''}{whole}.{frac:0{_DECIMAL_SCALE}d}"


def _re2_pattern(pattern: str) -> str | None:
    """An RE2 pattern that fully matches what Python's re.match("^{pattern}$") matches, or None.

    None means "not sure": the pattern is then evaluated with Python's re.  The
    caller also tries the cell without one trailing newline, which Python's `$`
    allows.
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n:
                return None
            d = pattern[i + 1]
            i += 2
            if d in "dws":
                piece = {"d": r"\p{Nd}", "w": r"\p{L}\p{N}_", "s": _PY_WS}[d]
                out.append(piece if in_class or d == "d" else "[" + piece + "]")
            elif d in "DWS":
                if in_class:
                    return None
                out.append({"D": r"\P{Nd}", "W": r"[^\p{L}\p{N}_]", "S": "[^" + _PY_WS + "]"}[d])
            elif d in "ntrfva" or (d.isascii() and not d.isalnum() and d != "_"):
                out.append("\\" + d)
            else:
                return None
            continue
        if in_class:
            if c == "]":
                in_class = False
            elif c == "[" or (c in "-&~|" and pattern[i : i + 2] == c * 2):
                return None
            out.append(c)
            i += 1
            continue
        if c == "[":
            rest = pattern[i + 1 :]
            if rest.startswith("]") or rest.startswith("^]"):
                return None
            in_class = True
            out.append(c)
            if rest.startswith("^"):
                out.append("^")
                i += 1
            i += 1
            continue
        if c == "(":
            if pattern.startswith("(?", i) and not pattern.startswith("(?:", i):
                return None
        elif c == "{":
            m = re.match(r"\{(\d+)(,(\d*))?\}", pattern[i:])
            if not m or int(m.group(1)) > 1000 or (m.group(3) and int(m.group(3)) > 1000):
                return None
        elif c in "*+?}" and i + 1 < n and pattern[i + 1] == "+":
            return None  # a possessive quantifier
        elif c == "$" and i != n - 1:
            return None
        out.append(c)
        i += 1
    if in_class:
        return None
    return "".join(out)


def _missing_sql(col: str, missing_values: Sequence[str]) -> str:
    """True when frictionless reads the cell as None: absent, or one of the missing values."""
    if not missing_values:
        return f"({col} IS NULL)"
    return f"({col} IS NULL OR {col} IN {_in_list(missing_values)})"


def _typed_sql(k: int, ftype: str) -> str:
    """The typed value of a cell SQL settles (state 1), NULL otherwise."""
    return f"(CASE WHEN s{k} = 1 THEN CAST(c{k} AS {_SQL_TYPE[ftype]}) END)"


def _read_value(ftype: str, cell: Any) -> Any:
    """Frictionless 5.21's value readers (default format), used on constraint values."""
    if ftype == "string":
        return cell if isinstance(cell, str) else None
    if ftype == "date":
        if not isinstance(cell, str):
            return cell if isinstance(cell, date) and not isinstance(cell, datetime) else None
        try:
            return datetime.strptime(cell, "%Y-%m-%d").date()
        except Exception:
            return None
    if isinstance(cell, str):
        try:
            return int(cell.strip()) if ftype == "integer" else Decimal(cell.strip())
        except Exception:
            return None
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        if ftype == "number":
            return Decimal(str(cell))
        return int(cell) if cell.is_integer() else None
    return None


def _value_literal(ftype: str, value: Any) -> str | None:
    """A constraint value as a SQL literal comparable with `_typed_sql`; None when no settled cell can equal it."""
    typed = _read_value(ftype, value)
    if typed is None:
        return None
    if ftype == "string":
        return _lit(typed)
    if ftype == "integer":
        return f"CAST({typed} AS HUGEINT)" if abs(typed) < 10**38 else None
    if ftype == "number":
        text = _decimal_text(Decimal(typed))
        return f"CAST({_lit(text)} AS {_DECIMAL_SQL})" if text is not None else None
    return f"DATE {_lit(typed.isoformat())}"


@dataclass
class _Cell:
    """SQL for the expected field at column c{k}: its state, its failing checks and its key texts.

    A typed cell's state s{k} is 0 when frictionless reads it as None, 1 when
    SQL settles it as valid, 2 when frictionless's own reader must decide, 3
    for a type error.
    """

    k: int
    spec: _Field
    checks: list[tuple[str, str]] = field(default_factory=list)  # (constraint, SQL true when it fails)
    suspects: list[str] = field(default_factory=list)  # cheap SQL, true at least when a check fails
    python_pattern: re.Pattern[str] | None = None  # checked with Python's re (column pybad{k})
    pattern_suspect: str | None = None  # the suspect for the pattern, left out when a foreign key implies it
    exotic_keys: bool = False  # a table ek{i}_{k} holds the keys of state-2 cells

    @property
    def typed(self) -> bool:
        return self.spec.type in _SIMPLE

    def missing(self) -> str:
        return _missing_sql(f"c{self.k}", self.spec.missing_values)

    def state(self) -> str:
        x, ftype = f"c{self.k}", self.spec.type
        if ftype == "date":
            simple = f"CASE WHEN NOT starts_with({x}, '0000') AND TRY_CAST({x} AS DATE) IS NOT NULL THEN 1 ELSE 3 END"
        else:
            simple = "1"
        return (
            f"CASE WHEN {self.missing()} THEN 0 WHEN regexp_full_match({x}, {_lit(_SIMPLE[ftype])}) THEN {simple} "
            f"WHEN regexp_full_match({x}, {_lit(_CHARSET[ftype])}) THEN 2 ELSE 3 END"
        )

    def key(self, family: str) -> str:
        """The typed value as text, equal texts iff frictionless's values are equal; NULL for None."""
        x, k, ftype = f"c{self.k}", self.k, self.spec.type
        if ftype == "string":
            return f"(CASE WHEN NOT {self.missing()} THEN {x} END)"
        if family == "i":
            simple = f"CAST(CAST({x} AS BIGINT) AS VARCHAR)"
        elif family == "d":
            inner = f"CAST({x} AS BIGINT)" if ftype == "integer" else x
            simple = f"CAST(CAST({inner} AS {_DECIMAL_SQL}) AS VARCHAR)"
        else:
            simple = x
        exotic = f"e{k}.key_{family}" if self.exotic_keys else "NULL"
        return f"(CASE WHEN s{k} = 1 THEN {simple} WHEN s{k} = 2 THEN {exotic} END)"


def _cell(k: int, f: _Field) -> _Cell:
    """The checks frictionless makes on a cell of field `f`, in its order, as SQL."""
    cell = _Cell(k, f)
    x = f"c{k}"
    string = f.type == "string"
    present = f"(NOT {cell.missing()})" if string else f"(s{k} = 1)"
    # The suspects read the raw cell and v{k} (a lenient cast of it) only: a given
    # typed cell is suspect unless its spelling is one SQL settles and it passes
    # the bounds and the enum.
    given = f"(NOT {cell.missing()})"
    settled: list[str] = []
    if f.type == "integer":  # canonical spellings: the cast prints them back
        settled.append(f"{x} = CAST(v{k} AS VARCHAR)")
    elif f.type == "date":
        settled += [
            f"regexp_full_match({x}, {_lit(_SIMPLE['date'])})",
            f"NOT starts_with({x}, '0000')",
            f"v{k} IS NOT NULL",
        ]
    elif f.type == "number":
        settled.append(f"regexp_full_match({x}, {_lit(_SIMPLE['number'])})")
    for name in SUPPORTED_CONSTRAINTS[f.type]:
        constraint = f.constraints.get(name)
        if constraint is None:
            continue
        if name == "required":
            if constraint:
                cell.checks.append((name, f"{cell.missing()}" if string else f"(s{k} = 0)"))
                cell.suspects.append(cell.missing())
        elif name in ("minLength", "maxLength"):
            if not isinstance(constraint, int) or isinstance(constraint, bool):
                raise _Unsupported(f"{name} of {f.name}")
            op = "<" if name == "minLength" else ">"
            cell.checks.append((name, f"({present} AND length({x}) {op} {constraint})"))
            cell.suspects.append(f"({given} AND length({x}) {op} {constraint})")
        elif name == "pattern":
            if not isinstance(constraint, str):
                raise _Unsupported(f"pattern of {f.name}")
            try:
                compiled = re.compile(f"^{constraint}$")
            except re.error as exc:
                raise _Unsupported(f"pattern of {f.name}") from exc
            re2 = _re2_pattern(constraint)
            if re2 is None:
                cell.python_pattern = compiled
                cell.checks.append((name, f"({present} AND pybad{k})"))
                cell.suspects.append(f"({given} AND pybad{k})")
            else:
                match = (
                    f"(regexp_full_match({x}, {_lit(re2)}) OR "
                    f"(suffix({x}, chr(10)) AND regexp_full_match(left({x}, -1), {_lit(re2)})))"
                )
                cell.checks.append((name, f"({present} AND NOT {match})"))
                cell.pattern_suspect = f"({given} AND NOT regexp_full_match({x}, {_lit(re2)}))"
        elif name == "enum":
            if not isinstance(constraint, list):
                raise _Unsupported(f"enum of {f.name}")
            literals = [lit for lit in (_value_literal(f.type, v) for v in constraint) if lit is not None]
            value = x if string else _typed_sql(k, f.type)
            cond = f"{value} NOT IN ({', '.join(literals)})" if literals else "TRUE"
            cell.checks.append((name, f"({present} AND {cond})"))
            if string:
                cell.suspects.append(f"({given} AND {cond})")
            elif not literals:
                settled.append("FALSE")
            elif f.type == "number":
                settled.append(f"TRY_CAST({x} AS {_DECIMAL_SQL}) IN ({', '.join(literals)})")
            else:
                settled.append(f"v{k} IN ({', '.join(literals)})")
        else:
            literal = _value_literal(f.type, constraint)
            if literal is None:
                raise _Unsupported(f"{name} of {f.name}")
            op = {"minimum": "<", "maximum": ">", "exclusiveMinimum": "<=", "exclusiveMaximum": ">="}[name]
            cell.checks.append((name, f"({present} AND {_typed_sql(k, f.type)} {op} {literal})"))
            settled.append(_within(k, f.type, name, constraint, literal))
    if not string:
        cell.suspects.append(f"({given} AND NOT coalesce({' AND '.join(settled)}, false))")
    return cell


def _within(k: int, ftype: str, name: str, constraint: Any, literal: str) -> str:
    """SQL over v{k} true when a settled value is surely within the bound `name`.

    Numbers compare as DOUBLE (v{k} is then a DOUBLE): correctly rounded parsing
    is monotonic, so a decimal beyond the bound rounds to the bound's double or
    beyond it, and a strict comparison with that double never lets it through.
    """
    lower = name in ("minimum", "exclusiveMinimum")
    if ftype != "number":
        op = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}[name]
        return f"v{k} {op} {literal}"
    bound = float(Decimal(_read_value("number", constraint)))
    return f"v{k} {'>' if lower else '<'} CAST({_lit(repr(bound))} AS DOUBLE)"


def _suspect_cast(k: int, ftype: str) -> str:
    """v{k}: the lenient cast the suspects compare."""
    return f"TRY_CAST(c{k} AS {'DOUBLE' if ftype == 'number' else _SQL_TYPE[ftype]}) AS v{k}"


def _key_family(types: Sequence[str]) -> str:
    """How values of fields of these types compared with each other are written as key text."""
    kinds = set(types)
    if kinds == {"string"}:
        return "s"
    if kinds == {"date"}:
        return "t"
    if kinds == {"integer"}:
        return "i"
    if kinds <= {"integer", "number"}:
        return "d"
    raise _Unsupported("a key compares values of different types")


def _mask_sql(c: _Cell | None, only: str | None = None) -> str:
    """The bits of the failing checks of a cell (bit 0 type error, bit 1 frictionless's reader, bit 2+j check j)."""
    if c is None:
        return "0"
    terms: list[str] = []
    if c.typed and only is None:
        terms += [f"(CASE WHEN s{c.k} = 3 THEN 1 ELSE 0 END)", f"(CASE WHEN s{c.k} = 2 THEN 2 ELSE 0 END)"]
    terms += [
        f"(CASE WHEN coalesce({cond}, false) THEN {1 << bit} ELSE 0 END)"
        for bit, (name, cond) in enumerate(c.checks, start=2)
        if only is None or name == only
    ]
    return " + ".join(terms) if terms else "0"
