"""Demo data for the park programs, made from what the store already holds (deterministic).

    from gis.programs.demo import load_demo_programs
    counts = load_demo_programs(engine)          # after the demo park is loaded

Carbon units get their history (past replacement cycles, declarations) and open jobs where
they are near saturation; outfalls get rectification tasks and monitoring results that
agree with their status; every enterprise gets a cleaner-production audit for last year;
depots and major-hazard enterprises declare their materials, with a few past loans. A store
that already holds program data is left alone. Every value is a synthetic example.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, text

from gis.programs import carbon
from gis.programs.cleaner_production import LEVELS, score_audit, system_for_industry
from gis.programs.cleaner_production_audits import add_months
from gis.programs.settings import ProgramSettings, program_settings
from gis.programs.sql import query

COMPANY = "川南活性炭再生有限公司（示例）"
MATERIAL_NAMES = {
    "absorbent_boom_m": ("吸油围栏", "m"),
    "absorbent_pads": ("吸附棉", "片"),
    "sandbags": ("沙袋", "个"),
    "quicklime_t": ("生石灰", "t"),
    "sodium_bicarbonate_t": ("碳酸氢钠", "t"),
    "activated_carbon_t": ("活性炭", "t"),
    "submersible_pumps": ("潜水泵", "台"),
    "leak_plugging_kits": ("堵漏工具包", "套"),
    "chemical_suits": ("防化服", "套"),
    "oil_skimmers": ("收油机", "台"),
    "work_boats": ("工作艇", "艘"),
    "breathing_apparatus": ("空气呼吸器", "具"),
    "gas_detectors": ("气体检测仪", "台"),
}
ENTERPRISE_KIT = (
    ("absorbent_pads", 200, 600),
    ("sandbags", 100, 400),
    ("chemical_suits", 4, 12),
    ("leak_plugging_kits", 1, 4),
)


def _q(name: str):
    return text(query("demo", name))


def load_demo_programs(
    engine: Engine,
    *,
    seed: int = 20261125,
    now: dt.datetime | None = None,
    settings: ProgramSettings | None = None,
) -> dict[str, int]:
    """Fill the programs from the park in the store; returns rows made per kind (all 0 if already filled)."""
    settings = settings or program_settings()
    now = now or dt.datetime.now(dt.UTC)
    rng = random.Random(seed)
    with engine.begin() as conn:
        if conn.execute(_q("already_loaded")).scalar_one():
            return {
                "carbon_events": 0,
                "carbon_jobs": 0,
                "outfall_tasks": 0,
                "outfall_samples": 0,
                "production_audits": 0,
                "material_stocks": 0,
                "material_loans": 0,
            }
        counts = _carbon(conn, rng, now, settings)
        counts |= _outfalls(conn, rng, now, settings)
        counts["production_audits"] = _audits(conn, rng, now, settings)
        counts |= _materials(conn, rng, now)
    return counts


def _plate(rng: random.Random) -> str:
    return "川Q·" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(5))


def _carbon(
    conn: Connection, rng: random.Random, now: dt.datetime, settings: ProgramSettings
) -> dict[str, int]:
    events = jobs = 0
    tz = ZoneInfo(settings.park_timezone)

    def event(unit, kind, at, detail, job=None):
        nonlocal events
        conn.execute(
            _q("insert_event"),
            {"unit": unit, "kind": kind, "at": at, "detail": json.dumps(detail), "job": job},
        )
        events += 1

    for unit in conn.execute(_q("carbon_units")).mappings().all():
        hours = rng.choice((8.0, 16.0, 24.0))
        source = rng.choice(("declared", "measured"))
        values = {
            "airflow_m3h": unit["airflow_m3h"],
            "inlet_voc_mgm3": unit["inlet_voc_mgm3"],
            "hours_per_day": hours,
            "removal_efficiency": unit["removal_efficiency"],
            "inlet_source": source,
        }
        charge = {
            "carbon_type": unit["carbon_type"],
            "fill_mass_kg": unit["fill_mass_kg"],
            "design_capacity": unit["design_capacity"],
        }
        operation = {k: values[k] for k in values if k != "inlet_source"}
        daily = carbon.Operation(now, **operation).daily_load_kg
        cycle = unit["fill_mass_kg"] * unit["design_capacity"] / max(daily, 1e-6)
        # where the current charge stands: most well inside, some near, a few past saturation
        fraction = rng.choices(
            ((0.05, 0.7), (0.7, 0.9), (0.9, 1.0), (1.0, 1.3), (1.5, 3.0)), weights=(60, 20, 10, 7, 3)
        )[0]
        fill_date = (now.astimezone(tz) - dt.timedelta(days=cycle * rng.uniform(*fraction))).date()
        conn.execute(
            _q("set_operation"), {"hours": hours, "source": source, "fill_date": fill_date, "id": unit["id"]}
        )
        unit = {**unit, "fill_date": fill_date}
        filled = dt.datetime.combine(fill_date, dt.time(9), tzinfo=tz)
        cycle_days = max(10, min(240, round(cycle)))
        if rng.random() < 0.6:  # one past cycle: fill, request, schedule, pickup, regeneration, refill
            before = filled - dt.timedelta(days=cycle_days + 3)
            event(unit["id"], "fill", before, {**charge, **values, "fill_date": before.date().isoformat()})
            requested = filled - dt.timedelta(days=3)
            weight = round(unit["fill_mass_kg"] * (1 + 0.8 * unit["design_capacity"]), 1)
            plate = _plate(rng)
            job = conn.execute(
                _q("insert_job"),
                {
                    "unit": unit["id"],
                    "enterprise": unit["enterprise_id"],
                    "state": "closed",
                    "reason": "饱和更换",
                    "requested_at": requested,
                    "company": COMPANY,
                    "scheduled_for": (filled - dt.timedelta(days=1)).date(),
                    "vehicle_plate": plate,
                    "weight": weight,
                    "picked_up_at": filled - dt.timedelta(hours=2),
                    "regenerated_at": filled + dt.timedelta(days=4),
                    "certificate_no": f"ZS{rng.randrange(10**6):06d}",
                    "refilled_at": filled,
                    "updated_at": filled + dt.timedelta(days=4),
                },
            ).scalar_one()
            jobs += 1
            event(unit["id"], "request", requested, {"reason": "饱和更换"}, job)
            event(
                unit["id"],
                "schedule",
                requested + dt.timedelta(hours=5),
                {
                    "company": COMPANY,
                    "scheduled_for": (filled - dt.timedelta(days=1)).date().isoformat(),
                    "vehicle_plate": plate,
                },
                job,
            )
            event(
                unit["id"],
                "pickup",
                filled - dt.timedelta(hours=2),
                {"vehicle_plate": plate, "weight_kg": weight},
                job,
            )
            event(unit["id"], "refill", filled, {**charge, "fill_date": unit["fill_date"].isoformat()}, job)
            event(unit["id"], "regeneration", filled + dt.timedelta(days=4), {"certificate_no": "示例"}, job)
        else:
            event(
                unit["id"], "fill", filled, {**charge, **values, "fill_date": unit["fill_date"].isoformat()}
            )
        row = {**unit, "hours_per_day": hours, "inlet_source": source, "declarations": "[]"}
        saturation = carbon.saturation_of(row, now, settings)
        if saturation and saturation.level in ("yellow", "orange", "red") and rng.random() < 0.7:
            requested = now - dt.timedelta(hours=rng.randrange(2, 72))
            scheduled = rng.random() < 0.5
            job = conn.execute(
                _q("insert_job"),
                {
                    "unit": unit["id"],
                    "enterprise": unit["enterprise_id"],
                    "state": "scheduled" if scheduled else "requested",
                    "reason": "接近饱和，一键申请更换",
                    "requested_at": requested,
                    "company": COMPANY if scheduled else None,
                    "scheduled_for": (now + dt.timedelta(days=2)).date() if scheduled else None,
                    "vehicle_plate": _plate(rng) if scheduled else None,
                    "weight": None,
                    "picked_up_at": None,
                    "regenerated_at": None,
                    "certificate_no": None,
                    "refilled_at": None,
                    "updated_at": requested,
                },
            ).scalar_one()
            jobs += 1
            event(unit["id"], "request", requested, {"reason": "接近饱和，一键申请更换"}, job)
    return {"carbon_events": events, "carbon_jobs": jobs}


def _outfalls(
    conn: Connection, rng: random.Random, now: dt.datetime, settings: ProgramSettings
) -> dict[str, int]:
    tasks = samples = 0
    today = now.astimezone(ZoneInfo(settings.park_timezone)).date()
    for outfall in conn.execute(_q("outfalls")).mappings().all():
        enterprise = conn.execute(_q("upstream_enterprise"), {"outfall": outfall["id"]}).scalar_one_or_none()
        status = outfall["rectification_status"]
        base = {
            "outfall": outfall["id"],
            "enterprise": enterprise,
            "submitted_at": None,
            "accepted_at": None,
            "note": None,
        }
        if status == "rectifying":
            conn.execute(
                _q("insert_task"),
                {
                    **base,
                    "problem": "雨污混接，旱天有污水排出",
                    "measure": "排查混接点并完成雨污分流改造",
                    "deadline": today + dt.timedelta(days=rng.randrange(10, 60)),
                    "unit": "园区建设局（示例）",
                    "status": "open",
                    "created_at": now - dt.timedelta(days=40),
                },
            )
            tasks += 1
        elif status == "pending":
            conn.execute(
                _q("insert_task"),
                {
                    **base,
                    "problem": "排口来源未查清，水质异常",
                    "measure": "溯源排查并封堵非法接入",
                    "deadline": today - dt.timedelta(days=rng.randrange(3, 20)),
                    "unit": "园区生态环境分局（示例）",
                    "status": "open",
                    "created_at": now - dt.timedelta(days=90),
                },
            )
            tasks += 1
        elif status == "rectified":
            done = now - dt.timedelta(days=rng.randrange(30, 200))
            conn.execute(
                _q("insert_task"),
                {
                    **base,
                    "problem": "排口标识牌缺失、采样口不规范",
                    "measure": "规范化建设：标识牌、采样井、视频监控",
                    "deadline": (done + dt.timedelta(days=10)).date(),
                    "unit": "排口责任单位（示例）",
                    "status": "accepted",
                    "created_at": done - dt.timedelta(days=60),
                    "submitted_at": done - dt.timedelta(days=5),
                    "accepted_at": done,
                    "note": "现场核查通过（示例）",
                },
            )
            tasks += 1
        treated = outfall["kind"] in ("industrial", "municipal")
        for k in range(3):
            at = now - dt.timedelta(days=30 * k + rng.randrange(0, 10))
            # GB 18918-2002 class 1A for treated effluent; rain outfalls against GB 3838-2002 class V (park choice)
            cod_limit, nh3_limit = (50.0, 5.0) if treated else (40.0, 2.0)
            polluted = status in ("rectifying", "pending") and k == 0
            cod = round(rng.uniform(0.4, 0.9) * cod_limit * (1.8 if polluted else 1.0), 1)
            nh3 = round(rng.uniform(0.2, 0.8) * nh3_limit * (2.0 if polluted else 1.0), 2)
            for parameter, value, limit in (("cod", cod, cod_limit), ("nh3_n", nh3, nh3_limit)):
                conn.execute(
                    _q("insert_sample"),
                    {
                        "outfall": outfall["id"],
                        "at": at,
                        "parameter": parameter,
                        "value": value,
                        "unit": "mg/L",
                        "limit": limit,
                        "note": "示例监测数据",
                    },
                )
                samples += 1
    return {"outfall_tasks": tasks, "outfall_samples": samples}


def _indicator_value(ind, quality: float, rng: random.Random) -> Any:
    """A value around the benchmarks: quality 0 is level I, 1 level II, 2 level III, beyond is worse."""
    q = max(0.0, quality + rng.uniform(-0.5, 0.5))
    if ind.kind == "qualitative":
        return LEVELS[int(q)] if q < 3 else "none"
    bounds = [ind.levels[g] for g in LEVELS]
    step = bounds[2] - bounds[1]
    if q <= 2:
        i = int(q)
        value = bounds[i] + (bounds[min(i + 1, 2)] - bounds[i]) * (q - i)
    else:
        value = bounds[2] + step * (q - 2)
    return round(value, 3)


def _audits(conn: Connection, rng: random.Random, now: dt.datetime, settings: ProgramSettings) -> int:
    year = now.year - 1
    today = now.astimezone(ZoneInfo(settings.park_timezone)).date()
    made = 0
    for ent in conn.execute(_q("enterprises")).mappings().all():
        chosen = system_for_industry(ent["industry"])
        quality = rng.uniform(0.3, 2.4)
        values = {ind.id: _indicator_value(ind, quality, rng) for ind in chosen.indicators}
        result = score_audit(chosen, values, settings)
        conn.execute(
            _q("insert_audit"),
            {
                "enterprise": ent["id"],
                "year": year,
                "indicators": json.dumps(values),
                "score": result.score,
                "level": result.level,
                "code": result.code,
                "system": chosen.code,
                "result": json.dumps(result.as_dict(), ensure_ascii=False),
                "updated_at": now,
                "next_review": add_months(today, result.review_months),
            },
        )
        made += 1
    return made


def _materials(conn: Connection, rng: random.Random, now: dt.datetime) -> dict[str, int]:
    stocks: list[tuple[int, float, int | None]] = []

    def stock(resource, enterprise, kind, quantity, contact, phone, lon, lat):
        name, unit = MATERIAL_NAMES.get(kind, (kind, "件"))
        stock_id = conn.execute(
            _q("insert_stock"),
            {
                "resource": resource,
                "enterprise": enterprise,
                "type": kind,
                "name": name,
                "quantity": quantity,
                "unit": unit,
                "contact": contact,
                "phone": phone,
                "at": now,
                "lon": lon,
                "lat": lat,
            },
        ).scalar_one()
        stocks.append((stock_id, quantity, enterprise))

    for depot in conn.execute(_q("depots")).mappings().all():
        for kind, quantity in sorted(json.loads(depot["materials"] or "{}").items()):
            stock(
                depot["id"], None, kind, float(quantity), depot["contact"], None, depot["lon"], depot["lat"]
            )
    enterprises = conn.execute(_q("enterprises")).mappings().all()
    lenders = [e for e in enterprises if e["risk_level"] in ("major", "larger")] or enterprises[:3]
    for ent in lenders:
        for kind, low, high in ENTERPRISE_KIT:
            stock(
                None,
                ent["id"],
                kind,
                float(rng.randint(low, high)),
                ent["contact"],
                ent["phone"],
                ent["lon"],
                ent["lat"],
            )
    loans = 0
    for n in range(min(3, len(stocks))):
        stock_id, quantity, lender = stocks[rng.randrange(len(stocks))]
        borrowers = [e["id"] for e in enterprises if e["id"] != lender]
        lent = max(1.0, round(quantity * 0.1))
        at = now - dt.timedelta(days=20 + 7 * n)
        conn.execute(
            _q("insert_loan"),
            {
                "stock": stock_id,
                "state": "returned",
                "quantity": lent,
                "purpose": "应急演练借用（示例）",
                "requester": rng.choice(borrowers) if borrowers else None,
                "requested_at": at,
                "approved_at": at + dt.timedelta(hours=1),
                "handed_over_at": at + dt.timedelta(hours=3),
                "returned_at": at + dt.timedelta(days=2),
                "returned_quantity": lent,
                "note": "演练结束归还",
            },
        )
        loans += 1
    return {"material_stocks": len(stocks), "material_loans": loans}
