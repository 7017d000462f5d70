"""Request bodies of the analysis and incident routes, turned into the domain's own inputs."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from gis.analysis.meteorology import STABILITY_CLASSES
from gis.analysis.release_scenario import ReleaseSpec
from gis.analysis.scenario import Endpoint
from gis.analysis.weather import WeatherSpec
from gis.errors import InvalidInput

Lon = Annotated[float, Field(ge=-180, le=180)]
Lat = Annotated[float, Field(ge=-90, le=90)]
Id = Annotated[int, Field(ge=1, le=2_147_483_647)]
Cas = Annotated[str, Field(pattern=r"^\d{2,7}-\d{2}-\d$")]
ParameterName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,23}$")]
Positive = Annotated[float, Field(gt=0, le=1e9)]
MAX_STEPS = 5000


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReleaseIn(Body):
    """Continuous (rate in g/s or kg/min, optional duration) or instantaneous (mass in kg).
    Left out with a storage unit: the unit's content over 10 minutes (worst case)."""

    kind: Literal["continuous", "instantaneous"] | None = None
    rate_g_s: Positive | None = None
    rate_kg_min: Positive | None = None
    duration_s: Positive | None = None
    duration_min: Positive | None = None
    mass_kg: Positive | None = None
    height_m: float = Field(0.0, ge=0, le=500)

    @model_validator(mode="after")
    def one_unit_each(self) -> ReleaseIn:
        if self.rate_g_s is not None and self.rate_kg_min is not None:
            raise ValueError("give the rate in g/s or in kg/min, not both")
        if self.duration_s is not None and self.duration_min is not None:
            raise ValueError("give the duration in s or in min, not both")
        return self

    @property
    def rate(self) -> float | None:
        return self.rate_g_s if self.rate_kg_min is None else self.rate_kg_min * 1000.0 / 60.0

    @property
    def duration(self) -> float | None:
        return self.duration_s if self.duration_min is None else self.duration_min * 60.0


class EndpointIn(Body):
    label: str = Field(min_length=1, max_length=24)
    value: Positive
    unit: Literal["ppm", "mg/m3"]


class WeatherIn(Body):
    """``source`` auto: the nearest met station's live wind (entered wind as fallback);
    ``stability`` auto: the Pasquill table by time of day and ``cloud_oktas``."""

    source: Literal["auto", "entered"] = "auto"
    wind_speed_m_s: float | None = Field(None, gt=0, le=60)
    wind_from_deg: float | None = Field(None, ge=0, le=360)
    stability: Literal[STABILITY_CLASSES + ("auto",)] = "auto"  # type: ignore[valid-type]
    cloud_oktas: int | None = Field(None, ge=0, le=8)
    at: AwareDatetime | None = None
    terrain: Literal["rural", "urban"] = "rural"

    def spec(self) -> WeatherSpec:
        return WeatherSpec(
            source=self.source,
            wind_speed_m_s=self.wind_speed_m_s,
            wind_from_deg=self.wind_from_deg,
            stability=None if self.stability == "auto" else self.stability,
            cloud_oktas=self.cloud_oktas,
            at=self.at,
            terrain=self.terrain,
        )


class ScenarioIn(Body):
    lon: Lon | None = None
    lat: Lat | None = None
    storage_unit_id: Id | None = None
    chemical_id: Id | None = None
    cas: Cas | None = None
    parameter: ParameterName | None = Field(
        None, description="an air parameter stations measure (e.g. nmhc), as the released substance"
    )
    release: ReleaseIn = ReleaseIn()
    weather: WeatherIn = WeatherIn()
    endpoints: list[EndpointIn] = Field(default_factory=list, max_length=6)

    def spec(self) -> ReleaseSpec:
        return ReleaseSpec(
            lon=self.lon,
            lat=self.lat,
            storage_unit_id=self.storage_unit_id,
            chemical_id=self.chemical_id,
            cas=self.cas,
            parameter=self.parameter,
            kind=self.release.kind,
            rate_g_s=self.release.rate,
            duration_s=self.release.duration,
            mass_kg=self.release.mass_kg,
            height_m=self.release.height_m,
            endpoints=tuple(Endpoint(e.label, e.value, e.unit) for e in self.endpoints),
        )


