"""Joint early warning: the prevention level that holds moves with the signals and the gates."""

from __future__ import annotations

import datetime as dt

from gis.programs import joint_warning, outfalls

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
IN_A = (105.064, 28.7305)  # inside enterprise A's plot, next to its rain connection


async def test_containment_moves_from_enterprise_to_park_to_basin(conn, programs_park):
    ids = programs_park.ids
    await outfalls.set_gate(conn, ids["g1"], "closed", "test", None, None, NOW)
    quiet = await joint_warning.joint_warning(conn, *IN_A, 800, NOW)
    assert quiet["place"]["enterprise"]["id"] == ids["A"] and quiet["place"]["inside_park"]
    assert [o["code"] for o in quiet["water"]["outfalls"]] == ["PG-O1"]
    assert [g["code"] for g in quiet["water"]["rain_gates"]] == ["PG-g1"]
    assert quiet["soil"]["storage_units"][0]["code"] == "PG-A-T01"
    assert quiet["prevention"]["contained_at"] == "enterprise"

    alarm = await conn.fetchval(
        "INSERT INTO alarms (station_id, parameter, rule, value) VALUES ($1, 'nmhc', 'test', 5) RETURNING id",
        ids["AB315"],
    )
    try:
        spread = await joint_warning.joint_warning(conn, *IN_A, 800, NOW)
        assert spread["prevention"]["enterprise"]["holds"] is False
        assert spread["prevention"]["contained_at"] == "park"  # the gate is closed
        await outfalls.set_gate(conn, ids["g1"], "open", "test", None, None, NOW)
        leaking = await joint_warning.joint_warning(conn, *IN_A, 800, NOW)
        assert leaking["prevention"]["park"]["open_gates"][0]["code"] == "PG-g1"
        assert leaking["prevention"]["contained_at"] == "basin"
        assert leaking["prevention"]["basin"]["river_stations"][0]["code"] == "PG-WQ1"
        roles = {f["properties"]["role"] for f in leaking["features"]["features"]}
        assert {"incident", "station", "outfall", "rain_gate", "river_station", "storage_unit"} <= roles
    finally:
        await conn.execute("DELETE FROM alarms WHERE id = $1", alarm)
