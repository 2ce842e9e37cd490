"""A page's main text: trafilatura's extraction, less the blocks that are only related links.

`extract_page` is pure and deterministic for a given trafilatura version: `claimtrail verify` calls it
again on the kept bytes and compares.  Its rules (the options below and the related-link filter) have
their own version, RULES_VERSION; change it whenever they change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

from ..errors import ClaimtrailError
from .metadata import PageMeta, page_meta, parse_html

EXTRACTOR = "trafilatura"
RULES_VERSION = "1"  # claimtrail's own options and filter around trafilatura
MIN_WORDS = 60  # less than this is not an article: a login wall, a cookie wall, an error page
LINK_SHARE = 0.6  # a block whose text is mostly links ...
# ... and whose other words are at most a label ("Read more:", "AVOIDING CONTACT:") is a related link.
LABEL = re.compile(r"^(?:[^\W\d_][\w'’&/ -]{0,40}[:|])?$")
# Elements that call the reader to act (newsletters, letters, subscriptions), by class or id.
PRUNE_XPATH = [
    "//*[contains(@class,'-cta') or contains(@class,'cta-') or contains(@class,'newsletter')"
    " or contains(@id,'newsletter')]"
]
INDEX_SHARE = 0.5  # main text more than half made of the page's link texts: an index page
BLOCK_TAGS = ("p", "item", "head", "quote", "cell")


@dataclass(frozen=True)
class ExtractedPage:
    """The article of a page: its text (quotes point into it) and its metadata."""

    text: str
    meta: PageMeta
    extractor: str
    extractor_version: str
    rules_version: str


def extractor_version() -> str:
    return version(EXTRACTOR)


def _drop_link_blocks(body: Any) -> None:
    """Remove blocks that are related links: mostly link text, the rest at most a label."""
    for el in list(body.iter(*BLOCK_TAGS)):
        text = "".join(el.itertext())
        stripped = " ".join(text.split())
        if not stripped:
            continue
        linked = "".join("".join(r.itertext()) for r in el.iter("ref"))
        if len(" ".join(linked.split())) < LINK_SHARE * len(stripped):
            continue
        rest = stripped
        for r in el.iter("ref"):
            rest = rest.replace(" ".join("".join(r.itertext()).split()), "", 1)
        if LABEL.match(" ".join(rest.split())):
            parent = el.getparent()
            if parent is not None:
                _keep_tail(el)
                parent.remove(el)


def _keep_tail(el: Any) -> None:
    """Removing an lxml element drops its tail text: give the tail to the previous node."""
    if not el.tail:
        return
    prev = el.getprevious()
    parent = el.getparent()
    if prev is not None:
        prev.tail = (prev.tail or "") + el.tail
    else:
        parent.text = (parent.text or "") + el.tail


def _linked_share(tree: Any, text: str) -> float:
    """Share of the text's words on lines that are a link's whole text somewhere in the page."""
    anchors = {" ".join(a.text_content().split()) for a in tree.iter("a")}
    lines = [line for line in text.split("\n") if line.strip()]
    words = sum(len(line.split()) for line in lines)
    linked = sum(len(line.split()) for line in lines if line in anchors)
    return linked / words if words else 0.0


def main_text(html_text: str, url: str) -> str:
    """The article's text, paragraphs separated by blank lines ('' when there is none)."""
    from trafilatura import bare_extraction
    from trafilatura.xml import xmltotxt

    doc = bare_extraction(
        html_text,
        url=url or None,
        with_metadata=False,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=True,
        deduplicate=False,
        prune_xpath=PRUNE_XPATH,
    )
    body = getattr(doc, "body", None)  # a Document (as_dict is off); None when nothing was found
    if body is None:
        return ""
    _drop_link_blocks(body)
    text = xmltotxt(body, include_formatting=False) or ""
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n\n".join(line for line in lines if line)


def extract_page(html_text: str, url: str, source: str) -> ExtractedPage:
    """Text and metadata of a decoded page, or a ClaimtrailError if it holds no article."""
    from lxml import etree

    try:
        tree = parse_html(html_text)
    except (etree.ParserError, ValueError):  # nothing but whitespace or comments
        raise ClaimtrailError(
            source, "the page is empty: it holds no HTML elements", "save the article's page again"
        ) from None
    text = main_text(html_text, url)
    words = len(text.split())
    if words < MIN_WORDS:
        title = " ".join(" ".join(tree.xpath("//head/title//text()")).split())[:80]
        raise ClaimtrailError(
            source,
            f"the page holds no article text ({words} words of main text"
            + (f"; its title is “{title}”" if title else "")
            + "): a login wall, cookie wall, error or index page",
            "save the article's own page once its text shows in the browser, or add the text as a .txt file",
        )
    linked = _linked_share(tree, text)
    if linked > INDEX_SHARE:
        raise ClaimtrailError(
            source,
            f"the page holds no article text: it is an index page ({linked:.0%} of its main text is the text of links)",
            "add the articles it links to (their addresses, or a feed), not the index",
        )
    meta = page_meta(tree, url)
    if not meta.title:
        raise ClaimtrailError(
            source,
            "the page gives no headline (no og:title, <h1> or <title>)",
            "add it as a .md file with front matter",
        )
    return ExtractedPage(text, meta, EXTRACTOR, extractor_version(), RULES_VERSION)
