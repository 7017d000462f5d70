"""Pipe tracing and source traceability through the API on the demo park."""

from __future__ import annotations

import datetime as dt

import asyncpg
import networkx as nx
import numpy as np
import pytest

from gis.analysis.geodesy import LocalFrame
from gis.analysis.source_trace import trace_for_alarm
from gis.analysis.trace_answer import UpstreamStart, run_upstream, upstream_answer
from gis.db.engine import make_engine
from tests.api.analysis_fixtures import analysis_client, execute, rows, write_voc_episode

WINDOW = dt.datetime(2025, 4, 2, 0, 0, tzinfo=dt.UTC)
HOURS = 6
BACKGROUND = 0.4  # mg/m3 of NMHC everywhere, all the time


@pytest.fixture(scope="module")
def network(demo_database_url) -> nx.DiGraph:
    graph = nx.DiGraph()
    for node, kind, network, enterprise, state in rows(
        demo_database_url, "SELECT id, kind, network, enterprise_id, state FROM pipe_nodes"
    ):
        graph.add_node(node, kind=kind, network=network, enterprise=enterprise, state=state)
    for a, b in rows(demo_database_url, "SELECT from_node, to_node FROM pipes"):
        graph.add_edge(a, b)
    return graph


@pytest.fixture(scope="module")
async def api(demo_app, demo_database_url):
    async with analysis_client(demo_app, demo_database_url) as client_and_headers:
        yield client_and_headers


def sink_path(graph: nx.DiGraph, node: int) -> list[int]:
    path = [node]
    while graph.out_degree(path[-1]):
        (following,) = graph.successors(path[-1])
        path.append(following)
    return path


