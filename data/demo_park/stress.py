"""The stress park: the demo park's structure tiled 8 × 5 times, built with numpy for benchmarks.

About 200,000 pipe segments, 2,000 enterprises and 5,000 stations, east of the demo park.
Every tile is a 70 × 35 lattice of manholes 50 m apart under its road grid, with a comb-
shaped tree per network: sewers run west along each row and north along the first column
to the tile's wastewater plant; rain drains run east and north to a gated outfall on the
river strip north of the tile.  Pipes point in flow direction.
"""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import shapely
from credit import credit_code, random_bodies
from frame import LOAD_ORDER, Frame

PARK_CODE = "ST-STRESS"
PREFIX = "ST-"
ORIGIN = (105.16, 28.68)  # lon/lat of the south-west corner, east of the demo park
TILES_X, TILES_Y = 8, 5
NX, NY, STEP = 70, 35, 50.0
PITCH_U, PITCH_V = 4200.0, 2600.0
RIVER_V = (1850.0, 2050.0)  # the river strip north of each tile row
PLOTS_X, PLOTS_Y, PLOT_U, PLOT_V = 10, 5, 345.0, 340.0
STATIONS_PER_TILE = 125
STATION_MIX = (("air_boundary", 40), ("voc", 35), ("water_quality", 10), ("cems_outlet", 38), ("met", 2))
INDUSTRIES = (
    "fine_chemical",
    "pharma_intermediate",
    "basic_chemical",
    "lithium_battery_materials",
    "logistics",
)
SEWAGE_SIZES = np.array([10, 30, 70, 200, 800]), np.array([300, 400, 500, 600, 800, 1000])
RAIN_SIZES = np.array([10, 30, 70, 200, 600, 1200]), np.array([400, 600, 800, 1000, 1200, 1500, 1800])
TILES = TILES_X * TILES_Y


