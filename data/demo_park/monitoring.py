"""Outfalls, monitoring stations, emergency resources and people around the demo park.

Station ``parameters`` are ParkMap parameter names (data/reference/parameters.csv gives each one's
HJ 212-2017 code and unit).
"""

from __future__ import annotations

import json

import shapely
from enterprises import Enterprise
from geography import CREEK_NAME, PARK_H, PARK_W, PREFIX, bank_v, creek

AIR_BOUNDARY = ["nmhc", "so2", "nox", "h2s", "nh3", "cl2", "hcl", "pm2_5", "pm10"]
VOC = ["nmhc", "benzene", "toluene", "xylene", "methanol"]
SURFACE_WATER = ["ph", "cod", "codmn", "nh3_n", "tp", "tn", "do", "water_temp", "conductivity"]
EFFLUENT = ["cod", "nh3_n", "ph", "tp", "tn", "wastewater_flow"]
FLUE_GAS = ["flue_gas_flow", "o2", "flue_temp", "flue_velocity", "flue_pressure", "flue_humidity"]
CEMS_BY_INDUSTRY = {
    "chlor_alkali": ["cl2", "hcl"] + FLUE_GAS,
    "utility": ["so2", "nox", "smoke_dust"] + FLUE_GAS,
    "hazardous_waste": ["so2", "nox", "smoke_dust", "hcl", "co"] + FLUE_GAS,
    "basic_chemical": ["nmhc", "benzene"] + FLUE_GAS,
    "fine_chemical": ["nmhc", "toluene"] + FLUE_GAS,
    "pharma_intermediate": ["nmhc", "methanol"] + FLUE_GAS,
    "wastewater_plant": EFFLUENT,
}
MET = ["air_temp", "humidity", "pressure", "wind_speed", "wind_dir"]
KIND_DIGIT = {"air_boundary": 1, "voc": 2, "water_quality": 3, "cems_outlet": 4, "met": 5}
YANGTZE = "长江"


def outfalls(
    rain: list[dict], effluents: list[dict], municipal_permits: list[str]
) -> tuple[list[dict], list]:
    rows, geoms = [], []

    def add(code, name_zh, name_en, kind, permit, node, investigation, rectification, u, v, water=YANGTZE):
        rows.append(
            {
                "code": PREFIX + code,
                "name_zh": name_zh,
                "name_en": name_en,
                "kind": kind,
                "receiving_water": water,
                "permit_no": permit,
                "node_code": node,
                "investigation_status": investigation,
                "rectification_status": rectification,
            }
        )
        geoms.append(shapely.Point(u, v))

    states = [
        ("traced", "compliant"),
        ("traced", "rectified"),
        ("traced", "compliant"),
        ("traced", "rectified"),
        ("traced", "compliant"),
    ]
    rain_no = 0
    for outfall in rain:
        n = outfall["road"] + 1
        if n == 2:  # a legacy combined outfall: sewage still reaches this rain line
            add(
                "HH001",
                "经二路雨污混合排口",
                "Jing'er Road combined outfall",
                "mixed",
                None,
                outfall["node_code"],
                "traced",
                "rectifying",
                outfall["u"],
                outfall["v"],
            )
            continue
        investigation, rectification = states[rain_no]
        rain_no += 1
        add(
            f"YS{rain_no:03d}",
            f"经{'一二三四五六'[n - 1]}路雨水排口",
            f"Jing road {n} rain outfall",
            "rain",
            None,
            outfall["node_code"],
            investigation,
            rectification,
            outfall["u"],
            outfall["v"],
        )
    for i, eff in enumerate(effluents):
        plant = eff["plant"]
        add(
            f"DW{i + 1:03d}",
            f"{plant.row['name_zh'].removesuffix('（示例）')}尾水排口（示例）",
            f"Wastewater plant No. {i + 1} effluent outfall (demo)",
            "industrial",
            plant.row["credit_code"] + "001V",
            eff["node_code"],
            "traced",
            "compliant",
            eff["u"],
            eff["v"],
        )
    for k, u in enumerate((-1200.0, 5000.0)):
        rain_no += 1
        add(
            f"YS{rain_no:03d}",
            f"滨江路雨水排口{k + 1}号",
            f"Binjiang Road rain outfall {k + 1}",
            "rain",
            None,
            None,
            "traced",
            ("rectified", "compliant")[k],
            u,
            float(bank_v(u)) + 3.0,
        )
    creek_bank = shapely.Point(creek().exterior.interpolate(0.35, normalized=True).coords[0])
    add(
        "HH002",
        "桂花溪历史混合排口（示例）",
        "Guihua Creek legacy combined outfall (demo)",
        "mixed",
        None,
        None,
        "investigating",
        "pending",
        creek_bank.x,
        creek_bank.y,
        water=f"{CREEK_NAME[0]}（入长江）",
    )
    for k, (u, name_zh, name_en) in enumerate(
        (
            (-2400.0, "江安县城污水处理厂排口（示例）", "Jiang'an town wastewater plant outfall (demo)"),
            (6200.0, "下游集镇污水处理站排口（示例）", "Downstream township sewage station outfall (demo)"),
        )
    ):
        add(
            f"SZ{k + 1:03d}",
            name_zh,
            name_en,
            "municipal",
            municipal_permits[k],
            None,
            "traced",
            ("compliant", "rectified")[k],
            u,
            float(bank_v(u)) + 3.0,
        )
    return rows, geoms


