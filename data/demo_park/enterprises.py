"""The demo park's enterprises: plots, names, credit codes, hazardous inventories, carbon units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import shapely
from credit import credit_code, random_bodies
from geography import PARK_CODE, PREFIX, block

DIVISION = "511523"  # GB/T 2260: 四川省宜宾市江安县

# CAS numbers of the chemical library (data/reference/chemicals.csv)
CL2, HCL, NH3, HF, COCL2, EO, H2 = (
    "7782-50-5",
    "7647-01-0",
    "7664-41-7",
    "7664-39-3",
    "75-44-5",
    "75-21-8",
    "1333-74-0",
)
MEOH, TOL, BENZ, ACN, ECH, ACET = "67-56-1", "108-88-3", "71-43-2", "107-13-1", "106-89-8", "67-64-1"
ETAC, ETOH, HEX, CH4, LPG = "141-78-6", "64-17-5", "110-54-3", "74-82-8", "68476-85-7"
H2SO4, NAOH, NMP, DCM = "7664-93-9", "1310-73-2", "872-50-4", "75-09-2"

# Plots per block (column, row); the admin block keeps two thirds for the service centre.
BLOCK_PLAN = {
    (0, 3): ["wastewater_plant", "logistics"],
    (1, 3): ["logistics"] * 4,
    (2, 3): ["utility:water_supply"],
    (3, 3): ["utility:cogeneration", "utility:gas_station"],
    (4, 3): ["wastewater_plant", "utility:industrial_gases"],
    (0, 2): ["chlor_alkali"],
    (1, 2): ["basic_chemical"] * 3,
    (2, 2): ["lithium_battery_materials"] * 4,
    (3, 2): ["lithium_battery_materials"] * 3,
    (4, 2): ["fine_chemical"] * 3,
    (0, 1): ["chlor_alkali", "basic_chemical"],
    (1, 1): ["basic_chemical"] * 3,
    (2, 1): ["lithium_battery_materials"] * 4,
    (3, 1): ["fine_chemical"] * 4,
    (4, 1): ["fine_chemical"] * 3,
    (0, 0): ["hazardous_waste", "utility:lpg_station"],
    (1, 0): ["pharma_intermediate"] * 4,
    (2, 0): ["pharma_intermediate"] * 4,
    (3, 0): ["pharma_intermediate"] * 3 + ["fine_chemical"],
    (4, 0): ["fine_chemical"] * 5,
}

# industry: (name suffix zh, en, employees range, typical inventory [(CAS, kind, capacity t range)])
# Typical capacities stay below a quarter of the GB 18218 critical quantity, so only the
# enterprises given a MAJOR_STOCK below become major hazard sources.
INDUSTRY = {
    "chlor_alkali": (
        "氯碱化工有限公司",
        "Chlor-Alkali Chemical Co., Ltd.",
        (600, 1200),
        [
            (NAOH, "tank", (800, 2500)),
            (HCL, "process_unit", (1, 4)),
            (H2, "gasholder", (0.3, 1.0)),
            (H2SO4, "tank", (80, 300)),
        ],
    ),
    "basic_chemical": (
        "化工有限公司",
        "Chemical Co., Ltd.",
        (150, 500),
        [
            (MEOH, "tank", (40, 120)),
            (BENZ, "tank", (4, 12)),
            (ACN, "tank", (4, 12)),
            (ECH, "tank", (1, 5)),
            (NH3, "tank", (0.5, 2.5)),
        ],
    ),
    "lithium_battery_materials": (
        "新能源材料有限公司",
        "New Energy Materials Co., Ltd.",
        (200, 800),
        [
            (NMP, "tank", (50, 250)),
            (H2SO4, "tank", (150, 600)),
            (NH3, "tank", (0.5, 2.5)),
            (NAOH, "tank", (100, 400)),
        ],
    ),
    "fine_chemical": (
        "精细化工有限公司",
        "Fine Chemical Co., Ltd.",
        (80, 300),
        [
            (TOL, "tank", (30, 120)),
            (MEOH, "tank", (30, 120)),
            (ACET, "tank", (30, 120)),
            (ETAC, "tank", (30, 120)),
            (BENZ, "tank", (3, 12)),
            (H2, "gasholder", (0.1, 1.0)),
        ],
    ),
    "pharma_intermediate": (
        "医药化工有限公司",
        "Pharmaceutical Chemical Co., Ltd.",
        (100, 400),
        [
            (DCM, "tank", (20, 120)),
            (MEOH, "tank", (20, 120)),
            (TOL, "tank", (20, 120)),
            (ETOH, "tank", (40, 120)),
            (HEX, "tank", (20, 100)),
            (H2, "gasholder", (0.05, 0.5)),
        ],
    ),
    "hazardous_waste": (
        "环保科技有限公司",
        "Environmental Technology Co., Ltd.",
        (80, 200),
        [
            (TOL, "warehouse", (10, 40)),
            (MEOH, "warehouse", (10, 40)),
            (H2SO4, "tank", (20, 60)),
            (NAOH, "tank", (20, 60)),
        ],
    ),
    "wastewater_plant": ("", "", (40, 80), [(NAOH, "tank", (20, 60)), (H2SO4, "tank", (20, 50))]),
    "logistics": (
        "危化品物流有限公司",
        "Hazardous Chemicals Logistics Co., Ltd.",
        (50, 200),
        [
            (MEOH, "warehouse", (40, 120)),
            (TOL, "warehouse", (40, 120)),
            (LPG, "tank", (3, 10)),
            (ACET, "warehouse", (40, 120)),
        ],
    ),
    "utility:water_supply": (
        "供水有限公司",
        "Water Supply Co., Ltd.",
        (30, 60),
        [(CL2, "warehouse", (0.5, 1.0))],
    ),
    "utility:cogeneration": (
        "热电有限公司",
        "Cogeneration Co., Ltd.",
        (150, 300),
        [(NH3, "tank", (0.5, 2.0))],
    ),
    "utility:gas_station": ("燃气有限公司", "Natural Gas Co., Ltd.", (20, 50), [(CH4, "gasholder", (4, 10))]),
    "utility:industrial_gases": (
        "工业气体有限公司",
        "Industrial Gases Co., Ltd.",
        (40, 120),
        [(H2, "gasholder", (0.3, 1.0))],
    ),
    "utility:lpg_station": ("能源有限公司", "Energy Co., Ltd.", (20, 40), [(LPG, "tank", (3, 10))]),
}

# Inventories that make an enterprise a GB 18218-2018 major hazard source (by plot order).
MAJOR_STOCK = {
    "chlor_alkali": [(CL2, "tank", (30, 60)), (H2, "gasholder", (5, 8))],
    "basic_chemical": [(EO, "tank", (20, 40))],
    "lithium_battery_materials": [(HF, "tank", (4, 10))],
    "pharma_intermediate": [(COCL2, "process_unit", (0.4, 0.8))],
    "logistics": [(MEOH, "warehouse", (600, 900))],
    "utility:cogeneration": [(NH3, "tank", (20, 40))],
}
VOC_INDUSTRIES = {
    "fine_chemical": (1, 3),
    "pharma_intermediate": (1, 3),
    "hazardous_waste": (2, 2),
    "basic_chemical": (1, 1),
    "lithium_battery_materials": (1, 1),
    "logistics": (0, 1),
}

BRANDS = (
    ("蜀江", "Shujiang"),
    ("川南", "Chuannan"),
    ("竹海", "Zhuhai"),
    ("金江", "Jinjiang"),
    ("宏远", "Hongyuan"),
    ("华晟", "Huasheng"),
    ("锦川", "Jinchuan"),
    ("瑞丰", "Ruifeng"),
    ("恒润", "Hengrun"),
    ("新锂", "Xinli"),
    ("凯盛", "Kaisheng"),
    ("博远", "Boyuan"),
    ("安澜", "Anlan"),
    ("明德", "Mingde"),
    ("正源", "Zhengyuan"),
    ("立信", "Lixin"),
    ("星河", "Xinghe"),
    ("润泽", "Runze"),
    ("鼎盛", "Dingsheng"),
    ("永安", "Yong'an"),
    ("长兴", "Changxing"),
    ("佳和", "Jiahe"),
    ("兴川", "Xingchuan"),
    ("云岭", "Yunling"),
    ("泰和", "Taihe"),
    ("远航", "Yuanhang"),
    ("智成", "Zhicheng"),
    ("辰光", "Chenguang"),
    ("恒丰", "Hengfeng"),
    ("德润", "Derun"),
    ("青禾", "Qinghe"),
    ("思源", "Siyuan"),
    ("万和", "Wanhe"),
    ("益康", "Yikang"),
    ("康瑞", "Kangrui"),
    ("普济", "Puji"),
    ("嘉瑞", "Jiarui"),
    ("天成", "Tiancheng"),
    ("盛元", "Shengyuan"),
    ("同创", "Tongchuang"),
    ("海川", "Haichuan"),
    ("沃德", "Wode"),
    ("清源", "Qingyuan"),
    ("晨曦", "Chenxi"),
    ("百川", "Baichuan"),
    ("华锂", "Huali"),
    ("锐新", "Ruixin"),
    ("科邦", "Kebang"),
    ("迪康", "Dikang"),
    ("合众", "Hezhong"),
    ("江润", "Jiangrun"),
    ("卓越", "Zhuoyue"),
    ("安泰", "Antai"),
    ("宏达", "Hongda"),
    ("信诚", "Xincheng"),
    ("东升", "Dongsheng"),
    ("联创", "Lianchuang"),
    ("新航", "Xinhang"),
    ("远景", "Yuanjing"),
    ("华康", "Huakang"),
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "霞",
    "平",
    "刚",
)


@dataclass
class Enterprise:
    code: str
    industry: str
    footprint: shapely.Polygon
    row: dict
    stock: list[tuple[str, str, float, float]] = field(default_factory=list)  # CAS, kind, quantity, capacity


def plots(rect: shapely.Polygon, count: int) -> list[shapely.Polygon]:
    """Split a block, 25 m back from the road centre lines, into ``count`` plots."""
    u0, v0, u1, v1 = rect.bounds
    u0, v0, u1, v1 = u0 + 25, v0 + 25, u1 - 25, v1 - 25
    if count == 4:
        um, vm = (u0 + u1) / 2, (v0 + v1) / 2
        return [
            shapely.box(*b) for b in ((u0, v0, um, vm), (um, v0, u1, vm), (u0, vm, um, v1), (um, vm, u1, v1))
        ]
    if count == 5:
        vm = (v0 + v1) / 2
        return plots(shapely.box(u0 - 25, vm - 25, u1 + 25, v1 + 25), 3) + plots(
            shapely.box(u0 - 25, v0 - 25, u1 + 25, vm + 25), 2
        )
    cuts = np.linspace(u0, u1, count + 1)
    return [shapely.box(cuts[i], v0, cuts[i + 1], v1) for i in range(count)]


def footprint(plot: shapely.Polygon, rng: np.random.Generator) -> shapely.Polygon:
    """A plot 8 m inside its lot, some with a corner cut away so outlines are not all boxes."""
    inner = plot.buffer(-8.0, join_style="mitre")
    if rng.random() < 0.45:
        u0, v0, u1, v1 = inner.bounds
        du, dv = (u1 - u0) * rng.uniform(0.15, 0.35), (v1 - v0) * rng.uniform(0.15, 0.35)
        corner = [(u0, v0), (u1, v0), (u0, v1), (u1, v1)][int(rng.integers(0, 4))]
        cut = shapely.box(corner[0] - du, corner[1] - dv, corner[0] + du, corner[1] + dv)
        inner = inner.difference(cut)
    return inner


def name(industry: str, brand: tuple[str, str], plant_no: int) -> tuple[str, str]:
    if industry == "wastewater_plant":
        return (
            f"江安化工园区第{'一二'[plant_no]}污水处理厂（示例）",
            f"Jiang'an Chemical Park Wastewater Plant No. {plant_no + 1} (demo)",
        )
    zh, en = INDUSTRY[industry][0], INDUSTRY[industry][1]
    return f"{brand[0]}{zh}（示例）", f"{brand[1]} {en} (demo)"


def enterprises(rng: np.random.Generator) -> list[Enterprise]:
    total = sum(len(v) for v in BLOCK_PLAN.values())
    bodies = random_bodies(rng, total)
    brand_order = rng.permutation(len(BRANDS))
    result: list[Enterprise] = []
    seen_major: set[str] = set()
    plant_no = 0
    for (c, r), industries in sorted(BLOCK_PLAN.items(), key=lambda kv: (-kv[0][1], kv[0][0])):
        lots = plots(block(c, r), 3 if (c, r) == (2, 3) else len(industries))
        for lot, industry in zip(lots, industries, strict=False):
            n = len(result)
            name_zh, name_en = name(industry, BRANDS[brand_order[n]], plant_no)
            plant_no += industry == "wastewater_plant"
            low, high = INDUSTRY[industry][2]
            code = f"{PREFIX}E{n + 1:03d}"
            row = {
                "park_code": PARK_CODE,
                "code": code,
                "credit_code": credit_code(DIVISION, bodies[n]),
                "name_zh": name_zh,
                "name_en": name_en,
                "industry": industry.split(":")[0],
                "employees": int(rng.integers(low, high)),
                "contact": SURNAMES[int(rng.integers(0, len(SURNAMES)))] + "".join(rng.choice(GIVEN, 2)),
                # 0 after the area code is never allocated to a subscriber: no real line is rung.
                "phone": f"0831-0{int(rng.integers(0, 10**6)):06d}",
            }
            ent = Enterprise(code, industry, footprint(lot, rng), row)
            stock(ent, rng, major=industry in MAJOR_STOCK and industry not in seen_major)
            seen_major.add(industry)
            result.append(ent)
    return result


def stock(ent: Enterprise, rng: np.random.Generator, major: bool) -> None:
    typical = INDUSTRY[ent.industry][3]
    count = len(typical) if len(typical) <= 2 else int(rng.integers(2, min(4, len(typical)) + 1))
    picks = [typical[i] for i in sorted(rng.choice(len(typical), count, replace=False))]
    if major:
        picks = [p for p in picks if p[0] not in {m[0] for m in MAJOR_STOCK[ent.industry]}]
        picks += MAJOR_STOCK[ent.industry]
    for cas, kind, (low, high) in picks:
        capacity = round(float(rng.uniform(low, high)), 2)
        quantity = round(capacity * float(rng.uniform(0.55, 0.9)), 2)
        ent.stock.append((cas, kind, quantity, capacity))


def risk_level(ent: Enterprise, critical_t: dict[str, float]) -> str:
    """GB 18218-2018 4.2.1: S = Σ q/Q over design maxima; S ≥ 1 is a major hazard source."""
    s = sum(cap / critical_t[cas] for cas, _, _, cap in ent.stock if cas in critical_t)
    return "major" if s >= 1 else ("larger" if s >= 0.3 else "general")


def inside_points(geom: shapely.Polygon, count: int, rng: np.random.Generator, margin: float) -> list:
    area = geom.buffer(-margin)
    if area.is_empty:
        area = geom
    u0, v0, u1, v1 = area.bounds
    points: list = []
    while len(points) < count:
        p = shapely.Point(rng.uniform(u0, u1), rng.uniform(v0, v1))
        if area.contains(p):
            points.append(p)
    return points


def storage_units(ents: list[Enterprise], rng: np.random.Generator) -> tuple[list[dict], list]:
    rows, geoms = [], []
    for ent in ents:
        points = inside_points(ent.footprint, len(ent.stock), rng, 20.0)
        for i, ((cas, kind, quantity, capacity), point) in enumerate(zip(ent.stock, points, strict=True)):
            rows.append(
                {
                    "enterprise_code": ent.code,
                    "chemical_cas": cas,
                    "code": f"{ent.code}-T{i + 1:02d}",
                    "kind": kind,
                    "quantity_t": quantity,
                    "capacity_t": capacity,
                }
            )
            geoms.append(point)
    return rows, geoms


def carbon_units(ents: list[Enterprise], rng: np.random.Generator, as_of: dt.date) -> tuple[list[dict], list]:
    rows, geoms = [], []
    for ent in ents:
        low, high = VOC_INDUSTRIES.get(ent.industry, (0, 0))
        count = int(rng.integers(low, high + 1))
        for i, point in enumerate(inside_points(ent.footprint, count, rng, 12.0)):
            airflow = float(rng.choice([5000, 10000, 15000, 20000, 30000, 40000]))
            rows.append(
                {
                    "enterprise_code": ent.code,
                    "code": f"{ent.code}-AC{i + 1:02d}",
                    "carbon_type": str(rng.choice(["granular", "honeycomb", "columnar"])),
                    "fill_mass_kg": float(rng.choice([500, 800, 1000, 1500, 2000, 3000, 4000])),
                    # dynamic adsorption capacity: kg VOC adsorbed per kg carbon before breakthrough
                    "design_capacity": round(float(rng.uniform(0.10, 0.15)), 3),
                    "airflow_m3h": airflow,
                    "inlet_voc_mgm3": round(float(rng.uniform(30, 250)), 1),
                    "fill_date": (as_of - dt.timedelta(days=int(rng.integers(5, 240)))).isoformat(),
                    "status": "in_service",
                }
            )
            geoms.append(point)
    return rows, geoms