async def test_a_spill_beside_a_plant_reaches_a_rain_outfall_through_its_gate(
    api, demo_database_url, network
):
    client, headers = api
    ((node, code, lon, lat),) = rows(
        demo_database_url,
        "SELECT n.id, e.code, ST_X(n.geom), ST_Y(n.geom) FROM pipe_nodes n JOIN enterprises e ON e.id = n.enterprise_id "
        "WHERE n.kind = 'enterprise_inlet' AND n.network = 'rain' AND e.industry = 'chlor_alkali' LIMIT 1",
    )
    spill_lon, spill_lat = (float(v) for v in LocalFrame(lon, lat).to_lonlat(4.0, 3.0))
    response = await client.post(
        "/analysis/trace/downstream",
        json={"lon": spill_lon, "lat": spill_lat, "velocity_m_s": 0.8},
        headers=headers["responder"],
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    props = answer["properties"]

    path = sink_path(network, props["start_node_id"])
    outlet, gate = path[-1], path[-2]
    assert network.nodes[outlet]["kind"] == "outlet" and network.nodes[gate]["kind"] == "rain_gate"
    ((outfall_code, outfall_kind),) = rows(
        demo_database_url, "SELECT code, kind FROM outfalls WHERE node_id = :n", n=outlet
    )
    assert [o["id"] for o in props["outfalls"]] == [outlet]
    assert props["outfalls"][0]["outfall"]["code"] == outfall_code and outfall_kind in ("rain", "mixed")
    (listed,) = props["rain_gates"]
    assert listed["id"] == gate and listed["state"] == network.nodes[gate]["state"]
    assert listed["action"] == {"open": "close", "closed": "keep closed"}[listed["state"]]
    assert listed["travel_time_s"] == pytest.approx(listed["distance_m"] / 0.8, abs=0.2)
    assert listed["travel_time_s"] < props["outfalls"][0]["travel_time_s"]

    pipes = [f for f in answer["features"] if f["properties"]["role"] == "pipe"]
    assert len(pipes) == props["pipe_count"] == len(path) - 1 + 1  # the snapped pipe, then the path
    assert all(f["geometry"]["type"] == "LineString" for f in pipes)
    assert props["snap"]["pipe_id"] in {f["properties"]["id"] for f in pipes}
    assert props["snap"]["distance_m"] < 50
    assert {f["properties"]["role"] for f in answer["features"]} >= {"pipe", "outfall", "rain_gate"}

    slower = await client.post(
        "/analysis/trace/downstream",
        json={"node_id": props["start_node_id"], "velocity_m_s": 0.4},
        headers=headers["responder"],
    )
    assert slower.status_code == 200
    (gate_again,) = slower.json()["properties"]["rain_gates"]
    assert gate_again["travel_time_s"] == pytest.approx(gate_again["distance_m"] / 0.4, abs=0.2)


async def test_a_pipe_taken_out_of_the_network_is_left_out_of_the_next_trace(api, demo_database_url, network):
    """The server holds the network in memory; a change to the pipes must show at once."""
    client, headers = api
    ((gate,),) = rows(
        demo_database_url, "SELECT id FROM pipe_nodes WHERE kind = 'rain_gate' ORDER BY id LIMIT 1"
    )
    (upstream_node,) = list(network.predecessors(gate))[:1]

    async def gates_reached() -> list[int]:
        response = await client.post(
            "/analysis/trace/downstream", json={"node_id": upstream_node}, headers=headers["responder"]
        )
        assert response.status_code == 200, response.text
        return [g["id"] for g in response.json()["properties"]["rain_gates"]]

    assert gate in await gates_reached()
    (saved,) = execute(
        demo_database_url,
        "DELETE FROM pipes WHERE from_node = :a AND to_node = :b "
        "RETURNING id, code, network, from_node, to_node, diameter_mm, geom",
        a=upstream_node,
        b=gate,
    )
    try:
        assert gate not in await gates_reached()
    finally:
        execute(
            demo_database_url,
            "INSERT INTO pipes (id, code, network, from_node, to_node, diameter_mm, geom) "
            "VALUES (:id, :code, :network, :from_node, :to_node, :diameter_mm, :geom)",
            **saved._asdict(),
        )
    assert gate in await gates_reached()


async def test_upstream_of_a_rain_outfall_are_the_plants_draining_to_it(api, demo_database_url, network):
    client, headers = api
    ((outfall_id, outlet),) = rows(
        demo_database_url,
        "SELECT o.id, o.node_id FROM outfalls o WHERE o.kind = 'rain' AND o.node_id IS NOT NULL "
        "ORDER BY o.code LIMIT 1",
    )
    response = await client.post(
        "/analysis/trace/upstream", json={"outfall_id": outfall_id}, headers=headers["inspector"]
    )
    assert response.status_code == 200, response.text
    props = response.json()["properties"]
    expected = {
        network.nodes[n]["enterprise"]
        for n in nx.ancestors(network, outlet)
        if network.nodes[n]["kind"] == "enterprise_inlet"
    }
    assert expected, "the outfall drains some plant"
    assert {e["enterprise_id"] for e in props["enterprises"]} == expected
    distances = [e["distance_m"] for e in props["enterprises"]]
    assert distances == sorted(distances)
    assert props["pipe_count"] == len(nx.ancestors(network, outlet) | {outlet}) - 1
    assert props["outfalls"][0]["id"] == outfall_id


async def test_upstream_of_a_water_station_traces_the_outfalls_near_it(api, demo_database_url):
    client, headers = api
    ((station,),) = rows(demo_database_url, "SELECT id FROM stations WHERE code = 'JA-WQ02'")
    response = await client.post(
        "/analysis/trace/upstream",
        json={"station_id": station, "station_radius_m": 1500},
        headers=headers["manager"],
    )
    assert response.status_code == 200, response.text
    props = response.json()["properties"]
    assert props["station"]["code"] == "JA-WQ02" and props["outfalls"] and props["enterprises"]
    assert all(o["distance_from_station_m"] <= 1500 for o in props["outfalls"])

    ((air,),) = rows(demo_database_url, "SELECT id FROM stations WHERE kind = 'air_boundary' LIMIT 1")
    far = await client.post(
        "/analysis/trace/upstream",
        json={"station_id": air, "station_radius_m": 50},
        headers=headers["manager"],
    )
    assert far.status_code == 404


@pytest.fixture(scope="module")
def voc_episode(demo_database_url):
    episode = write_voc_episode(demo_database_url, WINDOW, HOURS, BACKGROUND)
    yield episode
    execute(
        demo_database_url,
        "DELETE FROM readings WHERE ts >= :a AND ts < :b",
        a=WINDOW,
        b=WINDOW + dt.timedelta(hours=HOURS),
    )


async def test_sources_rank_the_leaking_plant_first_and_draw_where_it_is(api, voc_episode):
    client, headers = api
    response = await client.post(
        "/analysis/sources",
        json={"start": WINDOW.isoformat(), "end": (WINDOW + dt.timedelta(hours=HOURS)).isoformat()},
        headers=headers["manager"],
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    props = answer["properties"]
    best = props["ranking"][0]
    assert best["enterprise_code"] == voc_episode["code"], [
        r["enterprise_code"] for r in props["ranking"][:5]
    ]
    assert best["supported_by"] and "upwind of" in best["explanation"]
    assert props["readings_used"] == HOURS * len(voc_episode["stations"])
    for station in props["background"]["stations"]:
        assert station["background"] == pytest.approx(BACKGROUND, abs=0.01)

    cells = [f for f in answer["features"] if f["properties"]["kind"] == "likelihood"]
    assert cells and all(f["geometry"]["type"] == "Polygon" for f in cells)
    peak = max(cells, key=lambda f: f["properties"]["value"])
    ring = np.asarray(peak["geometry"]["coordinates"][0])
    e, n = LocalFrame(voc_episode["lon"], voc_episode["lat"]).to_local(ring[:, 0].mean(), ring[:, 1].mean())
    assert float(np.hypot(e, n)) < 400, "the likeliest cell lies at the leaking plant"


async def test_an_alarm_is_traced_to_the_leaking_plant(api, demo_app, demo_database_url, voc_episode):
    station = next(s for s in voc_episode["stations"] if s[1].startswith("JA-V"))
    ((alarm_id,),) = execute(
        demo_database_url,
        "INSERT INTO alarms (station_id, parameter, rule, opened_at, value) "
        "VALUES (:s, 'nmhc', 'analysis_test', :t, 2.0) RETURNING id",
        s=station[0],
        t=WINDOW + dt.timedelta(hours=HOURS - 1, minutes=30),
    )
    client, headers = api
    try:
        answer = await trace_for_alarm(demo_app.state.pool, alarm_id)
        over_http = await client.post(f"/analysis/sources/alarm/{alarm_id}", headers=headers["responder"])
    finally:
        execute(demo_database_url, "DELETE FROM alarms WHERE id = :a", a=alarm_id)
    assert answer["properties"]["alarm"]["id"] == alarm_id
    assert answer["properties"]["ranking"][0]["enterprise_code"] == voc_episode["code"]
    assert over_http.status_code == 200, over_http.text
    assert over_http.json()["properties"]["ranking"][0]["enterprise_code"] == voc_episode["code"]


async def test_a_trace_too_large_to_list_pipe_by_pipe_comes_merged_by_network(api, demo_database_url):
    client, headers = api
    ((outfall_id,),) = rows(
        demo_database_url, "SELECT id FROM outfalls WHERE node_id IS NOT NULL ORDER BY id LIMIT 1"
    )
    listed = await client.post(
        "/analysis/trace/upstream", json={"outfall_id": outfall_id}, headers=headers["responder"]
    )
    assert listed.status_code == 200, listed.text
    pipes = [f for f in listed.json()["features"] if f["properties"]["role"] == "pipe"]
    assert len(pipes) > 2 and all(f["geometry"]["type"] == "LineString" for f in pipes)

    start = UpstreamStart([{"outfall_id": outfall_id}], None, [])
    traces = run_upstream(make_engine(demo_database_url), start.starts, 1.0)
    conn = await asyncpg.connect(demo_database_url)
    try:
        merged = await upstream_answer(conn, start, traces, pipe_features=2)
    finally:
        await conn.close()
    lines = [f for f in merged["features"] if f["properties"]["role"] == "pipe"]
    networks = {f["properties"]["network"] for f in pipes}
    assert sorted(f["properties"]["network"] for f in lines) == sorted(networks)  # one feature a network
    assert merged["properties"]["pipe_count"] == listed.json()["properties"]["pipe_count"] == len(pipes)
    assert merged["properties"]["pipe_length_m"] == pytest.approx(
        sum(f["properties"]["length_m"] for f in pipes), abs=0.05 * len(pipes)
    )  # each listed length is rounded to 0.1 m
    assert {f["geometry"]["type"] for f in lines} <= {"LineString", "MultiLineString"}
