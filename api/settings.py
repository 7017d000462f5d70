"""Settings of the HTTP doors, one concern per class, all read from ``PARKMAP_*`` and ``.env``."""

from __future__ import annotations

from functools import lru_cache

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRET = "change-me"


class ServerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARKMAP_", env_file=".env", extra="ignore")

    environment: str = "development"
    host: str = "127.0.0.1"
    port: int = 8000
    secret_key: str = PLACEHOLDER_SECRET
    cors_origins: list[str] = []
    max_request_bytes: int = 20 * 1024 * 1024
    basemap_url: str | None = None
    simulator: bool = True

    @model_validator(mode="after")
    def refuse_placeholder_secrets(self) -> ServerSettings:
        if self.environment != "development" and self.secret_key == PLACEHOLDER_SECRET:
            raise ValueError("PARKMAP_SECRET_KEY is a placeholder; set a real secret outside development")
        return self

    @property
    def development(self) -> bool:
        return self.environment == "development"


@lru_cache
def server_settings() -> ServerSettings:
    return ServerSettings()
