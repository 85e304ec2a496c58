"""Whether a raw page can hold a page we read, before anything parses it.

One rule for every source, so a 404, a truncated body or an image gets the same reason code
whether it came from a live site, a Wayback snapshot or a WARC record.
"""

from __future__ import annotations

import re

from blogarchive.items import RawPage
from extraction.decode import header_value

_HTML_TYPES = ("text/html", "application/xhtml")
# A page whose last bytes hold neither closing tag was cut off in transit or in the archive.
# "Last bytes" is generous: hosts injected scripts after `</html>` (Canalblog's, 4 KB and more).
_END_MARKER = re.compile(rb"</(?:html|body)", re.IGNORECASE)
_TAIL_BYTES = 256 * 1024


def is_html(page: RawPage) -> bool:
    content_type = (header_value(page.headers, "Content-Type") or "").lower()
    if content_type:
        return content_type.startswith(_HTML_TYPES)
    return b"<html" in page.body[:2048].lower()


def has_no_end(page: RawPage) -> bool:
    return _END_MARKER.search(page.body, max(0, len(page.body) - _TAIL_BYTES)) is None


def page_problem(page: RawPage, *, expect_html: bool = True) -> tuple[str, str] | None:
    """(reason, detail) when the page cannot be read as one, else None.

    `expect_html=False` accepts any 200 answer whole (listings and feeds are read for links).
    """
    if page.status != 200:
        return f"http_{page.status}", f"HTTP {page.status}"
    if page.truncated:
        return "truncated", f"body shorter than announced ({len(page.body)} bytes received)"
    if not expect_html:
        return None
    if not is_html(page):
        content_type = header_value(page.headers, "Content-Type") or "?"
        return "not_html", f"content type {content_type}"
    if has_no_end(page):
        return "truncated", f"no closing </body> or </html> in {len(page.body)} bytes"
    return None
