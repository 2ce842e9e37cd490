"""_Run: one validation of a package: the plans, the suspect rows, and the errors in frictionless's order."""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from ...layout import DUCKDB_CONFIG
from .descriptor import _parse_resource, _Resource, _Unsupported
from .errors import LIMIT_ERRORS, _error, _file_errors, _RowErrors
from .plan import _imply_patterns, _Plan, _with_states
from .reading import _Reader
from .sql import _Cell, _cell, _decimal_text, _key_family, _mask_sql


class _Run(_Reader):
    def __init__(self, descriptor_path: Path) -> None:
        try:
            descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise _Unsupported("unreadable descriptor") from exc
        if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
            raise _Unsupported("no resources")
        base = descriptor_path.parent
        self.resources = [_parse_resource(i, r, base) for i, r in enumerate(descriptor["resources"])]
        self.by_name = {r.name: r for r in self.resources}
        if len(self.by_name) != len(self.resources):
            raise _Unsupported("duplicate resource names")
        for res in self.resources:
            for fk in res.foreign_keys:
                if fk.resource not in self.by_name:
                    raise _Unsupported("foreign key to a missing resource")
        import duckdb

        self.duckdb = duckdb
        # In memory up to the limit, the rest spilled to a directory of its own (DuckDB's default is ./.tmp).
        self.spill = tempfile.TemporaryDirectory(prefix="claimtrail-validate-")
        self.con = duckdb.connect(config={**DUCKDB_CONFIG, "temp_directory": self.spill.name})
        self.readers: dict[tuple[int, int], Any] = {}
        self.plans: dict[int, _Plan] = {}

    def close(self) -> None:
        """Close the database and delete what it spilled."""
        self.con.close()
        self.spill.cleanup()

    # -- the whole package ---------------------------------------------------------

    def validate(self) -> list[dict[str, Any]]:
        for res in self.resources:
            self.open(res)
        headers = {res.index: self.header(res) for res in self.resources}
        self.plans = plans = {
            res.index: _Plan(res, [None if f.type == "any" else _cell(k, f) for k, f in enumerate(res.expected)])
            for res in self.resources
        }
        for res in self.resources:
            plan = plans[res.index]
            for fk in res.foreign_keys:
                if not set(fk.fields) <= set(plan.pos):
                    continue
                ref = self.by_name[fk.resource]
                ref_plan = plans[ref.index]
                fk_fields: list[tuple[int, int | None, str]] = []
                for name, ref_name in zip(fk.fields, fk.reference_fields, strict=True):
                    k, rk = plan.pos[name], ref_plan.pos.get(ref_name)
                    types = [res.expected[k].type] + ([ref.expected[rk].type] if rk is not None else [])
                    family = _key_family(types)
                    plan.need_key(k, family)
                    if rk is not None:
                        ref_plan.need_key(rk, family)
                    fk_fields.append((k, rk, family))
                plan.fks.append((fk, ref, fk_fields))
        _imply_patterns(plans)
        for res in self.resources:
            self.load(res, plans[res.index])
            if not res.labels and res.n_records <= 1:
                headers[res.index].insert(0, _error(res, "source-error", note="the source is empty"))
        for res in self.resources:
            self.prepare(res, plans[res.index])
        for res in self.resources:
            if res.suspects is None:
                plan = plans[res.index]
                query = (
                    f"SELECT rn FROM {plan.suspect_source(f's{res.index}')} "
                    f"WHERE rn >= 2 AND ({plan.suspect_sql()}) ORDER BY rn"
                )
                res.suspects = [rn for (rn,) in self.con.execute(query).fetchall()]
            self._suspect_table(res)
        out: list[dict[str, Any]] = []
        for res in self.resources:
            out.extend(self.validate_resource(res, plans[res.index], headers[res.index]))
        return out

    # -- opening: bytes, dialect, header -------------------------------------------

    # -- reading the records into DuckDB -------------------------------------------

    # -- frictionless's reader, for what SQL does not settle -------------------------

    def read_cell(self, res: _Resource, k: int, raw: str | None) -> tuple[Any, dict[str, str] | None]:
        """Frictionless's own cell reader of expected field k: (typed value, notes)."""
        key = (res.index, k)
        try:
            if key not in self.readers:
                from frictionless import Field

                f = res.expected[k]
                descriptor = json.loads(json.dumps(f.descriptor))
                descriptor["missingValues"] = list(f.missing_values)  # the schema's, unless the field has its own
                self.readers[key] = Field.from_descriptor(descriptor).create_cell_reader()
            value, notes = self.readers[key](raw)
        except Exception as exc:  # frictionless itself would stop on this cell
            raise _Unsupported(f"frictionless's reader fails on a cell of {res.name}") from exc
        return value, notes

    def typed_str(self, res: _Resource, k: int, raw: str | None) -> str:
        """str() of frictionless's typed value of a cell ("None" when it reads None)."""
        f = res.expected[k]
        if raw is None or raw in f.missing_values:
            return "None"
        if f.type == "string":
            return raw
        value, _ = self.read_cell(res, k, raw)
        return str(value)

    # -- the view each check reads -------------------------------------------------

    def prepare(self, res: _Resource, plan: _Plan) -> None:
        """View s{i}: rn, nc, the raw cells, the states s{k}, the key texts k{k}_{family}, pybad{k}."""
        i = res.index
        self.con.execute(f"CREATE OR REPLACE VIEW st{i} AS {_with_states(plan, f't{i}')}")
        joins: list[str] = []
        extra: list[str] = []
        for c in plan.cells:
            if c is None:
                continue
            if c.typed and c.k in plan.keys and self._exotic_keys(res, c):
                c.exotic_keys = True
                joins.append(f" LEFT JOIN ek{i}_{c.k} AS e{c.k} ON e{c.k}.rn = st.rn")
            if c.python_pattern is not None:
                self._python_pattern(res, c, c.python_pattern)
                joins.append(f" LEFT JOIN pyre{i}_{c.k} AS p{c.k} ON p{c.k}.v = st.c{c.k}")
                extra.append(f"coalesce(p{c.k}.bad, false) AS pybad{c.k}")
        for k, families in sorted(plan.keys.items()):
            c = plan.cells[k]
            assert c is not None
            extra += [f"{c.key(fam)} AS k{k}_{fam}" for fam in sorted(families)]
        select = "st.*" + "".join(", " + e for e in extra)
        self.con.execute(f"CREATE OR REPLACE VIEW s{i} AS SELECT {select} FROM st{i} AS st{''.join(joins)}")

    def _exotic_keys(self, res: _Resource, c: _Cell) -> bool:
        """Table ek{i}_{k}: key texts of the key cells SQL does not settle, read by frictionless's reader."""
        rows = self.con.execute(f"SELECT rn, c{c.k} FROM st{res.index} WHERE s{c.k} = 2").fetchall()
        if not rows:
            return False
        import pyarrow as pa

        out: dict[str, list[Any]] = {"rn": [], "key_i": [], "key_d": [], "key_t": []}
        for rn, raw in rows:
            value, notes = self.read_cell(res, c.k, raw)
            if notes and "type" in notes:
                value = None
            out["rn"].append(rn)
            out["key_i"].append(str(value) if isinstance(value, int) else None)
            text: str | None = None
            if isinstance(value, int | Decimal):
                dec = Decimal(value)
                # NaN equals nothing, not even itself; other values: DuckDB's DECIMAL text when they fit.
                text = f"nan#{res.index}#{rn}" if dec.is_nan() else _decimal_text(dec) or "x:" + str(dec.normalize())
            out["key_d"].append(text)
            out["key_t"].append(value.isoformat() if isinstance(value, date) else None)
        arrays = {"rn": pa.array(out["rn"], pa.int64())}
        arrays.update({name: pa.array(out[name], pa.string()) for name in ("key_i", "key_d", "key_t")})
        self._from_arrow(f"ek{res.index}_{c.k}", pa.table(arrays))
        return True

    def _python_pattern(self, res: _Resource, c: _Cell, regex: re.Pattern[str]) -> None:
        """Table pyre{i}_{k}: the distinct values of a field, with whether Python's re rejects them."""
        import pyarrow as pa

        query = f"SELECT DISTINCT c{c.k} FROM t{res.index} WHERE c{c.k} IS NOT NULL"
        values = [v for (v,) in self.con.execute(query).fetchall()]
        table = pa.table(
            {"v": pa.array(values, pa.string()), "bad": pa.array([not regex.match(v) for v in values], pa.bool_())}
        )
        self._from_arrow(f"pyre{res.index}_{c.k}", table)

    # -- one resource ---------------------------------------------------------------

    def validate_resource(self, res: _Resource, plan: _Plan, errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
        i = res.index
        fk_rows = [self._foreign_key_errors(res, ref, fk_fields) for _, ref, fk_fields in plan.fks]
        # A pattern a foreign key settles: the rows whose key is missing from the referenced
        # resource, or equals a referenced value that breaks the (same) pattern, are suspect.
        extra: set[int] = set()
        for k, (ref, rk, g) in plan.implied.items():
            extra.update(fk_rows[g])
            ref_cell = self.plans[ref.index].cells[rk]
            assert ref_cell is not None
            bad = next(cond for name, cond in ref_cell.checks if name == "pattern")
            if ref.suspects:
                query = (
                    f"SELECT rn FROM t{i} WHERE rn >= 2 AND c{k} IN "
                    f"(SELECT c{rk} FROM s{ref.index} WHERE rn IN (SELECT rn FROM suspect{ref.index}) AND {bad})"
                )
                extra.update(rn for (rn,) in self.con.execute(query).fetchall())
        if extra - set(res.suspects or []):
            res.suspects = sorted(extra | set(res.suspects or []))
            self._suspect_table(res)
        suspects = res.suspects
        unique = {k: self._duplicates(i, [f"k{k}_{plan.family(k)}"], f"c{k}") for k in plan.unique_fields}
        pk_rows: dict[int, int | None] = {}
        if plan.has_pk:
            keys = [f"k{k}_{plan.family(k)}" for k in plan.pk_fields]
            if len(plan.pk_fields) == 1 and plan.pk_fields[0] in unique:
                dups = unique[plan.pk_fields[0]]
            else:
                dups = self._duplicates(i, keys, "NULL")
            pk_rows = {rn: prev for rn, (prev, _) in dups.items()}
            if suspects:  # a key that reads None is missing or mistyped: its row is suspect
                all_none = " AND ".join(f"{key} IS NULL" for key in keys)
                query = f"SELECT rn FROM s{i} WHERE rn IN (SELECT rn FROM suspect{i}) AND {all_none}"
                pk_rows.update((rn, None) for (rn,) in self.con.execute(query).fetchall())
        candidates: set[int] = set(pk_rows)
        for dup in unique.values():
            candidates.update(dup)
        for missing in fk_rows:
            candidates.update(missing)
        flagged = self._flagged_rows(res, plan) if suspects else iter(())
        errors = list(errors)
        partial = False
        for rn, flags in _merge(sorted(candidates), flagged):
            errors.extend(self._row(res, plan, rn, flags, unique, pk_rows, fk_rows))
            if len(errors) >= LIMIT_ERRORS:
                errors, partial = errors[:LIMIT_ERRORS], True
                break
        if not partial:
            errors.extend(_file_errors(res))
        return errors

    def _suspect_table(self, res: _Resource) -> None:
        """Table suspect{i}: the suspect data rows."""
        self.con.execute(
            f"CREATE OR REPLACE TABLE suspect{res.index} AS SELECT unnest($1::BIGINT[]) AS rn", [res.suspects or []]
        )

    def _duplicates(self, i: int, keys: list[str], raw: str) -> dict[int, tuple[int, str | None]]:
        """rn -> (the last earlier rn with the same key, raw cell), for keys not all None."""
        not_all_none = " OR ".join(f"{key} IS NOT NULL" for key in keys)
        part = ", ".join(keys)
        on = " AND ".join(f"d.{key} IS NOT DISTINCT FROM s.{key}" for key in keys)
        partition = ", ".join(f"s.{key}" for key in keys)
        rows = self.con.execute(
            f"WITH d AS (SELECT {part} FROM s{i} WHERE rn >= 2 AND ({not_all_none}) GROUP BY ALL HAVING count(*) > 1) "
            f"SELECT rn, prev, raw FROM (SELECT rn, {raw} AS raw, lag(rn) OVER (PARTITION BY {partition} ORDER BY rn) "
            f"AS prev FROM s{i} AS s SEMI JOIN d ON {on} WHERE rn >= 2) WHERE prev IS NOT NULL"
        ).fetchall()
        return {rn: (prev, value) for rn, prev, value in rows}

    def _foreign_key_errors(
        self, res: _Resource, ref: _Resource, fk_fields: list[tuple[int, int | None, str]]
    ) -> dict[int, list[str | None]]:
        """rn -> raw key cells, for the rows whose key (not all None) is not in the referenced resource."""
        src_keys = [f"k{k}_{family}" for k, _, family in fk_fields]
        ref_keys = [f"ref.k{rk}_{family}" if rk is not None else "NULL" for _, rk, family in fk_fields]
        op = "=" if len(fk_fields) == 1 else "IS NOT DISTINCT FROM"
        match = " AND ".join(f"{ref_key} {op} src.{key}" for ref_key, key in zip(ref_keys, src_keys, strict=True))
        raws = ", ".join(f"c{k}" for k, _, _ in fk_fields)
        rows = self.con.execute(
            f"SELECT rn, {raws} FROM s{res.index} AS src "
            f"WHERE rn >= 2 AND ({' OR '.join(f'{key} IS NOT NULL' for key in src_keys)}) "
            f"AND NOT EXISTS (SELECT 1 FROM s{ref.index} AS ref WHERE ref.rn >= 2 AND {match})"
        ).fetchall()
        return {row[0]: list(row[1:]) for row in rows}

    def _flagged_rows(self, res: _Resource, plan: _Plan) -> Iterator[tuple[Any, ...]]:
        """Suspect rows with a cell error, a cell for frictionless's reader, extra or missing cells, or no value.

        Each as (rn, nc, blank, m0..m{n-1}, c0..): bit 0 of m{k} is a type
        error, bit 1 a cell for frictionless's reader, bit 2+j the j-th check.
        The suspect rows are copied out first, so that the checks run on them
        only.  A row made suspect only by a foreign key that settles a pattern
        was not stored whole: only that pattern is checked (its other cells
        raised no suspicion).
        """
        i, n = res.index, len(plan.cells)
        suspects = res.suspects or []
        whole = suspects if res.stored is None else [rn for rn in suspects if rn in res.stored]
        partial = [] if res.stored is None else [rn for rn in suspects if rn not in res.stored]
        cols = ", ".join(f"c{j}" for j in range(res.width))
        mask_names = [f"m{k}" for k in range(n)]
        where = " OR ".join([*(f"{m} <> 0" for m in mask_names), f"nc <> {n}", "blank"])
        queries: list[str] = []
        if whole:
            self.con.execute(
                f"CREATE OR REPLACE TABLE rows{i} AS SELECT * FROM t{i} WHERE rn IN (SELECT unnest($1::BIGINT[]))",
                [whole],
            )
            masks = [_mask_sql(c) for c in plan.cells]
            inner = ", ".join([f"{plan.blank_sql()} AS blank", *(f"{m} AS m{k}" for k, m in enumerate(masks))])
            queries.append(
                f"SELECT rn, nc, blank, {''.join(m + ', ' for m in mask_names)}{cols} "
                f"FROM (SELECT rn, nc, {inner}, {cols} FROM ({self._cells_sql(res, plan, f'rows{i}')})) WHERE {where}"
            )
        if partial:
            self.con.execute(
                f"CREATE OR REPLACE TABLE part{i} AS SELECT * FROM t{i} WHERE rn IN (SELECT unnest($1::BIGINT[]))",
                [partial],
            )
            masks = [_mask_sql(c, only="pattern") if c is not None and c.k in plan.implied else "0" for c in plan.cells]
            kept = ", ".join(f"c{j}" if j in plan.implied else f"NULL AS c{j}" for j in range(res.width))
            queries.append(
                f"SELECT rn, {n} AS nc, false AS blank, {''.join(m + ', ' for m in masks)}{kept} "
                f"FROM ({self._cells_sql(res, plan, f'part{i}')}) WHERE {' OR '.join(f'{m} <> 0' for m in masks)}"
            )
        if not queries:
            return
        cursor = self.con.cursor()
        try:
            result = cursor.execute(" UNION ALL ".join(f"({q})" for q in queries) + " ORDER BY rn")
            while batch := result.fetchmany(4096):
                yield from batch
        finally:
            cursor.close()

    def _cells_sql(self, res: _Resource, plan: _Plan, base: str) -> str:
        """`base` (rn, nc, c0..) with the states s{k} and the Python pattern verdicts pybad{k}."""
        i = res.index
        joins = [
            f" LEFT JOIN pyre{i}_{c.k} AS p{c.k} ON p{c.k}.v = st.c{c.k}"
            for c in plan.cells
            if c is not None and c.python_pattern is not None
        ]
        bad = [
            f", coalesce(p{c.k}.bad, false) AS pybad{c.k}"
            for c in plan.cells
            if c is not None and c.python_pattern is not None
        ]
        return f"SELECT st.*{''.join(bad)} FROM ({_with_states(plan, base)}) AS st{''.join(joins)}"

    def _row(
        self,
        res: _Resource,
        plan: _Plan,
        rn: int,
        flags: tuple[Any, ...] | None,
        unique: dict[int, dict[int, tuple[int, str | None]]],
        pk_rows: dict[int, int | None],
        fk_rows: list[dict[int, list[str | None]]],
    ) -> list[dict[str, Any]]:
        """The errors frictionless reports for row `rn`, in its order."""
        n = len(plan.cells)
        if flags is None:
            nc, is_blank, masks, raw = n, False, [0] * n, []
        else:
            nc, is_blank = flags[1], bool(flags[2])
            masks, raw = list(flags[3 : 3 + n]), list(flags[3 + n :])

        tail = [
            _error(res, "extra-cell", row=rn, field_name="", cell=str(raw[number - 1]), fieldNumber=number)
            for number in range(n + 1, nc + 1)
        ]
        tail += [
            _error(res, "missing-cell", row=rn, field_name=res.expected[k].name, cell="", fieldNumber=k + 1)
            for k in range(nc, n)
        ]
        cell_errors = partial(self._cell_errors, res, plan, rn, masks, raw)
        row = _RowErrors(n, cell_errors, tail, _error(res, "blank-row", row=rn) if is_blank else None)
        for k in plan.unique_fields:
            row.touch(k)
            if rn in unique[k]:
                prev, value = unique[k][rn]
                row.append(
                    _error(
                        res,
                        "unique-error",
                        row=rn,
                        field_name=res.expected[k].name,
                        cell=self.typed_str(res, k, value),
                        fieldNumber=k + 1,
                        note=f"the same as in the row at position {prev}",
                    )
                )
        if plan.has_pk:
            for k in plan.pk_fields:
                row.touch(k)
            if rn in pk_rows:
                prev_pk = pk_rows[rn]
                note = (
                    'cells composing the primary keys are all "None"'
                    if prev_pk is None
                    else f"the same as in the row at position {prev_pk}"
                )
                row.append(_error(res, "primary-key", row=rn, note=note))
        for (fk, _ref, fk_fields), found in zip(plan.fks, fk_rows, strict=True):
            for k, _, _ in fk_fields:
                row.touch(k)
            if rn in found:
                values = [self.typed_str(res, k, v) for (k, _, _), v in zip(fk_fields, found[rn], strict=True)]
                note = 'for "{}": values "{}" not found in the lookup table "{}" as "{}"'.format(
                    ", ".join(fk.fields), ", ".join(values), fk.label, ", ".join(fk.reference_fields)
                )
                row.append(_error(res, "foreign-key", row=rn, note=note))
        row.process()
        return row.errors

    def _cell_errors(
        self, res: _Resource, plan: _Plan, rn: int, masks: list[Any], raw: list[Any], k: int
    ) -> list[dict[str, Any]]:
        """The type and constraint errors of cell k of row `rn` (masks: its flags from the suspect SQL)."""
        c = plan.cells[k]
        if c is None or not masks[k]:
            return []
        where: dict[str, Any] = {"row": rn, "field_name": c.spec.name, "cell": str(raw[k]), "fieldNumber": k + 1}
        if masks[k] & 2:
            _, notes = self.read_cell(res, k, raw[k])
            return [
                _error(res, "type-error" if name == "type" else "constraint-error", note=note, **where)
                for name, note in (notes or {}).items()
            ]
        if masks[k] & 1:
            return [_error(res, "type-error", note=f'type is "{c.spec.type}/{c.spec.format}"', **where)]
        return [
            _error(res, "constraint-error", note=f'constraint "{name}" is "{c.spec.constraints[name]}"', **where)
            for bit, (name, _) in enumerate(c.checks, start=2)
            if masks[k] & (1 << bit)
        ]


def _merge(candidates: list[int], flagged: Iterator[tuple[Any, ...]]) -> Iterator[tuple[int, tuple[Any, ...] | None]]:
    """Row numbers from both sources in order, each with its flagged row when it has one."""
    i = 0
    for flags in flagged:
        rn = flags[0]
        while i < len(candidates) and candidates[i] < rn:
            yield candidates[i], None
            i += 1
        if i < len(candidates) and candidates[i] == rn:
            i += 1
        yield rn, flags
    while i < len(candidates):
        yield candidates[i], None
        i += 1
