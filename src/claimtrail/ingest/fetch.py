"""HTTP for `claimtrail add URL`: one GET per address, following at most MAX_REDIRECTS redirects.

The client names itself (claimtrail and its version), times out, refuses bodies over MAX_BYTES and
content types that are neither HTML nor a feed, and says what the server answered.  This module and
`add` are the only places that may read the clock, and only for a fetch with no Date header.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from .. import __version__
from ..errors import ClaimtrailError
from .records import HTML_TYPES

if TYPE_CHECKING:
    import httpx

MAX_REDIRECTS = 5
MAX_BYTES = 10 * 1024 * 1024
TIMEOUT_SECONDS = 20.0
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")
USER_AGENT = f"claimtrail/{__version__} (news provenance; adds one article per request)"


@dataclass(frozen=True)
class Fetched:
    """A 200 answer: the final address, the body and what the server said about it."""

    requested: str
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes
    retrieved: str  # YYYY-MM-DD, or "" when the server sent no readable Date header
    retrieved_basis: str  # "HTTP Date header", or "" with an empty retrieved
    redirects: tuple[str, ...]

    @property
    def is_feed(self) -> bool:
        return self.content_type.split(";")[0].strip().lower() in FEED_TYPES


def _retrieved(date_header: str) -> tuple[str, str]:
    """The day the server says it answered (its Date header), or ('', '') when it says none we can read:
    the day is then the curator's to give (--retrieved), never this machine's clock."""
    if date_header:
        try:
            return email.utils.parsedate_to_datetime(date_header).astimezone(
                dt.UTC
            ).date().isoformat(), "HTTP Date header"
        except (TypeError, ValueError, IndexError):
            pass
    return "", ""


def fetch(url: str, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES, feeds: bool = True) -> Fetched:
    """GET `url`; anything but a 200 HTML (or feed) answer within the limits is a ClaimtrailError."""
    import httpx

    seen: list[str] = [url]
    current = url
    try:
        with httpx.Client(
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml;q=0.9,*/*;q=0.1",
            },
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
        ) as client:
            for _ in range(MAX_REDIRECTS + 1):
                with client.stream("GET", current) as resp:
                    if resp.is_redirect:
                        target = urljoin(current, resp.headers.get("Location", ""))
                        if target in seen:
                            raise ClaimtrailError(
                                url,
                                f"the server redirects in a loop ({' → '.join([*seen[seen.index(target) :], target])})",
                                "check the address in a browser; the site may need cookies or a login",
                            )
                        seen.append(target)
                        current = target
                        continue
                    return _answer(url, current, resp, tuple(seen[1:]), max_bytes, feeds)
    except httpx.TimeoutException:
        raise ClaimtrailError(
            url,
            f"the server did not answer within {timeout:g} seconds",
            "try again later, or save the page from the browser and add the file",
        ) from None
    except httpx.HTTPError as exc:
        raise ClaimtrailError(url, f"the request failed: {exc}", "check the address and the network") from None
    raise ClaimtrailError(
        url,
        f"the server redirected more than {MAX_REDIRECTS} times ({' → '.join(seen)})",
        "give the final address of the article",
    )


def _answer(
    url: str, final: str, resp: httpx.Response, redirects: tuple[str, ...], max_bytes: int, feeds: bool
) -> Fetched:
    answered = f"the server answered {resp.status_code} {resp.reason_phrase}" + (
        f" for {final}" if final != url else ""
    )
    if resp.status_code != 200:
        hint = {404: "check the address: the page is not (or no longer) there", 410: "the page was removed"}.get(
            resp.status_code,
            "try again later, or save the page from the browser and add the file"
            if resp.status_code >= 500
            else "open the address in a browser; it may need a login",
        )
        raise ClaimtrailError(url, answered, hint)
    content_type = resp.headers.get("Content-Type", "")
    mime = content_type.split(";")[0].strip().lower()
    allowed = HTML_TYPES + (FEED_TYPES if feeds else ())
    if mime not in allowed:
        raise ClaimtrailError(
            url,
            f"{answered} with content type {mime or '(none)'}, not an HTML page" + (" or a feed" if feeds else ""),
            "give the address of the article's web page",
        )
    declared = resp.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ClaimtrailError(
            url,
            f"{answered} with {int(declared):,} bytes; the limit is {max_bytes:,}",
            "save the article's text as a .txt file and add that",
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in resp.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise ClaimtrailError(
                url,
                f"{answered} with more than {max_bytes:,} bytes (the limit)",
                "save the article's text as a .txt file and add that",
            )
        chunks.append(chunk)
    retrieved, basis = _retrieved(resp.headers.get("Date", ""))
    return Fetched(url, final, 200, content_type, b"".join(chunks), retrieved, basis, redirects)
