"""Rain and sewage networks of the demo park: trees under the roads that drain to their ends.

Manholes sit under every road at most 100 m apart (GB 50014 spacing for these sizes),
sewers 7 m south/west of the road centre line, rain drains 7 m north/east.  Each network is
the shortest-path tree of its road graph towards its ends: the two wastewater plants'
inlets for sewage (trunks along 纬四路), the rain gates and outfalls on the Yangtze for rain.
Pipes point in flow direction; diameters follow the catchment upstream of each pipe.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import shapely
import shapely.ops
from enterprises import Enterprise
from geography import PREFIX, RIVERSIDE_V, ROAD_U, ROAD_V, bank_v
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra

SPACING_M = 100.0
SEWAGE_TRUNK_V = ROAD_V[3]
# Sewage load weights per enterprise (relative flow) and rain runoff per hectare of plot.
SEWAGE_LOAD = {
    "chlor_alkali": 6.0,
    "basic_chemical": 3.0,
    "lithium_battery_materials": 3.0,
    "fine_chemical": 2.0,
    "pharma_intermediate": 2.0,
    "hazardous_waste": 2.0,
    "logistics": 0.5,
    "utility": 1.0,
}
RUNOFF_COEFFICIENT = 0.8
SEWAGE_SIZES = ((2.0, 300), (6.0, 400), (12.0, 500), (20.0, 600), (35.0, 800), (math.inf, 1000))
RAIN_SIZES = (
    (2.0, 400),
    (5.0, 600),
    (10.0, 800),
    (20.0, 1000),
    (35.0, 1200),
    (60.0, 1500),
    (100.0, 1800),
    (math.inf, 2000),
)
RAIN_GATE_STATES = ("closed", "closed", "open", "closed", "closed", "open")


def diameter(load: float, sizes: tuple[tuple[float, int], ...]) -> int:
    return next(size for limit, size in sizes if load < limit)


@dataclass
class Network:
    network: str
    letter: str
    nodes: list[dict] = field(default_factory=list)
    points: list[tuple[float, float]] = field(default_factory=list)
    pipes: list[dict] = field(default_factory=list)
    lines: list[shapely.LineString] = field(default_factory=list)

    def node(
        self, u: float, v: float, kind: str, enterprise: str | None = None, state: str | None = None
    ) -> str:
        code = f"{PREFIX}{self.letter}N{len(self.nodes) + 1:04d}"
        self.nodes.append(
            {
                "code": code,
                "network": self.network,
                "kind": kind,
                "enterprise_code": enterprise,
                "state": state,
            }
        )
        self.points.append((u, v))
        return code

    def pipe(self, a: str, b: str, diameter_mm: int, material: str) -> None:
        code = f"{PREFIX}{self.letter}P{len(self.pipes) + 1:04d}"
        self.pipes.append(
            {
                "code": code,
                "network": self.network,
                "from_node_code": a,
                "to_node_code": b,
                "diameter_mm": diameter_mm,
                "material": material,
            }
        )
        pa, pb = self.points[self.index(a)], self.points[self.index(b)]
        self.lines.append(shapely.LineString([pa, pb]))

    def index(self, code: str) -> int:
        return int(code[-4:]) - 1


def lattice(offset: float) -> tuple[np.ndarray, list[str], list[tuple[int, int]]]:
    """Manholes and junctions under every road, and the road spans joining them."""
    index: dict[tuple[float, float], int] = {}
    points: list[tuple[float, float]] = []
    kinds: list[str] = []
    edges: list[tuple[int, int]] = []

    def add(u: float, v: float, kind: str) -> int:
        key = (round(u, 3), round(v, 3))
        if key not in index:
            index[key] = len(points)
            points.append((u, v))
            kinds.append(kind)
        return index[key]

    def road(fixed: float, stops: tuple[float, ...], along_u: bool) -> None:
        for a, b in zip(stops[:-1], stops[1:], strict=True):
            n = math.ceil((b - a) / SPACING_M)
            ids = []
            for k in range(n + 1):
                t = a + (b - a) * k / n
                u, v = (t, fixed) if along_u else (fixed, t)
                ids.append(add(u + offset, v + offset, "junction" if k in (0, n) else "manhole"))
            edges.extend(zip(ids[:-1], ids[1:], strict=True))

    for v in ROAD_V:
        road(v, ROAD_U, along_u=True)
    for u in ROAD_U:
        road(u, ROAD_V, along_u=False)
    return np.array(points), kinds, edges


def shortest_tree(
    points: np.ndarray, edges: list, roots: list[int], cost, rng
) -> tuple[np.ndarray, np.ndarray]:
    """Predecessor (downstream node) and distance of every lattice node towards the nearest root."""
    a, b = np.array(edges).T
    length = np.linalg.norm(points[a] - points[b], axis=1)
    weight = (
        length
        * np.array([cost(points[i], points[j]) for i, j in edges])
        * rng.uniform(1.0, 1.001, len(edges))
    )
    n = len(points)
    graph = coo_matrix((weight, (a, b)), shape=(n, n)).tocsr()
    dist, pred, _ = dijkstra(graph, directed=False, indices=roots, min_only=True, return_predecessors=True)
    return pred, dist


def attach(footprint: shapely.Polygon, points: np.ndarray) -> tuple[int, tuple[float, float]]:
    """The road node nearest a plot, and the point of the plot's fence nearest that node."""
    distances = shapely.distance(footprint, shapely.points(points))
    nearest = int(np.argmin(distances))
    fence = shapely.ops.nearest_points(footprint.exterior, shapely.Point(points[nearest]))[0]
    return nearest, (fence.x, fence.y)


