"""Deliver a chat-week: the sponsor report to the chat's recipients, and, when the week had
suspiciously little data, a note to its alert addresses. Each message goes once per address:
those the ledger says already have it are skipped unless forced."""

import ssl
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from email.message import EmailMessage
from pathlib import Path

from config.settings import Settings
from delivery import ledger
from delivery.alerts import low_data_note, redact, secret_values
from delivery.content import WeekContent, week_content
from delivery.images import ImageMaker, kaleido_pngs, mail_charts
from delivery.ledger import LOW_DATA_NOTE, SPONSOR_REPORT, Delivery
from delivery.message import (
    MAIL_SCRIPTS,
    addressed,
    chart_parts,
    report_message,
    self_contained,
)
from delivery.smtp import send_messages, smtp_server
from reports.volume import Volume, week_volume
from warehouse.publish import reading


def check_volume(settings: Settings, chat: str, week_start: date) -> Volume:
    """The week's posts against its trailing median, from the published warehouse."""
    con = reading(settings.warehouse.path)
    try:
        return week_volume(con, chat, week_start)
    finally:
        con.close()


def _pending(
    settings: Settings, chat: str, week_start: date, kind: str, addresses: list[str], force: bool
) -> list[str]:
    done = (
        set() if force else ledger.published_delivered(settings.warehouse, chat, week_start, kind)
    )
    return list(dict.fromkeys(a for a in addresses if a.lower() not in done))


def sponsor_message(
    content: WeekContent, sponsor_page: Path, sender: str, images: ImageMaker = kaleido_pngs
) -> EmailMessage:
    """The week's sponsor message, not yet addressed: its charts drawn by `images`, the
    sponsor page attached with the mail's lighter plotly.js."""
    charts = mail_charts(content)
    parts = chart_parts(charts, images([chart.figure for chart in charts]))
    return report_message(content, parts, self_contained(sponsor_page, MAIL_SCRIPTS), sender)


def deliver_week(
    settings: Settings,
    chat: str,
    week_start: date,
    sponsor_page: Path,
    volume: Volume,
    force: bool = False,
    images: ImageMaker = kaleido_pngs,
    env: Mapping[str, str] | None = None,
    tls_context: ssl.SSLContext | None = None,
) -> list[Delivery]:
    """Send what is still due for the chat-week; one Delivery per message (sent or failed)."""
    chat_settings = settings.chat(chat)
    recipients = _pending(
        settings, chat, week_start, SPONSOR_REPORT, chat_settings.recipients, force
    )
    noted = (
        _pending(settings, chat, week_start, LOW_DATA_NOTE, chat_settings.alerts, force)
        if volume.warning
        else []
    )
    if not recipients and not noted:
        return []
    server = smtp_server(settings.delivery, env, tls_context)
    messages = []
    if recipients:
        con = reading(settings.warehouse.path)
        try:
            content = week_content(
                con,
                chat_settings,
                week_start,
                settings.privacy.opt_out,
                respect_nobot=settings.privacy.respect_nobot,
            )
        finally:
            con.close()
        content = replace(content, volume=volume)  # the volume the run checked and records
        message = sponsor_message(content, sponsor_page, server.sender, images)
        messages += [
            (SPONSOR_REPORT, recipient, addressed(message, recipient, server.sender))
            for recipient in recipients
        ]
    if volume.warning:
        messages += [
            (
                LOW_DATA_NOTE,
                address,
                low_data_note(settings, chat, week_start, volume.warning, address),
            )
            for address in noted
        ]
    results = send_messages(server, [(recipient, message) for _, recipient, message in messages])
    secrets = secret_values(settings, env)
    return [
        Delivery(
            kind,
            result.recipient,
            result.sent,
            result.attempts,
            result.message_id,
            redact(result.error, secrets) if result.error else None,
        )
        for (kind, _, _), result in zip(messages, results, strict=True)
    ]


def undelivered(deliveries: list[Delivery]) -> str | None:
    """One line naming every message that could not be delivered, or None when all went."""
    failed = [d for d in deliveries if not d.sent]
    if not failed:
        return None
    return "; ".join(
        f"could not deliver the {d.kind} to {d.recipient} after {d.attempts} "
        f"attempt{'s' if d.attempts != 1 else ''}: {d.error}"
        for d in failed
    )
