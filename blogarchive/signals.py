"""The project's own signals, sent through `crawler.signals`.

- `page_kept(kept)`: KeepPages wrote a response as WARC; the pipeline buffers the pages of no
  post (listings, feeds, robots.txt) to write their rows, and drops those a post claims.
- `pages_committing()`: the pipeline is about to commit a segment; KeepPages commits its current
  WARC file first, so no committed row ever points into a hidden (incomplete) WARC file.
- `segment_committed()`: the Parquet pipeline committed a segment (every row handed to it so far
  is on disk, renamed into view). A job worker's leases wait for it (distributed/leases.py).

Signals rather than one component calling the other: each works without the other
(`KEEP_PAGES=0`, a crawl without the Parquet pipeline, a crawl without Redis).
"""

page_kept = object()
pages_committing = object()
segment_committed = object()
