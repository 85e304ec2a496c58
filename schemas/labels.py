"""Labels computed on every post and comment: language and spam, their thresholds stated once.

`extraction/language.py` and `extraction/spam.py` apply them; `schemas/SCHEMA.md` and every
dataset card print the rules below, so a threshold changed here reaches the documentation.
"""

from __future__ import annotations

UNDETERMINED = "und"  # ISO 639-2 "undetermined": too short, mixed, or no confident guess
# Fewer letters than this (URLs, @names and digits left out) is "Merci !", "+1", an emoji line: no
# model reads a language from it, and py3langid guesses Czech for "Merci !".
LANGUAGE_MIN_LETTERS = 20
# py3langid's normalised probability; below it the text is mixed ("Great post, merci") or unclear.
LANGUAGE_MIN_CONFIDENCE = 0.80
# A body counts as repeated from the Nth distinct post carrying it (within one crawl).
REPEATED_BODY_POSTS = 3
# Bodies shorter than this ("Merci !", "Bravo") are said on many posts by real readers.
REPEATED_BODY_MIN_CHARS = 40

LANGUAGE_RULE = f"""\
`posts.language` and `comments.language` are ISO 639-1 codes (`fr`, `en`, ...) guessed offline by
py3langid (its model ships inside the package) from the text with URLs, @names and digits left
out. The value is `{UNDETERMINED}` (undetermined) when fewer than {LANGUAGE_MIN_LETTERS} letters remain,
when the model's normalised confidence is below {LANGUAGE_MIN_CONFIDENCE:.2f} (mixed or unclear texts), when
two sentences of {LANGUAGE_MIN_LETTERS} letters or more are each confidently in another language (mixed), or
when its guess has no two-letter code. The guess is made on the text as read, before any
pseudonymisation.
"""

SPAM_RULE = f"""\
`comments.spam_reasons` lists why a comment looks like spam; empty when nothing does. Spam is
labelled, never deleted (as TREC Blogs06 kept it): filter on it, e.g.
`SELECT * FROM comments WHERE len(spam_reasons) = 0`. The reasons are heuristics, each declared
below (`comments.spam_reasons` values): a reason is a cue, not a verdict. `repeated_body` is
counted within one crawl: a body of {REPEATED_BODY_MIN_CHARS} characters or more is labelled on the
{REPEATED_BODY_POSTS}rd distinct post carrying it and on every later one, and the copies the crawl
wrote before are left unlabelled (they were committed already); a second crawl into the same
folder counts afresh.
"""
