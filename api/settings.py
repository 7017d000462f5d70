"""Settings of the HTTP doors, one concern per class, all read from ``PARKMAP_*`` and ``.env``."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
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
    basemap_attribution: str | None = None
    gateway: bool = False
    simulator: bool = False
    live_max_subscribers: int = 500
    live_queue_size: int = 1000
    gc_young_threshold: int = Field(
        20_000,
        ge=0,
        description="new objects between collections once started (api/collector.py); 0: Python's",
    )

    @model_validator(mode="after")
    def refuse_placeholder_secrets(self) -> ServerSettings:
        if self.environment != "development" and self.secret_key == PLACEHOLDER_SECRET:
            raise ValueError("PARKMAP_SECRET_KEY is a placeholder; set a real secret outside development")
        return self

    @property
    def development(self) -> bool:
        return self.environment == "development"


def development_secret(home: Path) -> str:
    """A per-installation signing key for development, so no token is signed with a known key."""
    path = home / "secret-key"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(48))
    return path.read_text().strip()


class AuthSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARKMAP_", env_file=".env", extra="ignore")

    access_token_minutes: int = 15
    refresh_token_days: int = 7
    login_attempts: int = 10
    login_window_seconds: int = 300
    login_tracked_clients: int = 10_000
    session_cache_size: int = 10_000
    session_cache_seconds: float = 5.0
    public_layers: list[str] = []


@lru_cache
def auth_settings() -> AuthSettings:
    return AuthSettings()


@lru_cache
def server_settings() -> ServerSettings:
    return ServerSettings()
