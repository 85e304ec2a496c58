"""Stage 2c (opt-in, `-s PSEUDONYMISE_KEY_FILE=PATH`): commenters pseudonymised before any row is built.

Names become keyed pseudonyms, `author_url` the class of its host, e-mail addresses and phone
numbers in comment texts are masked, and the names of the crawl's commenters quoted in texts are
replaced by their pseudonyms (`extraction/pseudonyms.py`). A text quoting a name first seen on a
later post is fixed once the crawl ends: Scrapy closes pipelines in reverse order, so when this
one closes the Parquet pipeline has committed every part, and the parts this run wrote are
rewritten with every name the crawl learned (`dataset_folder/rewrite.py`). A crawl killed before
its end may leave such late names in earlier texts. Names are kept in memory only.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured

from blogarchive.dataset_dir import dataset_dir
from blogarchive.items import SkippedPage
from blogarchive.privacy import pseudonymiser_from
from dataset_folder.rewrite import rewrite_texts
from extraction.pseudonyms import BLOGGER, COMMENTER, Pseudonymiser, url_class
from extraction.records import ReadPost

if TYPE_CHECKING:
    from pathlib import Path

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class PseudonymisePipeline:
    def __init__(self, pseudonymiser: Pseudonymiser, stats: StatsCollector, folder: Path) -> None:
        self.pseudonymiser = pseudonymiser
        self.stats = stats
        self.folder = folder

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PseudonymisePipeline:
        pseudonymiser = pseudonymiser_from(crawler.settings)
        if pseudonymiser is None:
            raise NotConfigured  # no key: names are kept as printed (the card says so)
        assert crawler.stats is not None
        logger.info("Pseudonymising commenters with the key of fingerprint %s", pseudonymiser.fingerprint)
        return cls(pseudonymiser, crawler.stats, dataset_dir(crawler))

    def process_item(self, item: ReadPost | SkippedPage) -> ReadPost | SkippedPage:
        if isinstance(item, ReadPost):
            pseudonymise_post(self.pseudonymiser, item, self.stats)
        return item

    def close_spider(self) -> None:
        run_id = self.stats.get_value("dataset/run_id")
        if run_id:
            rewritten = rewrite_texts(self.folder, str(run_id), self.pseudonymiser.mask_names)
            self.stats.set_value("pseudonymise/parts_rewritten", rewritten)


def pseudonymise_post(pseudonymiser: Pseudonymiser, post: ReadPost, stats: StatsCollector) -> None:
    """The post's comments (and its author, with PSEUDONYMISE_BLOGGERS) rewritten in place."""
    record, p = post.record, pseudonymiser
    for comment in record.comments:
        p.learn(comment.author)
    if p.bloggers:
        p.learn(record.author, BLOGGER)
        record.author = p.pseudonym(record.author, BLOGGER)
    for comment in record.comments:
        comment.author = p.pseudonym(comment.author, COMMENTER)
        comment.author_url = url_class(comment.author_url)
        comment.text, emails, phones = p.comment_text(comment.text)
        stats.inc_value("pseudonymise/emails_masked", emails)
        stats.inc_value("pseudonymise/phones_masked", phones)
    record.text = p.mask_names(record.text)
    stats.inc_value("pseudonymise/comments", len(record.comments))
