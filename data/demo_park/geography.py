"""The demo park's ground: the Yangtze, a creek, the park, its zones and its roads (local metres)."""

from __future__ import annotations

import numpy as np
import shapely
from frame import multipolygon

PARK_CODE = "JA-DEMO"
PREFIX = "JA-"
PARK_W, PARK_H = 4000.0, 2500.0
ROAD_V = (0.0, 620.0, 1240.0, 1860.0, 2500.0)  # east-west roads, south to north
ROAD_U = (0.0, 800.0, 1600.0, 2400.0, 3200.0, 4000.0)  # north-south roads, west to east
RIVERSIDE_V = 2640.0
SHORE_ZONE_M = 1000.0  # Yangtze River Protection Law art. 26: 1 km shoreline control
CREEK_NAME = ("桂花溪（示例）", "Guihua Creek (synthetic)")
YANGTZE = ("长江", "Yangtze River (Chang Jiang)")
PARK_BOUNDARY = shapely.box(-30.0, -30.0, PARK_W + 30.0, PARK_H + 30.0)

NUMERALS = "一二三四五六七八九十"
PINYIN = ("yi", "er", "san", "si", "wu", "liu")


def bank_v(u: np.ndarray | float) -> np.ndarray:
    """The Yangtze's south bank (v, metres) along u; at least 45 m north of the riverside road."""
    u = np.asarray(u, dtype=float)
    return 2790.0 + 70.0 * np.sin(2 * np.pi * (u + 1500.0) / 9000.0) + 35.0 * np.sin(2 * np.pi * u / 3700.0)


def yangtze() -> shapely.Polygon:
    u = np.arange(-6000.0, 9001.0, 50.0)
    south = bank_v(u)
    north = south + 780.0 + 120.0 * np.sin(2 * np.pi * u / 7000.0)
    ring = np.concatenate([np.column_stack([u, south]), np.column_stack([u, north])[::-1]])
    return shapely.Polygon(ring)


def creek() -> shapely.Polygon:
    """A 20 m wide creek that flows north along the park's west side into the Yangtze."""
    v = np.arange(-1800.0, 2730.0, 25.0)
    u = -420.0 + 70.0 * np.sin(2 * np.pi * v / 1300.0) + 30.0 * np.sin(2 * np.pi * v / 470.0)
    mouth_u = u[-1]
    v = np.append(v, bank_v(mouth_u) + 30.0)
    u = np.append(u, mouth_u)
    return shapely.LineString(np.column_stack([u, v])).buffer(10.0, cap_style="flat")


def creek_mouth_u() -> float:
    return float(shapely.get_coordinates(creek()).max(axis=0)[0]) - 10.0


def rivers() -> tuple[list[dict], list]:
    rows = [
        {"code": PREFIX + "RV-YANGTZE", "name_zh": YANGTZE[0], "name_en": YANGTZE[1], "kind": "river"},
        {"code": PREFIX + "RV-CREEK", "name_zh": CREEK_NAME[0], "name_en": CREEK_NAME[1], "kind": "stream"},
    ]
    return rows, [yangtze(), creek()]


def park() -> tuple[list[dict], list]:
    row = {
        "code": PARK_CODE,
        "name_zh": "江安化工园区（示例数据）",
        "name_en": "Jiang'an Chemical Park (synthetic demo)",
        "synthetic": True,
    }
    return [row], [multipolygon(PARK_BOUNDARY)]


def block(c: int, r: int, to_boundary: bool = False) -> shapely.Polygon:
    """The land between road centre lines; for zones, outer blocks reach the park boundary."""
    reach = 30.0 if to_boundary else 0.0
    u0 = ROAD_U[c] - (reach if c == 0 else 0.0)
    u1 = ROAD_U[c + 1] + (reach if c + 2 == len(ROAD_U) else 0.0)
    v0 = ROAD_V[r] - (reach if r == 0 else 0.0)
    v1 = ROAD_V[r + 1] + (reach if r + 2 == len(ROAD_V) else 0.0)
    return shapely.box(u0, v0, u1, v1)