def stations(ents: list[Enterprise]) -> tuple[list[dict], list]:
    rows, geoms = [], []

    def add(kind, name_zh, name_en, params, u, v, enterprise=None):
        n = sum(1 for r in rows if r["kind"] == kind) + 1
        code = f"{PREFIX}{''.join(w[0] for w in kind.split('_')).upper()}{n:02d}"
        rows.append(
            {
                "code": code,
                "mn": f"511523{KIND_DIGIT[kind]}{len(rows) + 1:07d}",
                "name_zh": name_zh,
                "name_en": name_en,
                "kind": kind,
                "enterprise_code": enterprise,
                "parameters": json.dumps(params),
            }
        )
        geoms.append(shapely.Point(u, v))

    edge = 45.0  # just outside the boundary road, on the park fence
    boundary = [
        (-edge, -edge, "西南角", "south-west corner"),
        (PARK_W / 2, -edge, "南侧中部", "south side"),
        (PARK_W + edge, -edge, "东南角", "south-east corner"),
        (PARK_W + edge, PARK_H / 2, "东侧中部", "east side"),
        (PARK_W + edge, PARK_H + edge, "东北角", "north-east corner"),
        (PARK_W / 2, PARK_H + edge, "北侧中部", "north side"),
        (-edge, PARK_H + edge, "西北角", "north-west corner"),
        (-edge, PARK_H / 2, "西侧中部", "west side"),
    ]
    for i, (u, v, zh, en) in enumerate(boundary):
        add(
            "air_boundary",
            f"园区边界空气站{i + 1}号（{zh}）",
            f"Boundary air station {i + 1} ({en})",
            AIR_BOUNDARY,
            u,
            v,
        )
    for i, (u, v, zh, en) in enumerate(
        [
            (1200, -edge, "医药区南", "pharma south"),
            (2800, -edge, "医药区东南", "pharma south-east"),
            (PARK_W + edge, 900, "精细化工区东", "fine chemicals east"),
            (PARK_W + edge, 1600, "精细化工区东北", "fine chemicals north-east"),
            (-edge, 1500, "基础化工区西", "basic chemicals west"),
            (1200, PARK_H + edge, "物流区北", "logistics north"),
        ]
    ):
        add("voc", f"VOCs特征因子站{i + 1}号（{zh}）", f"VOC station {i + 1} ({en})", VOC, u, v)
    for u, zh, en in (
        (-1800.0, "长江园区上游断面", "Yangtze upstream of the park"),
        (5200.0, "长江园区下游断面", "Yangtze downstream of the park"),
        (7500.0, "长江下游控制断面", "Yangtze downstream control section"),
    ):
        add(
            "water_quality",
            f"{zh}水质站（示例）",
            f"{en} water station (demo)",
            SURFACE_WATER,
            u,
            float(bank_v(u)) + 60,
        )
    mouth = creek().centroid
    add(
        "water_quality",
        "桂花溪水质站（示例）",
        "Guihua Creek water station (demo)",
        SURFACE_WATER,
        mouth.x,
        mouth.y,
    )
    emitters: dict[str, int] = {}
    for ent in ents:
        industry = ent.industry.split(":")[0]
        wanted = {
            "chlor_alkali": 2,
            "hazardous_waste": 1,
            "wastewater_plant": 2,
            "basic_chemical": 1,
            "fine_chemical": 2,
            "pharma_intermediate": 2,
        }.get(industry, 0)
        if ent.industry == "utility:cogeneration":
            wanted = 1
        if emitters.get(industry, 0) >= wanted:
            continue
        emitters[industry] = emitters.get(industry, 0) + 1
        stack = ent.footprint.representative_point()
        what = "尾水" if industry == "wastewater_plant" else "废气排放口"
        add(
            "cems_outlet",
            f"{ent.row['name_zh'].removesuffix('（示例）')}{what}在线监测（示例）",
            f"{ent.row['name_en'].removesuffix(' (demo)')} outlet CEMS (demo)",
            CEMS_BY_INDUSTRY[industry],
            stack.x,
            stack.y,
            ent.code,
        )
    add("met", "园区气象站（示例）", "Park meteorological station (demo)", MET, 2150.0, 2250.0)
    return rows, geoms


