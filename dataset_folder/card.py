"""The dataset card: `README.md` and `posts_per_month.png` inside the dataset folder.

Rewritten at the end of every crawl into the folder, from the whole folder (every run's parts),
so that a researcher handed only the folder knows what was crawled, when, how, how much, what
the columns mean, how the text was normalised and what the personal data obliges them to. Its
YAML header is the one Hugging Face `datasets` reads: `load_dataset(FOLDER, "comments")` works.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from dataset_folder.chart import write_posts_per_month
from dataset_folder.crawlinfo import CrawlInfo
from dataset_folder.privacy_card import privacy_sections
from dataset_folder.summary import Run, Summary, summarize
from schemas import SCHEMA_VERSION, TABLES
from schemas.docs import tables_markdown
from schemas.enums import WARNINGS, enumerations_markdown
from schemas.policy import DEDUPE_RULE, ENCODING_POLICY, EXPORT_PERSONAL_DATA, GAP_RULE

CARD_NAME = "README.md"
CHART_NAME = "posts_per_month.png"
PROJECT_URL = "https://github.com/blog-archive/blog-archive"


def write_card(folder: Path, latest: CrawlInfo | None = None) -> Path:
    """Summarise the folder and (re)write its card and chart; returns the card's path."""
    summary = summarize(folder)
    chart = folder / CHART_NAME
    has_chart = write_posts_per_month(summary.posts_per_month, chart)
    if not has_chart:
        chart.unlink(missing_ok=True)
    card = folder / CARD_NAME
    _write_atomically(card, render_card(summary, latest, has_chart))
    return card


