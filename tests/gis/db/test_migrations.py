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