ADMIN = (2150.0, 2150.0)  # the service centre in the admin block


def resources() -> tuple[list[dict], list]:
    items = [
        (
            "fire_station",
            "江安化工园区特勤消防站（示例）",
            "Park special fire station (demo)",
            60,
            (2000, 2000),
            {
                "fire_engines": 8,
                "foam_tenders": 2,
                "aerial_platforms": 1,
                "foam_concentrate_t": 30,
                "dry_powder_t": 5,
                "breathing_apparatus": 60,
                "gas_tight_suits": 20,
                "gas_detectors": 12,
            },
        ),
        (
            "material_depot",
            "园区应急物资储备库（示例）",
            "Park emergency materials depot (demo)",
            None,
            (2300, 2000),
            {
                "absorbent_boom_m": 2000,
                "absorbent_pads": 3000,
                "sandbags": 5000,
                "quicklime_t": 20,
                "sodium_bicarbonate_t": 10,
                "activated_carbon_t": 5,
                "submersible_pumps": 10,
                "leak_plugging_kits": 20,
                "chemical_suits": 50,
            },
        ),
        (
            "material_depot",
            "西区水上应急物资点（示例）",
            "West river-response depot (demo)",
            None,
            (450, 2560),
            {
                "absorbent_boom_m": 1500,
                "oil_skimmers": 2,
                "work_boats": 1,
                "submersible_pumps": 6,
                "sandbags": 3000,
            },
        ),
        (
            "material_depot",
            "东区应急物资点（示例）",
            "East emergency depot (demo)",
            None,
            (3600, 1550),
            {
                "absorbent_pads": 1500,
                "sandbags": 2000,
                "quicklime_t": 10,
                "breathing_apparatus": 20,
                "gas_detectors": 6,
            },
        ),
        (
            "emergency_pool",
            "第一污水处理厂事故应急池（示例）",
            "Plant No. 1 emergency pool (demo)",
            20000,
            (150, 2050),
            {},
        ),
        (
            "emergency_pool",
            "第二污水处理厂事故应急池（示例）",
            "Plant No. 2 emergency pool (demo)",
            15000,
            (3800, 2050),
            {},
        ),
        (
            "shelter",
            "园区综合服务中心避难场所（示例）",
            "Park service centre shelter (demo)",
            2000,
            ADMIN,
            {},
        ),
        (
            "shelter",
            "南部村委会广场避难场所（示例）",
            "South village square shelter (demo)",
            1500,
            (1900, -1400),
            {},
        ),
        (
            "shelter",
            "江安城区体育场避难场所（示例）",
            "Jiang'an town stadium shelter (demo)",
            5000,
            (-2500, 1000),
            {},
        ),
        ("hospital", "江安城区医院（示例）", "Jiang'an town hospital (demo)", 500, (-2600, 1700), {}),
        (
            "hospital",
            "园区南社区卫生院（示例）",
            "South community health centre (demo)",
            60,
            (2300, -1300),
            {},
        ),
        ("medical_station", "园区医疗救护站（示例）", "Park first-aid station (demo)", 10, (2250, 2300), {}),
        ("school", "江安示例中学（示例）", "Jiang'an demo middle school (demo)", 1500, (-900, -700), {}),
    ]
    rows, geoms = [], []
    for i, (kind, name_zh, name_en, capacity, (u, v), materials) in enumerate(items):
        rows.append(
            {
                "code": f"{PREFIX}RS{i + 1:02d}",
                "kind": kind,
                "name_zh": name_zh,
                "name_en": name_en,
                "capacity": capacity,
                "contact": "园区应急指挥中心 0831-0000119" if kind != "hospital" else None,
                "materials": json.dumps(materials, ensure_ascii=False),
            }
        )
        geoms.append(shapely.Point(u, v))
    return rows, geoms


