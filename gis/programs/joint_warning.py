"""Joint early warning and three-level prevention (三级防控) for one place.

Water, air and soil signals around a point are put side by side: open alarms at stations
nearby, where the drains from the point lead (rain gates, plant inlets, outfalls and their
state), river stations near those outfalls, and the tanks a spill would soak from. The
prevention level that holds the incident is the first whose barrier stands:

- enterprise (in-plant interception): the point lies in an enterprise's plot and no signal
  shows outside it (no open alarm at another party's station, no polluted outfall);
- park (interception ditches, rain gates closed): every rain gate on the way down is closed
  and no river station outside the park is in alarm;
- basin: otherwise, the river stations downstream are where it is watched and fought.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import asyncpg

from gis.errors import InvalidInput
from gis.programs.sql import from_json, query

RIVER_SEARCH_M = 10_000.0
NODE_SEARCH_M = 500.0


async def joint_warning(
    conn: asyncpg.Connection, lon: float, lat: float, radius_m: float, now: dt.datetime
) -> dict[str, Any]:
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise InvalidInput("lon/lat are degrees")
    if not 0 < radius_m <= 20_000:
        raise InvalidInput("radius is (0, 20 000] m")
    place = await conn.fetchrow(query("joint_warning", "place"), lon, lat)
    enterprise = from_json(place["enterprise"])
    stations = [
        {**dict(r), "open_alarms": from_json(r["open_alarms"])}
        for r in await conn.fetch(query("joint_warning", "stations"), lon, lat, radius_m)
    ]
    down = await conn.fetchrow(query("joint_warning", "downstream"), lon, lat, NODE_SEARCH_M, now)
    outfalls = from_json(down["outfalls"])
    gates = from_json(down["rain_gates"])
    rivers = [
        dict(r)
        for r in await conn.fetch(
            query("joint_warning", "river_stations"),
            [o["lon"] for o in outfalls],
            [o["lat"] for o in outfalls],
            RIVER_SEARCH_M,
        )
    ]
    tanks = [dict(r) for r in await conn.fetch(query("joint_warning", "storage_units"), lon, lat, radius_m)]
    pools = [dict(r) for r in await conn.fetch(query("joint_warning", "emergency_pools"), lon, lat)]

    own_id = enterprise["id"] if enterprise else None
    alarmed = [s for s in stations if s["open_alarms"]]
    outside_signals = [
        s["code"] for s in alarmed if s["enterprise_id"] is None or s["enterprise_id"] != own_id
    ]
    outside_signals += [o["code"] for o in outfalls if o["exceeded"]]
    open_gates = [g for g in gates if g["state"] != "closed"]
    river_alarms = [r for r in rivers if r["open_alarms"]]
    levels = {
        "enterprise": {
            "applies": enterprise is not None,
            "enterprise": enterprise,
            "holds": enterprise is not None and not outside_signals,
            "signals_outside": outside_signals,
        },
        "park": {
            "rain_gates": len(gates),
            "rain_gates_closed": len(gates) - len(open_gates),
            "open_gates": open_gates,
            "emergency_pools": pools,
            "holds": not open_gates and not river_alarms,
        },
        "basin": {
            "river_stations": rivers,
            "stations_in_alarm": [r["code"] for r in river_alarms],
            "holds": not river_alarms,
        },
    }
    contained_at = next((name for name in ("enterprise", "park") if levels[name]["holds"]), "basin")
    return {
        "place": {
            "lon": lon,
            "lat": lat,
            "radius_m": radius_m,
            "enterprise": enterprise,
            "inside_park": place["inside_park"],
        },
        "air": {
            "stations": [s for s in stations if s["kind"] in ("air_boundary", "voc", "cems_outlet", "met")],
            "open_alarms": sum(len(s["open_alarms"]) for s in stations if s["kind"] != "water_quality"),
        },
        "water": {
            "start_node": down["start_node"],
            "pipe_ids": list(down["pipe_ids"] or []),
            "outfalls": outfalls,
            "rain_gates": gates,
            "plant_inlets": from_json(down["plant_inlets"]),
            "stations": [s for s in stations if s["kind"] == "water_quality"],
        },
        "soil": {
            "storage_units": tanks,
            "note": "no soil monitoring points are recorded; the storage units nearby are what a spill would soak from",
        },
        "prevention": {**levels, "contained_at": contained_at},
        "features": _features(lon, lat, stations, outfalls, gates, rivers, tanks),
    }


def _features(lon, lat, stations, outfalls, gates, rivers, tanks) -> dict[str, Any]:
    def point(x, y, role, props):
        return {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [x, y]},
            "properties": {"role": role, **props},
        }

    features = [point(lon, lat, "incident", {})]
    features += [
        point(
            s["lon"],
            s["lat"],
            "station",
            {"id": s["id"], "code": s["code"], "kind": s["kind"], "alarms": len(s["open_alarms"])},
        )
        for s in stations
    ]
    features += [
        point(
            o["lon"],
            o["lat"],
            "outfall",
            {
                "id": o["id"],
                "code": o["code"],
                "exceeded": o["exceeded"],
                "rectification_status": o["rectification_status"],
            },
        )
        for o in outfalls
    ]
    features += [
        point(g["lon"], g["lat"], "rain_gate", {"id": g["id"], "code": g["code"], "state": g["state"]})
        for g in gates
    ]
    features += [
        point(
            r["lon"],
            r["lat"],
            "river_station",
            {"id": r["id"], "code": r["code"], "alarms": r["open_alarms"]},
        )
        for r in rivers
    ]
    features += [
        point(
            t["lon"],
            t["lat"],
            "storage_unit",
            {"id": t["id"], "code": t["code"], "chemical": t["chemical_name_zh"]},
        )
        for t in tanks
    ]
    return {"type": "FeatureCollection", "features": features}
