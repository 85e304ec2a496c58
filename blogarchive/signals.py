"""The project's own signals, sent through `crawler.signals`.

`segment_committed`: the Parquet pipeline committed a segment (every row handed to it so far is
on disk, renamed into view). A job worker's leases wait for it (distributed/leases.py).
"""

segment_committed = object()