def population(ents: list[Enterprise]) -> tuple[list[dict], list]:
    items = [
        ("dormitory", "园区职工宿舍1号楼（示例）", "Park staff dormitory 1 (demo)", 900, (2050, 2380)),
        ("dormitory", "园区职工宿舍2号楼（示例）", "Park staff dormitory 2 (demo)", 650, (2300, 2400)),
        ("office", "园区管委会办公楼（示例）", "Park management office (demo)", 150, (2150, 2050)),
        ("village", "桂花村（示例）", "Guihua village (demo)", 820, (600, -900)),
        ("village", "青杠村（示例）", "Qinggang village (demo)", 640, (2600, -1100)),
        ("village", "石桥村（示例）", "Shiqiao village (demo)", 450, (4700, 400)),
        ("village", "河坝村（示例）", "Heba village (demo)", 380, (5200, 1800)),
        ("village", "观音湾（示例）", "Guanyinwan hamlet (demo)", 160, (-800, 300)),
        ("residential", "江安城区西片（示例）", "Jiang'an town west district (demo)", 12000, (-2700, 1300)),
        (
            "residential",
            "江安城区滨江片（示例）",
            "Jiang'an town riverside district (demo)",
            8000,
            (-2200, 2300),
        ),
        ("school", "江安示例中学（示例）", "Jiang'an demo middle school (demo)", 1500, (-900, -700)),
    ]
    rows, geoms = [], []
    for kind, name_zh, name_en, people, (u, v) in items:
        rows.append({"kind": kind, "name_zh": name_zh, "name_en": name_en, "people": people})
        geoms.append(shapely.Point(u, v))
    for ent in ents:
        if (ent.row["employees"] or 0) >= 300:
            rows.append(
                {
                    "kind": "office",
                    "name_zh": f"{ent.row['name_zh'].removesuffix('（示例）')}办公楼（示例）",
                    "name_en": f"{ent.row['name_en'].removesuffix(' (demo)')} office (demo)",
                    "people": int(ent.row["employees"] * 0.3),
                }
            )
            geoms.append(ent.footprint.representative_point())
    for i, row in enumerate(rows):
        row["code"] = f"{PREFIX}PP{i + 1:02d}"
    return rows, geoms
