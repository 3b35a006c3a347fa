"""What earlier runs did, read back from their manifests: the history that ``scrapy report``, the
Spidermon monitors and ``scrapy verify`` compare a run with."""

from crawler.runs.history import Run, load_runs, runs_by_spider, usual_items

__all__ = ["Run", "load_runs", "runs_by_spider", "usual_items"]
