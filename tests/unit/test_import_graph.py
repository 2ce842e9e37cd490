"""The import graph of src/claimtrail: no cycle, and no import from a stage package up into the runner, the site,
the cache or the developer tools.

The graph is read with `ast` from every module, imports inside functions included, so an import hidden in a
function to dodge a cycle is still an edge.  Modules are nodes; `from . import x` counts as an edge to the
module `x` when it is one, else to the package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import claimtrail

PACKAGE = Path(claimtrail.__file__).parent
# Packages that may not be imported from the stage packages (layout.md, "Dependency rule").
UPPER = ("runner", "site", "cache", "devtools")
STAGES = ("schema", "raw", "extract", "rows", "package", "validate", "query")
# The levels of layout.md's dependency rule: a package or module imports only from its own level or below.
# A new package (ingest/, link/, ...) takes the level of what it imports and what imports it.
LEVELS = {
    "": 0,  # claimtrail/__init__.py: the version
    "errors": 1, "hashing": 1, "text": 1, "schema": 1,
    "layout": 2, "gazetteer": 2, "yamlio": 2, "package": 2, "query": 2, "validate": 2,
    "raw": 3, "extract": 3, "output_hashes": 3,
    "rows": 4, "ingest": 4, "link": 4,
    "cache": 5,
    "site": 6,
    "runner": 7,
    "devtools": 8,
    "cli": 9,
    "__main__": 10,
}  # fmt: skip


def module_name(path: Path) -> str:
    parts = ["claimtrail", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The claimtrail modules that module `name` (at `path`) imports, anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("claimtrail")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            elif node.module and node.module.startswith("claimtrail"):
                target = node.module
            else:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                out.add(sub if sub in known else target)
    return {m for m in out if m in known and m != name}


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports_of(name, path, set(mods)) for name, path in mods.items()}


def find_cycle(g: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph as a list of modules (first == last), or []."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str]:
        state[n] = 1
        stack.append(n)
        for m in sorted(g[n]):
            if state.get(m) == 1:
                return [*stack[stack.index(m) :], m]
            if m not in state and (found := visit(m)):
                return found
        stack.pop()
        state[n] = 2
        return []

    for n in sorted(g):
        if n not in state and (found := visit(n)):
            return found
    return []


def box(module: str) -> str:
    """The top-level package or module a module belongs to (claimtrail.extract.dates -> extract)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def upward_imports(g: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{a} imports {b}" for a, targets in g.items() if box(a) in STAGES for b in targets if box(b) in UPPER
    )


def upward_by_level(g: dict[str, set[str]]) -> list[str]:
    """Imports from a lower level to a higher one, and modules whose box has no level yet."""
    unplaced = sorted({box(a) for a in g if box(a) not in LEVELS})
    out = [
        f"{name or 'claimtrail'} has no level in LEVELS: give it one (layout.md, 'Dependency rule')"
        for name in unplaced
    ]
    out += sorted(
        f"{a} (level {LEVELS[box(a)]}) imports {b} (level {LEVELS[box(b)]})"
        for a, targets in g.items()
        for b in targets
        if box(a) in LEVELS and box(b) in LEVELS and LEVELS[box(b)] > LEVELS[box(a)]
    )
    return out


def test_graph_is_read_from_every_module() -> None:
    g = graph()
    assert set(g) == {module_name(p) for p in PACKAGE.rglob("*.py")}
    assert "claimtrail.cli" in g and sum(len(v) for v in g.values()) > 50


def test_there_is_no_import_cycle() -> None:
    assert find_cycle(graph()) == []


def test_no_stage_imports_the_runner_site_cache_or_devtools() -> None:
    assert upward_imports(graph()) == []


def test_no_import_goes_up_a_level() -> None:
    assert upward_by_level(graph()) == []


def test_the_checks_catch_a_cycle_and_an_upward_import() -> None:
    g = {"claimtrail.rows.a": {"claimtrail.cache.b"}, "claimtrail.cache.b": {"claimtrail.rows.a"}}
    assert find_cycle(g) == ["claimtrail.cache.b", "claimtrail.rows.a", "claimtrail.cache.b"]
    assert upward_imports(g) == ["claimtrail.rows.a imports claimtrail.cache.b"]
    assert upward_by_level(g) == ["claimtrail.rows.a (level 4) imports claimtrail.cache.b (level 5)"]
    assert upward_by_level({"claimtrail.newstage.x": set()})[0].startswith("newstage has no level")


def test_imports_inside_functions_are_edges(tmp_path: Path) -> None:
    code = "def f():\n    from .b import thing\n    from ..c import other\n"
    (tmp_path / "a.py").write_text(code, encoding="utf-8")
    known = {"claimtrail.p.a", "claimtrail.p.b", "claimtrail.c"}
    assert imports_of("claimtrail.p.a", tmp_path / "a.py", known) == {"claimtrail.p.b", "claimtrail.c"}
