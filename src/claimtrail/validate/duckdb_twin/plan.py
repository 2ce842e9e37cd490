"""The check plan of a resource: which cells need which SQL, the suspect rows' condition, implied patterns."""

from __future__ import annotations

from dataclasses import dataclass, field

from .descriptor import _ForeignKey, _Resource
from .sql import _Cell, _key_family, _missing_sql, _suspect_cast


@dataclass
class _Plan:
    """What frictionless checks in each data row of a resource."""

    res: _Resource
    cells: list[_Cell | None]  # None for a label the schema lacks (an "any" field)
    fks: list[tuple[_ForeignKey, _Resource, list[tuple[int, int | None, str]]]] = field(default_factory=list)
    keys: dict[int, set[str]] = field(default_factory=dict)  # key texts (families) needed per field
    # Fields whose pattern a foreign key settles: k -> (referenced resource, its field, foreign key number).
    implied: dict[int, tuple[_Resource, int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        expected = self.res.expected
        self.pos = {f.name: k for k, f in enumerate(expected)}
        self.unique_fields = [k for k, f in enumerate(expected) if f.constraints.get("unique")]
        self.has_pk = bool(self.res.primary_key) and set(self.res.primary_key) <= set(self.pos)
        self.pk_fields = [self.pos[name] for name in self.res.primary_key] if self.has_pk else []
        for k in self.unique_fields + self.pk_fields:
            self.need_key(k, self.family(k))

    def family(self, k: int) -> str:
        return _key_family([self.res.expected[k].type])

    @property
    def fusable(self) -> bool:
        """Whether the suspect rows can be found from the raw cells alone (no pattern for Python's re)."""
        return all(c is None or c.python_pattern is None for c in self.cells)

    def blank_sql(self) -> str:
        """True when every expected cell reads None: a blank row."""
        expected = self.res.expected
        terms = [_missing_sql(f"c{k}", f.missing_values if f.type != "any" else ("",)) for k, f in enumerate(expected)]
        return " AND ".join(terms) or "TRUE"

    def suspect_sql(self) -> str:
        """Cheap SQL true for every data row that may have an error (and for a few that have none)."""
        suspects = [cond for c in self.cells if c is not None for cond in c.suspects]
        suspects += [
            c.pattern_suspect
            for c in self.cells
            if c is not None and c.pattern_suspect is not None and c.k not in self.implied
        ]
        if not any(f.constraints.get("required") for f in self.res.expected):
            suspects.append(f"({self.blank_sql()})")  # a blank row is otherwise suspect through a required field
        if self.has_pk:  # an all-None primary key is an error even in fields that are not required
            suspects.append(
                "("
                + " AND ".join(_missing_sql(f"c{k}", self.res.expected[k].missing_values) for k in self.pk_fields)
                + ")"
            )
        suspects.append(self.width_sql())
        return " OR ".join(suspects)

    def width_sql(self, width: int | None = None) -> str:
        """True when a row has more or fewer cells than expected (NULL cells are only ever trailing)."""
        n = len(self.cells)
        width = self.res.width if width is None else width
        if n == 0:
            return "c0 IS NOT NULL"
        return f"(c{n - 1} IS NULL" + (f" OR c{n} IS NOT NULL)" if width > n else ")")

    def states_sql(self) -> str:
        """The states s{k} of the typed cells, as extra columns."""
        return "".join(f", {c.state()} AS s{c.k}" for c in self.cells if c is not None and c.typed)

    def suspect_source(self, table: str) -> str:
        """`table` with the v{k} columns the suspects read."""
        casts = [_suspect_cast(c.k, c.spec.type) for c in self.cells if c is not None and c.typed]
        return f"(SELECT *{''.join(', ' + cast for cast in casts)} FROM {table})"

    def need_key(self, k: int, family: str) -> None:
        self.keys.setdefault(k, set()).add(family)


def _with_states(plan: _Plan, base: str) -> str:
    """`base` (rn, nc, c0..) with the states s{k}."""
    return f"SELECT *{plan.states_sql()} FROM {base}"


def _imply_patterns(plans: dict[int, _Plan]) -> None:
    """Leave out the pattern of a one-field string foreign key when the referenced field has the same pattern.

    A value found in the referenced resource is one of its values: it breaks
    the pattern exactly when that value does, which the referenced resource's
    own check finds.  Chains are not followed (the referenced field must check
    its pattern itself).
    """
    found: dict[tuple[int, int], tuple[_Resource, int, int]] = {}
    for index, plan in plans.items():
        for g, (_, ref, fk_fields) in enumerate(plan.fks):
            if len(fk_fields) != 1:
                continue
            k, rk, family = fk_fields[0]
            cell, ref_cell = plan.cells[k], (plans[ref.index].cells[rk] if rk is not None else None)
            if (
                rk is None
                or family != "s"
                or cell is None
                or ref_cell is None
                or cell.pattern_suspect is None
                or ref_cell.pattern_suspect is None
                or cell.spec.constraints.get("pattern") != ref_cell.spec.constraints.get("pattern")
                or cell.spec.missing_values != ref_cell.spec.missing_values
                or (ref.index, rk) == (index, k)
            ):
                continue
            found.setdefault((index, k), (ref, rk, g))
    for (index, k), (ref, rk, g) in found.items():
        if (ref.index, rk) not in found:
            plans[index].implied[k] = (ref, rk, g)
