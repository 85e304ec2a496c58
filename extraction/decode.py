"""Bytes to text, recording what each source claimed the charset was.

w3lib (Scrapy's own decoder) already reads the BOM, the HTTP header and `<meta>`, and maps
ISO-8859-1 to windows-1252 as browsers do; we keep its choice and record the claims beside it.
Issue 4 deepens this (claims that lie, mojibake repair).
"""

from __future__ import annotations

from dataclasses import dataclass

from w3lib.encoding import html_body_declared_encoding, html_to_unicode, http_content_type_encoding


@dataclass
class DecodedPage:
    url: str
    text: str
    charset_used: str
    charset_header: str | None  # as normalised by w3lib (iso-8859-1 reads cp1252)
    charset_meta: str | None


def header_value(headers: dict[str, str], name: str) -> str | None:
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), None)


def decode_page(url: str, body: bytes, headers: dict[str, str] | None = None) -> DecodedPage:
    content_type = header_value(headers or {}, "Content-Type")
    charset_used, text = html_to_unicode(content_type, body)
    return DecodedPage(
        url=url,
        text=text,
        charset_used=charset_used,
        charset_header=http_content_type_encoding(content_type) if content_type else None,
        charset_meta=html_body_declared_encoding(body),
    )
