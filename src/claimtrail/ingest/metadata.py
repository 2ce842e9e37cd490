"""A page's metadata as the page itself declares it: headline, publisher, author, canonical URL,
language and the date of publication with its precision and basis.

Each value comes from the first place that gives it, in a fixed order: JSON-LD, then <meta> tags,
then the markup (h1, <time>, <html lang>), then the URL.  A date no place states stays unknown: it is
never guessed, and the clock is never read.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

ARTICLE_TYPES = ("NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting", "AnalysisNewsArticle", "Report")
DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datePublished",
    "pubdate",
    "og:pubdate",
    "publish-date",
    "publication_date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "date",
    "pdate",
)
ISO_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:$|[T ])")
URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)")
URL_MONTH = re.compile(r"/((?:19|20)\d{2})/(0[1-9]|1[0-2]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/(\d{1,2})/")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DATE_LABEL = re.compile(
    r"^(?:Date|Published|Published on|First published|Posted|Posted on)\s*:?\s*(.+)$", re.IGNORECASE
)
TITLE_SEPARATORS = (" | ", " - ", " – ", " — ")


@dataclass(frozen=True)
class PageMeta:
    """Metadata of one page, each with the place it came from."""

    title: str
    title_basis: str
    publisher: str
    publisher_basis: str
    author: str
    url: str  # canonical URL, or the address the page was received from; '' if unknown
    language: str
    published: str  # YYYY-MM-DD, YYYY-MM, YYYY or ''
    published_precision: str  # day | month | year | unknown
    published_basis: str  # e.g. "JSON-LD datePublished", "meta tag article:published_time", "URL", ""


def _clean(text: object) -> str:
    return " ".join(str(text or "").split())


def _json_ld(tree: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page (graphs and lists flattened); broken blocks are ignored."""
    out: list[dict[str, Any]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                out.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
    return out


def _types(item: dict[str, Any]) -> list[str]:
    t = item.get("@type")
    return [str(x) for x in t] if isinstance(t, list) else [str(t)]


def _name(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(n for n in (_name(v) for v in value) if n)
    if isinstance(value, dict):
        return _clean(value.get("name"))
    return _clean(value)


def _meta(tree: Any, key: str) -> str:
    lowered = key.lower()
    for el in tree.xpath("//meta[@content or @value]"):
        names = [el.get(a, "").lower() for a in ("property", "name", "itemprop")]
        if lowered in names:
            return _clean(el.get("content") or el.get("value"))
    return ""


def _strip_site(title: str, site: str) -> str:
    """'Headline | Section | Site | 19.01.2020' -> 'Headline' when the tail names the site or is short."""
    for sep in TITLE_SEPARATORS:
        if sep in title:
            head, *tail = title.split(sep)
            if len(head.split()) >= 3 and (
                any(site and site.lower() in t.lower() for t in tail) or all(len(t.split()) <= 4 for t in tail)
            ):
                return head.strip()
    return title


def _headline(tree: Any, article: dict[str, Any], site: str) -> tuple[str, str]:
    candidates = (
        (_meta(tree, "og:title"), "meta tag og:title"),
        (_clean(article.get("headline")), "JSON-LD headline"),
        (_meta(tree, "twitter:title"), "meta tag twitter:title"),
        (_clean(" ".join(tree.xpath("(//h1)[1]//text()"))), "the page's first <h1>"),
        (_clean(" ".join(tree.xpath("//head/title[1]//text()"))), "the page's <title>"),
    )
    visible = _clean(" ".join(tree.xpath("//h1//text()") + tree.xpath("//head/title//text()"))).lower()
    for text, basis in candidates:
        text = _strip_site(text, site)
        if len(text.split()) < 2 or (site and text.lower() == site.lower()):
            continue
        # A headline the page also shows (h1, <title>) or that has several words; one word is a CMS name.
        if text.lower() in visible or len(text.split()) >= 4:
            return text, basis
    return "", ""


def _publisher(tree: Any, article: dict[str, Any], items: list[dict[str, Any]], url: str) -> tuple[str, str]:
    orgs = [i for i in items if {"Organization", "NewsMediaOrganization"} & set(_types(i))]
    candidates = (
        (_name(article.get("publisher")), "JSON-LD publisher"),
        (_name(orgs[0]) if orgs else "", "JSON-LD Organization"),
        (_meta(tree, "og:site_name"), "meta tag og:site_name"),
        (_meta(tree, "application-name"), "meta tag application-name"),
    )
    for name, basis in candidates:
        if len(name) >= 2 and not re.fullmatch(r"[A-Z]\.[A-Z]\.?", name):  # og:site_name "U.S." is a section
            return _domain_name(name), basis
    host = urlsplit(url).hostname or ""
    if host and not re.fullmatch(r"[\d.]+|localhost", host):
        return _domain_name(host.removeprefix("www.")), "the page's address"
    return "", ""


def _domain_name(name: str) -> str:
    """'DW.COM' -> 'DW': a site that names itself by its domain."""
    m = re.fullmatch(r"(?:www\.)?([A-Za-z0-9-]+)\.(?:com|org|net|co\.uk|de|fr|uk|info)", name, flags=re.IGNORECASE)
    return m.group(1) if m else name


def _parse_date(value: str) -> str:
    m = ISO_DATE.match(value.strip())
    if not m:
        return ""
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return ""


def _published(tree: Any, article: dict[str, Any], url: str) -> tuple[str, str, str]:
    """(date, precision, basis) from JSON-LD, meta tags, <time>, then the URL."""
    found = _parse_date(_clean(article.get("datePublished")))
    if found:
        return found, "day", "JSON-LD datePublished"
    for key in DATE_META:
        found = _parse_date(_meta(tree, key))
        if found:
            return found, "day", f"meta tag {key}"
    for el in tree.xpath('//time[@itemprop="datePublished"][@datetime] | //time[@pubdate][@datetime]'):
        found = _parse_date(el.get("datetime", ""))
        if found:
            return found, "day", "the page's <time> element of the publication date"
    labelled = _labelled_date(tree)
    if labelled:
        return labelled, "day", "text: a date labelled “Date” or “Published”"
    path = urlsplit(url).path
    m = URL_DATE.search(path)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat(), "day", "URL"
        except ValueError:
            pass
    m = URL_MONTH.search(path.lower())
    if m:
        month = int(m.group(2)) if m.group(2).isdigit() else MONTHS.index(m.group(2)) + 1
        try:
            return dt.date(int(m.group(1)), month, int(m.group(3))).isoformat(), "day", "URL"
        except ValueError:
            pass
    return "", "unknown", ""


def _labelled_date(tree: Any) -> str:
    """A date the page shows under a label: 'Date 19.01.2020', 'Published: 19 January 2020'."""
    for el in tree.xpath("//li | //p | //span | //div | //dd | //time"):
        text = _clean(el.text_content())
        if len(text) > 60:
            continue
        m = DATE_LABEL.match(text)
        if m:
            found = _text_date(m.group(1))
            if found:
                return found
    return ""


def _month(word: str) -> int:
    return MONTHS.index(word[:3].lower()) + 1 if word[:3].lower() in MONTHS else 0


def _text_date(text: str) -> str:
    """'19.01.2020', '2020-01-19', 'January 19, 2020', '19 January 2020' as YYYY-MM-DD ('' if none)."""
    text = text.strip().rstrip(".")
    parts = (0, 0, 0)
    if m := re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", text):
        parts = (int(m.group(3)), int(m.group(2)), int(m.group(1)))
    elif m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        parts = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
    elif m := re.fullmatch(r"([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})", text):
        parts = (int(m.group(3)), _month(m.group(1)), int(m.group(2)))
    elif m := re.fullmatch(r"(\d{1,2}) ([A-Za-z]{3,9})\.? (\d{4})", text):
        parts = (int(m.group(3)), _month(m.group(2)), int(m.group(1)))
    try:
        return dt.date(*parts).isoformat()
    except ValueError:
        return ""


def _canonical(tree: Any, received_url: str) -> str:
    for href in (*tree.xpath('//link[@rel="canonical"]/@href'), _meta(tree, "og:url")):
        absolute = urljoin(received_url, str(href).strip())
        if re.match(r"^https?://[^\s<>\"]+$", absolute):
            return absolute
    return received_url if re.match(r"^https?://[^\s<>\"]+$", received_url) else ""


def page_meta(tree: Any, received_url: str) -> PageMeta:
    """The metadata a parsed page declares (tree: an lxml HTML document)."""
    items = _json_ld(tree)
    articles = [i for i in items if set(ARTICLE_TYPES) & set(_types(i))]
    article = articles[0] if articles else next((i for i in items if i.get("headline")), {})
    url = _canonical(tree, received_url)
    publisher, publisher_basis = _publisher(tree, article, items, url)
    title, title_basis = _headline(tree, article, publisher)
    published, precision, published_basis = _published(tree, article, url)
    author = _name(article.get("author")) or _meta(tree, "author") or _meta(tree, "article:author")
    if author.startswith("http"):
        author = ""
    lang = (tree.xpath("/html/@lang") or [""])[0] or _meta(tree, "og:locale") or _meta(tree, "content-language")
    return PageMeta(
        title=title,
        title_basis=title_basis,
        publisher=publisher,
        publisher_basis=publisher_basis,
        author=author,
        url=url,
        language=_clean(lang).replace("_", "-").split("-")[0].lower(),
        published=published,
        published_precision=precision,
        published_basis=published_basis,
    )


def parse_html(text: str) -> Any:
    """An lxml tree of a decoded page (the XML declaration, if any, removed: lxml refuses it on str)."""
    return lxml_html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", text))
