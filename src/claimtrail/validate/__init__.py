"""Stage 6, validate: verdicts on the written package, and the anchoring check of every quote.

* `frictionless`: the reference verdict (Frictionless's errors as plain dicts), a leaf;
* `duckdb_twin`: the same verdicts computed in DuckDB, fast on large packages, falling back to the reference;
* `table_schema`: the build's policy: the engine by row count, and the first error as a ClaimtrailError;
* `anchoring`: every quote equals raw_text[char_start:char_end] (run per article, in stage 4).

These modules read the files they check; nothing here writes.
"""

from __future__ import annotations

from .anchoring import ANCHORED, check_anchoring
from .duckdb_twin import validate_package_duckdb
from .frictionless import frictionless_errors
from .table_schema import FIX_HINTS, VALIDATE_WITH_FRICTIONLESS, check_duckdb, check_frictionless, validate_package

__all__ = [
    "ANCHORED",
    "FIX_HINTS",
    "VALIDATE_WITH_FRICTIONLESS",
    "check_anchoring",
    "check_duckdb",
    "check_frictionless",
    "frictionless_errors",
    "validate_package",
    "validate_package_duckdb",
]
