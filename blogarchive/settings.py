"""Scrapy settings. Every value that differs from Scrapy's default says why."""

from pathlib import Path

from blogarchive import USER_AGENT
from extraction.limits import DEFAULT_SECONDS

BOT_NAME = "blogarchive"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
# Project commands: `scrapy extract` (pages to JSON), `scrapy validate` and `scrapy describe` (datasets).
COMMANDS_MODULE = "commands"

# Name the tool and a contact so site owners and archives know who is asking.
USER_AGENT = USER_AGENT
# Live blogs: obey robots.txt (the Wayback and WARC sources turn this off themselves).
ROBOTSTXT_OBEY = True

# Politeness: adapt to the server's latency, never more than 2 requests in flight per site.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Items handled at once per response: a page yields one post at most (plus requests), and
# Scrapy starts this many asyncio tasks for every response's output (100 by default: a tenth
# of a fast crawl's CPU went to starting and ending them).
CONCURRENT_ITEMS = 8
# Scrapy reads a callback's source and parses it (inspect + ast) to warn about a generator that
# returns a value; its cache misses on bound methods, so that ran for every response (2.5 % of a
# fast crawl's main thread). tests/test_spider_callbacks.py makes the same check once, on every spider.
WARN_ON_GENERATOR_RETURN_VALUE = False
# In a job (`-s REDIS_URL`) the delay holds job-wide: one request per DOWNLOAD_DELAY to a site
# from all workers together (distributed/budget.py); 0 means no shared turn either.
DOWNLOAD_DELAY = 0.5

# A truncated body is not an error to retry forever: keep the response, flag it, and let the
# spider count it as "truncated" instead of losing it silently.
DOWNLOAD_FAIL_ON_DATALOSS = False
# A blog page of 2005–2012 is rarely over a few hundred KB (images are links): a response over
# 16 MiB is a trap or a mistake, cut and recorded as `too_large`; over 4 MiB is logged.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024

# 404 and 500 pages reach the spider so each one is counted with its reason.
HTTPERROR_ALLOW_ALL = True
RETRY_HTTP_CODES = [502, 503, 504, 522, 524, 408, 429]

# `-s HTTPCACHE_ENABLED=1` replays a crawl from disk; pushback and server errors are never cached.
HTTPCACHE_IGNORE_HTTP_CODES = [429, 500, 502, 503, 504]

