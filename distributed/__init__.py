"""Many processes, one crawl: a job's frontier, leases, claims and politeness budget in Redis.

`-s REDIS_URL=redis://HOST:PORT/DB` makes a crawl one worker of a job (`-s JOB_NAME`, by default
derived from the spider and its arguments); without it none of this is loaded. See README,
"Several machines, one job".
"""
