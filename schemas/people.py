"""Who the rows are about: which author names are not people, stated once.

`extraction/people.py` applies the list; `schemas/SCHEMA.md` and every dataset card print it.
"""

from __future__ import annotations

# Commenter names that name nobody: what a form prints when the field was left empty, or what a
# reader typed to stay unnamed. Compared after normalisation (NFKC, case-folded, spaces collapsed,
# edge punctuation dropped); a name with no letter at all ("-", "?", "...") is a placeholder too.
PLACEHOLDER_AUTHORS = (
    "anonyme",
    "anonymous",
    "anon",
    "un anonyme",
    "une anonyme",
    "utilisateur anonyme",
    "visiteur",
    "visiteuse",
    "un visiteur",
    "une visiteuse",
    "invité",
    "invitée",
    "invite",
    "un invité",
    "guest",
    "lecteur",
    "lectrice",
    "un lecteur",
    "une lectrice",
    "un passant",
    "une passante",
    "passant",
    "inconnu",
    "inconnue",
    "un inconnu",
    "personne",
    "moi",
    "nobody",
    "a reader",
)

PLACEHOLDER_RULE = f"""\
`comments.author_placeholder` is true when the name names nobody: no name at all (null or
empty), a name without a letter (`-`, `?`), or one of these, compared case-folded with spaces
collapsed and edge punctuation dropped: {", ".join(f"`{name}`" for name in PLACEHOLDER_AUTHORS)}.
Such rows are not counted as people (distinct commenters, top commenters in the card and in
`scrapy describe`), and pseudonymisation leaves these names as they are: they identify no one.
"""
