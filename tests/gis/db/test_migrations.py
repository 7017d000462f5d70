"""The schema: migrations up and down, models agree with them, tiled tables carry a Mercator copy."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from gis.db import migrate
from gis.db.engine import make_engine
from gis.db.models import TILED_TABLES, Base


@pytest.fixture
def scratch_url(cluster):
    url = cluster.create_database("parkmap_test_migrations")
    yield url
    cluster.drop_database("parkmap_test_migrations")


def table_names(url: str) -> set[str]:
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
        names = {r[0] for r in rows}
    engine.dispose()
    return names


def test_upgrade_creates_every_table_and_downgrade_removes_them(scratch_url):
    migrate.upgrade(scratch_url)
    created = table_names(scratch_url)
    assert set(Base.metadata.tables) <= created
    migrate.downgrade(scratch_url, "base")
    assert table_names(scratch_url) <= {"spatial_ref_sys", "alembic_version"}
    migrate.upgrade(scratch_url)
    assert set(Base.metadata.tables) <= table_names(scratch_url)


def test_models_match_the_migrated_schema(database_url):
    engine = make_engine(database_url)
    from gis.db.migrations_filter import include_object

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == [], f"models and migrations disagree: {diff}"


def test_every_tiled_table_has_an_indexed_mercator_copy(database_url):
    engine = make_engine(database_url)
    with engine.connect() as conn:
        for table in TILED_TABLES:
            srid = conn.execute(
                text("SELECT Find_SRID('public', :t, 'geom_3857')"), {"t": table}
            ).scalar_one()
            assert srid == 3857, table
            generated = conn.execute(
                text(
                    "SELECT is_generated FROM information_schema.columns "
                    "WHERE table_name = :t AND column_name = 'geom_3857'"
                ),
                {"t": table},
            ).scalar_one()
            assert generated == "ALWAYS", table
            indexed = conn.execute(
                text(
                    "SELECT count(*) FROM pg_indexes WHERE tablename = :t "
                    "AND indexdef ILIKE '%gist%geom_3857%'"
                ),
                {"t": table},
            ).scalar_one()
            assert indexed == 1, table
    engine.dispose()


def test_readings_are_partitioned_by_month_and_keep_far_dates(database_url):
    engine = make_engine(database_url)
    with engine.begin() as conn:
        station = conn.execute(
            text(
                "INSERT INTO stations (code, name_zh, name_en, kind, geom) VALUES "
                "('T-MIG-1', '测试站', 'test station', 'air_boundary', "
                "ST_SetSRID(ST_MakePoint(105.07, 28.73), 4326)) RETURNING id"
            )
        ).scalar_one()
        far = dt.datetime(2031, 5, 17, 8, tzinfo=dt.UTC)
        partition = conn.execute(text("SELECT parkmap_readings_partition(:t)"), {"t": far}).scalar_one()
        assert partition == "readings_203105"
        conn.execute(
            text("INSERT INTO readings (station_id, parameter, ts, value) VALUES (:s, 'nmhc', :t, 1.5)"),
            {"s": station, "t": far},
        )
        # a month with no partition yet still lands (default partition), nothing is lost
        conn.execute(
            text("INSERT INTO readings (station_id, parameter, ts, value) VALUES (:s, 'nmhc', :t, 2.5)"),
            {"s": station, "t": dt.datetime(2040, 1, 1, tzinfo=dt.UTC)},
        )
        stored = conn.execute(
            text("SELECT tableoid::regclass::text, value FROM readings WHERE station_id = :s ORDER BY ts"),
            {"s": station},
        ).all()
        conn.execute(text("DELETE FROM stations WHERE id = :s"), {"s": station})
    engine.dispose()
    assert stored == [("readings_203105", 1.5), ("readings_default", 2.5)]


def rollup_pages(conn, station: int) -> list[float]:
    """The page each of ``station``'s hourly rollup rows lies on, in bucket order."""
    rows = conn.execute(
        text("SELECT (ctid::text::point)[0] FROM rollups_hourly WHERE station_id = :s ORDER BY bucket"),
        {"s": station},
    )
    return list(rows.scalars())


