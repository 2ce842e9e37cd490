"""Containers of pages, read without touching a disk: WARC files (through warcio) and RSS/Atom feeds.

A WARC's HTML responses each become one page, with the record's own bytes (for a .warc.gz, its gzip
member exactly as it sits in the file).  A feed gives the link of each item and its date, kept as a hint.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from ..errors import ClaimtrailError

HTML_TYPES = ("text/html", "application/xhtml+xml")
WARC_SUFFIXES = (".warc", ".warc.gz")


@dataclass(frozen=True)
class WarcPage:
    """One HTML response record of a WARC file."""

    index: int  # position among the file's records, from 1
    record_id: str
    target_uri: str
    warc_date: str  # YYYY-MM-DD
    content_type: str
    status: str
    body: bytes  # the HTTP payload (the page)
    record_bytes: bytes  # the record as it sits in the file
    offset: int


@dataclass(frozen=True)
class FeedItem:
    link: str
    title: str
    date_hint: str  # YYYY-MM-DD from pubDate / published / updated, '' if none


def check_gzip_complete(data: bytes, source: str) -> None:
    """Every gzip member of a .warc.gz ends where it should (warcio reads a cut file without a word)."""
    pos = 0
    while pos < len(data):
        d = zlib.decompressobj(wbits=31)
        try:
            d.decompress(data[pos:])
        except zlib.error as exc:
            raise ClaimtrailError(
                source, f"is not valid gzip data at byte {pos}: {exc}", "give the .warc.gz file as it was written"
            ) from None
        if not d.eof:
            raise ClaimtrailError(
                source,
                f"is truncated: the gzip member that starts at byte {pos} ends before its end ({len(data):,} bytes in all)",
                "the download or copy was cut short: fetch or copy the WARC file again",
            )
        pos = len(data) - len(d.unused_data)


def warc_pages(data: bytes, source: str) -> list[WarcPage]:
    """The HTML responses (status 200) of a WARC or WARC.GZ file, in file order."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    gz = data[:2] == b"\x1f\x8b"
    if gz:
        check_gzip_complete(data, source)
    pages: list[WarcPage] = []
    n = 0
    try:
        it = ArchiveIterator(io.BytesIO(data), check_digests=True)
        for record in it:
            n += 1
            page = _page_of(record, it, n, data, source)
            if page is not None:
                pages.append(page)
    except ArchiveLoadFailed as exc:
        raise ClaimtrailError(source, f"is not a WARC file: {exc}", "give a .warc or .warc.gz file") from None
    if n == 0:
        raise ClaimtrailError(source, "holds no WARC records", "give a .warc or .warc.gz file with the pages captured")
    if not pages:
        raise ClaimtrailError(
            source,
            f"holds {n} WARC record(s) but no HTML response with status 200",
            "capture the article pages themselves (wget --warc-file, Webrecorder); a WARC of images or redirects has no article",
        )
    return pages


def _check_complete(data: bytes, offset: int, declared: int, n: int, source: str) -> None:
    """An uncompressed record holds its declared Content-Length of bytes (warcio reads a cut one silently)."""
    header_end = data.find(b"\r\n\r\n", offset)
    if header_end == -1 or declared < 0 or header_end + 4 + declared > len(data):
        raise ClaimtrailError(
            source,
            f"is truncated: record {n} (at byte {offset}) declares {declared:,} bytes, more than the file holds",
            "the download or copy was cut short: fetch or copy the WARC file again",
        )


def _page_of(record: Any, it: Any, n: int, data: bytes, source: str) -> WarcPage | None:
    declared = int(record.rec_headers.get_header("Content-Length") or -1)
    is_response = record.rec_type == "response" and record.http_headers is not None
    content_type = (record.http_headers.get_header("Content-Type") or "") if is_response else ""
    status = (record.http_headers.get_statuscode() or "") if is_response else ""
    body = record.content_stream().read() if is_response else b""
    it.read_to_end(record)
    offset, length = it.get_record_offset(), it.get_record_length()
    if data[:2] != b"\x1f\x8b":
        _check_complete(data, offset, declared, n, source)
    if status != "200" or content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        return None
    return WarcPage(
        index=n,
        record_id=str(record.rec_headers.get_header("WARC-Record-ID") or ""),
        target_uri=str(record.rec_headers.get_header("WARC-Target-URI") or ""),
        warc_date=str(record.rec_headers.get_header("WARC-Date") or "")[:10],
        content_type=content_type,
        status=status,
        body=body,
        record_bytes=data[offset : offset + length],
        offset=offset,
    )


def is_feed(data: bytes) -> bool:
    """Does the document look like RSS or Atom (an XML root named rss, feed or RDF)?"""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2 :].lstrip()
    while head.startswith(b"<!--"):
        head = head[head.find(b"-->") + 3 :].lstrip()
    return head.startswith((b"<rss", b"<feed", b"<rdf:rdf"))


def _date_hint(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return ""


def feed_items(data: bytes, source: str, base_url: str) -> list[FeedItem]:
    """The items of an RSS (0.9x, 1.0, 2.0) or Atom feed; a feed that is not XML is refused."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ClaimtrailError(
            source,
            f"is not XML, so it is not an RSS or Atom feed: {exc.msg}",
            "give the feed's own address (it ends in .xml, .rss or /feed, and starts with '<?xml' or '<rss')",
            line=exc.lineno,
        ) from None
    name = etree.QName(root).localname.lower()
    if name not in ("rss", "feed", "rdf"):
        raise ClaimtrailError(
            source, f"is XML but not a feed (its root element is <{name}>)", "give an RSS or Atom feed"
        )
    items: list[FeedItem] = []
    for el in root.iter("{*}item", "{*}entry", "item", "entry"):
        link = _child_text(el, "link")
        if not link:
            hrefs = [x.get("href", "") for x in el if _local(x) == "link" and x.get("rel", "alternate") == "alternate"]
            link = next((h for h in hrefs if h), "")
        date = next(
            (_date_hint(_child_text(el, k)) for k in ("pubDate", "published", "date", "updated") if _child_text(el, k)),
            "",
        )
        items.append(
            FeedItem(urljoin(base_url, link.strip()) if base_url else link.strip(), _child_text(el, "title"), date)
        )
    if not items:
        raise ClaimtrailError(source, "is a feed with no items", "give a feed that lists articles")
    return items


def _local(el: Any) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def _child_text(el: Any, name: str) -> str:
    for child in el:
        if _local(child) == name and child.text and child.text.strip():
            return " ".join(child.text.split())
    return ""
