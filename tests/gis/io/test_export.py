"""Export → import round trips: what the store holds comes back the same from every format."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from gis.errors import InvalidInput
from gis.io.exporter import export_layer
from gis.io.importer import import_file
from gis.io.layers import LAYER_NAMES, layer_spec

SPATIAL_ONLY = {".geojson", ".shp"}
TOLERANCE_DEG = {".gpkg": 1e-12, ".shp": 1e-12, ".csv": 1e-9, ".geojson": 1e-7}  # RFC 7946 writes 7 decimals
ATTRIBUTES = {
    "enterprises": "code, credit_code, name_zh, name_en, industry, risk_level, employees, phone",
    "stations": "code, mn, kind, parameters, (SELECT code FROM enterprises e WHERE e.id = t.enterprise_id)",
    "resources": "code, kind, capacity, materials",
    "carbon_units": "code, fill_date, design_capacity, hours_per_day, removal_efficiency, inlet_source, "
    "(SELECT code FROM enterprises e WHERE e.id = t.enterprise_id)",
    "pipes": "code, network, diameter_mm, (SELECT code FROM pipe_nodes n WHERE n.id = t.from_node), "
    "(SELECT code FROM pipe_nodes n WHERE n.id = t.to_node)",
    "outfalls": "code, kind, permit_no, investigation_status, rectification_status, "
    "(SELECT code FROM pipe_nodes n WHERE n.id = t.node_id)",
    "chemicals": "cas, un_number, name_zh, gb18218_critical_t, gb18218_beta, aegl3_ppm, sources",
    "pipe_nodes": "code, kind, state, (SELECT code FROM enterprises e WHERE e.id = t.enterprise_id)",
}


def rows(engine, query: str) -> list:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(query))]


@pytest.mark.parametrize("suffix", [".gpkg", ".shp", ".geojson", ".csv"])
def test_every_layer_survives_an_export_and_import(
    io_demo_engine, fresh_engine, demo_files, tmp_path, suffix
):
    for layer in load_order(demo_files):
        chosen = ".csv" if suffix in SPATIAL_ONLY and layer == "chemicals" else suffix
        path = tmp_path / (f"park{chosen}" if chosen == ".gpkg" else f"{layer}{chosen}")
        exported = export_layer(io_demo_engine, layer, path)
        assert import_file(fresh_engine, layer, path, progress=False) == exported
        assert rows(fresh_engine, f"SELECT count(*) FROM {layer}") == rows(
            io_demo_engine, f"SELECT count(*) FROM {layer}"
        )
        if layer in ATTRIBUTES:
            query = f"SELECT {ATTRIBUTES[layer]} FROM {layer} t ORDER BY 1"
            assert rows(fresh_engine, query) == rows(io_demo_engine, query), layer
    for layer in ("enterprises", "pipes", "rivers", "stations"):
        original = dict(rows(io_demo_engine, f"SELECT code, ST_AsEWKB(geom) FROM {layer}"))
        with fresh_engine.connect() as conn:
            for code, ewkb in original.items():
                distance = conn.execute(
                    text(
                        f"SELECT ST_HausdorffDistance(geom, ST_GeomFromEWKB(:g)) FROM {layer} WHERE code = :c"
                    ),
                    {"g": bytes(ewkb), "c": code},
                ).scalar_one()
                assert distance <= TOLERANCE_DEG[suffix], (layer, code, distance)


def load_order(demo_files) -> list[str]:
    return [layer["name"] for layer in json.loads((demo_files / "manifest.json").read_text())["layers"]]


def test_the_load_order_covers_every_importable_layer(demo_files):
    assert set(load_order(demo_files)) == set(LAYER_NAMES)


@pytest.mark.parametrize("layer", LAYER_NAMES)
def test_shapefile_field_names_fit_and_do_not_collide(layer):
    names = list(layer_spec(layer).shapefile_names().values())
    assert all(len(n) <= 10 for n in names)
    assert len(set(names)) == len(names)


def test_text_a_shapefile_cannot_hold_is_refused_not_truncated(fresh_engine, tmp_path):
    materials = {f"item_{i:03d}": i for i in range(40)}
    with fresh_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO resources (code, kind, name_zh, name_en, materials, geom) VALUES "
                "('R1', 'material_depot', '库', 'Depot', CAST(:m AS jsonb), "
                "ST_SetSRID(ST_MakePoint(105.07, 28.73), 4326))"
            ),
            {"m": json.dumps(materials)},
        )
    with pytest.raises(InvalidInput, match="254 bytes"):
        export_layer(fresh_engine, "resources", tmp_path / "resources.shp")
    assert export_layer(fresh_engine, "resources", tmp_path / "resources.gpkg") == 1


def test_unknown_formats_and_geometryless_geojson_are_refused(io_demo_engine, tmp_path):
    with pytest.raises(InvalidInput, match="cannot export"):
        export_layer(io_demo_engine, "enterprises", tmp_path / "enterprises.kml")
    with pytest.raises(InvalidInput, match="no geometry"):
        export_layer(io_demo_engine, "chemicals", tmp_path / "chemicals.geojson")
