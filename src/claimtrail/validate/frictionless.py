"""The reference verdict: the errors Frictionless reports for a package, as plain dicts.

A leaf: it imports nothing of claimtrail, so both the DuckDB twin (as its fallback) and the
build's validation policy (as an engine) can use it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def frictionless_errors(descriptor_path: Path) -> list[dict[str, Any]]:
    """Errors Frictionless reports for the package, as plain dicts."""
    import frictionless

    report = frictionless.validate(str(descriptor_path))
    out = []
    for task in report.tasks:
        for err in task.errors:
            out.append(
                {
                    "path": task.place or task.name,
                    "type": err.type,
                    "message": err.message,
                    "row": getattr(err, "row_number", None),
                    "field": getattr(err, "field_name", None),
                }
            )
    for err in report.errors:
        out.append(
            {"path": str(descriptor_path.name), "type": err.type, "message": err.message, "row": None, "field": None}
        )
    return out
