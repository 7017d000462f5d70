"""The demo park as loaded: its pipe networks drain, its data are plausible and labelled synthetic."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from sqlalchemy import text

from gis.errors import Conflict
from gis.io.demo import load_demo_park

ROOT = Path(__file__).resolve().parents[3]
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
SINKS = {"outlet", "plant_inlet"}


def rows(engine, query: str, **params) -> list:
    with engine.connect() as conn:
        return list(conn.execute(text(query), params))


@pytest.fixture(scope="module")
def network(io_demo_engine):
    """The pipes as a directed graph (flow direction), nodes carrying kind, network, enterprise."""
    graph = nx.DiGraph()
    for node_id, kind, net, enterprise, state in rows(
        io_demo_engine, "SELECT id, kind, network, enterprise_id, state FROM pipe_nodes"
    ):
        graph.add_node(node_id, kind=kind, network=net, enterprise=enterprise, state=state)
    for pipe_id, a, b, net, diameter in rows(
        io_demo_engine, "SELECT id, from_node, to_node, network, diameter_mm FROM pipes"
    ):
        graph.add_edge(a, b, id=pipe_id, network=net, diameter=diameter)
    return graph


def sink_of(graph: nx.DiGraph, node: int) -> int:
    seen = set()
    while graph.out_degree(node):
        assert node not in seen, f"cycle through node {node}"
        seen.add(node)
        (node,) = graph.successors(node)
    return node


def test_counts_are_in_the_expected_ranges(io_demo_engine):
    counts = {
        table: rows(io_demo_engine, f"SELECT count(*) FROM {table}")[0][0]
        for table in (
            "enterprises",
            "storage_units",
            "pipes",
            "pipe_nodes",
            "outfalls",
            "stations",
            "resources",
            "population_points",
            "carbon_units",
            "chemicals",
            "zones",
            "rivers",
            "roads",
            "parks",
        )
    }
    assert 55 <= counts["enterprises"] <= 65
    assert 10 <= counts["outfalls"] <= 20
    assert counts["pipes"] >= 600 and counts["pipe_nodes"] > counts["pipes"] / 2
    assert 20 <= counts["stations"] <= 60
    assert counts["storage_units"] >= 2 * counts["enterprises"]
    assert counts["carbon_units"] > 20 and counts["chemicals"] >= 20
    assert counts["parks"] == 1 and counts["rivers"] == 2


def test_every_pipe_drains_to_an_outfall_or_a_plant_inlet_without_cycles(network):
    assert nx.is_directed_acyclic_graph(network)
    assert max(d for _, d in network.out_degree()) == 1, "a node with two downstream pipes is not a tree"
    for a, _ in network.edges:
        assert network.nodes[sink_of(network, a)]["kind"] in SINKS
    for node, data in network.nodes(data=True):
        if network.out_degree(node) == 0:
            assert data["kind"] in SINKS | {"plant_outlet"} or network.in_degree(node) == 0
        assert data["kind"] != "outlet" or network.out_degree(node) == 0


def test_pipes_stay_within_their_network(network):
    for a, b, data in network.edges(data=True):
        assert network.nodes[a]["network"] == network.nodes[b]["network"] == data["network"]


def test_every_enterprise_connects_to_the_sewers_and_its_sewage_reaches_a_plant(io_demo_engine, network):
    enterprises = {e for (e,) in rows(io_demo_engine, "SELECT id FROM enterprises")}
    sewage_connected = set()
    for node, data in network.nodes(data=True):
        if data["network"] == "sewage" and data["kind"] in ("enterprise_inlet", "plant_inlet"):
            sewage_connected.add(data["enterprise"])
            if data["kind"] == "enterprise_inlet":
                assert network.nodes[sink_of(network, node)]["kind"] == "plant_inlet"
    assert sewage_connected == enterprises
    rain_connected = {
        d["enterprise"]
        for _, d in network.nodes(data=True)
        if d["network"] == "rain" and d["kind"] == "enterprise_inlet"
    }
    assert rain_connected == enterprises


def test_rain_reaches_the_yangtze_through_a_gate_just_upstream_of_each_outfall(io_demo_engine, network):
    outlets = [n for n, d in network.nodes(data=True) if d["network"] == "rain" and d["kind"] == "outlet"]
    assert len(outlets) >= 4
    for outlet in outlets:
        (gate,) = network.predecessors(outlet)
        assert network.nodes[gate]["kind"] == "rain_gate"
        assert network.nodes[gate]["state"] in ("open", "closed")
    gate_distances = rows(
        io_demo_engine,
        """
        SELECT ST_Distance(g.geom::geography, o.geom::geography)
        FROM pipes p JOIN pipe_nodes g ON g.id = p.from_node JOIN pipe_nodes o ON o.id = p.to_node
        WHERE g.kind = 'rain_gate' AND o.kind = 'outlet'""",
    )
    assert all(d < 60 for (d,) in gate_distances)
    linked = {n for (n,) in rows(io_demo_engine, "SELECT node_id FROM outfalls WHERE node_id IS NOT NULL")}
    all_outlets = {n for n, d in network.nodes(data=True) if d["kind"] == "outlet"}
    assert all_outlets <= linked


def test_diameters_grow_downstream_and_trunks_are_at_least_800_mm(network):
    for _, b, data in network.edges(data=True):
        for _, _, downstream in network.out_edges(b, data=True):
            assert downstream["diameter"] >= data["diameter"], f"pipe {data['id']} is wider than the next one"
    for a, b, data in network.edges(data=True):
        if network.nodes[b]["kind"] in SINKS and network.nodes[a]["kind"] != "plant_outlet":
            assert data["diameter"] >= 800


def test_pipe_ends_sit_on_their_nodes(io_demo_engine):
    (gaps,) = rows(
        io_demo_engine,
        """
        SELECT max(greatest(ST_Distance(ST_StartPoint(p.geom)::geography, a.geom::geography),
                            ST_Distance(ST_EndPoint(p.geom)::geography, b.geom::geography)))
        FROM pipes p JOIN pipe_nodes a ON a.id = p.from_node JOIN pipe_nodes b ON b.id = p.to_node""",
    )
    assert gaps[0] < 0.01


@pytest.mark.parametrize(
    "table",
    [
        "parks",
        "zones",
        "rivers",
        "roads",
        "enterprises",
        "storage_units",
        "pipe_nodes",
        "pipes",
        "outfalls",
        "stations",
        "resources",
        "population_points",
        "carbon_units",
    ],
)
def test_geometries_are_valid_and_near_the_park(io_demo_engine, table):
    (result,) = rows(
        io_demo_engine,
        f"""
        SELECT count(*) FILTER (WHERE NOT ST_IsValid(t.geom) OR ST_IsEmpty(t.geom)),
               max(ST_Distance(t.geom::geography, p.geom::geography))
        FROM {table} t, parks p""",
    )
    invalid, farthest = result
    assert invalid == 0
    assert farthest < 8000, f"{table} has a feature {farthest:.0f} m from the park"


def test_enterprises_and_their_stores_are_inside_the_park(io_demo_engine):
    (outside,) = rows(
        io_demo_engine,
        """
        SELECT (SELECT count(*) FROM enterprises e, parks p WHERE NOT ST_Within(e.geom, p.geom))
             + (SELECT count(*) FROM storage_units s JOIN enterprises e ON e.id = s.enterprise_id
                WHERE NOT ST_Within(s.geom, e.geom))""",
    )
    assert outside[0] == 0


def test_the_river_buffer_zone_lies_within_1_km_of_the_yangtze(io_demo_engine):
    ((area, farthest),) = rows(
        io_demo_engine,
        """
        SELECT ST_Area(z.geom::geography),
               (SELECT max(ST_Distance(ST_Transform(pt.geom, 32648), ST_Transform(r.geom, 32648)))
                FROM ST_DumpPoints(z.geom) AS pt)
        FROM zones z, rivers r WHERE z.kind = 'river_buffer' AND r.code = 'JA-RV-YANGTZE'""",
    )
    assert area > 1_000_000
    assert farthest <= 1000.5


def test_the_park_is_labelled_synthetic(io_demo_engine):
    ((name_zh, name_en, synthetic),) = rows(io_demo_engine, "SELECT name_zh, name_en, synthetic FROM parks")
    assert synthetic and "示例" in name_zh and "synthetic" in name_en
    names = rows(io_demo_engine, "SELECT name_zh FROM enterprises")
    assert all("示例" in n for (n,) in names)


def gb32100_valid(code: str) -> bool:
    if len(code) != 18 or any(c not in CHARSET for c in code):
        return False
    total = sum(CHARSET.index(c) * w for c, w in zip(code[:17], WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31] == code[17]


def test_credit_codes_are_valid_and_distinct(io_demo_engine):
    assert gb32100_valid("91350100M000100Y43") and not gb32100_valid("91350100M000100Y44")
    codes = [c for (c,) in rows(io_demo_engine, "SELECT credit_code FROM enterprises")]
    assert all(gb32100_valid(c) for c in codes)
    assert len(set(codes)) == len(codes)


def test_industries_risk_levels_and_major_hazard_sources(io_demo_engine):
    industries = Counter(i for (i,) in rows(io_demo_engine, "SELECT industry FROM enterprises"))
    assert industries["wastewater_plant"] == 2 and industries["hazardous_waste"] == 1
    for industry in (
        "chlor_alkali",
        "lithium_battery_materials",
        "fine_chemical",
        "pharma_intermediate",
        "logistics",
        "utility",
    ):
        assert industries[industry] >= 1
    sums = rows(
        io_demo_engine,
        """
        SELECT e.risk_level, coalesce(sum(s.capacity_t / c.gb18218_critical_t), 0)
        FROM enterprises e LEFT JOIN storage_units s ON s.enterprise_id = e.id
        LEFT JOIN chemicals c ON c.id = s.chemical_id AND c.gb18218_critical_t IS NOT NULL
        GROUP BY e.id, e.risk_level""",
    )
    majors = [s for level, s in sums if level == "major"]
    assert 3 <= len(majors) <= 12
    assert all(s >= 1 for s in majors)
    assert all(s < 1 for level, s in sums if level != "major")


def test_stations_carry_documented_parameters(io_demo_engine):
    with open(ROOT / "data" / "reference" / "parameters.csv", encoding="utf-8") as f:
        documented = {row["parameter"] for row in csv.DictReader(f)}
    stations = rows(io_demo_engine, "SELECT kind, parameters, mn, enterprise_id FROM stations")
    kinds = Counter(kind for kind, *_ in stations)
    assert kinds["met"] == 1 and kinds["air_boundary"] >= 4 and kinds["voc"] >= 2
    assert kinds["water_quality"] >= 2 and kinds["cems_outlet"] >= 4
    for kind, parameters, mn, enterprise in stations:
        assert parameters and set(parameters) <= documented
        if kind in ("cems_outlet", "water_quality"):
            assert mn
        assert (enterprise is not None) == (kind == "cems_outlet")


def test_outfalls_are_varied_and_on_the_yangtze(io_demo_engine):
    outfalls = rows(
        io_demo_engine, "SELECT kind, receiving_water, rectification_status, permit_no FROM outfalls"
    )
    assert {k for k, *_ in outfalls} == {"rain", "industrial", "mixed", "municipal"}
    assert sum(1 for _, water, *_ in outfalls if water == "长江") >= len(outfalls) - 2
    assert len({status for _, _, status, _ in outfalls}) >= 3
    assert all(permit for kind, _, _, permit in outfalls if kind == "industrial")


def test_loading_the_demo_park_twice_is_refused_unless_replaced(io_demo_engine, demo_files):
    before = rows(io_demo_engine, "SELECT count(*), sum(id) FROM pipes")[0]
    with pytest.raises(Conflict, match="already loaded"):
        load_demo_park(io_demo_engine, out_dir=demo_files)
    assert rows(io_demo_engine, "SELECT count(*), sum(id) FROM pipes")[0] == before
    counts = load_demo_park(io_demo_engine, out_dir=demo_files, replace=True)
    assert counts["pipes"] == before[0]
    assert rows(io_demo_engine, "SELECT count(*) FROM parks")[0][0] == 1
    assert rows(io_demo_engine, "SELECT count(*) FROM pipes")[0][0] == before[0]
    majors = "SELECT count(*) FROM major_hazard_units WHERE is_major"
    assert rows(io_demo_engine, majors)[0][0] == 6, "the load assesses the park it replaced"
