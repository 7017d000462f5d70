"""Pipe tracing on crafted networks in a real PostGIS, and on a 200,000-pipe synthetic tree."""

from __future__ import annotations

import pytest
from pyproj import Geod
from sqlalchemy import text

from gis.analysis.pipe_trace import trace_downstream, trace_upstream
from gis.errors import InvalidInput, NotFound

from .pipe_networks import Node, add_network, add_park, load_tree

GEOD = Geod(ellps="WGS84")

# Rain network, west to east along 30°N, 0.001° ≈ 96 m per step:
#   U1 → S → M1 → G1(open gate) → M2 → O1 (outfall OF-1)
#             │          └→ D1 (dead end)   └→ W1 (plant inlet) → W2 → O3 (outfall OF-3)
#             └→ M3 → G2(closed gate) → O2 (outfall OF-2)
#                 ↺ M3 → L1 → L2 → M3 (a loop)
RAIN = [
    Node("U1", "manhole", 119.999, 30.000),
    Node("S", "manhole", 120.000, 30.000),
    Node("M1", "manhole", 120.001, 30.000),
    Node("G1", "rain_gate", 120.002, 30.000, state="open"),
    Node("M2", "manhole", 120.003, 30.000),
    Node("O1", "manhole", 120.004, 30.000),
    Node("D1", "manhole", 120.002, 29.999),
    Node("W1", "plant_inlet", 120.003, 29.999),
    Node("W2", "manhole", 120.003, 29.998),
    Node("O3", "outfall", 120.003, 29.997),
    Node("M3", "manhole", 120.001, 30.001),
    Node("G2", "rain_gate", 120.001, 30.002, state="closed"),
    Node("O2", "outfall", 120.001, 30.003),
    Node("L1", "manhole", 120.0005, 30.0015),
    Node("L2", "manhole", 120.000, 30.001),
    Node("X1", "manhole", 120.0000, 30.000008, network="sewage"),
    Node("X2", "manhole", 120.0010, 30.000008, network="sewage"),
]
RAIN_PIPES = [
    ("U1", "S"),
    ("S", "M1"),
    ("M1", "G1"),
    ("G1", "M2"),
    ("M2", "O1"),
    ("G1", "D1"),
    ("M2", "W1"),
    ("W1", "W2"),
    ("W2", "O3"),
    ("M1", "M3"),
    ("M3", "G2"),
    ("G2", "O2"),
    ("M3", "L1"),
    ("L1", "L2"),
    ("L2", "M3"),
    ("X1", "X2"),
]
RAIN_OUTFALLS = {"OF-1": "O1", "OF-2": "O2", "OF-3": "O3"}
BY_CODE = {n.code: n for n in RAIN}


def path_length(*codes: str) -> float:
    """Geodesic length along straight pipes through the given nodes (what PostGIS stores)."""
    total = 0.0
    for a, b in zip(codes, codes[1:], strict=False):
        total += GEOD.inv(BY_CODE[a].lon, BY_CODE[a].lat, BY_CODE[b].lon, BY_CODE[b].lat)[2]
    return total


