"""Stage 2b: `repeated_body`, the one spam cue a single comment cannot show.

Counts, across the crawl, the distinct posts each comment body (case and spaces aside, 40
characters or more) was left on, and labels a comment once its body is on its 3rd distinct post
(`schemas/labels.py`). The copies written before are not relabelled: the crawl has committed
them. Only body hashes are kept, not bodies; the reader hashes them (`CommentRecord.body_key`).
Runs after dedupe, so a post read twice counts once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from blogarchive.items import SkippedPage
from extraction.records import ReadPost
from extraction.spam import REPEATED_BODY, body_key
from schemas.labels import REPEATED_BODY_POSTS

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class RepeatedBodyPipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.posts_of: dict[str, set[str]] = {}  # body hash -> post_ids carrying it

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RepeatedBodyPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: ReadPost | SkippedPage) -> ReadPost | SkippedPage:
        if isinstance(item, SkippedPage):
            return item
        labelled = 0
        for comment in item.record.comments:
            key = comment.body_key if comment.body_key is not None else body_key(comment.text)
            if not key:
                continue
            posts = self.posts_of.setdefault(key, set())
            posts.add(item.post_id)
            if len(posts) >= REPEATED_BODY_POSTS and REPEATED_BODY not in comment.spam_reasons:
                comment.spam_reasons.append(REPEATED_BODY)
                labelled += 1
        if labelled:
            self.stats.inc_value(f"spam/{REPEATED_BODY}", labelled)
        return item
