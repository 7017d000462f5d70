"""Small crafted pipe networks and a large synthetic tree, loaded into a real PostGIS."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, text

TREE_SQL = (Path(__file__).resolve().parent / "pipe_tree.sql").read_text()


@dataclass(frozen=True)
class Node:
    code: str
    kind: str
    lon: float
    lat: float
    network: str = "rain"
    state: str | None = None
    enterprise: str | None = None


def clear(conn: Connection) -> None:
    conn.execute(text("TRUNCATE pipes, outfalls, pipe_nodes, enterprises, parks RESTART IDENTITY CASCADE"))


def add_park(conn: Connection, enterprise_codes: tuple[str, ...] = ()) -> dict[str, int]:
    """A park with one small square enterprise per code; returns enterprise ids by code."""
    park_id = conn.execute(
        text(
            "INSERT INTO parks (code, name_zh, name_en, geom) VALUES ('P', '园区', 'Park', "
            "ST_Multi(ST_MakeEnvelope(119.9, 29.9, 120.2, 30.2, 4326))) RETURNING id"
        )
    ).scalar_one()
    ids = {}
    for i, code in enumerate(enterprise_codes):
        ids[code] = conn.execute(
            text(
                "INSERT INTO enterprises (park_id, code, name_zh, name_en, industry, geom) VALUES "
                "(:park, :code, :zh, :en, 'chemical', ST_Multi(ST_MakeEnvelope(:x, 30.0, :x + 0.001, 30.001, 4326))) "
                "RETURNING id"
            ),
            {
                "park": park_id,
                "code": code,
                "zh": f"企业{code}",
                "en": f"Enterprise {code}",
                "x": 120.0 + 0.002 * i,
            },
        ).scalar_one()
    return ids


def add_network(
    conn: Connection,
    nodes: list[Node],
    pipes: list[tuple[str, str]],
    outfalls: dict[str, str] | None = None,
    enterprise_ids: dict[str, int] | None = None,
) -> dict[str, int]:
    """Nodes, straight pipes (from code, to code) in flow direction and outfalls (code → node code).

    Returns node ids by code, with outfall ids under ``outfall:<code>``.
    """
    ids: dict[str, int] = {}
    for node in nodes:
        ids[node.code] = conn.execute(
            text(
                "INSERT INTO pipe_nodes (code, network, kind, enterprise_id, state, geom) VALUES "
                "(:code, :network, :kind, :enterprise, :state, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)) "
                "RETURNING id"
            ),
            {
                "code": node.code,
                "network": node.network,
                "kind": node.kind,
                "enterprise": (enterprise_ids or {}).get(node.enterprise) if node.enterprise else None,
                "state": node.state,
                "lon": node.lon,
                "lat": node.lat,
            },
        ).scalar_one()
    for i, (tail, head) in enumerate(pipes):
        conn.execute(
            text(
                "INSERT INTO pipes (code, network, from_node, to_node, diameter_mm, geom) "
                "SELECT :code, a.network, a.id, b.id, 600, ST_MakeLine(a.geom, b.geom) "
                "FROM pipe_nodes a, pipe_nodes b WHERE a.id = :tail AND b.id = :head"
            ),
            {"code": f"P{i}-{tail}-{head}", "tail": ids[tail], "head": ids[head]},
        )
    for code, node_code in (outfalls or {}).items():
        ids[f"outfall:{code}"] = conn.execute(
            text(
                "INSERT INTO outfalls (code, name_zh, name_en, kind, receiving_water, node_id, geom) "
                "SELECT :code, :code, :code, 'rain', 'river', n.id, n.geom FROM pipe_nodes n WHERE n.id = :node "
                "RETURNING id"
            ),
            {"code": code, "node": ids[node_code]},
        ).scalar_one()
    return ids


def load_tree(conn: Connection, segments: int) -> None:
    """The synthetic tree of ``pipe_tree.sql`` with ``segments`` pipes (clears the network first)."""
    clear(conn)
    enterprise_id = add_park(conn, ("TREE",))["TREE"]
    params = {"segments": int(segments), "enterprise_id": enterprise_id}
    for statement in filter(str.strip, _strip_comments(TREE_SQL).split(";")):
        conn.execute(text(statement), params)


def _strip_comments(sql: str) -> str:
    return "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
