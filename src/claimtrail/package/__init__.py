"""Stage 5, package: rows become bytes: CSV of each table and the datapackage.json descriptor (pure).

Both are generated from the schema registry: the CSV columns are the declared
fields in declared order, and every resource's schema is the registry's Table
Schema.  CSV is UTF-8, RFC 4180 quoting, LF line endings, rows in a stable order.

* `csv_format`: cells and lines of CSV; `bundle`: one article's CSV lines and their cache encoding;
* `descriptor`: datapackage.json and the timestamps; `assemble`: the whole package from the bundles (whose CSV lines the runner has written).
"""

from __future__ import annotations

from .assemble import PackageBytes, assemble_package
from .bundle import ArticleBundle, article_bundle, decode_bundle, encode_bundle
from .csv_format import DIALECT, csv_header, csv_lines, format_cell, table_csv
from .descriptor import (
    FileDigest,
    RawSource,
    created_timestamp,
    descriptor,
    descriptor_json,
    digest_of,
    source_date_epoch,
)

__all__ = [
    "DIALECT",
    "ArticleBundle",
    "FileDigest",
    "PackageBytes",
    "RawSource",
    "article_bundle",
    "assemble_package",
    "created_timestamp",
    "csv_header",
    "csv_lines",
    "decode_bundle",
    "descriptor",
    "descriptor_json",
    "digest_of",
    "encode_bundle",
    "format_cell",
    "source_date_epoch",
    "table_csv",
]
