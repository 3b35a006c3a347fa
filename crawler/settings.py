"""Project settings. Every component of ours is configured here and can be switched off here."""

import os

from crawler import __version__

BOT_NAME = "vnnews"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
COMMANDS_MODULE = "crawler.commands"

# --- politeness -----------------------------------------------------------------------------
USER_AGENT = f"vnnews-crawler/{__version__} (+https://github.com/vnnews-crawler; news research crawler)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Items per response processed in parallel. Our spiders yield at most one item per page, and
# Scrapy's default of 100 costs a task per slot per response (bench: 128 -> 172 pages/s).
CONCURRENT_ITEMS = 4
DOWNLOAD_DELAY = 0.5
DOWNLOAD_DELAY_JITTER = 0.5  # delay drawn from 0.5x..1.5x DOWNLOAD_DELAY
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429, 403]
RETRY_BACKOFF_BASE = 1.0  # the n-th retry waits base * 2**(n-1) s (x1-1.5 jitter), or Retry-After
RETRY_BACKOFF_MAX = 60.0
RETRY_AFTER_MAX = 120.0  # a longer Retry-After is not waited for: the request gives up
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
REDIRECT_MAX_TIMES = 5

# --- safety ---------------------------------------------------------------------------------
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy 2.19's HTTP remote-control server can run arbitrary code
COOKIES_ENABLED = False

# --- output ---------------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"  # for users of -O/FEEDS: no \uXXXX escapes
OUTPUT_DIR = "output"  # output/<spider>/<run start UTC>-<run id>.jsonl (+ .manifest.json)
JSONL_EXPORT_ENABLED = True
STATE_DB = None  # default: output/<spider>/state.sqlite (the persistent dedupe/seen store)
RECHECK_DAYS = 2.0  # stored articles younger than this are fetched again to catch revisions
RECHECK_EVERY_HOURS = 3.0  # ...but at most once in this many hours (0: on every run)
INCREMENTAL_ENABLED = True

# --- discovery over time --------------------------------------------------------------------
LISTING_STOP_AFTER_KNOWN_PAGES = (
    1  # a scheduled run stops a section after N pages of known articles (0: never)
)
# A scheduled run does not read again a child sitemap whose lastmod did not move since a run that
# finished whole read it. False for a paper whose sitemap index does not move a child's lastmod.
SITEMAP_SKIP_UNCHANGED = True
LISTING_MAX_PAGES = 50
# Fetched articles the in-process frontier remembers (the newest); older ones are settled by the
# store if met again, so a long backfill's memory does not grow with the archive.
FRONTIER_KEEP_FETCHED = (
    10_000  # pages of a section a scheduled run walks at most (a since/until backfill has no cap)
)

# --- replay / record ------------------------------------------------------------------------
REPLAY = None  # a .warc/.warc.gz file or a directory of saved pages served instead of the network
RECORD = None  # a .warc.gz path where a live crawl records what it fetched
KEEP_REJECTED = None  # a .warc(.gz) or a directory keeping every refused article page (replayable)

# --- crawl state: where the seen store and the article frontier live --------------------------
# Classes, as Scrapy's HTTPCACHE_STORAGE: these defaults keep the state in this process (SQLite
# file, in-memory frontier); the scale-out add-on replaces both with the Redis classes.
STATE_STORE_CLASS = "crawler.store.sqlite.SeenStore"  # <class>.for_crawler(crawler) -> StateStore
ARTICLE_FRONTIER_CLASS = "crawler.frontier.local.ArticleFrontier"  # <class>.for_crawler(crawler, limit=)

# --- scale-out: several workers share one crawl through Redis (crawler/scale) --------------------
# The switch: REDIS_URL from the environment or `-s REDIS_URL=redis://127.0.0.1:6379/0`. Unset, no
# Redis is used. The add-on reads it once all settings (command line included) are known, and
# sets STATE_STORE_CLASS and ARTICLE_FRONTIER_CLASS to the Redis classes.
REDIS_URL = os.environ.get("REDIS_URL") or None
REDIS_KEY_PREFIX = "vnnews"  # keys <prefix>:<spider>:crawl:* (one crawl) and <prefix>:seen:* (the store)
REDIS_LEASE_SECONDS = 30.0  # a worker silent this long is dead: its in-flight requests are re-queued
REDIS_PAGE_REFRESH_SECONDS = 3600.0  # a feed/sitemap/listing is fetched at most once per hour per crawl
REDIS_SOCKET_TIMEOUT = 5.0  # a Redis that stops answering is an error within seconds, never a hang
ADDONS = {"crawler.scale.addon.RedisScaleOut": 0}

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.middlewares.offsite.StrictOffsiteMiddleware": 49,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.retry_after.BackoffRetryMiddleware": 550,
    "crawler.middlewares.incremental.IncrementalSkipMiddleware": 50,
    "crawler.middlewares.record.RecordMiddleware": 940,
    "crawler.middlewares.replay.ReplayMiddleware": 950,
}

ITEM_PIPELINES = {
    "pipelines.validate.ValidatePipeline": 100,
    "pipelines.dedupe.DedupePipeline": 300,
    "pipelines.export.JsonLinesExportPipeline": 800,
}

EXTENSIONS = {
    "crawler.extensions.drift.DriftAlarm": 500,
    "crawler.extensions.progress.CrawlProgress": 510,
    "crawler.extensions.rejected.KeepRejected": 520,
    # Spidermon's extension when SPIDERMON_ENABLED; after the drift alarm, whose verdict it checks.
    "crawler.monitors.extension.SpidermonWhenEnabled": 900,
}
PROGRESS_INTERVAL = 60.0  # seconds between progress lines (listing pages, articles, range covered); 0: off
LEARN_NOT_FOUND = True  # refuse pages headlined like the site's missing pages (crawler/extract/notfound.py)
# --- drift alarm: a run whose title/body/published_at fill rate falls below these logs an ERROR --
DRIFT_ENABLED = True
DRIFT_MIN_ITEMS = 20  # article pages (items + pages rejected as not an article) before judging
DRIFT_THRESHOLDS = {"title": 0.95, "body": 0.95, "published_at": 0.9}

# --- alerts (Spidermon; README "Alerts"; needs the alerts extra) ------------------------------
# The switch: on spider close, crawler/monitors checks the finish reason, errors, items against
# the usual count of earlier runs, fill rates (the drift alarm) and dropped pages. A failed check
# is sent to every channel configured with Spidermon's settings: SPIDERMON_EMAIL_TO (+ SPIDERMON_
# SMTP_*), SPIDERMON_SLACK_RECIPIENTS, SPIDERMON_TELEGRAM_RECIPIENTS, SPIDERMON_DISCORD_WEBHOOK_URL.
SPIDERMON_ENABLED = False
SPIDERMON_SPIDER_CLOSE_MONITORS = ["crawler.monitors.suites.SpiderCloseMonitors"]
SPIDERMON_MAX_ERRORS = 0  # ERROR lines besides the drift alarm's own
MONITOR_MIN_ITEMS_SHARE = 0.3  # fewer items than this share of the usual count fails...
MONITOR_MIN_HISTORY = 3  # ...once this many earlier runs (manifests in OUTPUT_DIR) finished normally
MONITOR_MAX_DROPPED_SHARE = 0.5  # article pages that gave no item (page_dropped/*), at most...
MONITOR_DROPPED_MIN_PAGES = 20  # ...judged from this many article pages on

LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_CLASS = "scrapy.utils.request.RequestFingerprinter"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
