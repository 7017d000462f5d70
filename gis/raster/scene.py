"""A scene of the catalog and the statistics its COG carries in its own metadata."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from gis.errors import InvalidInput
from gis.raster.bands import BandMap

SCENE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
RESERVED_NAMES = {"change"}
STATISTICS_TAG = "PARKMAP_STATISTICS"
SYNTHETIC_TAG = "PARKMAP_SYNTHETIC"


def check_scene_name(name: str) -> str:
    if not SCENE_NAME.fullmatch(name) or name.lower() in RESERVED_NAMES:
        raise InvalidInput(
            f"scene name {name!r} is not usable: 1-64 letters, digits, '.', '_' or '-', "
            f"starting with a letter or digit, and not {', '.join(sorted(RESERVED_NAMES))}"
        )
    return name


@dataclass(frozen=True)
class BandStats:
    """Statistics of one band's valid pixels (read decimated for large scenes)."""

    min: float
    max: float
    mean: float
    std: float
    p2: float
    p98: float

    @classmethod
    def of(cls, values: np.ndarray) -> BandStats | None:
        valid = values[np.isfinite(values)]
        if valid.size == 0:
            return None
        p2, p98 = np.percentile(valid, (2, 98))
        return cls(*(float(v) for v in (valid.min(), valid.max(), valid.mean(), valid.std(), p2, p98)))


@dataclass(frozen=True)
class SceneStats:
    bands: Mapping[int, BandStats] = field(default_factory=dict)
    water_temperature_k: float | None = None
    """Median thermal-band value over water (NDWI > 0): the background of the thermal index."""

    def to_tag(self) -> str:
        return json.dumps(
            {
                "bands": {str(i): asdict(s) for i, s in self.bands.items()},
                "water_temperature_k": self.water_temperature_k,
            }
        )

    @classmethod
    def from_tag(cls, text: str) -> SceneStats:
        raw = json.loads(text)
        return cls(
            {int(i): BandStats(**s) for i, s in raw.get("bands", {}).items()},
            raw.get("water_temperature_k"),
        )


@dataclass(frozen=True)
class Scene:
    """One registered scene: a COG on disk and what it shows."""

    id: int
    name: str
    sensor: str
    acquired: dt.date
    bands: BandMap
    cloud_cover: float | None
    path: Path
    synthetic: bool
    footprint: dict[str, Any]
    """GeoJSON polygon in EPSG:4326."""
    bounds: tuple[float, float, float, float]

    @property
    def version(self) -> str:
        """Changes whenever the scene's file does (the COG's name carries its content hash)."""
        return self.path.stem.rsplit("-", 1)[-1][:12]

    @classmethod
    def from_row(cls, row: Mapping[str, Any], folder: Path) -> Scene:
        footprint = row["footprint"]
        if isinstance(footprint, str):
            footprint = json.loads(footprint)
        bands = row["bands"]
        if isinstance(bands, str):
            bands = json.loads(bands)
        path = Path(row["path"])
        return cls(
            id=row["id"],
            name=row["name"],
            sensor=row["sensor"],
            acquired=row["acquired"],
            bands=BandMap.from_json(bands or {}),
            cloud_cover=row["cloud_cover"],
            path=path if path.is_absolute() else folder / path,
            synthetic=row["synthetic"],
            footprint=footprint,
            bounds=(row["west"], row["south"], row["east"], row["north"]),
        )
