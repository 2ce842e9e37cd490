"""Stages 3b–4, rows: one article (with its annotation and findings) becomes its rows; then the corpus-wide rows.

Pure functions over parsed records; the runner gives them their inputs.

* `anchor`: a curator's quote found in the article's text, or where it first differs;
* `drafting`: claims the machine drafts from its findings, and the draft annotation file;
* `review`: the machine's figures merged with a curator's corrections;
* `article`: ArticleRows, article_rows: one article's rows of every per-article table;
* `events`: the event tables and corroboration;
* `corpus`: Corpus, check_corpus, build_tables (the in-memory pipeline the tests use).
"""

from __future__ import annotations

from .anchor import Anchor, anchor_quote
from .article import ARTICLE_TABLES, ArticleRows, Row, Tables, article_rows, checked_article_rows, effective_published
from .corpus import Corpus, body_key, build_tables, build_tables_with_report, check_corpus
from .drafting import DraftClaim, draft_claims, draft_document
from .events import corroboration, event_tables
from .review import CorrectionCounts, MergedFigure, merge_figures

__all__ = [
    "ARTICLE_TABLES",
    "Anchor",
    "ArticleRows",
    "Corpus",
    "CorrectionCounts",
    "DraftClaim",
    "MergedFigure",
    "Row",
    "Tables",
    "anchor_quote",
    "article_rows",
    "body_key",
    "build_tables",
    "build_tables_with_report",
    "check_corpus",
    "checked_article_rows",
    "corroboration",
    "draft_claims",
    "draft_document",
    "effective_published",
    "event_tables",
    "merge_figures",
]