def test_downstream_lists_outfalls_gates_and_times(network_conn):
    ids = add_network(network_conn, RAIN, RAIN_PIPES, RAIN_OUTFALLS)
    trace = trace_downstream(network_conn, node_id=ids["S"], velocity_m_s=0.5)

    assert [n.code for n in trace.outfalls] == ["O1", "O2"]  # about 385 m and 429 m away
    o1, o2 = trace.outfalls
    assert o1.outfall_id == ids["outfall:OF-1"] and o1.outfall_code == "OF-1"
    assert o1.distance_m == pytest.approx(path_length("S", "M1", "G1", "M2", "O1"), abs=0.01)
    assert o1.travel_time_s == pytest.approx(o1.distance_m / 0.5)
    assert o2.distance_m == pytest.approx(path_length("S", "M1", "M3", "G2", "O2"), abs=0.01)

    assert [(g.code, g.state) for g in trace.rain_gates] == [("G1", "open"), ("G2", "closed")]
    gates = {g.code: g for g in trace.rain_gates}
    assert gates["G1"].distance_m == pytest.approx(path_length("S", "M1", "G1"), abs=0.01)
    assert gates["G2"].travel_time_s == pytest.approx(path_length("S", "M1", "M3", "G2") / 0.5, abs=0.05)
    assert [g.distance_m for g in trace.rain_gates] == sorted(g.distance_m for g in trace.rain_gates)

    assert [n.code for n in trace.plant_inlets] == ["W1"]  # treated water beyond it is not traced
    assert [n.code for n in trace.dead_ends] == ["D1"]
    pipes = _pipe_codes(network_conn, trace.pipe_ids)
    assert "P7-W1-W2" not in pipes and "P8-W2-O3" not in pipes and "P0-U1-S" not in pipes
    assert {"P12-M3-L1", "P13-L1-L2", "P14-L2-M3"} <= pipes  # the loop is walked once and left
    assert len(trace.pipe_ids) == len(set(trace.pipe_ids.tolist())) == 12


def test_spill_snaps_to_the_nearest_pipe_of_its_network(network_conn):
    ids = add_network(network_conn, RAIN, RAIN_PIPES, RAIN_OUTFALLS)
    spill = (120.0003, 30.000005)  # on S → M1, 30 % along, half a metre north of it
    any_network = trace_downstream(network_conn, lon=spill[0], lat=spill[1])
    assert any_network.snap is not None
    assert _pipe_codes(network_conn, [any_network.snap.pipe_id]) == {"P15-X1-X2"}  # the sewer is nearer

    rain = trace_downstream(network_conn, lon=spill[0], lat=spill[1], network="rain", velocity_m_s=1.0)
    assert rain.snap is not None and rain.start_node_id == ids["M1"]
    assert _pipe_codes(network_conn, [rain.snap.pipe_id]) == {"P1-S-M1"}
    assert rain.snap.distance_m == pytest.approx(0.55, abs=0.05)
    assert rain.snap.remaining_m == pytest.approx(0.7 * path_length("S", "M1"), abs=0.05)
    o1 = rain.outfalls[0]
    expected = 0.7 * path_length("S", "M1") + path_length("M1", "G1", "M2", "O1")
    assert o1.distance_m == pytest.approx(expected, abs=0.05) and o1.travel_time_s == pytest.approx(
        expected, abs=0.05
    )
    assert rain.pipe_ids[0] == rain.snap.pipe_id


