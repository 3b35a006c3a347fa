"""The spider-close suite (``SPIDERMON_SPIDER_CLOSE_MONITORS``) and the channels it alerts on."""

from __future__ import annotations

from typing import Any, ClassVar

from scrapy.utils.misc import load_object
from spidermon import MonitorSuite
from spidermon.contrib.scrapy.monitors import FinishReasonMonitor
from spidermon.exceptions import NotConfigured

from crawler.monitors.monitors import (
    DroppedPagesMonitor,
    ErrorsMonitor,
    FillRateMonitor,
    UsualItemCountMonitor,
)

# Channel -> (the Spidermon setting that switches it on, the action). A channel is on when that
# setting (or the channel's own *_FAKE setting, which logs the message instead of sending it) is
# set; everything else about it is Spidermon's settings, read by Spidermon's action.
CHANNELS: dict[str, tuple[str, str]] = {
    "email": ("SPIDERMON_EMAIL_TO", "crawler.monitors.actions.mail.EmailAlert"),
    "slack": ("SPIDERMON_SLACK_RECIPIENTS", "crawler.monitors.actions.slack.SlackAlert"),
    "telegram": ("SPIDERMON_TELEGRAM_RECIPIENTS", "crawler.monitors.actions.telegram.TelegramAlert"),
    "discord": ("SPIDERMON_DISCORD_WEBHOOK_URL", "crawler.monitors.actions.discord.DiscordAlert"),
}
FAKE = {
    "email": "SPIDERMON_EMAIL_FAKE",
    "slack": "SPIDERMON_SLACK_FAKE",
    "telegram": "SPIDERMON_TELEGRAM_FAKE",
    "discord": "SPIDERMON_DISCORD_FAKE",
}


def configured_channels(settings: Any) -> list[str]:
    """The channels whose Spidermon settings are set, in CHANNELS order."""
    return [
        name
        for name, (setting, _) in CHANNELS.items()
        if settings.get(setting) or settings.getbool(FAKE[name], False)
    ]


class SpiderCloseMonitors(MonitorSuite):
    """Finish reason, errors, items against the usual count, fill rates, dropped pages."""

    monitors: ClassVar[list[Any]] = [
        FinishReasonMonitor,
        ErrorsMonitor,
        UsualItemCountMonitor,
        FillRateMonitor,
        DroppedPagesMonitor,
    ]

    def __init__(self, *args: Any, crawler: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, crawler=crawler, **kwargs)
        if crawler is None:
            return
        for channel in configured_channels(crawler.settings):
            try:
                action = load_object(CHANNELS[channel][1])
            except ImportError as exc:
                raise RuntimeError(
                    f"Alerts by {channel} need the alerts extra ({exc}): pip install -e '.[alerts]'"
                ) from exc
            try:
                self.add_monitors_failed_action(action)
            except NotConfigured as exc:
                # Spidermon's own check of the channel's settings: fail the start, loudly, rather
                # than crawl for hours with an alert that cannot be sent.
                raise RuntimeError(f"Alerts by {channel} are half configured: {exc}") from exc
