"""Settings of the store, one concern per class, all read from ``PARKMAP_*`` and ``.env``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class StoreSettings(BaseSettings):
    """Where the database is. With no ``database_url`` the embedded cluster is used."""

    model_config = SettingsConfigDict(env_prefix="PARKMAP_", env_file=".env", extra="ignore")

    database_url: str | None = None
    home: Path = Field(default=PROJECT_ROOT / ".parkmap", description="embedded cluster and state")
    db_port: int = 54329
    db_name: str = "parkmap"
    db_user: str = "parkmap"
    pool_min: int = 2
    pool_max: int = 16

    @property
    def embedded(self) -> bool:
        return self.database_url is None


@lru_cache
def store_settings() -> StoreSettings:
    return StoreSettings()
