"""Discord: Spidermon's ``SendDiscordMessage`` (``SPIDERMON_DISCORD_WEBHOOK_URL``)."""

from __future__ import annotations

from spidermon.contrib.actions.discord import SendDiscordMessage


class DiscordAlert(SendDiscordMessage):
    message_template = "vnnews/alert.discord.jinja"
