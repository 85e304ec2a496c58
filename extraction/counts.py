"""The number of comments a page announces: "Commentaires (12)", "12 Comments", "UserComments:3".

Kept beside the number extracted, it shows where an archive kept only part of a conversation.
"""

from __future__ import annotations

import re

_COUNT = re.compile(
    r"(?:commentaires?|comments?|kommentare?|réponses?|r[ée]actions?)\s*[(\[]\s*(\d+)\s*[)\]]"
    # "2 réflexions au sujet de « … »", "2 thoughts on “…”": Twenty Eleven and Twelve in French and English.
    r"|(\d+)\s+(?:commentaires?|comments?|kommentare?|réponses?|responses?|r[ée]actions?|r[ée]flexions?|thoughts?)\b"
    r"|usercomments:(\d+)"
    r"|(?:commentaires?|comments?|r[ée]actions?)\s*:\s*(\d+)"  # "Comments: 9" (customised MT 4 templates)
    r"|\b(aucun commentaire|no comments|pas de commentaire)",
    re.IGNORECASE,
)


def announced_in(text: str) -> int | None:
    match = _COUNT.search(text)
    if match is None:
        return None
    return 0 if match[5] else int(match[1] or match[2] or match[3] or match[4])
