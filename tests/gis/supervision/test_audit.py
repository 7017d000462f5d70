"""The tamper-evident record: a hash chain that verifies, refuses changes, and names the first broken event."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest

from gis.db import migrate
from gis.db.engine import make_engine
from gis.supervision import audit
from gis.users import add_user, set_disabled


@pytest.fixture(scope="module")
def chain_url(cluster):
    url = cluster.create_database("parkmap_supervision_audit_test")
    migrate.upgrade(url)
    yield url
    cluster.drop_database("parkmap_supervision_audit_test")


@pytest.fixture
async def chain(chain_url) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(chain_url)
    yield conn
    await conn.close()


async def test_events_chain_onto_each_other_and_verify(chain):
    first = await audit.append(chain, "alice", "limit.update", "limit", 7, {"before": 4.0, "after": 3.5})
    second = await audit.append(chain, "bob", "ticket.dispatch", "ticket", 1, {"note": "现场核查"})
    assert second.prev_hash == first.hash and len(second.hash) == 64
    report = await audit.verify(chain)
    assert report.ok and report.head == second.hash and report.first_broken is None


async def test_concurrent_writers_never_fork_the_chain(chain_url, chain):
    pool = await asyncpg.create_pool(chain_url, min_size=4, max_size=8)
    try:

        async def write(i: int) -> None:
            async with pool.acquire() as conn:
                await audit.append(
                    conn, f"writer-{i % 4}", "alarm.open", "alarm", i, {"n": i, "value": i * 0.1}
                )

        await asyncio.gather(*(write(i) for i in range(40)))
    finally:
        await pool.close()
    prevs = await chain.fetch("SELECT prev_hash FROM audit_log")
    assert len({r["prev_hash"] for r in prevs}) == len(prevs)
    assert (await audit.verify(chain)).ok


async def test_user_rights_changes_are_audited_from_the_cli_path(chain_url, chain):
    engine = make_engine(chain_url)
    add_user(engine, "audit-inspector", "inspector", "a-long-enough-password")
    set_disabled(engine, "audit-inspector")
    engine.dispose()
    actions = [
        r["action"]
        for r in await chain.fetch(
            "SELECT action FROM audit_log WHERE entity = 'user' AND entity_id = 'audit-inspector'"
        )
    ]
    assert actions == ["user.add", "user.disable"]
    assert (await audit.verify(chain)).ok


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log", "TRUNCATE audit_log"],
)
async def test_the_app_cannot_change_or_remove_audit_events(chain, statement):
    await audit.append(chain, "alice", "mark.create", "mark", 1, {})
    with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
        await chain.execute(statement)


async def test_a_superuser_edit_is_found_and_named(chain):
    target = await audit.append(chain, "alice", "limit.update", "limit", 9, {"after": 4.0})
    await audit.append(chain, "alice", "ticket.confirm", "ticket", 3, {})
    await chain.execute("ALTER TABLE audit_log DISABLE TRIGGER USER")
    try:
        await chain.execute("UPDATE audit_log SET payload = '{\"after\": 40.0}' WHERE id = $1", target.id)
    finally:
        await chain.execute("ALTER TABLE audit_log ENABLE TRIGGER USER")
    report = await audit.verify(chain)
    assert not report.ok and report.first_broken == target.id
    assert "changed" in report.reason


async def test_a_removed_event_breaks_the_link_of_the_next(chain_url):
    # a fresh chain: the previous test left this one broken on purpose
    conn = await asyncpg.connect(chain_url)
    try:
        await conn.execute("ALTER TABLE audit_log DISABLE TRIGGER USER")
        await conn.execute("DELETE FROM audit_log")
        await conn.execute("ALTER TABLE audit_log ENABLE TRIGGER USER")
        events = [await audit.append(conn, "alice", "alarm.open", "alarm", i, {}) for i in range(3)]
        assert (await audit.verify(conn)).ok
        await conn.execute("ALTER TABLE audit_log DISABLE TRIGGER USER")
        await conn.execute("DELETE FROM audit_log WHERE id = $1", events[1].id)
        await conn.execute("ALTER TABLE audit_log ENABLE TRIGGER USER")
        report = await audit.verify(conn)
        assert report.first_broken == events[2].id and "removed" in report.reason
    finally:
        await conn.close()


def test_the_hash_covers_every_field_and_the_predecessor():
    import datetime as dt

    at = dt.datetime(2026, 3, 2, 8, 0, 0, 123456, tzinfo=dt.UTC)
    base = audit.event_hash(1, at, "a", "x.y", "e", "1", {"k": 1}, audit.GENESIS)
    assert base == audit.event_hash(1, at, "a", "x.y", "e", "1", {"k": 1}, audit.GENESIS)
    variants = [
        audit.event_hash(2, at, "a", "x.y", "e", "1", {"k": 1}, audit.GENESIS),
        audit.event_hash(1, at + dt.timedelta(microseconds=1), "a", "x.y", "e", "1", {"k": 1}, audit.GENESIS),
        audit.event_hash(1, at, "b", "x.y", "e", "1", {"k": 1}, audit.GENESIS),
        audit.event_hash(1, at, "a", "x.y", "e", "1", {"k": 2}, audit.GENESIS),
        audit.event_hash(1, at, "a", "x.y", "e", "1", {"k": 1}, "f" * 64),
    ]
    assert base not in variants and len(set(variants)) == len(variants)
