"""Notices reach a real webhook (signed) and a real SMTP server; an outage is retried, never blocking."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

import orjson

from gis.supervision.actor import Actor
from gis.supervision.notify.outbox import deliver_due, enqueue
from gis.supervision.notify.targets import add_target
from tests.gis.supervision.receivers import SmtpSink, WebhookReceiver

ADMIN = Actor("admin", "admin")
NOW = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)


async def test_a_webhook_notice_is_signed_with_the_targets_secret(conn, supervision_pool, ids, settings):
    with WebhookReceiver() as hook:
        target = await add_target(conn, "township", "webhook", hook.url, None, "s3cret", ADMIN)
        queued = await enqueue(conn, "ticket.dispatch", ("township",), ids["E-SUP-A"], {"text": "派单"}, NOW)
        report = await deliver_due(supervision_pool, settings, NOW)
    assert queued == 1 and report.sent == 1
    headers, body = hook.received[0]
    expected = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert headers["x-parkmap-signature"] == expected
    assert headers["x-parkmap-event"] == "ticket.dispatch"
    assert orjson.loads(body)["text"] == "派单" and target["secret"] == "s3cret"


async def test_an_email_notice_goes_through_smtp(conn, supervision_pool, ids, settings):
    async with SmtpSink() as sink:
        mail = settings.model_copy(update={"smtp_port": sink.port, "smtp_from": "parkmap@park.example"})
        await add_target(conn, "enterprise", "email", "ehs@alpha.example", ids["E-SUP-A"], None, ADMIN)
        await enqueue(
            conn,
            "ticket.opened",
            ("enterprise",),
            ids["E-SUP-A"],
            {"title": "ticket TK-1 opened", "text": "预警"},
            NOW,
        )
        report = await deliver_due(supervision_pool, mail, NOW)
    assert report.sent == 1
    recipients, message = sink.messages[0]
    assert recipients == ["ehs@alpha.example"]
    assert message["Subject"] == "[ParkMap] ticket TK-1 opened"
    assert "预警" in message.get_payload(decode=True).decode()


async def test_an_enterprise_hears_only_of_its_own_tickets(conn, ids):
    await add_target(conn, "enterprise", "email", "a@alpha.example", ids["E-SUP-A"], None, ADMIN)
    await add_target(conn, "enterprise", "email", "b@beta.example", ids["E-SUP-B"], None, ADMIN)
    await enqueue(conn, "ticket.opened", ("enterprise",), ids["E-SUP-A"], {}, NOW)
    rows = await conn.fetch(
        "SELECT t.address FROM notifications n JOIN notification_targets t ON t.id = n.target_id"
    )
    assert [r["address"] for r in rows] == ["a@alpha.example"]


async def test_an_outage_is_retried_with_backoff_and_given_up_after_the_bound(
    conn, supervision_pool, ids, settings
):
    bounded = settings.model_copy(update={"notify_max_attempts": 3, "notify_backoff_seconds": 30.0})
    with WebhookReceiver(failures=2) as hook:
        await add_target(conn, "park", "webhook", hook.url, None, None, ADMIN)
        await enqueue(conn, "ticket.escalate", ("park",), ids["E-SUP-A"], {}, NOW)
        first = await deliver_due(supervision_pool, bounded, NOW)
        assert first.retrying == 1
        assert (await deliver_due(supervision_pool, bounded, NOW + dt.timedelta(seconds=10))).retrying == 0
        row = await conn.fetchrow("SELECT attempts, next_attempt_at, last_error FROM notifications")
        assert row["attempts"] == 1 and row["next_attempt_at"] == NOW + dt.timedelta(seconds=30)
        assert "503" in row["last_error"]
        second = await deliver_due(supervision_pool, bounded, NOW + dt.timedelta(seconds=30))
        assert second.retrying == 1  # the next wait doubles: 60 s
        third = await deliver_due(supervision_pool, bounded, NOW + dt.timedelta(seconds=90))
        assert third.sent == 1 and len(hook.received) == 1
    # a target that never answers is given up after the bound, and the work went on meanwhile
    await add_target(conn, "district", "webhook", "http://127.0.0.1:9/closed", None, None, ADMIN)
    await enqueue(conn, "health_code.change", ("district",), ids["E-SUP-A"], {}, NOW)
    later = NOW
    for _ in range(3):
        later += dt.timedelta(hours=1)
        await deliver_due(supervision_pool, bounded, later)
    assert (
        await conn.fetchval("SELECT status FROM notifications WHERE event = 'health_code.change'") == "failed"
    )