# The bundled sample blog is crawled under its own address, served by this process (sample.py).
DOWNLOADER_MIDDLEWARES = {
    # A redirect or refresh out of the blog, or a URL over URLLENGTH_LIMIT, is refused and recorded.
    "blogarchive.scope.ScopeGuard": 50,
    "blogarchive.scope.RedirectLoopGuard": 650,  # a redirect back into its own chain: recorded, not dropped
    "blogarchive.sample.SampleSiteProxy": 740,
    # `-s REDIS_URL` only: a request waits for its job-wide turn, DOWNLOAD_DELAY apart for a site,
    # WAYBACK_*_RATE for the archive (distributed/budget.py).
    "distributed.budget.SharedTurns": 960,
}
# Scrapy's URL length filter drops requests silently: ScopeGuard applies URLLENGTH_LIMIT instead.
SPIDER_MIDDLEWARES = {"scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None}

# Each pipeline takes one item type: PostCaptures | SkippedPage in, ReadPost | SkippedPage on.
ITEM_PIPELINES = {
    "pipelines.read.ReadPostPipeline": 100,  # the one reader: captures -> post and comments
    "pipelines.dedupe.DedupePipeline": 300,  # one row per post per dataset folder
    "pipelines.spam.RepeatedBodyPipeline": 400,  # the same comment body on many posts: labelled, kept
    "pipelines.pseudonymise.PseudonymisePipeline": 500,  # opt-in: commenters' names, links, contacts
    "pipelines.skips.SkipCountPipeline": 800,  # every skip counted and logged
    "pipelines.parquet.ParquetDatasetPipeline": 900,  # crash-safe Parquet parts
}

# Opt-in pseudonymisation (blogarchive/privacy.py): a file holding a secret key the user keeps;
# both spellings are read, and any other setting starting with PSEUDONYM stops the crawl.
PSEUDONYMISE_KEY_FILE = None
PSEUDONYMIZE_KEY_FILE = None
# Post authors stay by default (public on their own blog); 1 pseudonymises them too.
PSEUDONYMISE_BLOGGERS = False
PSEUDONYMIZE_BLOGGERS = False

# A blog gets at most this many requests: a calendar or pager trap cannot run for ever (0: no cap).
MAX_PAGES_PER_BLOG = 200_000

# CPU seconds one page may take to read (the reading thread's: machine load does not count); a
# page over it is skipped as `too_slow` instead of holding the reactor thread (a normal page
# takes milliseconds). 0: no limit.
EXTRACT_TIME_BUDGET = DEFAULT_SECONDS
# Processes reading posts beside the crawl (blogarchive/reading_pool.py): reading is most of a
# crawl's CPU, and one worker lets it use a second core while the engine downloads and writes.
# Answers keep the crawl's order, so the dataset is the same. 0: read on the reactor thread.
EXTRACT_WORKERS = 1

# Platform profiles beyond the built-in ones (extraction/platforms/): modules defining PROFILES.
PLATFORM_MODULES: list[str] = []

# Where each crawl writes its dataset; `-s DATASET_DIR=...` overrides it.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATASET_DIR = None  # None: datasets/<spider>-<blog> under the project root
DATASETS_ROOT = str(PROJECT_ROOT / "datasets")
# Rows per Parquet row group: bounds memory whatever the crawl size.
PARQUET_ROW_GROUP_SIZE = 5000
# A killed crawl keeps every part committed: a part is committed once it holds this many posts
# (or skipped pages), or this long after it was opened, whichever comes first. So a crash loses
# at most the last minute or the last 1,000 posts, even in a crawl's first minutes. A polite live
# crawl (2-4 pages/s) commits by the minute; the post bound is for fast replays (WARC, cache),
# where it is seconds of work and keeps parts few and large (each part costs every reader a file
# per table, and the writer a footer per column: at 100 posts, a third of the writing time).
PARQUET_COMMIT_POSTS = 1000
PARQUET_COMMIT_SECONDS = 60
# A run's id (part file names, metadata): None draws a fresh one from the clock; `scrapy reextract`
# sets one derived from its input, so that the same input gives the same bytes.
RUN_ID = None

EXTENSIONS = {
    "blogarchive.extensions.JobdirGuard": 100,  # a JOBDIR a killed run left is reset before use
    "blogarchive.progress.Progress": 300,  # posts, comments, pages, skips, ETA; crawl-status.json
    "blogarchive.keep_pages.KeepPages": 350,  # every response and its request as WARC, in DATASET_DIR/warc/
    "blogarchive.extensions.DatasetCard": 400,  # the card, once the parts are committed
    "blogarchive.extensions.StatsFile": 500,
}
# Keep what was fetched: the dataset can be rebuilt offline with a later extractor, and checked
# against its pages (`scrapy crawl warc -a path=DIR/warc/`). `-s KEEP_PAGES=0` turns it off.
KEEP_PAGES = True
# A WARC file is renamed into view (complete) at this size, and the next one begun.
KEEP_PAGES_MAX_BYTES = 256 * 1024 * 1024
# A progress line (and crawl-status.json) this often; 0 turns it off.
PROGRESS_INTERVAL_SECONDS = 5.0
# Our progress line replaces Scrapy's "Crawled N pages" line; its versions banner is noise.
LOGSTATS_INTERVAL = 0.0
LOG_VERSIONS: list[str] = []
# `-s STATS_FILE=stats.json` writes the final crawl stats (skips by reason, counts) as JSON.
STATS_FILE = None

# Archives (Wayback, WARC): the most recent distinct captures of a post handed to the reader,
# which keeps the one with the most comments (extraction/reader.py).
CAPTURES_PER_POST = 3

# The Wayback Machine (spiders/wayback.py). Rates are the limits the Internet Archive asks for
# (edgi's client: 80 % of the hard limits); `WAYBACK_BASE_URL` points at a mirror or a test archive.
WAYBACK_BASE_URL = "https://web.archive.org"
WAYBACK_CDX_RATE = 0.4  # index requests per second, one at a time
WAYBACK_SNAPSHOT_RATE = 8.0  # snapshot requests per second, two at a time
WAYBACK_CDX_PAGE_SIZE = 5000  # CDX rows per page (resumeKey paging beyond)
WAYBACK_CDX_FILTERS = ["!mimetype:image/.*"]  # images hold no post
WAYBACK_REDIRECT_WINDOW_HOURS = 24.0  # an archived redirect is followed to a capture this close in time
WAYBACK_429_PAUSE = 60.0  # seconds every request waits after a 429 without Retry-After
WAYBACK_BACKOFF_BASE = 5.0  # a 5xx waits BASE x 2^attempt seconds before the retry
WAYBACK_MAX_RETRIES = 8  # then the answer is recorded as skipped

# Distributed crawling (distributed/): `-s REDIS_URL=redis://HOST:PORT/DB` makes this crawl one
# worker of a job whose frontier, leases, claims and Wayback budget are in Redis; None: a plain
# crawl, nothing of it loaded (the add-on below returns at once).
ADDONS = {"distributed.addon.DistributedJob": 0}
REDIS_URL = None
JOB_NAME = None  # None: the spider's name and a digest of its arguments (same command, same job)
# A worker stops once the job's queue and the live workers' leases have been empty this long
# (None: 30 s; scrapy-redis's MAX_IDLE_TIME_BEFORE_CLOSE is read too).
REDIS_IDLE_SECONDS = None
# A worker's heartbeat lives this long: a worker silent for longer is dead, its leases go back.
REDIS_LEASE_SECONDS = 30.0
# Requests one worker takes from the shared queue beyond those in flight: few, so that a job's
# first worker does not take the whole queue into its download slots before the others start.
REDIS_PREFETCH = 2

FEED_EXPORT_ENCODING = "utf-8"
# `-O posts.parquet`: the crawl's posts as one Parquet file with the explicit posts schema.
FEED_EXPORTERS = {"parquet": "pipelines.exporters.ParquetPostsExporter"}
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
