"""The demo loader: every program gets data from the park in the store, the same data every time."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from gis.db.engine import make_engine
from gis.programs.demo import load_demo_programs
from tests.gis.programs.park import programs_park_fixture

NOW = dt.datetime(2026, 11, 25, 3, tzinfo=dt.UTC)
MADE = (
    "carbon_events",
    "carbon_jobs",
    "outfall_tasks",
    "outfall_samples",
    "production_audits",
    "material_loans",
    "material_stocks",
)
DIGEST = """
SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
  SELECT concat_ws(',', u.code, kind, at, detail::text) AS x FROM carbon_events e JOIN carbon_units u ON u.id = e.unit_id
  UNION ALL SELECT concat_ws(',', enterprise_id, year, score, level, code, indicators::text) FROM production_audits
  UNION ALL SELECT concat_ws(',', outfall_id, problem, deadline, status) FROM outfall_tasks
  UNION ALL SELECT concat_ws(',', material_type, quantity, unit, ST_AsText(geom)) FROM material_stocks
  UNION ALL SELECT concat_ws(',', code, fill_date, hours_per_day, inlet_source) FROM carbon_units
) t
"""


@pytest.fixture
def fresh_park():
    made = programs_park_fixture()
    park = next(made)
    yield park
    made.close()


def test_every_program_gets_demo_data_and_the_same_seed_gives_the_same_data(fresh_park):
    engine = make_engine(fresh_park.url)
    with engine.begin() as conn:
        for n in range(3):
            conn.execute(
                text(
                    "INSERT INTO carbon_units (enterprise_id, code, carbon_type, fill_mass_kg, design_capacity, "
                    "airflow_m3h, inlet_voc_mgm3, fill_date, geom) VALUES (:e, :c, 'granular', 1000, 0.12, 10000, 80, "
                    "'2026-10-01', 'SRID=4326;POINT(105.063 28.729)')"
                ),
                {"e": fresh_park.ids["A"], "c": f"PG-A-AC9{n}"},
            )
    try:
        first = load_demo_programs(engine, now=NOW)
        assert all(
            first[k] > 0
            for k in (
                "carbon_events",
                "outfall_tasks",
                "outfall_samples",
                "production_audits",
                "material_stocks",
            )
        )
        assert first["production_audits"] == 4  # one per enterprise
        assert load_demo_programs(engine, now=NOW) == {k: 0 for k in first}  # never twice
        with engine.begin() as conn:
            digest = conn.execute(text(DIGEST)).scalar_one()
            conn.execute(text(f"TRUNCATE {', '.join(MADE)}"))
        assert load_demo_programs(engine, now=NOW) == first
        with engine.connect() as conn:
            assert conn.execute(text(DIGEST)).scalar_one() == digest
            pending = conn.execute(
                text("SELECT count(*) FROM outfall_tasks WHERE status = 'open'")
            ).scalar_one()
            assert pending >= 1  # O3 is 'pending' in the park: its task is open and overdue
    finally:
        engine.dispose()
