"""Settings of the ingestion doors and the gateway's buffer, from ``PARKMAP_*`` and ``.env``."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class IngestSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARKMAP_", env_file=".env", extra="ignore")

    # MQTT door: QoS 1, acknowledged only once stored; the broker authenticates devices
    mqtt_enabled: bool = True
    mqtt_host: str = "127.0.0.1"
    mqtt_port: int = 1883
    mqtt_username: str | None = None
    mqtt_password: str | None = None
    mqtt_client_id: str = "parkmap-gateway"
    mqtt_topic: str = "park/+/stations/+/readings"
    mqtt_shared_group: str | None = Field(None, description="subscribe as $share/<group>/… to spread load")
    mqtt_inflight: int = Field(5000, description="MQTT 5 receive maximum: unacknowledged deliveries at once")
    mqtt_session_expiry: int = Field(
        7 * 86400, description="s the broker keeps our session while we are away"
    )
    mqtt_max_payload: int = 65536

    # HJ 212-2017 TCP door
    hj212_enabled: bool = True
    hj212_host: str = "0.0.0.0"  # noqa: S104 - a door for field devices; every packet is checked by MN + PW
    hj212_port: int = 2121
    hj212_idle_timeout: float = Field(600.0, description="s without a byte before a connection is closed")
    hj212_max_connections: int = 2000
    hj212_reassembly_ttl: float = Field(120.0, description="s to wait for every part of a split message")

    # the park's local time: HJ 212 DataTime, MQTT times without an offset, daily rollups
    park_timezone: str = "Asia/Shanghai"

    # the gateway's buffer and the store
    queue_size: int = Field(20000, description="messages buffered while the store is slow or away")
    batch_size: int = Field(20000, description="most readings per store transaction")
    flush_interval: float = Field(0.2, description="s a batch waits to fill before it is stored")
    store_concurrency: int = Field(2, description="batches stored at once, each on its own connection")
    retry_max: float = Field(5.0, description="longest s between store retries")
    drain_timeout: float = Field(10.0, description="s to store what is buffered when stopping")
    registry_refresh: float = Field(60.0, description="s between station registry reloads")

    # device secrets (a data logger's PW): each is a slow hash check, so what was judged is remembered
    device_secrets_verified: int = Field(
        10_000, ge=0, description="device secrets remembered as verified, one per station and door"
    )
    device_secrets_refused: int = Field(4096, ge=0, description="wrong device secrets remembered as wrong")
    device_secret_checks: int = Field(
        64,
        ge=1,
        description="device secret checks running or waiting at once; a packet beyond is not answered",
    )

    # validation and retention (permit rules keep original monitoring records ≥ 5 years)
    max_future_minutes: int = Field(60, description="how far ahead of now a device clock may run")
    retention_days: int = Field(1830, description="days of raw readings and raw messages kept")
    retention_check_hours: float = Field(24.0, description="h between retention runs; 0 disables them")


@lru_cache
def ingest_settings() -> IngestSettings:
    return IngestSettings()
