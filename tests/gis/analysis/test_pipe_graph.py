"""The pipe network held in memory: a change to the pipes is traced at once, and the cache
keeps no more pipes than it is allowed."""

from __future__ import annotations

import numpy as np
from sqlalchemy import text

from gis.analysis.pipe_graph import GraphCache, PipeGraph, pipe_graph
from gis.analysis.pipe_trace import trace_downstream, trace_upstream

from .pipe_networks import Node, add_network, add_park

LINE = [
    Node("A", "manhole", 120.000, 30.000),
    Node("B", "rain_gate", 120.001, 30.000, state="open"),
    Node("C", "outfall", 120.002, 30.000),
    Node("N", "outfall", 120.002, 30.001),
]


def test_a_pipe_laid_or_removed_is_traced_at_once(network_conn):
    ids = add_network(network_conn, LINE, [("A", "B"), ("B", "C")])
    assert [n.code for n in trace_downstream(network_conn, node_id=ids["A"]).outfalls] == ["C"]

    # a new pipe from the gate to another outfall: the next trace follows it
    network_conn.execute(
        text(
            "INSERT INTO pipes (code, network, from_node, to_node, diameter_mm, geom) "
            "SELECT 'P-B-N', 'rain', a.id, b.id, 600, ST_MakeLine(a.geom, b.geom) "
            "FROM pipe_nodes a, pipe_nodes b WHERE a.id = :b AND b.id = :n"
        ),
        {"b": ids["B"], "n": ids["N"]},
    )
    assert [n.code for n in trace_downstream(network_conn, node_id=ids["A"]).outfalls] == ["C", "N"]

    network_conn.execute(text("DELETE FROM pipes WHERE code = 'P1-B-C'"))
    assert [n.code for n in trace_downstream(network_conn, node_id=ids["A"]).outfalls] == ["N"]

    # a manhole turned into a plant inlet stops the flow there
    network_conn.execute(text("UPDATE pipe_nodes SET kind = 'plant_inlet' WHERE id = :b"), {"b": ids["B"]})
    stopped = trace_downstream(network_conn, node_id=ids["A"])
    assert stopped.outfalls == () and [n.code for n in stopped.plant_inlets] == ["B"]


def test_an_enterprise_connected_later_is_found_upstream(network_conn):
    enterprises = add_park(network_conn, ("A",))
    ids = add_network(network_conn, LINE, [("A", "B"), ("B", "C")], {"OF-C": "C"})
    assert trace_upstream(network_conn, outfall_id=ids["outfall:OF-C"]).enterprise_ids == ()
    network_conn.execute(
        text("UPDATE pipe_nodes SET kind = 'enterprise_inlet', enterprise_id = :e WHERE id = :a"),
        {"e": enterprises["A"], "a": ids["A"]},
    )
    assert trace_upstream(network_conn, outfall_id=ids["outfall:OF-C"]).enterprise_ids == (enterprises["A"],)


def test_the_cache_keeps_no_more_pipes_than_its_bound(network_conn):
    add_network(network_conn, LINE, [("A", "B"), ("B", "C")])
    cache = GraphCache(max_pipes=2)
    first = cache.graph(network_conn)
    assert cache.graph(network_conn) is first and cache.pipes_held == 2

    network_conn.execute(
        text(
            "INSERT INTO pipes (code, network, from_node, to_node, diameter_mm, geom) "
            "SELECT 'P-extra', network, from_node, to_node, 300, geom FROM pipes LIMIT 1"
        )
    )
    bigger = cache.graph(network_conn)
    assert bigger.size == 3 and bigger is not first
    assert cache.pipes_held == 0  # three pipes do not fit: read for each trace, not kept
    assert cache.graph(network_conn) is not bigger

    assert GraphCache(max_pipes=0).graph(network_conn).size == 3


def test_the_shared_graph_sees_the_transaction_it_is_read_in(network_conn, analysis_engine):
    add_network(network_conn, LINE, [("A", "B"), ("B", "C")])
    assert pipe_graph(network_conn).size == 2
    with analysis_engine.connect() as other:  # the pipes above are not committed
        assert pipe_graph(other).size == 0


def test_of_parallel_pipes_the_shortest_gives_the_distance():
    # 10 → 20 twice (a 40 m and a 25 m pipe side by side), then 20 → 30 (15 m), in no order
    pipes = {
        "id": np.array([3, 1, 2], dtype=np.int64),
        "from": np.array([20, 10, 10], dtype=np.int64),
        "to": np.array([30, 20, 20], dtype=np.int64),
        "length": np.array([15.0, 40.0, 25.0]),
    }
    nodes = np.zeros(
        0, dtype=[("id", np.int64), ("upstream", bool), ("downstream", bool), ("plant_inlet", bool)]
    )
    graph = PipeGraph(pipes, nodes)
    down = graph.downstream(10)
    assert sorted(down.pipe_ids.tolist()) == [1, 2, 3], "both parallel pipes carry the spill"
    assert down.distance(30) == 40.0, "25 m by the shorter pipe, then 15 m"
    assert graph.upstream(30).distance(10) == 40.0


def test_nodes_numbered_far_apart_are_traced_as_those_numbered_in_a_row():
    """Node ids from one serial are indexed by a table over their range; ids far apart (nodes
    imported with their own numbering) are sorted instead.  Both trace the same."""
    chain = {
        "id": np.array([1, 2, 3, 4], dtype=np.int64),
        "from": np.array([1, 2, 3, 5], dtype=np.int64),
        "to": np.array([2, 3, 4, 4], dtype=np.int64),
        "length": np.array([10.0, 20.0, 30.0, 5.0]),
    }
    nodes = np.zeros(
        0, dtype=[("id", np.int64), ("upstream", bool), ("downstream", bool), ("plant_inlet", bool)]
    )
    spread = 10**12  # a node id far beyond the others
    far = dict(chain, **{key: np.where(chain[key] == 5, spread, chain[key]) for key in ("from", "to")})
    for pipes, branch in ((chain, 5), (far, spread)):
        graph = PipeGraph(pipes, nodes)
        assert graph.node_ids.tolist() == sorted({1, 2, 3, 4, branch})
        assert graph.downstream(1).distance(4) == 60.0
        assert sorted(graph.upstream(4).node_ids.tolist()) == sorted({1, 2, 3, 4, branch})
        assert graph.downstream(branch).pipe_ids.tolist() == [4]
