"""One ``scrapy crawl`` name per registry entry, generated from ``crawler.sites.SITES``.

Scrapy finds spiders by scanning this package for Spider subclasses, so each ``Site`` becomes a
small subclass of ``NewsSpider`` here; there is no spider code per paper to copy.
"""

from __future__ import annotations

from crawler.sites import SITES, Site
from spiders.news import NewsSpider


def spider_class(site: Site) -> type[NewsSpider]:
    """The spider class of a site: NewsSpider with the site's name, domains and entry."""
    class_name = "".join(part.capitalize() for part in site.spider.split("_")) + "Spider"
    return type(
        class_name,
        (NewsSpider,),
        {
            "name": site.spider,
            "site": site,
            "allowed_domains": list(site.domains),
            "__module__": __name__,
            "__doc__": f"{site.source_name} ({site.domain}), province {site.province}.",
        },
    )


for _site in SITES:
    _cls = spider_class(_site)
    globals()[_cls.__name__] = _cls
del _site, _cls
