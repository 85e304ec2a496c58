"""The labels the reader puts on a post and its comments: language, and spam cues of a comment.

Run once by `extraction.reader.read_post`, after repair and before anything may pseudonymise the
text, so every source and `scrapy extract` give the same labels; rules in `schemas/labels.py`.
"""

from __future__ import annotations

from extraction.language import language
from extraction.records import PostRecord
from extraction.spam import body_key, spam_reasons


def label_post(post: PostRecord) -> None:
    post.language = language(post.text)
    for comment in post.comments:
        comment.language = language(comment.text)
        comment.spam_reasons = spam_reasons(comment.text, comment.author_url)
        comment.body_key = body_key(comment.text) or ""
