"""Scrapy's offsite filter without its ``dont_filter`` exemption.

Article requests carry ``dont_filter=True`` (the frontier, not Scrapy's dupefilter, decides what is
asked twice), and Scrapy 2.19's ``OffsiteMiddleware`` lets every ``dont_filter`` request through;
``RedirectMiddleware`` copies the flag to the redirect. A paper's article that redirects to another
domain was therefore fetched (without that domain's robots.txt) and emitted under the foreign
host. Here only ``meta["allow_offsite"]`` exempts a request.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

if TYPE_CHECKING:
    from scrapy import Request

logger = logging.getLogger(__name__)


class StrictOffsiteMiddleware(OffsiteMiddleware):
    def process_request(self, request: Request) -> None:
        spider = self.crawler.spider
        assert spider is not None
        if request.meta.get("allow_offsite") or self.should_follow(request, spider):
            return
        domain = urlparse_cached(request).hostname
        if domain and domain not in self.domains_seen:
            self.domains_seen.add(domain)
            logger.info("Filtered offsite request to %r: %s", domain, request)
            self.stats.inc_value("offsite/domains")
        self.stats.inc_value("offsite/filtered")
        raise IgnoreRequest(f"Filtered offsite request to {domain!r}")
