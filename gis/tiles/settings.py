"""Settings of the tile service, read from ``PARKMAP_TILE_*`` and ``.env``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class TileSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARKMAP_TILE_", env_file=".env", extra="ignore")

    catalog_dir: Path | None = Field(default=None, description="layer files; None: the built-in catalog")
    # a worker serving the demo park holds ~260 MB before it caches a tile; a full cache adds
    # this much and a worker must stay within a few hundred MB however long it runs
    cache_mb: int = Field(default=48, ge=0, description="in-process tile cache per worker; 0 turns it off")
    pool_max: int = Field(default=8, ge=1, description="connections of the tile pool, per worker")
    gzip_level: int = Field(
        default=6, ge=1, le=9, description="zlib scale; ISA-L compresses at 1, 2 (2–5) or 3 (6–9)"
    )
    # Tile URLs without a version are revalidated on every use: the answer is a 304 decided
    # from the in-memory versions, so a changed layer shows on the next request.
    max_age: int = Field(default=0, ge=0, description="seconds a browser may reuse an unversioned tile")
    versioned_max_age: int = Field(default=31_536_000, ge=0, description="for URLs whose ?v= is current")
    listener_check_s: float = Field(default=15.0, gt=0, description="how often the version listener pings")


@lru_cache
def tile_settings() -> TileSettings:
    return TileSettings()
