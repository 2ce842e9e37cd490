"""Fixtures of the ingest tests (tools in ingest_tools.py)."""

from ingest_tools import repo  # noqa: F401  (a fixture)
