"""Scrapy settings. Every value that differs from Scrapy's default says why."""

from pathlib import Path

from blogarchive import USER_AGENT

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
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5

# A truncated body is not an error to retry forever: keep the response, flag it, and let the
# spider count it as "truncated" instead of losing it silently.
DOWNLOAD_FAIL_ON_DATALOSS = False
# 404 and 500 pages reach the spider so each one is counted with its reason.
HTTPERROR_ALLOW_ALL = True
RETRY_HTTP_CODES = [502, 503, 504, 522, 524, 408, 429]

# Scrapy's HTTP cache is off by default; `-s HTTPCACHE_ENABLED=1` replays a crawl from disk.
HTTPCACHE_ENABLED = False
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_IGNORE_HTTP_CODES = [429, 500, 502, 503, 504]

# Depth-first order keeps a post's comment pages next to the post, so few half-built posts
# wait in memory (or in JOBDIR) at any time.
DEPTH_PRIORITY = 0

ITEM_PIPELINES = {
    "pipelines.captures.ChooseCapturePipeline": 90,
    "pipelines.decode.DecodePipeline": 100,
    "pipelines.extract.ExtractPipeline": 200,
    "pipelines.repair.RepairPipeline": 250,
    "pipelines.dedupe.DedupePipeline": 300,
    "pipelines.skips.SkipCountPipeline": 800,
    "pipelines.parquet.ParquetDatasetPipeline": 900,
}

# Where each crawl writes its dataset; `-s DATASET_DIR=...` overrides it.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATASET_DIR = None  # None: datasets/<spider>-<blog> under the project root
DATASETS_ROOT = str(PROJECT_ROOT / "datasets")
# Rows per Parquet row group, and posts per committed part: bounds memory whatever the crawl size.
PARQUET_ROW_GROUP_SIZE = 5000
# A killed crawl keeps every part committed; at worst it loses the last five minutes of rows.
PARQUET_COMMIT_SECONDS = 300

# `-s STATS_FILE=stats.json` writes the final crawl stats (skips by reason, counts) as JSON.
EXTENSIONS = {"blogarchive.extensions.StatsFile": 500}
STATS_FILE = None

FEED_EXPORT_ENCODING = "utf-8"
# `-O posts.parquet`: the crawl's posts as one Parquet file with the explicit posts schema.
FEED_EXPORTERS = {"parquet": "pipelines.exporters.ParquetPostsExporter"}
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
