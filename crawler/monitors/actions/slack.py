"""Slack: Spidermon's ``SendSlackMessage`` (``SPIDERMON_SLACK_*``; a bot token, not a webhook)."""

from __future__ import annotations

from spidermon.contrib.actions.slack import SendSlackMessage


class SlackAlert(SendSlackMessage):
    message_template = "vnnews/alert.slack.jinja"
    include_attachments = False
