"""One fixture post served seven ways, as 2005–2012 French blogs served their pages.

The variants are mechanical re-encodings of `fixtures/encoding/typepad-fr-post.html` (UTF-8, with
a `<!--CHARSET-META-->` slot for the <meta> and a marked comment to double-encode), written as a
site folder that `blogarchive.static_site.StaticSite` serves.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "encoding" / "typepad-fr-post.html"
EXPECTED = json.loads(FIXTURE.with_suffix(".json").read_text("utf-8"))
BLOG = "/carnet/"
_C1 = {"’": "&#146;", "œ": "&#156;", "Œ": "&#140;", "€": "&#128;", "…": "&#133;"}


def _meta(charset: str | None) -> str:
    return f'<meta http-equiv="Content-Type" content="text/html; charset={charset}" />' if charset else ""


def _page(meta_charset: str | None) -> str:
    return FIXTURE.read_text("utf-8").replace("<!--CHARSET-META-->", _meta(meta_charset))


def _double_encode_comment(page: str) -> str:
    """The marked comment as a commenting system stored it: UTF-8 bytes read back as windows-1252."""
    return re.sub(
        r"<!--DOUBLE-ENCODED-->(.*?)<!--/DOUBLE-ENCODED-->",
        lambda m: m[1].encode("utf-8").decode("cp1252", errors="replace"),
        page,
    )


def _c1_references(page: str) -> str:
    for character, reference in _C1.items():
        page = page.replace(character, reference)
    return page


# name: (bytes, Content-Type header, charset the decoder should choose)
def variants() -> dict[str, tuple[bytes, str, str]]:
    clean = lambda meta: re.sub(r"<!--/?DOUBLE-ENCODED-->", "", _page(meta))  # noqa: E731
    return {
        "utf8": (clean("utf-8").encode("utf-8"), "text/html; charset=utf-8", "utf-8"),
        "cp1252_labelled_latin1": (clean("ISO-8859-1").encode("cp1252"), "text/html; charset=ISO-8859-1", "cp1252"),
        "utf8_header_latin1_meta_utf8": (clean("utf-8").encode("utf-8"), "text/html; charset=ISO-8859-1", "utf-8"),
        "utf8_no_label": (clean(None).encode("utf-8"), "text/html", "utf-8"),
        "cp1252_no_label": (clean(None).encode("cp1252"), "text/html", "cp1252"),
        "latin1_c1_references": (
            _c1_references(clean("ISO-8859-1")).encode("latin-1"),
            "text/html; charset=ISO-8859-1",
            "cp1252",
        ),
        "utf8_double_encoded_comment": (
            _double_encode_comment(_page("utf-8")).encode("utf-8"),
            "text/html; charset=utf-8",
            "utf-8",
        ),
    }


def write_site(folder: Path) -> dict[str, str]:
    """A blog whose home lists one post per variant; returns variant name → post path."""
    paths = {name: f"{BLOG}2010/04/{name[:15].rstrip('_')}.html" for name in variants()}
    routes = {}
    for name, (body, content_type, _charset) in variants().items():
        file = folder / "root" / paths[name].lstrip("/")
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(body)
        routes[paths[name]] = {"headers": {"Content-Type": content_type}}
    links = "".join(f'<h3 class="entry-header"><a href="{p}">{n}</a></h3>\n' for n, p in paths.items())
    home = folder / "root" / BLOG.strip("/") / "index.html"
    home.write_text(f"<html><head><title>Carnet</title></head><body>\n{links}</body></html>\n", "utf-8")
    (folder / "headers.json").write_text(json.dumps(routes, indent=1), "utf-8")
    return paths
