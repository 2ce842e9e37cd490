"""The schema registry: every field of every table, declared once.

`datapackage.json`, the DuckDB DDL and the data dictionary page are all
generated from the declarations in this package.  Nothing else in the code
base names a column that is not declared here (a test checks the SQL and the
templates against it).

* `vocabularies`: the controlled vocabularies and patterns (one owner each);
* `model`: Field, ForeignKey, Table and the DuckDB DDL made from them;
* `tables`: the declared tables, TABLES and table() (`estimates`: the estimates table);
* `links`: the event_links table and the link fields of sources, events, claims and figures;
* `qualifiers`: figure_bounds and VAGUE_BOUNDS beside the prose that documents them.
"""

from __future__ import annotations

from .estimates import ESTIMATES
from .links import EVENT_LINKS_TABLE
from .model import DUCKDB_TYPES, Field, ForeignKey, Table, duckdb_comments, duckdb_ddl, sql_name
from .qualifiers import QUALIFIER_RULES, VAGUE_BOUNDS, figure_bounds, vague_bounds
from .tables import CLAIMS, EVENT_PLACES, EVENTS, FIGURES, MENTIONS, SENTENCES, SOURCES, TABLES, table
from .vocabularies import (
    CASUALTY_MEASURES,
    CLAIM_TYPES,
    CLAIMANT_TYPES,
    CORROBORATION_STATUSES,
    DATE_PRECISIONS,
    ESTIMATE_HIGH_BOUNDS,
    ESTIMATE_RULES,
    EVENT_LINKS,
    EVENT_TYPES,
    GEO_PRECISIONS,
    GROUPS,
    ID_PATTERN,
    LINK_MATCHES,
    MACHINE_EVENT_TYPES,
    MEASURES,
    MENTION_KINDS,
    NON_CLAIM_REASONS,
    PARTIAL_DATE_PATTERN,
    PUBLISHED_PRECISIONS,
    QUALIFIERS,
    REVIEW_STATUSES,
    SENTENCE_COVERAGE,
    SHA256_PATTERN,
    TOLL_STATES,
)

__all__ = [
    "CASUALTY_MEASURES",
    "CLAIMANT_TYPES",
    "CLAIMS",
    "CLAIM_TYPES",
    "CORROBORATION_STATUSES",
    "DATE_PRECISIONS",
    "DUCKDB_TYPES",
    "ESTIMATES",
    "ESTIMATE_HIGH_BOUNDS",
    "ESTIMATE_RULES",
    "EVENTS",
    "EVENT_LINKS",
    "EVENT_LINKS_TABLE",
    "EVENT_PLACES",
    "EVENT_TYPES",
    "FIGURES",
    "GEO_PRECISIONS",
    "GROUPS",
    "ID_PATTERN",
    "LINK_MATCHES",
    "MACHINE_EVENT_TYPES",
    "MEASURES",
    "MENTIONS",
    "MENTION_KINDS",
    "NON_CLAIM_REASONS",
    "PARTIAL_DATE_PATTERN",
    "PUBLISHED_PRECISIONS",
    "QUALIFIERS",
    "QUALIFIER_RULES",
    "REVIEW_STATUSES",
    "SENTENCES",
    "SENTENCE_COVERAGE",
    "SHA256_PATTERN",
    "SOURCES",
    "TABLES",
    "TOLL_STATES",
    "VAGUE_BOUNDS",
    "Field",
    "ForeignKey",
    "Table",
    "duckdb_comments",
    "duckdb_ddl",
    "figure_bounds",
    "sql_name",
    "table",
    "vague_bounds",
]