def _write_atomically(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    temp.replace(path)


def yaml_header(name: str, rows: dict[str, int] | None = None) -> str:
    """The front matter Hugging Face reads: one config per table that has rows (`load_dataset`
    refuses a config with none), posts the default and always listed."""
    lines = ["---", f"pretty_name: {json.dumps(name)}", "tags:", "- blogs", "- comments", "configs:"]
    for index, table in enumerate(TABLES):
        if index and rows is not None and not rows.get(table.name):
            continue
        lines += [f"- config_name: {table.name}", f"  data_files: {table.name}/*.parquet"]
        if index == 0:
            lines.append("  default: true")
    return "\n".join([*lines, "---"])


def render_card(summary: Summary, latest: CrawlInfo | None, has_chart: bool) -> str:
    name = summary.folder.resolve().name
    # A folder whose runs all fixed their id (`scrapy reextract`) gets a card without a date:
    # the same input and code give the same bytes, card included.
    reproducible = bool(summary.runs) and not any(run.info.started_at for run in summary.runs)
    written = "" if reproducible else f" ({datetime.now(timezone.utc).isoformat(timespec='seconds')})"
    sections = [
        yaml_header(name, summary.rows),
        f"<!-- Written by blog-archive at the end of each crawl into this folder{written}: edits are overwritten. -->",
        f"# {name}\n\nBlog posts and their reader comments, one row each, harvested by "
        f"[blog-archive]({PROJECT_URL}) into Parquet (schema version {SCHEMA_VERSION}).",
        "## What was crawled\n\n" + _runs_markdown(summary.runs, latest),
        "## Contents\n\n" + _contents_markdown(summary, has_chart),
        "## Quality\n\n" + quality_markdown(summary),
        "## Loading\n\n" + _loading_markdown(name),
        "## Deduplication\n\n" + DEDUPE_RULE,
        "## Missing comment pages\n\n" + GAP_RULE,
        "## Schema\n\n" + tables_markdown(3) + "\n\n" + enumerations_markdown(3, with_added=True),
        "## Text\n\n" + ENCODING_POLICY.strip() + "\n\n" + _repairs_markdown(summary),
        *privacy_sections(summary),
    ]
    if "export" in summary.source_kinds:
        sections.append(EXPORT_PERSONAL_DATA.strip())
    return "\n\n".join(sections) + "\n"


def _repairs_markdown(summary: Summary) -> str:
    """What the repair step changed in this folder, and which charsets the pages were in."""
    lines = ["In this dataset:", ""]
    for table in ("posts", "comments"):
        fields = ", ".join(f"`{name}` {rows}" for name, rows in summary.repaired_fields.get(table, []))
        repaired = summary.repaired_rows.get(table, 0)
        lines.append(
            f"- {table}: {repaired} of {summary.rows.get(table, 0)} rows had mojibake repaired"
            + (f" (rows per field: {fields})" if fields else "")
        )
    charsets = ", ".join(f"{name} {count}" for name, count in summary.charsets_used) or "none"
    lines.append(f"- posts by the charset their bytes were decoded with: {charsets}")
    lines.append(
        "- `repaired_fields` and `repairs` on each row say what was changed; `charset_header`, "
        "`charset_meta`, `charset_used` and `charset_note` what the page declared and what was used."
    )
    return "\n".join(lines)


def quality_markdown(summary: Summary) -> str:
    """How many rows to doubt, and why: posts by the profile that read them and by warning."""
    posts = summary.rows.get("posts", 0)
    lines = ["Posts by the profile (template family) that read them, `posts.profile`:", ""]
    lines += ["| profile | posts |", "| --- | --- |"]
    lines += [f"| `{name}` | {count} |" for name, count in summary.posts_by_profile] or ["| – | 0 |"]
    lines += ["", f"{summary.posts_with_warnings} of {posts} posts carry at least one warning (`posts.warnings`)"]
    if not summary.posts_by_warning:
        return "\n".join(lines) + "."
    lines[-1] += "; posts per warning (a post may carry several):"
    lines += ["", "| warning | posts | meaning |", "| --- | --- | --- |"]
    lines += [f"| `{name}` | {count} | {WARNINGS.meaning(name)} |" for name, count in summary.posts_by_warning]
    lines += ["", "Filter on them, e.g. `SELECT * FROM posts WHERE NOT list_contains(warnings, 'short_article')`."]
    return "\n".join(lines)


def _arguments(info: CrawlInfo) -> str:
    return " ".join(f"`-a {k}={v}`" for k, v in sorted(info.arguments.items())) or "none"


def _runs_markdown(runs: list[Run], latest: CrawlInfo | None) -> str:
    if not runs:
        return "No part file records the crawl that wrote it."
    lines = [
        "Every crawl that wrote into this folder, from the metadata of its part files:",
        "",
        "| run | started (UTC) | spider | arguments | source | posts written | part files | tool |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for run in runs:
        info = run.info
        sources = ", ".join(sorted(run.source_kinds)) or "–"
        lines.append(
            f"| `{info.run_id}` | {info.started_at or '–'} | `{info.spider}` | {_arguments(info)} | {sources} "
            f"| {run.posts} | {run.parts} | {info.tool_version} |"
        )
    lines += [line for run in runs if (line := _reextracted(run.info))]
    if latest is not None:
        lines += ["", f"This card was written at the end of run `{latest.run_id}` (spider `{latest.spider}`)."]
    return "\n".join(lines)


def _reextracted(info: CrawlInfo) -> str:
    """A `warc` run over another dataset folder's kept pages (`scrapy reextract`): say which, and by what."""
    path = Path(info.arguments.get("path", ""))
    source = path.parent
    if info.spider != "warc" or path.name != "warc" or not (source / "posts").is_dir():
        return ""
    from dataset_folder.summary import runs

    versions = sorted({run.info.tool_version for run in runs(source)}) or ["unknown"]
    return (
        f"\nRun `{info.run_id}` re-extracted the pages kept by the dataset `{source}` (first extracted by "
        f"blog-archive {', '.join(versions)}) with blog-archive {info.tool_version}, offline (`scrapy reextract`)."
    )


def _contents_markdown(summary: Summary, has_chart: bool) -> str:
    lines = ["| table | rows | part files |", "| --- | --- | --- |"]
    lines += [f"| `{t.name}` | {summary.rows[t.name]} | {summary.files[t.name]} |" for t in TABLES]
    lines.append("")
    if summary.published_min is not None:
        lines.append(
            f"Posts published from {summary.published_min:%Y-%m-%d} to {summary.published_max:%Y-%m-%d} "
            f"(blog-local time); {summary.undated_posts} post(s) print no date."
        )
    else:
        lines.append("No post prints a publication date.")
    lines.append(
        f"\nComments by {summary.distinct_commenters} distinct commenter names; "
        f"{summary.placeholder_comments} comment(s) signed by no one or a placeholder (`author_placeholder`)."
    )
    if summary.source_kinds:
        kinds = ", ".join(f"{kind}: {count}" for kind, count in summary.source_kinds.items())
        lines.append(f"\nPosts by where their bytes came from: {kinds}.")
    if summary.skipped_by_reason:
        lines += ["", "Pages that yielded no post, by reason:", "", "| reason | pages |", "| --- | --- |"]
        lines += [f"| `{reason}` | {count} |" for reason, count in summary.skipped_by_reason]
    if has_chart:
        lines += ["", f"![Posts per month]({CHART_NAME})"]
    return "\n".join(lines)


def _loading_markdown(name: str) -> str:
    return (
        "Each table is a folder of Parquet files; readers skip the hidden `.part-*.tmp` files of a "
        "crawl still writing.\n\n"
        "```python\n"
        "import pandas as pd\n"
        f'posts = pd.read_parquet("{name}/posts")\n'
        f'comments = pd.read_parquet("{name}/comments")\n\n'
        "from datasets import load_dataset  # Hugging Face\n"
        f'comments = load_dataset("{name}", "comments", split="train")\n'
        "```\n\n"
        "```sql\n"
        f"SELECT p.title, count(c.comment_id) FROM '{name}/posts/*.parquet' p\n"
        f"LEFT JOIN '{name}/comments/*.parquet' c USING (post_id) GROUP BY p.title;\n"
        "```\n\n"
        f"`scrapy validate {name}` checks types, keys and references; `scrapy describe {name}` prints figures."
    )
