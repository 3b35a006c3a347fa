"""Telegram: Spidermon's ``SendTelegramMessage`` (``SPIDERMON_TELEGRAM_*``)."""

from __future__ import annotations

from spidermon.contrib.actions.telegram import SendTelegramMessage


class TelegramAlert(SendTelegramMessage):
    # Spidermon puts the text into the query string unquoted and asks for Markdown: the template
    # quotes it and sets it as a code block, so a '#' or '&' in a selector or an '_' in a field name
    # cannot cut or break the message.
    message_template = "vnnews/alert.telegram.jinja"
