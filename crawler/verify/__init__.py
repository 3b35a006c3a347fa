"""``scrapy verify``: a small, polite check of each paper, and its result turned into fixtures.

``checks`` holds the pure part (what was seen, the verdict and its reasons), ``spider`` the one
Scrapy spider that fetches the seeds and a few articles, ``fixtures`` the files written from a
verification so that a redesign seen in the wild becomes a regression test in one step.
"""
