"""E-mail: Spidermon's ``SendEmail`` (``SPIDERMON_EMAIL_*``), sent with the standard library.

Spidermon's ``SendSmtpEmail`` does not fit, for three reasons (README, "Alerts"):

* it hands the whole composed MIME message, headers and all, to Scrapy's ``MailSender`` as the
  *body* of a new text/plain mail, so the reader gets raw MIME source (and Spidermon's generic
  HTML report) instead of the text;
* ``scrapy.mail`` is deprecated in Scrapy 2.19 and will be removed;
* it refuses to start without ``SPIDERMON_SMTP_USER`` and ``SPIDERMON_SMTP_PASSWORD``, so a
  local relay that takes mail without a login cannot be used.

So this action keeps everything of ``SendEmail`` (its settings, subject and body templates,
recipients, ``SPIDERMON_EMAIL_FAKE``) and reads the same ``SPIDERMON_SMTP_*`` settings
(``HOST``, ``PORT``, ``USER``, ``PASSWORD``, ``ENFORCE_TLS`` for STARTTLS, ``ENFORCE_SSL`` for
SMTPS), but builds one well-formed message (the text, plus an HTML part only when an HTML body is
configured) and sends it with ``smtplib``. The send blocks the closing spider for at most
``SPIDERMON_SMTP_TIMEOUT`` seconds (30), as Spidermon's Slack, Telegram and Discord actions do.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from spidermon.contrib.actions.email import SendEmail
from spidermon.exceptions import NotConfigured

DEFAULT_TIMEOUT = 30.0


class EmailAlert(SendEmail):
    subject = (
        "[vnnews] {{ data.sc_spider_name }}: {{ result.monitors_failed_results|length }} check(s) failed"
    )
    body_text_template = "vnnews/alert.txt.jinja"
    body_html_template = None  # Spidermon's default is a generic "Report Title" page

    def __init__(
        self,
        *args: Any,
        smtp_host: str | None = None,
        smtp_port: int | None = None,
        smtp_user: str | None = None,
        smtp_password: str | None = None,
        smtp_enforce_tls: bool = False,
        smtp_enforce_ssl: bool = False,
        smtp_timeout: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.smtp_host = smtp_host
        self.smtp_port = smtp_port or (465 if smtp_enforce_ssl else 25)
        self.smtp_user = smtp_user
        self.smtp_password = smtp_password
        self.smtp_enforce_tls = smtp_enforce_tls
        self.smtp_enforce_ssl = smtp_enforce_ssl
        self.smtp_timeout = smtp_timeout or DEFAULT_TIMEOUT
        if not self.fake and not self.smtp_host:
            raise NotConfigured("You must provide a value for SPIDERMON_SMTP_HOST setting.")
        if not self.fake and not self.sender:
            raise NotConfigured("You must provide a value for SPIDERMON_EMAIL_SENDER setting.")
        if bool(self.smtp_user) != bool(self.smtp_password):
            raise NotConfigured("Set both SPIDERMON_SMTP_USER and SPIDERMON_SMTP_PASSWORD, or neither.")

    @classmethod
    def from_crawler_kwargs(cls, crawler: Any) -> dict[str, Any]:
        settings = crawler.settings
        kwargs = super().from_crawler_kwargs(crawler)
        kwargs.update(
            smtp_host=settings.get("SPIDERMON_SMTP_HOST"),
            smtp_port=settings.getint("SPIDERMON_SMTP_PORT") or None,
            smtp_user=settings.get("SPIDERMON_SMTP_USER"),
            smtp_password=settings.get("SPIDERMON_SMTP_PASSWORD"),
            smtp_enforce_tls=settings.getbool("SPIDERMON_SMTP_ENFORCE_TLS"),
            smtp_enforce_ssl=settings.getbool("SPIDERMON_SMTP_ENFORCE_SSL"),
            smtp_timeout=settings.getfloat("SPIDERMON_SMTP_TIMEOUT") or None,
        )
        return kwargs

    def get_message(self) -> EmailMessage:  # type: ignore[override]
        message = EmailMessage()
        message["Subject"] = self.get_subject()
        message["From"] = self.sender
        message["To"] = ", ".join(self.to)
        if self.cc:
            message["Cc"] = ", ".join(self.cc)
        if self.reply_to:
            message["Reply-To"] = self.reply_to
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain="vnnews.invalid")
        message.set_content(self.get_body_text())
        html = self.get_body_html()
        if html:
            message.add_alternative(html, subtype="html")
        return message

    def send_message(self, message: EmailMessage, **kwargs: Any) -> None:  # type: ignore[override]
        recipients = [*self.to, *(self.cc or ()), *(self.bcc or ())]
        if self.smtp_enforce_ssl:
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                self.smtp_host,
                self.smtp_port,
                timeout=self.smtp_timeout,
                context=ssl.create_default_context(),
            )
        else:
            client = smtplib.SMTP(self.smtp_host, self.smtp_port, timeout=self.smtp_timeout)
        with client:
            if self.smtp_enforce_tls:
                client.starttls(context=ssl.create_default_context())
            if self.smtp_user:
                client.login(self.smtp_user, self.smtp_password or "")
            client.send_message(message, from_addr=self.sender, to_addrs=recipients)