class PlumeIn(ScenarioIn):
    impact: bool = False


class PointThreatIn(ScenarioIn):
    receptor_lon: Lon
    receptor_lat: Lat
    duration_s: float = Field(3600.0, gt=0, le=4 * 3600)
    step_s: float = Field(10.0, ge=1, le=600)

    @model_validator(mode="after")
    def bounded_series(self) -> PointThreatIn:
        if self.duration_s / self.step_s > MAX_STEPS:
            raise ValueError(f"at most {MAX_STEPS} time steps: lengthen the step or shorten the duration")
        return self


class ImpactIn(Body):
    """The zones of a plume answer (its FeatureCollection, or any polygons labelled by
    ``properties.level`` or ``properties.kind``), the source and the wind."""

    lon: Lon
    lat: Lat
    wind_from_deg: float = Field(ge=0, le=360)
    zones: dict[str, Any]
    nearest_per_kind: int = Field(3, ge=1, le=10)

    def zone_geometries(self) -> list[tuple[str, BaseGeometry]]:
        features = self.zones.get("features") if self.zones.get("type") == "FeatureCollection" else None
        if not isinstance(features, list):
            raise InvalidInput("zones must be a GeoJSON FeatureCollection")
        zones = []
        for feature in features:
            geometry = (feature or {}).get("geometry")
            properties = (feature or {}).get("properties") or {}
            if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
                continue
            label = properties.get("level") or properties.get("kind")
            if not isinstance(label, str) or not label:
                raise InvalidInput("every zone needs properties.level or properties.kind")
            try:
                zones.append((label[:40], shape(geometry)))
            except (ValueError, TypeError, AttributeError, IndexError):
                raise InvalidInput(f"zone {label!r} is not a valid GeoJSON polygon") from None
        if not zones:
            raise InvalidInput("no polygon among the zones")
        return zones


class DownstreamIn(Body):
    """From a node, or from the pipe nearest a spill (lon, lat) in ``network`` (null: any)."""

    node_id: Id | None = None
    lon: Lon | None = None
    lat: Lat | None = None
    network: Literal["rain", "sewage", "clean"] | None = "rain"
    velocity_m_s: float = Field(1.0, gt=0, le=10)

    @model_validator(mode="after")
    def one_start(self) -> DownstreamIn:
        if (self.node_id is None) == (self.lon is None or self.lat is None):
            raise ValueError("give a node id or a spill position (lon and lat), not both")
        return self


class UpstreamIn(Body):
    outfall_id: Id | None = None
    node_id: Id | None = None
    station_id: Id | None = None
    velocity_m_s: float = Field(1.0, gt=0, le=10)
    station_radius_m: float = Field(2000.0, gt=0, le=10_000)


class SourcesIn(Body):
    start: AwareDatetime
    end: AwareDatetime
    station_ids: list[Id] | None = Field(None, min_length=1, max_length=100)
    parameter: str = Field("nmhc", min_length=1, max_length=24)
    background_quantile: float = Field(0.1, ge=0, lt=1)
    cloud_oktas: int | None = Field(None, ge=0, le=8)


class IncidentIn(Body):
    title: str = Field(min_length=1, max_length=200)
    occurred_at: AwareDatetime
    lon: Lon
    lat: Lat
    place: str | None = Field(None, max_length=500)
    chemical_id: Id | None = None
    storage_unit_id: Id | None = None
    release: dict[str, Any] = Field(default_factory=dict)
    weather: dict[str, Any] = Field(default_factory=dict)
    results: dict[str, Any] = Field(default_factory=dict)
