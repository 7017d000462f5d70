"""Where registered scenes live and how big a read may get, from ``PARKMAP_RASTER_*`` and ``.env``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from gis.settings import store_settings


class RasterSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARKMAP_RASTER_", env_file=".env", extra="ignore")

    folder: Path | None = None
    """Cloud-Optimized GeoTIFFs of the catalog; default ``<PARKMAP_HOME>/rasters``."""
    max_zonal_pixels: int = 4_000_000
    """Above this a polygon is read decimated (every n-th pixel) for its statistics."""
    max_overzoom: int = 4
    """Tiles are served down to this many zoom levels past a scene's native resolution."""

    def raster_folder(self) -> Path:
        return (self.folder or store_settings().home / "rasters").resolve()


@lru_cache
def raster_settings() -> RasterSettings:
    return RasterSettings()
