"""What a responder gets back for a release: threat zones, isolation and protective action as
GeoJSON, the threat over time at a receptor, with the weather and the model's caveats."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from gis.analysis.point_threat import threat_at_point
from gis.analysis.protective_action import ProtectiveAction, protective_action_from_model
from gis.analysis.release_scenario import ReleaseScenario
from gis.analysis.threat_zones import PlumeResult, ThreatZone, threat_zones

COORDINATE_DIGITS = 7  # 1e-7° ≈ 1 cm


@dataclass(frozen=True, eq=False)
class PlumeAnswer:
    scenario: ReleaseScenario
    result: PlumeResult
    protective: ProtectiveAction | None

    def impact_zones(self) -> list[tuple[str, BaseGeometry]]:
        """Zones to count people and places in, most severe first, then isolation and protective action."""
        zones = [(z.label, z.geometry) for z in self.result.threat_zones.zones if z.reached]
        if self.protective is not None:
            zones += [
                ("initial_isolation", self.protective.isolation_zone),
                ("protective_action", self.protective.protective_area),
            ]
        return [(label, geometry) for label, geometry in zones if not geometry.is_empty]

    def to_geojson(self) -> dict[str, Any]:
        s = self.scenario
        features = [_zone_feature(z) for z in self.result.threat_zones.zones]
        if self.protective is not None:
            p = self.protective
            features.append(
                _feature(
                    p.isolation_zone,
                    {
                        "kind": "initial_isolation",
                        "radius_m": round(p.isolation_radius_m, 1),
                        "basis": p.basis,
                        "basis_facts": p.basis_facts,
                    },
                )
            )
            features.append(
                _feature(
                    p.protective_area,
                    {
                        "kind": "protective_action",
                        "distance_m": round(p.protective_distance_m, 1),
                        "half_width_m": round(p.protective_half_width_m, 1),
                        "basis": p.basis,
                        "basis_facts": p.basis_facts,
                    },
                )
            )
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [s.release.lon, s.release.lat]},
                "properties": {
                    "kind": "source",
                    "chemical": s.library.name_en,
                    "chemical_zh": s.library.name_zh,
                    "release_kind": s.release.kind,
                    "storage_unit": None if s.storage_unit is None else s.storage_unit.code,
                },
            }
        )
        return {
            "type": "FeatureCollection",
            "features": features,
            "properties": {
                "release": s.release_dict(),
                "chemical": s.chemical_dict(),
                "weather": s.weather.as_dict(),
                "warnings": [w.as_dict() for w in self.result.warnings],
            },
        }


def plume_answer(scenario: ReleaseScenario) -> PlumeAnswer:
    """Threat zones, and isolation and protective action from them (none when no zone is reached).

    Isolation is drawn at the most severe zone reached; protective action at the second most
    severe endpoint (AEGL-2 for AEGL sets), or at the widest zone when that one is not reached.
    """
    result = threat_zones(scenario.release, scenario.weather.weather, scenario.chemical)
    zones = result.threat_zones.zones
    reached = [z for z in zones if z.reached]
    if not reached:
        return PlumeAnswer(scenario, result, None)
    preferred = zones[1] if len(zones) > 1 else zones[0]
    protective_level = preferred.label if preferred.reached else reached[-1].label
    protective = protective_action_from_model(
        result, isolation_level=reached[0].label, protective_level=protective_level
    )
    return PlumeAnswer(scenario, result, protective)


def point_threat_answer(
    scenario: ReleaseScenario, lon: float, lat: float, *, duration_s: float, step_s: float
) -> dict[str, Any]:
    threat = threat_at_point(
        scenario.release,
        scenario.weather.weather,
        scenario.chemical,
        lon,
        lat,
        duration_s=duration_s,
        step_s=step_s,
    )
    ppm_per_mg_m3 = threat.peak_ppm / threat.peak_mg_m3 if threat.peak_mg_m3 > 0 else None
    return {
        "receptor": {
            "lon": lon,
            "lat": lat,
            "downwind_m": round(threat.downwind_m, 1),
            "crosswind_m": round(threat.crosswind_m, 1),
        },
        "arrival_s": threat.arrival_s,
        "peak_mg_m3": threat.peak_mg_m3,
        "peak_ppm": threat.peak_ppm,
        "exceeded": [
            {"level": e.label, "threshold_mg_m3": e.threshold_mg_m3, "from_s": e.from_s, "until_s": e.until_s}
            for e in threat.exceeded
        ],
        "series": {
            "times_s": threat.times_s,
            "mg_m3": threat.concentration_mg_m3,
            "ppm": None if ppm_per_mg_m3 is None else threat.concentration_mg_m3 * ppm_per_mg_m3,
        },
        "release": scenario.release_dict(),
        "chemical": scenario.chemical_dict(),
        "weather": scenario.weather.as_dict(),
        "warnings": [w.as_dict() for w in threat.warnings],
    }


def _rounded(geometry: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geometry, lambda xy: np.round(xy, COORDINATE_DIGITS))


def _feature(geometry: BaseGeometry, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": None if geometry.is_empty else mapping(_rounded(geometry)),
        "properties": properties,
    }


def _zone_feature(zone: ThreatZone) -> dict[str, Any]:
    return _feature(
        zone.geometry,
        {
            "kind": "threat_zone",
            "level": zone.label,
            "ppm": zone.threshold_ppm,
            "mg_m3": zone.threshold_mg_m3,
            "max_downwind_m": round(zone.downwind_m, 1),
            "starts_at_m": round(zone.starts_at_m, 1),
            "max_half_width_m": round(zone.max_half_width_m, 1),
            "area_m2": round(zone.area_m2),
            "reached": zone.reached,
            "truncated": zone.truncated,
        },
    )
