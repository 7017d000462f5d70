"""Incident records in a real PostGIS: saved whole, listed newest first, the report kept with them."""

from __future__ import annotations

import datetime as dt

import asyncpg
import pytest

from gis.errors import InvalidInput, NotFound
from gis.incidents import records

AT = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
async def conn(database_url):
    """A connection whose work is rolled back after the test."""
    connection = await asyncpg.connect(database_url)
    transaction = connection.transaction()
    await transaction.start()
    yield connection
    await transaction.rollback()
    await connection.close()


@pytest.fixture
async def user_id(conn):
    return await conn.fetchval(
        "INSERT INTO users (username, password_hash, role) VALUES ('inc-responder', 'x', 'responder') RETURNING id"
    )


def draft(title: str, hours: int = 0, **extra) -> records.IncidentDraft:
    return records.IncidentDraft(
        title=title, occurred_at=AT + dt.timedelta(hours=hours), lon=105.07, lat=28.73, **extra
    )


async def test_an_incident_keeps_its_release_weather_and_results(conn, user_id):
    results = {"plume": {"type": "FeatureCollection", "features": [], "properties": {"warnings": []}}}
    created = await records.create_incident(
        conn,
        draft(
            "chlorine",
            release={"kind": "continuous", "rate_g_s": 500.0},
            weather={"stability": "D"},
            results=results,
        ),
        user_id,
        "inc-responder",
    )
    assert created["title"] == "chlorine" and created["created_by"] == "inc-responder"
    assert (created["lon"], created["lat"]) == pytest.approx((105.07, 28.73))
    whole = await records.get_incident(conn, created["id"])
    assert whole["release"] == {"kind": "continuous", "rate_g_s": 500.0}
    assert whole["weather"] == {"stability": "D"} and whole["results"] == results
    audit = await conn.fetchrow(
        "SELECT action, actor FROM audit_log WHERE entity = 'incident' AND entity_id = $1", str(created["id"])
    )
    assert tuple(audit) == ("incident.create", "inc-responder")


async def test_incidents_list_newest_first_without_their_bodies(conn, user_id):
    await conn.execute("DELETE FROM incidents")  # the session database is shared with other tests
    for i, title in enumerate(("first", "second", "third")):
        await records.create_incident(conn, draft(title, hours=i), user_id, "inc-responder")
    listed = await records.list_incidents(conn, limit=2)
    assert [i["title"] for i in listed] == ["third", "second"]
    assert "results" not in listed[0]
    assert [i["title"] for i in await records.list_incidents(conn, limit=2, offset=2)][0] == "first"


async def test_the_report_is_stored_with_the_incident(conn, user_id):
    created = await records.create_incident(conn, draft("report"), user_id, "inc-responder")
    with pytest.raises(NotFound, match="no report yet"):
        await records.stored_report(conn, created["id"])
    at = await records.save_report(conn, created["id"], "<html>report</html>", "inc-responder")
    html, stored_at = await records.stored_report(conn, created["id"])
    assert html == "<html>report</html>" and stored_at == at
    assert (await records.get_incident(conn, created["id"], with_body=False))["has_report"]
    with pytest.raises(NotFound):
        await records.save_report(conn, 2_000_000_000, "<html></html>", "inc-responder")


async def test_unknown_references_and_bad_drafts_are_refused(conn, user_id):
    with pytest.raises(NotFound):
        await records.create_incident(conn, draft("x", chemical_id=2_000_000_000), user_id, "inc-responder")
    with pytest.raises(InvalidInput):
        draft("   ")
    with pytest.raises(InvalidInput):
        records.IncidentDraft(title="x", occurred_at=dt.datetime(2026, 1, 1), lon=105.0, lat=28.0)
    with pytest.raises(InvalidInput):
        records.IncidentDraft(title="x", occurred_at=AT, lon=205.0, lat=28.0)