def test_upstream_finds_the_connected_enterprises(network_conn):
    enterprises = add_park(network_conn, ("A", "B", "C"))
    nodes = [
        Node("E1", "enterprise_inlet", 120.010, 30.010, "sewage", enterprise="A"),
        Node("E2", "enterprise_inlet", 120.010, 30.008, "sewage", enterprise="B"),
        Node("E4", "enterprise_inlet", 120.012, 30.011, "sewage", enterprise="A"),
        Node("E3", "enterprise_inlet", 120.020, 30.010, "sewage", enterprise="C"),
        Node("m1", "manhole", 120.011, 30.009, "sewage"),
        Node("m2", "manhole", 120.012, 30.009, "sewage"),
        Node("m5", "manhole", 120.0115, 30.0085, "sewage"),
        Node("m3", "manhole", 120.021, 30.010, "sewage"),
        Node("OUT", "manhole", 120.013, 30.009, "sewage"),
        Node("OTHER", "manhole", 120.022, 30.010, "sewage"),
    ]
    pipes = [
        ("E1", "m1"),
        ("E2", "m1"),
        ("m1", "m2"),
        ("E4", "m2"),
        ("m2", "OUT"),
        ("m2", "m5"),
        ("m5", "m1"),
        ("E3", "m3"),
        ("m3", "OTHER"),
    ]
    ids = add_network(network_conn, nodes, pipes, {"OF-S": "OUT", "OF-T": "OTHER"}, enterprises)
    trace = trace_upstream(network_conn, outfall_id=ids["outfall:OF-S"], velocity_m_s=0.8)

    assert trace.start_node_id == ids["OUT"]
    assert {n.code for n in trace.enterprise_inlets} == {"E1", "E2", "E4"}
    assert trace.enterprise_ids == (enterprises["A"], enterprises["B"])  # A's E4 is the nearest
    inlets = {n.code: n for n in trace.enterprise_inlets}
    geo = {n.code: n for n in nodes}

    def length(*codes: str) -> float:
        return sum(
            GEOD.inv(geo[a].lon, geo[a].lat, geo[b].lon, geo[b].lat)[2]
            for a, b in zip(codes, codes[1:], strict=False)
        )

    assert inlets["E4"].distance_m == pytest.approx(length("E4", "m2", "OUT"), abs=0.01)
    assert inlets["E1"].distance_m == pytest.approx(length("E1", "m1", "m2", "OUT"), abs=0.01)
    assert inlets["E2"].travel_time_s == pytest.approx(length("E2", "m1", "m2", "OUT") / 0.8, abs=0.02)
    assert inlets["E1"].enterprise_code == "A" and inlets["E1"].enterprise_name == "企业A"
    assert len(trace.pipe_ids) == 7  # everything but E3 → m3 → OTHER, the loop included

    other = trace_upstream(network_conn, node_id=ids["OTHER"])
    assert other.enterprise_ids == (enterprises["C"],)
    assert trace.to_geojson()["features"][0]["properties"]["role"] == "enterprise_inlet"


def test_refusals(network_conn):
    ids = add_network(network_conn, RAIN, RAIN_PIPES, RAIN_OUTFALLS)
    with pytest.raises(InvalidInput):
        trace_downstream(network_conn)
    with pytest.raises(InvalidInput):
        trace_downstream(network_conn, node_id=ids["S"], velocity_m_s=0.0)
    with pytest.raises(NotFound):
        trace_downstream(network_conn, lon=120.0, lat=30.0, network="clean")
    with pytest.raises(InvalidInput):
        trace_downstream(network_conn, lon=120.0, lat=30.0, network="storm")
    with pytest.raises(NotFound):
        trace_upstream(network_conn, outfall_id=999_999)
    with pytest.raises(InvalidInput):
        trace_upstream(network_conn, node_id=ids["S"], outfall_id=ids["outfall:OF-1"])
    lonely = trace_downstream(network_conn, node_id=ids["O1"])
    assert (
        lonely.outfalls[0].code == "O1" and lonely.outfalls[0].distance_m == 0.0 and lonely.pipe_ids.size == 0
    )


@pytest.mark.slow
def test_two_hundred_thousand_pipes(network_conn):
    load_tree(network_conn, 200_000)
    leaf = 199_990
    down = trace_downstream(network_conn, node_id=leaf)
    assert [o.code for o in down.outfalls] == ["T1"]
    path_metres = network_conn.execute(
        text("SELECT sum(length_m) FROM pipes WHERE id = ANY(:ids)"), {"ids": down.pipe_ids.tolist()}
    ).scalar_one()
    assert down.outfalls[0].distance_m == pytest.approx(path_metres, rel=1e-9)
    assert all(int(g.code[1:]) % 1000 == 0 for g in down.rain_gates)

    up = trace_upstream(network_conn, node_id=1)
    assert up.pipe_ids.size == 200_000
    assert len(up.enterprise_inlets) == 200  # i % 500 == 0 and i % 1000 != 0, for i ≤ 200,001


def _pipe_codes(conn, ids) -> set[str]:
    rows = conn.execute(text("SELECT code FROM pipes WHERE id = ANY(:ids)"), {"ids": [int(i) for i in ids]})
    return {r.code for r in rows}