ZONES = (
    (
        "Z01",
        "industrial",
        "氯碱及基础化工区",
        "Chlor-alkali and basic chemicals zone",
        ((0, 1), (1, 1), (0, 2), (1, 2)),
    ),
    ("Z02", "industrial", "新能源材料区", "New-energy materials zone", ((2, 1), (2, 2), (3, 2))),
    ("Z03", "industrial", "精细化工区", "Fine chemicals zone", ((3, 1), (4, 1), (4, 2), (4, 0))),
    ("Z04", "industrial", "医药中间体区", "Pharmaceutical intermediates zone", ((1, 0), (2, 0), (3, 0))),
    (
        "Z05",
        "utility",
        "公用工程及环保设施区",
        "Utilities and environmental facilities zone",
        ((0, 0), (0, 3), (3, 3), (4, 3)),
    ),
    ("Z06", "logistics", "仓储物流区", "Warehousing and logistics zone", ((1, 3),)),
    ("Z07", "admin", "综合服务区", "Administration and services zone", ((2, 3),)),
)


def zones() -> tuple[list[dict], list]:
    rows, geoms = [], []
    for code, kind, name_zh, name_en, blocks in ZONES:
        rows.append(
            {
                "park_code": PARK_CODE,
                "code": PREFIX + code,
                "kind": kind,
                "name_zh": name_zh,
                "name_en": name_en,
            }
        )
        geoms.append(multipolygon(shapely.union_all([block(c, r, to_boundary=True) for c, r in blocks])))
    shore = PARK_BOUNDARY.intersection(yangtze().buffer(SHORE_ZONE_M))
    rows.append(
        {
            "park_code": PARK_CODE,
            "code": PREFIX + "Z08",
            "kind": "river_buffer",
            "name_zh": "长江岸线1公里管控区",
            "name_en": "Yangtze 1 km shoreline control zone",
        }
    )
    geoms.append(multipolygon(shore))
    return rows, geoms


def roads() -> tuple[list[dict], list]:
    rows, geoms = [], []
    for i, v in enumerate(ROAD_V):
        kind = "trunk" if i in (2, 3) else "secondary"
        rows.append(
            {
                "code": f"{PREFIX}RD-W{i + 1}",
                "name_zh": f"纬{NUMERALS[i]}路",
                "name_en": f"Wei{PINYIN[i]} Road",
                "kind": kind,
            }
        )
        geoms.append(shapely.LineString([(0.0, v), (PARK_W, v)]))
    for i, u in enumerate(ROAD_U):
        kind = "trunk" if i == 2 else "secondary"
        rows.append(
            {
                "code": f"{PREFIX}RD-J{i + 1}",
                "name_zh": f"经{NUMERALS[i]}路",
                "name_en": f"Jing{PINYIN[i]} Road",
                "kind": kind,
            }
        )
        geoms.append(shapely.LineString([(u, 0.0), (u, RIVERSIDE_V)]))
    extra = (
        ("RD-BJ", "滨江路", "Binjiang Road", "trunk", [(-2800.0, RIVERSIDE_V), (6500.0, RIVERSIDE_V)]),
        (
            "RD-JA",
            "江安大道（示例）",
            "Jiang'an Avenue (synthetic)",
            "trunk",
            [(-2900.0, 1420.0), (-1500.0, 1330.0), (-600.0, 1260.0), (0.0, 1240.0)],
        ),
        (
            "RD-NL",
            "园区南连接线",
            "Park south link road",
            "secondary",
            [(1600.0, 0.0), (1650.0, -700.0), (1900.0, -1500.0)],
        ),
    )
    for code, name_zh, name_en, kind, points in extra:
        rows.append({"code": PREFIX + code, "name_zh": name_zh, "name_en": name_en, "kind": kind})
        geoms.append(shapely.LineString(points))
    return rows, geoms
