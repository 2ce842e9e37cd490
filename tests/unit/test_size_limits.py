"""No module of src/claimtrail over about 450 lines, no function or method over 80 (README, "Layout")."""

from __future__ import annotations

import ast
from pathlib import Path

import claimtrail

PACKAGE = Path(claimtrail.__file__).resolve().parent
MAX_MODULE_LINES = 460  # "about 450"
MAX_FUNCTION_LINES = 80


def module_sizes() -> dict[str, int]:
    return {
        p.relative_to(PACKAGE).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
        for p in PACKAGE.rglob("*.py")
    }


def function_sizes(source: str, module: str) -> dict[str, int]:
    """Lines of every function and method (decorators excluded, nested functions counted in their parent too)."""
    out = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out[f"{module}:{node.name}:{node.lineno}"] = node.end_lineno - node.lineno + 1  # type: ignore[operator]
    return out


def test_no_module_is_over_the_limit() -> None:
    sizes = module_sizes()
    assert len(sizes) > 60
    assert sorted(m for m, n in sizes.items() if n > MAX_MODULE_LINES) == []


def test_no_function_is_over_the_limit() -> None:
    sizes: dict[str, int] = {}
    for p in PACKAGE.rglob("*.py"):
        sizes.update(function_sizes(p.read_text(encoding="utf-8"), p.relative_to(PACKAGE).as_posix()))
    assert len(sizes) > 400
    assert sorted(f for f, n in sizes.items() if n > MAX_FUNCTION_LINES) == []


def test_a_long_function_is_measured() -> None:
    source = "def f():\n" + "    x = 1\n" * 90 + "\n\nclass C:\n    def m(self):\n        return 1\n"
    assert function_sizes(source, "m.py") == {"m.py:f:1": 91, "m.py:m:95": 2}
