"""Which limits a station is judged by follows what it measures, not only what it is called."""

from __future__ import annotations

from sqlalchemy import text

from gis.db.engine import make_engine


def test_an_outlet_measuring_effluent_is_a_wastewater_outlet(database_url):
    engine = make_engine(database_url)
    with engine.connect() as conn:
        classify = text("SELECT parkmap_station_class(:kind, :enterprise, CAST(:parameters AS text[]))")

        def class_of(kind, enterprise, parameters):
            return conn.execute(
                classify, {"kind": kind, "enterprise": enterprise, "parameters": parameters}
            ).scalar()

        assert class_of("cems_outlet", 1, "{cod,nh3_n,ph,wastewater_flow}") == "wastewater_outlet"
        assert class_of("cems_outlet", 1, "{so2,nox,o2,flue_gas_flow}") == "cems_outlet"
        assert class_of("cems_outlet", 1, "{}") == "cems_outlet"
        assert class_of("water_quality", None, "{cod,do}") == "river"
        assert class_of("water_quality", 1, "{cod}") == "wastewater_outlet"
        assert class_of("air_boundary", None, "{nmhc}") == "air_boundary"
    engine.dispose()
