"""The ``Request.meta`` keys of ours, and the page kinds: one name for each, written once.

Requests carry what the spider knew when it built them to the middlewares and the shared
scheduler downstream. The string values are part of the data: a Redis queue of a running shared
crawl holds pickled requests with these keys, so a value never changes, only the constant's name
may. (Scrapy's own keys, ``dont_retry``, ``download_maxsize``, ``allow_offsite`` and the like,
are Scrapy's and stay as Scrapy documents them.)
"""

from __future__ import annotations

# What the spider meant the page to be. Written by the spider (spiders/news.py) on every request;
# read by the spider's router, the incremental middleware (only articles may be skipped), the
# shared scheduler (articles are filtered by article state) and the drift alarm (article pages only).
PAGE_KIND = "page_kind"

# The sitemap/feed lastmod of an article link (datetime or None). Written by the spider on article
# requests and by the shared scheduler (the newest lastmod when it pops the request); read by the
# incremental middleware (fetch again when newer than the stored one) and the shared scheduler.
LASTMOD = "lastmod"

# normalize_url of the article link, the frontier's key. Written by the spider on article requests;
# read by the spider (frontier bookkeeping after the download or the skip) and the incremental
# middleware (spares normalising the URL again; the store checks it matches request.url, as a
# redirect keeps the old one).
FRONTIER_KEY = "frontier_key"

# True: fetch the article even if it is stored (e.g. an explicit re-crawl of one URL). Written by
# whoever builds such a request (none of our modules today); read by the incremental middleware.
INCREMENTAL_FORCE = "incremental_force"

# How many sitemap indexes led to this sitemap (0 for a seed). Written and read by the spider,
# which stops following nested indexes at MAX_SITEMAP_DEPTH.
DEPTH_SITEMAP = "depth_sitemap"

# The 1-based number of a section listing page. Written and read by the spider's pagination.
LISTING_PAGE = "listing_page"

# The frontier keys of the previous listing page (frozenset). Written and read by the spider's
# pagination: a page that repeats the previous one ends it (some CMSs serve page 1 for any page).
LISTING_PREVIOUS = "listing_previous"

# How many listing pages in a row, ending with this one's parent, listed only known articles.
# Written and read by the spider's scheduled pagination (LISTING_STOP_AFTER_KNOWN_PAGES).
LISTING_KNOWN = "listing_known_pages"

# The section listing a request belongs to in a backfill (the normalised URL of its first page).
# Written by the spider on backfill listing pages, probes and the range's article requests; read
# by the spider to hand what came back to that section's plan.
SECTION = "listing_section"

# The URL, as the listing gave it, of an article fetched to learn its date (a backfill probe).
# Written and read by the spider: the article's day goes to the plan under the listed URL.
PROBE = "backfill_probe"

# The incremental decision the spider already took for an article request from one batched store
# query ("new@<process>", "recent@...", "lastmod@..."). Written by the spider; read by the
# incremental middleware, which then counts it and asks the store nothing, unless the request
# comes from another process's queue (the decision may be stale).
INCREMENTAL_DECISION = "incremental_decision"

# The values of PAGE_KIND.
KIND_SEED = "seed"  # a start URL: a feed, sitemap, listing or article, recognised from its content
KIND_ARTICLE = "article"  # an article page: the only kind the incremental filter may skip
KIND_SITEMAP = "sitemap"  # a child sitemap of a sitemap index
KIND_LISTING = "listing"  # the next page of a section listing
