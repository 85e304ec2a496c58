"""The two signals by which KEEP_PAGES and the Parquet pipeline keep the `pages` table whole.

- `page_kept(kept)`: KeepPages wrote a response as WARC; the pipeline buffers the pages of no
  post (listings, feeds, robots.txt) to write their rows, and drops those a post claims.
- `pages_committing()`: the pipeline is about to commit a segment; KeepPages commits its current
  WARC file first, so no committed row ever points into a hidden (incomplete) WARC file.

Signals rather than one component calling the other: each works without the other
(`KEEP_PAGES=0`, a crawl without the Parquet pipeline).
"""

page_kept = object()
pages_committing = object()