def test_a_rewritten_rollup_row_stays_on_its_page(database_url):
    """Each batch adds to the rollup rows it touches; the next version of a row is written
    beside the old one, not on a new page with a new key entry (fillfactor of the rollups)."""
    engine = make_engine(database_url)
    hours = [dt.datetime(2026, 3, 1, tzinfo=dt.UTC) + dt.timedelta(hours=h) for h in range(2000)]
    with engine.begin() as conn:
        station = conn.execute(
            text(
                "INSERT INTO stations (code, name_zh, name_en, kind, geom) VALUES "
                "('T-MIG-2', '测试站', 'test station', 'air_boundary', "
                "ST_SetSRID(ST_MakePoint(105.07, 28.73), 4326)) RETURNING id"
            )
        ).scalar_one()
        conn.execute(
            text(
                "INSERT INTO rollups_hourly (station_id, parameter, bucket, n, flagged, total, min, max) "
                "SELECT :s, 'nmhc', b, 1, 0, 1.0, 1.0, 1.0 FROM unnest(CAST(:hours AS timestamptz[])) b"
            ),
            {"s": station, "hours": hours},
        )
    try:
        with engine.begin() as conn:
            before = rollup_pages(conn, station)
            conn.execute(
                text("UPDATE rollups_hourly SET n = n + 1, total = total + 2 WHERE station_id = :s"),
                {"s": station},
            )
        with engine.begin() as conn:
            after = rollup_pages(conn, station)
            reloptions = conn.execute(
                text("SELECT reloptions FROM pg_class WHERE relname = ANY(:t) ORDER BY relname"),
                {"t": ["rollups_daily", "rollups_hourly"]},
            ).scalars()
            reloptions = list(reloptions)
    finally:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM stations WHERE id = :s"), {"s": station})
        engine.dispose()
    assert len(set(before)) > 10  # the rows filled many pages
    moved = sum(b != a for b, a in zip(before, after, strict=True))
    assert moved == 0, f"{moved} of {len(before)} rewritten rollup rows moved to another page"
    assert reloptions == [["fillfactor=50"], ["fillfactor=50"]]


def test_packets_stored_before_the_pw_was_masked_are_masked_as_the_door_masks_them(scratch_url):
    from api.ingest.hj212.frame import masked_pw

    packets = {
        "hj212": [
            "QN=20260101080000000;ST=22;CN=2011;PW=123456;MN=PM-VOC-01;Flag=5;CP=&&DataTime=20260101080000;"
            "a24088-Rtd=0.82,a24088-Flag=N&&",
            "ST=32;CN=2061;PW=s3cr;et!;MN=PM-WW-01;Flag=4;CP=&&DataTime=20260101070000;w01018-Avg=41.2&&",
            "QN=20260101080000000;ST=22;CN=2011;PW=******;MN=PM-VOC-02;CP=&&&&",  # masked when stored
            "QN=20260101080000000;ST=22;CN=9014;PW=;MN=PM-VOC-03",
        ],
        "mqtt": ['{"ts": "2026-01-01T08:00:00+08:00", "values": {"nmhc": 0.5}, "note": "PW=keep"}'],
    }
    migrate.upgrade(scratch_url, "0012")
    engine = make_engine(scratch_url)
    with engine.begin() as conn:
        for door, payloads in packets.items():
            for payload in payloads:
                conn.execute(
                    text(
                        "INSERT INTO raw_messages (id, door, peer, payload) VALUES (nextval(pg_get_serial_sequence('raw_messages', 'id')), :door, 'p', :payload)"
                    ),
                    {"door": door, "payload": payload},
                )
    migrate.upgrade(scratch_url)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT door, payload FROM raw_messages ORDER BY id")).all()
    engine.dispose()
    hj212 = [payload for door, payload in stored if door == "hj212"]
    assert hj212 == [masked_pw(p.encode()).decode() for p in packets["hj212"]]
    assert "123456" not in hj212[0] and "PW=******;" in hj212[0]
    assert "s3cr" not in hj212[1] and "a24088" in hj212[0] and hj212[1].endswith("w01018-Avg=41.2&&")
    assert [payload for door, payload in stored if door == "mqtt"] == packets["mqtt"], (
        "only HJ 212 packets hold a PW"
    )
