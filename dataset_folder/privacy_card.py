"""The card's Privacy Considerations, Personal and Sensitive Information and Out-of-Scope Use
sections, written from what the crawls into the folder did (part metadata) and what it holds."""

from __future__ import annotations

from pathlib import Path

from dataset_folder.scan import Substrings, scan
from dataset_folder.summary import Summary
from extraction.pseudonyms import EMAIL_MASK, PHONE_MASK
from schemas.enums import SPAM_REASONS
from schemas.labels import LANGUAGE_RULE, SPAM_RULE
from schemas.people import PLACEHOLDER_RULE
from schemas.policy import PERSONAL_DATA

REMOVAL = (
    "To have a blog (or your comments) removed, write to the curator who gave you this dataset or open "
    "an issue at the project's address, naming the blog's URL: its rows are deleted from the next "
    "release, and every holder of a copy is asked to delete them too."
)


def _masks(folder: Path, *masks: str) -> list[int]:
    """How often each mask occurs in the comment texts: one pass, batch by batch (the texts are
    the folder's largest column; only a pseudonymised folder's card reads them)."""
    found = [Substrings("text", mask) for mask in masks]
    scan(folder, "comments", found)
    return [fold.found for fold in found]


RAW_PAGES_SUFFIX = ".raw-pages"  # the sibling folder a keyed crawl keeps its fetched pages in


def privacy_sections(summary: Summary) -> list[str]:
    folder = summary.folder
    prints = sorted({run.info.key_fingerprint for run in summary.runs})
    keyed = [p for p in prints if p]
    bloggers = any(run.info.bloggers_pseudonymised for run in summary.runs)
    if keyed and len(keyed) == len(prints):
        emails, phones = _masks(folder, EMAIL_MASK, PHONE_MASK)
        done = (
            f"Commenters are **pseudonymised** with a secret key of fingerprint `{', '.join(keyed)}` (first 16 hex "
            "digits of SHA-256 of the key; the key itself is written nowhere): each name is "
            "`commenter-` + 12 hex digits of HMAC-SHA256 of the normalised name, the same for the same "
            "name and key in every dataset; `author_url` holds only the class of its host (`typepad`, "
            "`blogger`, `canalblog`, ..., `other`); e-mail addresses and French phone numbers in comment "
            f"texts are masked as `{EMAIL_MASK}` ({emails} here) and `{PHONE_MASK}` "
            f"({phones} here); the commenters' full names quoted in comment and post "
            "texts are replaced by their pseudonyms. Post authors are "
            + ("pseudonymised too (`blogger-...`)." if bloggers else "kept as printed (public on their own blog).")
        )
        not_done = (
            "Not done: free text can still name people (first names alone, nicknames, people who never "
            "commented, places, photos' captions), and a sentence can be searched on the web to find "
            "the page. Treat the texts as personal data. The pages this crawl fetched (kept for "
            f"re-extraction when `KEEP_PAGES` is on) hold every name and address as printed: they are "
            f"outside this folder, in `{folder.name}{RAW_PAGES_SUFFIX}/` beside it, **not for publication**, "
            "and `scrapy pseudonymise` never copies them."
        )
    else:
        done = "Commenters are **not pseudonymised**: names, links and texts are as printed" + (
            " in some runs (the runs differ: see the part files' `privacy.key_fingerprint`)." if keyed else "."
        )
        not_done = "Pseudonymise before sharing: `scrapy pseudonymise DIR --out DIR2 --key-file KEY`."
    spam = summary.spam_reasons
    spam_lines = [f"- `{r}`: {n} comment(s), {SPAM_REASONS.meaning(r)}" for r, n in spam] or ["- none"]
    languages = ", ".join(f"{c} {n}" for c, n in summary.languages) or "none"
    return [
        "## Privacy Considerations\n\n" + done + "\n\n" + not_done + "\n\n" + PERSONAL_DATA.strip(),
        "## Personal and Sensitive Information\n\n"
        f"{summary.distinct_commenters} distinct commenter names; {summary.placeholder_comments} comment(s) signed "
        "by no one or a placeholder.\n\n" + PLACEHOLDER_RULE.strip() + "\n\nComments labelled as spam, by reason "
        "(kept, never deleted):\n\n" + "\n".join(spam_lines) + "\n\n" + SPAM_RULE.strip() + "\n\n"
        f"Comments by language: {languages}.\n\n" + LANGUAGE_RULE.strip() + "\n\n"
        "Blogs of the time were written by adults and by teenagers alike; comments may hold health, "
        "political or religious opinions.",
        "## Out-of-Scope Use\n\nNot for identifying, profiling or contacting the people who wrote here, "
        "for linking them to other sources, for republishing their texts outside research, or for "
        "training models meant to generate text in their name. " + REMOVAL,
    ]
