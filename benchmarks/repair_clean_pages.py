"""How much the mojibake repair changes pages that are already right (the target is zero).

    .venv/bin/python benchmarks/repair_clean_pages.py [FOLDER ...]

Each folder holds NAME.html pages (with NAME.json beside them giving `url` and `headers`, as in
tests/fixtures/pages and the shared dev-pages). Every page is decoded and extracted as a crawl
would, then every text field (title, author, text, categories, tags, comment authors and texts)
goes through the repair step; the script prints the fields and characters it changed.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from datetime import datetime, timezone  # noqa: E402

from blogarchive.items import Capture, RawPage  # noqa: E402
from extraction.reader import read_capture  # noqa: E402
from extraction.records import ReadPost  # noqa: E402
from extraction.repair import RepairLog  # noqa: E402

DEFAULT_FOLDERS = [ROOT.parent / "shared" / "dev-pages", ROOT / "tests" / "fixtures" / "pages"]


def fields_of(page: Path) -> list[tuple[str, str]]:
    meta = json.loads(page.with_suffix(".json").read_text("utf-8")) if page.with_suffix(".json").exists() else {}
    url = meta.get("url", page.resolve().as_uri())
    raw = RawPage(url, 200, meta.get("headers", {}), page.read_bytes(), datetime.now(timezone.utc))
    read = read_capture(Capture([raw]))  # the reader before its repair step: the fields as extracted
    if not isinstance(read, ReadPost):
        return []
    post = read.record
    named = [("title", post.title), ("author", post.author), ("text", post.text)]
    named += [("categories", c) for c in post.categories] + [("tags", t) for t in post.tags]
    for comment in post.comments:
        named += [("comment author", comment.author), ("comment text", comment.text)]
    return [(name, value) for name, value in named if value]


def changed_characters(before: str, after: str) -> int:
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    folders = [f for f in (parser.parse_args().folders or DEFAULT_FOLDERS) if f.is_dir()]
    total_pages = total_fields = total_chars = total_chars_changed = 0
    print(f"{'folder':<40}{'pages':>7}{'fields':>8}{'characters':>12}{'fields changed':>16}{'chars changed':>15}")
    for folder in folders:
        pages = fields = chars = changed_fields = changed_chars = 0
        for page in sorted(folder.glob("*.html")):
            pages += 1
            for name, value in fields_of(page):
                fields += 1
                chars += len(value)
                repaired = RepairLog().repair(name, value) or ""
                if repaired != value:
                    changed_fields += 1
                    changed_chars += changed_characters(value, repaired)
                    print(f"  changed {page.name} {name}: {value[:60]!r} -> {repaired[:60]!r}")
        print(f"{str(folder)[-40:]:<40}{pages:>7}{fields:>8}{chars:>12}{changed_fields:>16}{changed_chars:>15}")
        total_pages, total_fields, total_chars = total_pages + pages, total_fields + fields, total_chars + chars
        total_chars_changed += changed_chars
    print(
        f"all: {total_pages} pages, {total_fields} fields, {total_chars} characters read; "
        f"characters changed by repair: {total_chars_changed} (target 0)"
    )


if __name__ == "__main__":
    main()
