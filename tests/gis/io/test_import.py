"""Importing each format, and refusing bad files whole: nothing of a refused file is stored."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from sqlalchemy import text

from gis.errors import ImportRefused, InvalidInput
from gis.io.demo import load_demo_park
from gis.io.importer import import_file


def demo_layer(demo_files: Path, name: str) -> gpd.GeoDataFrame:
    return pyogrio.read_dataframe(demo_files / "park.gpkg", layer=name)


def scalar(engine, query: str, **params):
    with engine.connect() as conn:
        return conn.execute(text(query), params).scalar_one()


def one_row(engine, query: str) -> tuple:
    with engine.connect() as conn:
        return tuple(conn.execute(text(query)).one())


@pytest.fixture
def with_park(fresh_engine, demo_files):
    """A fresh database holding the demo park row and the chemical library, nothing else."""
    gpkg = demo_files / "park.gpkg"
    import_file(fresh_engine, "parks", gpkg, progress=False)
    import_file(fresh_engine, "chemicals", gpkg, progress=False)
    return fresh_engine


def test_geopackage_layers_load_with_references_resolved(with_park, demo_files, row_count):
    gpkg = demo_files / "park.gpkg"
    assert import_file(with_park, "enterprises", gpkg, progress=False) == len(
        demo_layer(demo_files, "enterprises")
    )
    stored = import_file(with_park, "storage_units", gpkg, progress=False)
    assert stored == len(demo_layer(demo_files, "storage_units")) == row_count(with_park, "storage_units")
    first = demo_layer(demo_files, "storage_units").iloc[0]
    owner = scalar(
        with_park,
        """SELECT e.code FROM storage_units s JOIN enterprises e ON e.id = s.enterprise_id
                                 WHERE s.code = :code""",
        code=first["code"],
    )
    assert owner == first["enterprise_code"]


def test_loading_inventories_reassesses_the_major_hazard_sources(with_park, demo_files):
    gpkg = demo_files / "park.gpkg"
    majors = "SELECT count(*) FILTER (WHERE is_major), coalesce(max(people_within_500m), 0) FROM major_hazard_units"
    import_file(with_park, "enterprises", gpkg, progress=False)
    assert one_row(with_park, majors) == (0, 0)
    import_file(with_park, "storage_units", gpkg, progress=False)
    assert one_row(with_park, majors) == (6, 0), "S counts the tanks; nobody lives nearby yet"
    import_file(with_park, "population_points", gpkg, progress=False)
    assert one_row(with_park, majors)[1] > 0


@pytest.mark.filterwarnings("ignore:Normalized/laundered field name", "ignore:Column names longer than 10")
def test_shapefile_in_a_projected_crs_with_short_field_names(with_park, demo_files, tmp_path):
    enterprises = demo_layer(demo_files, "enterprises")
    path = tmp_path / "enterprises.shp"
    enterprises.to_crs("EPSG:32648").to_file(path, encoding="UTF-8")  # GDAL cuts names to 10 characters
    assert import_file(with_park, "enterprises", path, progress=False) == len(enterprises)
    row = enterprises.iloc[7]
    stored = scalar(
        with_park, "SELECT ST_AsText(ST_Centroid(geom)) FROM enterprises WHERE code = :c", c=row["code"]
    )
    assert shapely.from_wkt(stored).distance(row.geometry.centroid) < 1e-7
    assert (
        scalar(with_park, "SELECT name_zh FROM enterprises WHERE code = :c", c=row["code"]) == row["name_zh"]
    )
    assert (
        scalar(with_park, "SELECT credit_code FROM enterprises WHERE code = :c", c=row["code"])
        == row["credit_code"]
    )


def test_geojson_roads(fresh_engine, demo_files, tmp_path, row_count):
    roads = demo_layer(demo_files, "roads")
    path = tmp_path / "roads.geojson"
    roads.to_file(path, driver="GeoJSON")
    assert (
        import_file(fresh_engine, "roads", path, progress=False)
        == len(roads)
        == row_count(fresh_engine, "roads")
    )


def test_csv_with_lon_lat_columns_and_a_field_map(fresh_engine, tmp_path):
    path = tmp_path / "people.csv"
    pd.DataFrame(
        {
            "编号": ["P1", "P2"],
            "名称": ["一号宿舍", "二号宿舍"],
            "name_en": ["Dorm 1", "Dorm 2"],
            "类型": ["dormitory", "dormitory"],
            "人数": ["120", "80"],
            "lon": ["105.07", "105.08"],
            "lat": ["28.72", "28.73"],
        }
    ).to_csv(path, index=False)
    field_map = {"编号": "code", "名称": "name_zh", "类型": "kind", "人数": "people"}
    assert import_file(fresh_engine, "population_points", path, field_map=field_map, progress=False) == 2
    assert scalar(fresh_engine, "SELECT people FROM population_points WHERE code = 'P2'") == 80
    assert scalar(
        fresh_engine, "SELECT ST_X(geom) FROM population_points WHERE code = 'P1'"
    ) == pytest.approx(105.07)


def test_csv_with_x_y_in_a_declared_crs(fresh_engine, tmp_path):
    path = tmp_path / "resources.csv"
    pd.DataFrame(
        {
            "code": ["R1"],
            "kind": ["shelter"],
            "name_zh": ["避难场所"],
            "name_en": ["Shelter"],
            "capacity": ["500"],
            "materials": ['{"tents": 40}'],
            "x": ["507000.0"],
            "y": ["3177000.0"],
        }
    ).to_csv(path, index=False)
    with pytest.raises(ImportRefused, match="no CRS"):
        import_file(fresh_engine, "resources", path, progress=False)
    assert import_file(fresh_engine, "resources", path, crs="EPSG:32648", progress=False) == 1
    lon, lat = shapely.from_wkt(scalar(fresh_engine, "SELECT ST_AsText(geom) FROM resources")).coords[0]
    assert 105.0 < lon < 105.2 and 28.6 < lat < 28.8
    assert scalar(fresh_engine, "SELECT materials->>'tents' FROM resources") == "40"


def refused(engine, layer: str, path: Path, *fragments: str, **kwargs) -> str:
    with pytest.raises(ImportRefused) as caught:
        import_file(engine, layer, path, progress=False, **kwargs)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_a_bad_geometry_refuses_the_whole_file(with_park, demo_files, tmp_path, row_count):
    enterprises = demo_layer(demo_files, "enterprises")
    x, y = enterprises.geometry.iloc[2].centroid.coords[0]
    bowtie = shapely.Polygon([(x, y), (x + 0.001, y + 0.001), (x + 0.001, y), (x, y + 0.001), (x, y)])
    enterprises.loc[2, "geometry"] = shapely.MultiPolygon([bowtie])
    path = tmp_path / "enterprises.gpkg"
    enterprises.to_file(path, layer="enterprises")
    refused(with_park, "enterprises", path, "row 3", "'geometry'", "Self-intersection")
    assert row_count(with_park, "enterprises") == 0


def test_the_wrong_geometry_type_is_refused(with_park, demo_files, tmp_path, row_count):
    enterprises = demo_layer(demo_files, "enterprises")
    enterprises["geometry"] = enterprises.geometry.representative_point()
    path = tmp_path / "enterprises.geojson"
    enterprises.to_file(path, driver="GeoJSON")
    refused(with_park, "enterprises", path, "row 1", "Point where enterprises needs Multipolygon")
    assert row_count(with_park, "enterprises") == 0


def test_a_missing_required_field_or_value_is_refused(with_park, demo_files, tmp_path, row_count):
    enterprises = demo_layer(demo_files, "enterprises")
    path = tmp_path / "no_name.gpkg"
    enterprises.drop(columns="name_zh").to_file(path, layer="enterprises")
    refused(with_park, "enterprises", path, "required field 'name_zh' is missing")
    enterprises.loc[4, "industry"] = None
    path = tmp_path / "no_industry.gpkg"
    enterprises.to_file(path, layer="enterprises")
    refused(with_park, "enterprises", path, "row 5", "'industry'", "empty")
    assert row_count(with_park, "enterprises") == 0


def test_values_outside_the_tables_vocabulary_are_refused(with_park, demo_files, tmp_path):
    enterprises = demo_layer(demo_files, "enterprises")
    enterprises["employees"] = enterprises["employees"].astype(object)
    enterprises.loc[9, "risk_level"] = "catastrophic"
    enterprises.loc[10, "employees"] = "many"
    path = tmp_path / "enterprises.gpkg"
    enterprises.to_file(path, layer="enterprises")
    refused(with_park, "enterprises", path, "row 10, field 'risk_level'", "row 11, field 'employees'")


@pytest.mark.filterwarnings("ignore:Normalized/laundered field name", "ignore:Column names longer than 10")
def test_a_file_without_a_crs_is_refused(with_park, demo_files, tmp_path, row_count):
    enterprises = demo_layer(demo_files, "enterprises")
    path = tmp_path / "enterprises.shp"
    enterprises.to_file(path, encoding="UTF-8")
    path.with_suffix(".prj").unlink()
    refused(with_park, "enterprises", path, "no CRS")
    csv_path = tmp_path / "roads.csv"
    pd.DataFrame(
        {
            "code": ["R1"],
            "name_zh": ["路"],
            "name_en": ["Road"],
            "kind": ["secondary"],
            "wkt": ["SRID=999999;LINESTRING(0 0, 1 1)"],
        }
    ).to_csv(csv_path, index=False)
    refused(with_park, "roads", csv_path, "unknown CRS")
    assert row_count(with_park, "enterprises") == row_count(with_park, "roads") == 0


def test_coordinates_that_do_not_fit_the_declared_crs_are_refused(fresh_engine, tmp_path):
    path = tmp_path / "people.csv"
    pd.DataFrame(
        {
            "code": ["P1"],
            "name_zh": ["村"],
            "name_en": ["Village"],
            "kind": ["village"],
            "people": ["10"],
            "wkt": ["SRID=4326;POINT(507000 3177000)"],
        }
    ).to_csv(path, index=False)
    refused(fresh_engine, "population_points", path, "row 1 (line 2)", "wrong CRS")


def test_an_unknown_reference_is_refused(with_park, demo_files, tmp_path, row_count):
    gpkg = demo_files / "park.gpkg"
    import_file(with_park, "enterprises", gpkg, progress=False)
    units = demo_layer(demo_files, "storage_units")
    units.loc[1, "enterprise_code"] = "JA-E999"
    units.loc[6, "chemical_cas"] = "0000-00-0"
    path = tmp_path / "units.gpkg"
    units.to_file(path, layer="storage_units")
    refused(
        with_park,
        "storage_units",
        path,
        "row 2, field 'enterprise_code': no enterprises row with code 'JA-E999'",
        "row 7, field 'chemical_cas'",
    )
    assert row_count(with_park, "storage_units") == 0


def test_duplicates_in_the_file_or_the_store_are_refused(with_park, demo_files, tmp_path, row_count):
    gpkg = demo_files / "park.gpkg"
    import_file(with_park, "enterprises", gpkg, progress=False)
    refused(with_park, "enterprises", gpkg, "row 1, field 'code'", "already in enterprises")
    roads = demo_layer(demo_files, "roads")
    roads.loc[3, "code"] = roads.loc[0, "code"]
    path = tmp_path / "roads.gpkg"
    roads.to_file(path, layer="roads")
    refused(with_park, "roads", path, "row 4, field 'code'", "repeats row 1")
    assert row_count(with_park, "roads") == 0


def test_chemicals_update_in_place_when_asked(with_park, demo_files, row_count):
    before = row_count(with_park, "chemicals")
    assert (
        import_file(with_park, "chemicals", demo_files / "park.gpkg", existing="update", progress=False)
        == before
    )
    assert row_count(with_park, "chemicals") == before


def test_an_unknown_layer_is_refused(fresh_engine, demo_files):
    with pytest.raises(InvalidInput, match="unknown layer"):
        import_file(fresh_engine, "tanks", demo_files / "park.gpkg", progress=False)


def test_a_park_that_fails_half_way_loads_nothing(fresh_engine, demo_files, tmp_path, row_count):
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in ("park.gpkg", "manifest.json"):
        (broken / name).write_bytes((demo_files / name).read_bytes())
    pipes = demo_layer(demo_files, "pipes")
    pipes.loc[16, "to_node_code"] = "JA-XX9999"
    pyogrio.write_dataframe(pipes, broken / "park.gpkg", layer="pipes", layer_options={"OVERWRITE": "YES"})
    with pytest.raises(ImportRefused, match="row 17, field 'to_node_code'"):
        load_demo_park(fresh_engine, out_dir=broken, regenerate=False)
    for table in ("parks", "enterprises", "pipe_nodes", "pipes"):
        assert row_count(fresh_engine, table) == 0