def build(
    net: Network,
    offset: float,
    roots: list[int],
    cost,
    loads: dict[int, list],
    sizes,
    rng,
    service_material: str,
    main_material,
) -> tuple[list[str], np.ndarray]:
    """Lay the lattice tree; ``loads`` maps a lattice node to its (enterprise, load, fence point)."""
    points, kinds, edges = lattice(offset)
    pred, dist = shortest_tree(points, edges, roots, cost, rng)
    codes = [net.node(u, v, kind) for (u, v), kind in zip(points, kinds, strict=True)]
    acc = np.full(len(points), 0.25 if net.network == "rain" else 0.1)
    inlets = []
    for node, connections in loads.items():
        for enterprise, load, (u, v) in connections:
            acc[node] += load
            inlets.append((node, enterprise, load, u, v))
    for node in np.argsort(-dist):
        if pred[node] >= 0:
            acc[pred[node]] += acc[node]
    for node in range(len(points)):
        if pred[node] >= 0:
            size = diameter(acc[node], sizes)
            net.pipe(codes[node], codes[pred[node]], size, main_material(size))
    for node, enterprise, load, u, v in inlets:
        inlet = net.node(u, v, "enterprise_inlet", enterprise)
        net.pipe(inlet, codes[node], max(diameter(load, sizes), 300), service_material)
    return codes, acc


def sewage(ents: list[Enterprise], rng: np.random.Generator) -> tuple[Network, list[dict]]:
    """Sewers to the plants' inlets, and each plant's treated effluent to its outfall."""
    net = Network("sewage", "S")
    points, _, _ = lattice(-7.0)
    plants = [e for e in ents if e.industry == "wastewater_plant"]
    roots, loads = [], {}
    for plant in plants:
        roots.append(attach(plant.footprint, points)[0])
    for ent in ents:
        if ent.industry != "wastewater_plant":
            node, fence = attach(ent.footprint, points)
            load = SEWAGE_LOAD[ent.industry.split(":")[0]]
            loads.setdefault(node, []).append((ent.code, load, fence))

    def cost(p, q):  # trunk sewers run along 纬四路; other spans are dearer to follow
        return 0.5 if abs(p[1] - q[1]) < 1 and abs(p[1] - (SEWAGE_TRUNK_V - 7.0)) < 1 else 1.0

    codes, acc = build(
        net,
        -7.0,
        roots,
        cost,
        loads,
        SEWAGE_SIZES,
        rng,
        "HDPE",
        lambda size: "HDPE" if size <= 600 else "reinforced_concrete",
    )
    effluents = []
    for plant, root in zip(plants, roots, strict=True):
        _, (u, v) = attach(plant.footprint, points[[root]])
        inlet = net.node(u, v, "plant_inlet", plant.code)
        net.pipe(codes[root], inlet, diameter(acc[root], SEWAGE_SIZES), "reinforced_concrete")
        centre_u = plant.footprint.centroid.x
        top = shapely.ops.nearest_points(plant.footprint.exterior, shapely.Point(centre_u, 3000.0))[0]
        outlet_u = top.x
        plant_outlet = net.node(outlet_u, top.y, "plant_outlet", plant.code)
        riverside = net.node(outlet_u, RIVERSIDE_V - 7.0, "manhole")
        outlet = net.node(outlet_u, float(bank_v(outlet_u)) + 3.0, "outlet")
        net.pipe(plant_outlet, riverside, 800, "ductile_iron")
        net.pipe(riverside, outlet, 800, "ductile_iron")
        effluents.append(
            {"plant": plant, "node_code": outlet, "u": outlet_u, "v": float(bank_v(outlet_u)) + 3.0}
        )
    return net, effluents


def rain(ents: list[Enterprise], rng: np.random.Generator) -> tuple[Network, list[dict]]:
    """Rain drains north to one gated outfall on the Yangtze per north-south road."""
    net = Network("rain", "R")
    points, _, _ = lattice(7.0)
    north = ROAD_V[-1] + 7.0
    roots = [int(np.argmin(np.hypot(points[:, 0] - (u + 7.0), points[:, 1] - north))) for u in ROAD_U]
    loads: dict[int, list] = {}
    for ent in ents:
        node, fence = attach(ent.footprint, points)
        loads.setdefault(node, []).append((ent.code, ent.footprint.area / 10_000 * RUNOFF_COEFFICIENT, fence))
    codes, acc = build(
        net, 7.0, roots, lambda p, q: 1.0, loads, RAIN_SIZES, rng, "HDPE", lambda size: "reinforced_concrete"
    )
    outfalls = []
    for i, (u, root) in enumerate(zip(ROAD_U, roots, strict=True)):
        size = diameter(acc[root], RAIN_SIZES)
        x = u + 7.0
        bank = float(bank_v(x))
        riverside = net.node(x, RIVERSIDE_V + 7.0, "manhole")
        gate = net.node(x, bank - 25.0, "rain_gate", state=RAIN_GATE_STATES[i])
        outlet = net.node(x, bank + 3.0, "outlet")
        net.pipe(codes[root], riverside, size, "reinforced_concrete")
        net.pipe(riverside, gate, size, "reinforced_concrete")
        net.pipe(gate, outlet, size, "reinforced_concrete")
        outfalls.append({"road": i, "node_code": outlet, "u": x, "v": bank + 3.0, "diameter_mm": size})
    return net, outfalls
