"""The layer registry: the built-in catalog loads, and a bad file is refused by name and field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gis.auth import PUBLIC_SCOPE, Scope
from gis.tiles.settings import TileSettings
from gis.tiles.spec import Condition, parse_condition
from layers.registry import CATALOG_DIR, LayerFileError, load_registry
from tests.layers.crafted_park import park_url_fixture  # noqa: F401

PARK_LAYERS = {
    "park_boundary",
    "zones",
    "enterprises",
    "enterprises_risk",
    "enterprises_health",
    "storage_units",
    "rain_pipes",
    "sewage_pipes",
    "rain_gates",
    "outfalls",
    "rivers",
    "stations",
    "resources",
    "population_points",
    "roads",
}


def test_the_catalog_has_a_layer_for_every_table_of_the_park() -> None:
    registry = load_registry()
    assert PARK_LAYERS <= set(registry.layers)
    catalog = registry.catalog(PUBLIC_SCOPE)
    for entry in catalog["layers"]:
        assert entry["title"]["zh"] and entry["title"]["en"]
        assert entry["tiles"] == f"/tiles/{entry['id']}/{{z}}/{{x}}/{{y}}.mvt"
        assert entry["legend"], entry["id"]
        assert {p["field"] for p in entry["popup"]} <= set(entry["properties"])
    assert {g["id"] for g in catalog["groups"]} == {e["group"] for e in catalog["layers"]}
    assert registry.layers["stations"].live and not registry.layers["rain_pipes"].live


def test_categorical_styles_become_match_tables_and_legends() -> None:
    entry = next(
        e for e in load_registry().catalog(PUBLIC_SCOPE)["layers"] if e["id"] == "enterprises_health"
    )
    match = entry["style"]["match"]
    assert match["property"] == "health_code"
    assert match["values"]["red"]["fillColor"] == "#c62828"
    assert [item["value"] for item in entry["legend"]] == ["green", "yellow", "orange", "red"]
    assert entry["legend"][3]["style"]["fillOpacity"] == 0.65  # base style carried into each entry


def test_the_enterprise_fills_are_one_choice_that_opens_on_one_of_them() -> None:
    catalog = load_registry().catalog(PUBLIC_SCOPE)
    fills = [e for e in catalog["layers"] if e["choice"] == "enterprise_fill"]
    assert {e["id"] for e in fills} == {"enterprises", "enterprises_health", "enterprises_risk"}
    assert [e["id"] for e in fills if e["visible"]] == ["enterprises"]
    assert catalog["choices"] == [
        {"id": "enterprise_fill", "title": {"zh": "企业填色", "en": "Enterprises coloured by"}}
    ]


def test_coded_card_values_have_words_in_both_languages() -> None:
    layers = {e["id"]: e for e in load_registry().catalog(PUBLIC_SCOPE)["layers"]}
    popup = {p["field"]: p for p in layers["outfalls"]["popup"]}
    assert popup["investigation_status"]["values"]["traced"] == {"zh": "已溯源", "en": "Traced"}
    assert popup["rectification_status"]["values"]["rectifying"]["zh"] == "整治中"
    stations = {p["field"]: p for p in layers["stations"]["popup"]}
    assert stations["parameters"]["values"] == "parameters"


def test_two_layers_of_a_choice_may_not_both_open_shown(tmp_path: Path) -> None:
    write_layer(tmp_path, "gates_a", choice="enterprise_fill")
    second = write_layer(tmp_path, "gates_b", choice="enterprise_fill")
    with pytest.raises(LayerFileError) as refused:
        load_registry(tmp_path)
    assert refused.value.path == second and refused.value.field == "visible"


def test_role_restricted_properties_are_hidden_from_the_public() -> None:
    registry = load_registry()
    public = next(e for e in registry.catalog(PUBLIC_SCOPE)["layers"] if e["id"] == "enterprises")
    manager = next(e for e in registry.catalog(Scope(role="manager"))["layers"] if e["id"] == "enterprises")
    assert "phone" not in public["properties"] and "phone" in manager["properties"]
    assert "phone" not in {p["field"] for p in public["popup"]}


def test_conditions_parse_numbers_strings_and_lists() -> None:
    assert parse_condition("diameter_mm >= 800") == Condition("diameter_mm", ">=", (800,))
    assert parse_condition("network = 'rain'") == Condition("network", "=", ("rain",))
    assert parse_condition("kind in ('voc', 'it''s')").sql() == "t.\"kind\" IN ('voc', 'it''s')"
    with pytest.raises(ValueError):
        parse_condition("diameter_mm >= 800; DROP TABLE pipes")
    with pytest.raises(ValueError):
        parse_condition("network = rain")


def write_layer(folder: Path, name: str, **changes) -> Path:
    document = yaml.safe_load((CATALOG_DIR / "rain_gates.yaml").read_text())
    document["id"] = name
    for dotted, value in changes.items():
        target = document
        *parents, last = dotted.split("__")
        for key in parents:
            target = target[key]
        target[last] = value
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True))
    return path


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"style__color": "blue"}, "style.color"),
        ({"title": {"zh": "闸门"}}, "title.en"),
        ({"properties": {"code": "all", "state": ["mayor"]}}, "properties.state"),
        ({"group": "traffic"}, "group"),
        ({"minzoom": 30}, "minzoom"),
        ({"source": {"table": "pipe_nodes", "filter": ["kind == 'rain_gate'"]}}, "source.filter.0"),
        ({"popup": [{"field": "diameter_mm", "zh": "管径", "en": "Diameter"}]}, "popup"),
        ({"generalise": [{"below": 14, "cluster_px": 32, "properties": ["code"]}]}, "generalise"),
    ],
)
def test_a_bad_file_is_refused_naming_file_and_field(tmp_path: Path, changes: dict, field: str) -> None:
    path = write_layer(tmp_path, "gates", **changes)
    with pytest.raises(LayerFileError) as refused:
        load_registry(tmp_path)
    assert refused.value.path == path
    assert refused.value.field == field
    assert str(path) in str(refused.value) and field in str(refused.value)


def test_a_file_whose_id_differs_from_its_name_is_refused(tmp_path: Path) -> None:
    path = write_layer(tmp_path, "gates")
    path.rename(tmp_path / "other.yaml")
    with pytest.raises(LayerFileError, match=r"other\.yaml: id"):
        load_registry(tmp_path)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"properties": {"code": "all", "state": "all", "colour": "all"}}, "properties.colour"),
        ({"source": {"table": "rain_gate_nodes"}}, "source.table"),
        ({"source": {"view": "pipe_nodes", "depends_on": ["pipe_node_history"]}}, "source.depends_on"),
    ],
)
async def test_a_layer_that_does_not_fit_the_database_stops_start_up(
    tmp_path: Path,
    park_url: str,
    changes: dict,
    field: str,  # noqa: F811
) -> None:
    from api.app import create_app

    path = write_layer(tmp_path, "gates", **changes)
    app = create_app(database_url=park_url, tile=TileSettings(catalog_dir=tmp_path))
    with pytest.raises(LayerFileError) as refused:
        async with app.router.lifespan_context(app):
            pass
    assert refused.value.path == path and refused.value.field == field
