"""What a researcher must know about the text and the people in it, stated once.

The dataset card (`dataset_folder/card.py`) and `schemas/SCHEMA.md` print these paragraphs as they
are, so a policy change is made here and reaches every card written after it.
"""

from schemas.tables import COMMENTS, POSTS


def _repaired_columns() -> str:
    names = [f"`{POSTS.name}.{name}`" for name in POSTS.repaired_fields]
    names += [f"`{COMMENTS.name}.{name}`" for name in COMMENTS.repaired_fields]
    return ", ".join(names)


ENCODING_POLICY = f"""\
Text columns ({_repaired_columns()}) are normalised the same way
on every platform, so that two crawls of one page give the same string:

- Unicode NFC; HTML entities decoded (`&eacute;` → `é`, `&nbsp;` → U+00A0).
- French typography is data and is kept as written: apostrophes (’ or '), guillemets « »,
  ellipses (… or ...), and the no-break space before `:` `;` `!` `?`.
- Whitespace is collapsed inside a paragraph; paragraph breaks are kept as one blank line.
- The bytes win over the labels: valid UTF-8 is read as UTF-8 whatever the header or `<meta>`
  says; otherwise the labels are followed, ISO-8859-1 read as windows-1252 as browsers do (’ œ €
  … live there); with no label, windows-1252. Numeric references in the C1 range (`&#146;`,
  `&#156;`) are windows-1252 characters; windows-1252 bytes inside a UTF-8 page are kept as such.
- Mojibake (UTF-8 read as windows-1252: `Ã©` for `é`, `â€™` for `’`) is repaired field by field
  with ftfy (quotes, ligatures and full-width characters left as written), and each repair is
  recorded on its row (`repaired_fields`, `repairs`), so the original reading can be told apart.
"""

PERSONAL_DATA = """\
Commenter names (`comments.author`), the links on them (`comments.author_url`) and post bylines
are personal data under the GDPR, even when they are pseudonyms: they were published by their
authors on public blogs, and are kept for research on those blogs only. Do not try to
re-identify people, do not link them to other sources, and do not republish them outside
research. A person who asks for their comments or name to be removed is heard: delete their rows
from every copy you keep, and tell whoever gave you the dataset so that the next crawl leaves
them out.
"""

EXPORT_PERSONAL_DATA = """\
Some posts here were read from export files (`source_kind` `export`): Movable Type / TypePad
exports, WordPress WXR files or Blogger Atom backups. Those files hold each commenter's e-mail
address and IP address (`EMAIL`, `IP`; `wp:comment_author_email`, `wp:comment_author_IP`;
Blogger's `author/email`), trackback IPs, and on TypePad the post author's e-mail (`AUTHOR
EMAIL`): they were dropped on reading and are in no table, log line or card. WXR and Blogger
comments keep their platform's comment id; a Movable Type export holds none, so `comment_id`
there is the post's id and `h` + 12 hex digits of SHA-1 over the comment's minute, author and
text (whitespace collapsed): the same comment read from an archived page, hashed the same way
(`extraction.ids.content_comment_id`), gives the same key. An export holds only the comments
that were approved and visible (Movable Type exports no junk or moderated comment; moderated and
spam comments of a WXR file are counted and not written), so these posts carry no spam the
blogger had already removed, and their spam labels say little.
"""


DEDUPE_RULE = """\
A post is identified by `post_id` (a hash of its canonical URL's host and path, so http/https
and `index.html` variants agree) and is written once per dataset folder: **the first copy
committed wins**. A crawl resumed with the same `JOBDIR`, or run again into the same folder,
fetches pages again where it must but never writes a post the folder already holds; a later
copy is dropped whole, with its comments, even if the page has changed since (new comments are
not merged: crawl into a new folder to take a fresh snapshot). A page that yielded no post is
recorded once per folder in `skipped`, with the reason seen first. After a crash, only the
files a run had committed are kept (see *Loading*); the next run fetches the rest again.
"""


GAP_RULE = """\
A post's comment pages are read in page order. A comment page that could not be fetched, or
that a source (an archive) holds no copy of, is listed in `posts.comment_pages_missing`, counted
in the crawl stats (`comment_pages_missing/<reason>`), and the pages after it are still read.
`comments.position` stays the comment's position on the post: after a missing page, positions
skip the numbers that page held (counted as one page of the size of the page before it), so the
same comment has the same `position` and `comment_id` from a live crawl, the Wayback Machine or a
WARC file, whichever pages each one lacks.
"""
