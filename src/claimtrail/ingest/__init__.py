"""Ingest: turning what a user collected (saved pages, URLs, WARC files, feeds, text files) into raw/ articles.

The pure modules take bytes and return typed records: `decode` (bytes to text, saying which charset was
used and why), `page` (a page's main text and metadata), `records` (WARC records and feed items),
`article_file` (the article file with front matter, its sidecar, its name, duplicates).  `fetch` does
HTTP and `add` is the runner of `claimtrail add`: it is the only module that writes under raw/.
`rederive` is the check `claimtrail verify` runs on every added article.
"""

from __future__ import annotations

from ..layout import RECEIVED_DIR as RECEIVED_DIR  # raw/received/: the bytes received, kept unchanged
