"""Why a fetched response cannot be a post, before anything reads it.

Shared by every spider so a 404, a truncated body or an image gets the same reason code
whatever the source.
"""

from __future__ import annotations

from datetime import datetime, timezone

from scrapy.http import Response

from blogarchive.items import FetchedPage, SkippedPage

_HTML_TYPES = (b"text/html", b"application/xhtml")
# A page whose last bytes hold neither closing tag was cut off in transit or in the archive.
_END_MARKERS = (b"</html", b"</body", b"</HTML", b"</BODY")
_TAIL_BYTES = 4096


def is_html(response: Response) -> bool:
    content_type = response.headers.get(b"Content-Type", b"").lower()
    if content_type:
        return content_type.startswith(_HTML_TYPES)
    return b"<html" in response.body[:2048].lower()


def is_truncated(response: Response) -> bool:
    """An HTML page with no end (the data-loss flag, fewer bytes than announced, is checked first)."""
    tail = response.body[-_TAIL_BYTES:]
    return not any(marker in tail for marker in _END_MARKERS)


def problem_with(response: Response, *, expect_html: bool = True) -> tuple[str, str] | None:
    """(reason, detail) when the response cannot hold a page we can read, else None."""
    if response.status != 200:
        return f"http_{response.status}", f"HTTP {response.status}"
    if "dataloss" in response.flags:
        return "truncated", f"body shorter than announced ({len(response.body)} bytes received)"
    if not expect_html:
        return None
    if not is_html(response):
        content_type = response.headers.get(b"Content-Type", b"?").decode("latin-1")
        return "not_html", f"content type {content_type}"
    if is_truncated(response):
        return "truncated", f"no closing </body> or </html> in {len(response.body)} bytes"
    return None


def skipped(response: Response, reason: str, detail: str, source_kind: str = "live") -> SkippedPage:
    return SkippedPage(
        url=response.url,
        reason=reason,
        detail=detail,
        status=response.status,
        fetched_at=datetime.now(timezone.utc),
        source_kind=source_kind,
    )


def fetched_page(response: Response, source_kind: str = "live") -> FetchedPage:
    """The response's bytes and headers, frozen for the pipelines."""
    headers = {key.decode("latin-1"): b", ".join(values).decode("latin-1") for key, values in response.headers.items()}
    return FetchedPage(
        url=response.url,
        status=response.status,
        headers=headers,
        body=response.body,
        fetched_at=datetime.now(timezone.utc),
        truncated="dataloss" in response.flags,
        source_kind=source_kind,
    )
