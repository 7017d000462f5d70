"""Delivery channels: a signed webhook and e-mail over SMTP.  A channel raises when it fails.

Webhook: ``POST`` of the JSON notice; ``X-ParkMap-Signature: sha256=<hex>`` is the
HMAC-SHA256 of the exact body with the target's secret, so the receiver can check that the
notice came from this park and was not altered.  E-mail: plain text through the configured
SMTP relay, sent by the standard library in a worker thread.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import smtplib
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import httpx
import orjson

from gis.supervision.settings import SupervisionSettings

SIGNATURE_HEADER = "X-ParkMap-Signature"


@dataclass(frozen=True)
class Notice:
    id: int
    event: str
    payload: dict[str, Any]
    channel: str
    address: str
    secret: str | None


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


async def send_webhook(notice: Notice, settings: SupervisionSettings) -> None:
    body = orjson.dumps(notice.payload)
    headers = {
        "Content-Type": "application/json",
        "X-ParkMap-Event": notice.event,
        "X-ParkMap-Delivery": str(notice.id),
    }
    if notice.secret:
        headers[SIGNATURE_HEADER] = signature(notice.secret, body)
    async with httpx.AsyncClient(timeout=settings.notify_timeout_seconds) as client:
        response = await client.post(notice.address, content=body, headers=headers)
    response.raise_for_status()


def subject_of(notice: Notice) -> str:
    return f"[ParkMap] {notice.payload.get('title') or notice.event}"


def body_of(notice: Notice) -> str:
    lines = [notice.payload.get("text") or notice.event, ""]
    lines += [f"{key}: {value}" for key, value in notice.payload.items() if key not in ("text", "title")]
    return "\n".join(lines) + "\n"


def _send_mail(notice: Notice, settings: SupervisionSettings) -> None:
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = notice.address
    message["Subject"] = subject_of(notice)
    message["X-ParkMap-Event"] = notice.event
    message.set_content(body_of(notice))
    with smtplib.SMTP(
        settings.smtp_host, settings.smtp_port, timeout=settings.notify_timeout_seconds
    ) as smtp:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(message)


async def send_email(notice: Notice, settings: SupervisionSettings) -> None:
    await asyncio.to_thread(_send_mail, notice, settings)


Channel = Callable[[Notice, SupervisionSettings], Awaitable[None]]
CHANNELS: dict[str, Channel] = {"webhook": send_webhook, "email": send_email}
