"""Alerts with Spidermon: checks on spider close, and a message through Spidermon's actions.

Off by default. ``SPIDERMON_ENABLED=True`` loads Spidermon's own extension (through
``crawler.monitors.extension.SpidermonWhenEnabled``, so a crawl without the ``alerts`` extra
installed never imports it), which runs ``SPIDERMON_SPIDER_CLOSE_MONITORS`` when the spider
closes: ``crawler.monitors.suites.SpiderCloseMonitors``. That suite runs

* Spidermon's ``FinishReasonMonitor`` (``SPIDERMON_EXPECTED_FINISH_REASONS``, default
  ``finished``);
* ``ErrorsMonitor``: Spidermon's ``ErrorCountMonitor`` (``SPIDERMON_MAX_ERRORS``), not counting the
  ERROR lines the drift alarm itself logs, since ``FillRateMonitor`` reports the drift;
* ``UsualItemCountMonitor``: too few items against the paper's usual count, read from the run
  manifests of earlier runs (``crawler.runs.history``);
* ``FillRateMonitor``: the drift alarm's verdict (fill rates against ``DRIFT_THRESHOLDS``), its
  per-selector sentences (``crawler.extensions.drift.describe``) as the failure message;
* ``DroppedPagesMonitor``: too many article pages that gave no item (``page_dropped/*``).

When any check fails, one message per run goes to every channel that is configured with
Spidermon's own settings: e-mail (``SPIDERMON_EMAIL_TO``), Slack (``SPIDERMON_SLACK_RECIPIENTS``),
Telegram (``SPIDERMON_TELEGRAM_RECIPIENTS``), Discord (``SPIDERMON_DISCORD_WEBHOOK_URL``).
See README, section "Alerts".
"""