def sizes(upstream: np.ndarray, table: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    return table[1][np.searchsorted(table[0], upstream, side="right")]


def tile_origins() -> np.ndarray:
    t = np.arange(TILES)
    return np.column_stack([(t % TILES_X) * PITCH_U, (t // TILES_X) * PITCH_V])


def codes(prefix: str, tile: np.ndarray, index: np.ndarray, width: int = 5) -> np.ndarray:
    return np.array(
        [f"{prefix}{t:02d}-{k:0{width}d}" for t, k in zip(tile, index, strict=True)], dtype=object
    )


def lattice_network(network: str, letter: str, offset: float, plots: dict, rng) -> tuple[dict, dict]:
    """Nodes and pipes of one network over every tile, as column arrays (positions in metres)."""
    origins = tile_origins()
    t, j, i = np.meshgrid(np.arange(TILES), np.arange(NY), np.arange(NX), indexing="ij")
    t, j, i = t.ravel(), j.ravel(), i.ravel()
    u = origins[t, 0] + i * STEP + offset
    v = origins[t, 1] + j * STEP + offset
    k = j * NX + i
    node_code = codes(f"{PREFIX}{letter}N", t, k)
    kind = np.where((i % 7 == 0) & (j % 7 == 0), "junction", "manhole").astype(object)
    if network == "sewage":  # west along the row, then north along column 0
        down_i, down_j = np.where(i > 0, i - 1, 0), np.where(i > 0, j, j + 1)
        upstream = np.where(i > 0, NX - i, NX * (j + 1))
        root = (i == 0) & (j == NY - 1)
        table = SEWAGE_SIZES
    else:  # east along the row, then north along the last column
        down_i, down_j = np.where(i < NX - 1, i + 1, i), np.where(i < NX - 1, j, j + 1)
        upstream = np.where(i < NX - 1, i + 1, NX * (j + 1))
        root = (i == NX - 1) & (j == NY - 1)
        table = RAIN_SIZES
    tree = ~root
    down_index = t * NX * NY + down_j * NX + down_i
    pipes = {
        "from_node_code": node_code[tree],
        "to_node_code": node_code[down_index[tree]],
        "diameter_mm": sizes(upstream[tree], table),
        "xy": np.stack([u[tree], v[tree], u[down_index[tree]], v[down_index[tree]]], axis=1),
    }
    nodes = {
        "code": node_code,
        "kind": kind,
        "enterprise_code": np.full(len(k), None, dtype=object),
        "state": np.full(len(k), None, dtype=object),
        "u": u,
        "v": v,
    }
    roots = np.flatnonzero(root)
    extra_nodes, extra_pipes = ends(network, letter, roots, nodes, plots, table)
    return merge(nodes, extra_nodes), merge(pipes, extra_pipes)


def ends(network: str, letter: str, roots: np.ndarray, nodes: dict, plots: dict, table) -> tuple[dict, dict]:
    """Enterprise connections, and the ends each tile's tree drains to."""
    origins = tile_origins()
    ru, rv = nodes["u"][roots], nodes["v"][roots]
    tiles = np.arange(TILES)
    full = np.full(TILES, NX * NY)
    connect = plots["connect"] if network == "rain" else ~plots["plant"]
    e_tile, e_code = plots["tile"][connect], plots["code"][connect]
    e_u, e_v = plots["corner_u"][connect], plots["corner_v"][connect]
    lattice_index = e_tile * NX * NY + plots["corner_j"][connect] * NX + plots["corner_i"][connect]
    inlet_codes = codes(f"{PREFIX}{letter}I", e_tile, np.arange(len(e_tile)), 6)
    new_nodes = [
        {
            "code": inlet_codes,
            "kind": "enterprise_inlet",
            "enterprise_code": e_code,
            "state": None,
            "u": e_u,
            "v": e_v,
        }
    ]
    new_pipes = [
        {
            "from_node_code": inlet_codes,
            "to_node_code": nodes["code"][lattice_index],
            "diameter_mm": np.full(len(e_tile), 300 if network == "sewage" else 400),
            "xy": np.stack([e_u, e_v, nodes["u"][lattice_index], nodes["v"][lattice_index]], axis=1),
        }
    ]
    river_u = origins[:, 0] + (NX - 1) * STEP + 5.0
    if network == "sewage":
        plant = plots["plant"]
        inlet = codes(f"{PREFIX}{letter}PI", tiles, tiles, 2)
        new_nodes.append(
            {
                "code": inlet,
                "kind": "plant_inlet",
                "enterprise_code": plots["code"][plant],
                "state": None,
                "u": plots["corner_u"][plant],
                "v": plots["corner_v"][plant] + 300.0,
            }
        )
        new_pipes.append(
            {
                "from_node_code": nodes["code"][roots],
                "to_node_code": inlet,
                "diameter_mm": sizes(full, table),
                "xy": np.stack([ru, rv, plots["corner_u"][plant], plots["corner_v"][plant] + 300.0], 1),
            }
        )
        out_u = plots["corner_u"][plant] + 100.0
        start_v, out_v = plots["corner_v"][plant] + 300.0, origins[:, 1] + RIVER_V[0] + 3.0
        plant_out = codes(f"{PREFIX}{letter}PO", tiles, tiles, 2)
        outlet = codes(f"{PREFIX}{letter}OUT", tiles, tiles, 2)
        new_nodes.append(
            {
                "code": plant_out,
                "kind": "plant_outlet",
                "enterprise_code": plots["code"][plant],
                "state": None,
                "u": out_u,
                "v": start_v,
            }
        )
        new_nodes.append(
            {"code": outlet, "kind": "outlet", "enterprise_code": None, "state": None, "u": out_u, "v": out_v}
        )
        new_pipes.append(
            {
                "from_node_code": plant_out,
                "to_node_code": outlet,
                "diameter_mm": np.full(TILES, 800),
                "xy": np.stack([out_u, start_v, out_u, out_v], 1),
            }
        )
    else:
        gate = codes(f"{PREFIX}{letter}G", tiles, tiles, 2)
        outlet = codes(f"{PREFIX}{letter}OUT", tiles, tiles, 2)
        gate_v, out_v = origins[:, 1] + RIVER_V[0] - 25.0, origins[:, 1] + RIVER_V[0] + 3.0
        states = np.where(tiles % 3 == 0, "open", "closed").astype(object)
        new_nodes.append(
            {
                "code": gate,
                "kind": "rain_gate",
                "enterprise_code": None,
                "state": states,
                "u": river_u,
                "v": gate_v,
            }
        )
        new_nodes.append(
            {
                "code": outlet,
                "kind": "outlet",
                "enterprise_code": None,
                "state": None,
                "u": river_u,
                "v": out_v,
            }
        )
        size = sizes(full, table)
        new_pipes.append(
            {
                "from_node_code": nodes["code"][roots],
                "to_node_code": gate,
                "diameter_mm": size,
                "xy": np.stack([ru, rv, river_u, gate_v], 1),
            }
        )
        new_pipes.append(
            {
                "from_node_code": gate,
                "to_node_code": outlet,
                "diameter_mm": size,
                "xy": np.stack([river_u, gate_v, river_u, out_v], 1),
            }
        )
    return merge(*new_nodes), merge(*new_pipes)


def merge(*parts: dict) -> dict:
    out = {}
    for key in parts[0]:
        columns = []
        for part in parts:
            value = part[key]
            length = len(next(v for v in part.values() if isinstance(v, np.ndarray)))
            columns.append(value if isinstance(value, np.ndarray) else np.full(length, value, dtype=object))
        out[key] = np.concatenate(columns)
    return out


def plots_layer(rng: np.random.Generator) -> dict:
    origins = tile_origins()
    t, b, a = np.meshgrid(np.arange(TILES), np.arange(PLOTS_Y), np.arange(PLOTS_X), indexing="ij")
    t, b, a = t.ravel(), b.ravel(), a.ravel()
    corner_u = origins[t, 0] + a * PLOT_U + 20.0
    corner_v = origins[t, 1] + b * PLOT_V + 20.0
    plant = (a == 0) & (b == PLOTS_Y - 1)
    n = len(t)
    return {
        "tile": t,
        "code": np.array([f"{PREFIX}E{k + 1:04d}" for k in range(n)], dtype=object),
        "corner_u": corner_u,
        "corner_v": corner_v,
        "plant": plant,
        "connect": np.ones(n, bool),
        "corner_i": np.rint((corner_u - origins[t, 0]) / STEP).astype(int),
        "corner_j": np.rint((corner_v - origins[t, 1]) / STEP).astype(int),
        "industry": np.where(
            plant, "wastewater_plant", np.array(INDUSTRIES, dtype=object)[rng.integers(0, 5, n)]
        ),
    }


def random_points(rng, tiles: np.ndarray, u_range, v_range) -> tuple[np.ndarray, np.ndarray]:
    origins = tile_origins()
    return (
        origins[tiles, 0] + rng.uniform(*u_range, len(tiles)),
        origins[tiles, 1] + rng.uniform(*v_range, len(tiles)),
    )


def stress(seed: int, as_of: dt.date, chemicals: pd.DataFrame) -> dict:
    rng = np.random.default_rng(seed)
    frame = Frame(*ORIGIN)
    origins = tile_origins()
    plots = plots_layer(rng)
    layers: dict = {}
    extent = shapely.box(
        -100, -100, origins[:, 0].max() + PITCH_U - 500, origins[:, 1].max() + RIVER_V[0] - 50
    )
    layers["parks"] = frame.layer(
        [
            {
                "code": PARK_CODE,
                "name_zh": "压力测试园区（示例数据）",
                "name_en": "Stress-test park (synthetic demo)",
                "synthetic": True,
            }
        ],
        [shapely.MultiPolygon([extent])],
    )
    tiles_geom = shapely.box(
        origins[:, 0] - 60, origins[:, 1] - 60, origins[:, 0] + NX * STEP + 60, origins[:, 1] + NY * STEP + 60
    )
    rivers = shapely.box(
        -2000,
        origins[::TILES_X, 1] + RIVER_V[0],
        TILES_X * PITCH_U + 2000,
        origins[::TILES_X, 1] + RIVER_V[1],
    )
    layers["rivers"] = frame.layer(
        {
            "code": [f"{PREFIX}RV{r:02d}" for r in range(TILES_Y)],
            "name_zh": [f"示例河{r + 1}号（示例）" for r in range(TILES_Y)],
            "name_en": [f"Demo river {r + 1} (synthetic)" for r in range(TILES_Y)],
            "kind": "river",
        },
        rivers,
    )
    buffers = shapely.intersection(tiles_geom, shapely.buffer(rivers[np.arange(TILES) // TILES_X], 1000.0))
    zone_geoms = np.concatenate([tiles_geom, buffers])
    layers["zones"] = frame.layer(
        {
            "park_code": PARK_CODE,
            "code": [f"{PREFIX}Z{k:03d}" for k in range(2 * TILES)],
            "kind": ["industrial"] * TILES + ["river_buffer"] * TILES,
            "name_zh": [
                f"{k % TILES + 1}号片区" + ("" if k < TILES else "岸线管控区") for k in range(2 * TILES)
            ],
            "name_en": [
                f"Tile {k % TILES + 1}" + ("" if k < TILES else " shoreline control zone")
                for k in range(2 * TILES)
            ],
        },
        [shapely.MultiPolygon([g]) if g.geom_type == "Polygon" else g for g in zone_geoms],
    )
    road_u = np.arange(0, PLOTS_X + 1) * PLOT_U
    road_v = np.arange(0, PLOTS_Y + 1) * PLOT_V
    rt, ru = np.meshgrid(np.arange(TILES), road_u, indexing="ij")
    ns = shapely.linestrings(
        np.stack(
            [
                np.stack([origins[rt, 0] + ru, origins[rt, 1]], -1),
                np.stack([origins[rt, 0] + ru, origins[rt, 1] + RIVER_V[0]], -1),
            ],
            -2,
        ).reshape(-1, 2, 2)
    )
    rt2, rv = np.meshgrid(np.arange(TILES), road_v, indexing="ij")
    ew = shapely.linestrings(
        np.stack(
            [
                np.stack([origins[rt2, 0], origins[rt2, 1] + rv], -1),
                np.stack([origins[rt2, 0] + PLOTS_X * PLOT_U, origins[rt2, 1] + rv], -1),
            ],
            -2,
        ).reshape(-1, 2, 2)
    )
    road_geoms = np.concatenate([ns, ew])
    layers["roads"] = frame.layer(
        {
            "code": [f"{PREFIX}RD{k:05d}" for k in range(len(road_geoms))],
            "name_zh": [f"测试路{k + 1}" for k in range(len(road_geoms))],
            "name_en": [f"Test road {k + 1}" for k in range(len(road_geoms))],
            "kind": "secondary",
        },
        road_geoms,
    )
    layers["chemicals"] = chemicals
    layers.update(enterprise_layers(frame, plots, rng, chemicals, as_of))
    sewage_nodes, sewage_pipes = lattice_network("sewage", "S", -5.0, plots, rng)
    rain_nodes, rain_pipes = lattice_network("rain", "R", 5.0, plots, rng)
    nodes = merge(
        dict(sewage_nodes, network=np.full(len(sewage_nodes["code"]), "sewage", dtype=object)),
        dict(rain_nodes, network=np.full(len(rain_nodes["code"]), "rain", dtype=object)),
    )
    pipes = merge(
        dict(sewage_pipes, network=np.full(len(sewage_pipes["xy"]), "sewage", dtype=object)),
        dict(rain_pipes, network=np.full(len(rain_pipes["xy"]), "rain", dtype=object)),
    )
    layers["pipe_nodes"] = frame.layer(
        {k: nodes[k] for k in ("code", "network", "kind", "enterprise_code", "state")},
        shapely.points(nodes["u"], nodes["v"]),
    )
    pipe_codes = np.array([f"{PREFIX}P{k:06d}" for k in range(len(pipes["xy"]))], dtype=object)
    material = np.where(pipes["diameter_mm"] >= 800, "reinforced_concrete", "HDPE").astype(object)
    layers["pipes"] = frame.layer(
        {
            "code": pipe_codes,
            "network": pipes["network"],
            "from_node_code": pipes["from_node_code"],
            "to_node_code": pipes["to_node_code"],
            "diameter_mm": pipes["diameter_mm"],
            "material": material,
        },
        shapely.linestrings(pipes["xy"].reshape(-1, 2, 2)),
    )
    outlets = nodes["kind"] == "outlet"
    is_rain = nodes["network"][outlets] == "rain"
    n_out = int(outlets.sum())
    status = np.array(["compliant", "rectified", "rectifying", "compliant"], dtype=object)
    layers["outfalls"] = frame.layer(
        {
            "code": [f"{PREFIX}OF{k:03d}" for k in range(n_out)],
            "name_zh": [f"测试排口{k + 1}" for k in range(n_out)],
            "name_en": [f"Test outfall {k + 1}" for k in range(n_out)],
            "kind": np.where(is_rain, "rain", "industrial").astype(object),
            "receiving_water": "示例河",
            "permit_no": None,
            "node_code": nodes["code"][outlets],
            "investigation_status": "traced",
            "rectification_status": status[np.arange(n_out) % 4],
        },
        shapely.points(nodes["u"][outlets], nodes["v"][outlets]),
    )
    layers["stations"] = stations_layer(frame, plots, rng)
    layers.update(people_layers(frame, rng))
    return {name: layers[name] for name in LOAD_ORDER}


def enterprise_layers(frame: Frame, plots: dict, rng, chemicals: pd.DataFrame, as_of: dt.date) -> dict:
    n = len(plots["tile"])
    bodies = random_bodies(rng, n)
    u0, v0 = plots["corner_u"], plots["corner_v"]
    footprints = shapely.box(u0, v0, u0 + PLOT_U - 40.0, v0 + PLOT_V - 40.0)
    names = [f"测试企业{k + 1}号（示例）" for k in range(n)]
    enterprises = frame.layer(
        {
            "park_code": PARK_CODE,
            "code": plots["code"],
            "credit_code": [credit_code("511599", body) for body in bodies],
            "name_zh": names,
            "name_en": [f"Test enterprise {k + 1} (demo)" for k in range(n)],
            "industry": plots["industry"],
            "risk_level": np.array(["general", "larger", "major"], dtype=object)[
                rng.choice(3, n, p=[0.6, 0.3, 0.1])
            ],
            "employees": rng.integers(30, 800, n),
        },
        [shapely.MultiPolygon([f]) for f in footprints],
    )
    per = 3
    owner = np.repeat(np.arange(n), per)
    cas = chemicals["cas"].to_numpy(dtype=object)[rng.integers(0, len(chemicals), n * per)]
    capacity = np.round(rng.uniform(1, 200, n * per), 2)
    storage = frame.layer(
        {
            "enterprise_code": plots["code"][owner],
            "chemical_cas": cas,
            "code": [f"{plots['code'][o]}-T{k % per + 1:02d}" for k, o in enumerate(owner)],
            "kind": "tank",
            "quantity_t": np.round(capacity * rng.uniform(0.5, 0.9, n * per), 2),
            "capacity_t": capacity,
        },
        shapely.points(u0[owner] + rng.uniform(30, 270, n * per), v0[owner] + rng.uniform(30, 260, n * per)),
    )
    days = rng.integers(5, 240, n)
    carbon = frame.layer(
        {
            "enterprise_code": plots["code"],
            "code": [f"{c}-AC01" for c in plots["code"]],
            "carbon_type": "granular",
            "fill_mass_kg": rng.choice([500.0, 1000.0, 2000.0, 3000.0], n),
            "design_capacity": np.round(rng.uniform(0.10, 0.15, n), 3),
            "airflow_m3h": rng.choice([5000.0, 10000.0, 20000.0], n),
            "inlet_voc_mgm3": np.round(rng.uniform(30, 250, n), 1),
            "fill_date": [(as_of - dt.timedelta(days=int(d))).isoformat() for d in days],
            "status": "in_service",
        },
        shapely.points(u0 + 280.0, v0 + 20.0),
    )
    return {"enterprises": enterprises, "storage_units": storage, "carbon_units": carbon}


def stations_layer(frame: Frame, plots: dict, rng) -> object:
    kinds = np.concatenate([np.full(count, kind, dtype=object) for kind, count in STATION_MIX])
    kinds = np.tile(kinds, TILES)
    tiles = np.repeat(np.arange(TILES), STATIONS_PER_TILE)
    u, v = random_points(rng, tiles, (0, NX * STEP), (0, NY * STEP))
    water = kinds == "water_quality"
    v[water] = tile_origins()[tiles[water], 1] + rng.uniform(RIVER_V[0] + 20, RIVER_V[1] - 20, water.sum())
    cems = np.flatnonzero(kinds == "cems_outlet")
    owner = tiles[cems] * PLOTS_X * PLOTS_Y + rng.integers(0, PLOTS_X * PLOTS_Y, len(cems))
    enterprise = np.full(len(kinds), None, dtype=object)
    enterprise[cems] = plots["code"][owner]
    u[cems], v[cems] = plots["corner_u"][owner] + 150.0, plots["corner_v"][owner] + 150.0
    params = {
        "air_boundary": ["nmhc", "so2", "nox", "pm2_5"],
        "voc": ["nmhc", "toluene"],
        "water_quality": ["ph", "cod", "nh3_n"],
        "cems_outlet": ["so2", "nox", "smoke_dust", "flue_gas_flow"],
        "met": ["wind_speed", "wind_dir", "air_temp"],
    }
    n = len(kinds)
    digit = {"air_boundary": 1, "voc": 2, "water_quality": 3, "cems_outlet": 4, "met": 5}
    return frame.layer(
        {
            "code": [f"{PREFIX}ST{k:05d}" for k in range(n)],
            "mn": [f"599999{digit[kind]}{k:07d}" for k, kind in enumerate(kinds)],
            "name_zh": [f"测试站{k + 1}" for k in range(n)],
            "name_en": [f"Test station {k + 1}" for k in range(n)],
            "kind": kinds,
            "enterprise_code": enterprise,
            "parameters": [json.dumps(params[kind]) for kind in kinds],
        },
        shapely.points(u, v),
    )


def people_layers(frame: Frame, rng) -> dict:
    kinds = np.array(
        [
            "fire_station",
            "material_depot",
            "material_depot",
            "material_depot",
            "shelter",
            "shelter",
            "shelter",
            "hospital",
            "school",
            "emergency_pool",
        ],
        dtype=object,
    )
    tiles = np.repeat(np.arange(TILES), len(kinds))
    all_kinds = np.tile(kinds, TILES)
    u, v = random_points(rng, tiles, (0, NX * STEP), (0, NY * STEP))
    n = len(tiles)
    materials = json.dumps({"sandbags": 2000, "absorbent_boom_m": 500})
    resources = frame.layer(
        {
            "code": [f"{PREFIX}RS{k:04d}" for k in range(n)],
            "kind": all_kinds,
            "name_zh": [f"测试应急资源{k + 1}" for k in range(n)],
            "name_en": [f"Test resource {k + 1}" for k in range(n)],
            "capacity": rng.integers(10, 3000, n),
            "materials": np.where(all_kinds == "material_depot", materials, "{}").astype(object),
        },
        shapely.points(u, v),
    )
    m = TILES * 20
    ptiles = np.repeat(np.arange(TILES), 20)
    pu, pv = random_points(rng, ptiles, (-300, NX * STEP + 300), (-300, NY * STEP))
    population = frame.layer(
        {
            "code": [f"{PREFIX}PP{k:04d}" for k in range(m)],
            "name_zh": [f"测试人员点{k + 1}" for k in range(m)],
            "name_en": [f"Test population point {k + 1}" for k in range(m)],
            "kind": np.array(["village", "dormitory", "office", "residential"], dtype=object)[
                rng.integers(0, 4, m)
            ],
            "people": rng.integers(20, 2000, m),
        },
        shapely.points(pu, pv),
    )
    return {"resources": resources, "population_points": population}
