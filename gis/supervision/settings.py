"""Settings of the supervision loop, all read from ``PARKMAP_*`` and ``.env``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from gis.settings import PROJECT_ROOT


class SupervisionSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARKMAP_", env_file=".env", extra="ignore")

    limits_file: Path = PROJECT_ROOT / "data" / "reference" / "limits.csv"
    parameters_file: Path = PROJECT_ROOT / "data" / "reference" / "parameters.csv"
    park_timezone: str = "Asia/Shanghai"

    # GB 37822-2019 A.2.2: a 1-h average may rest on 3-4 samples at equal intervals
    avg_1h_min_samples: int = 3
    # a 24-h average needs hourly means for most of the day (GB 3095-2012 asks for 20 of 24)
    avg_24h_min_hours: int = 20
    missing_intervals: int = 3
    missing_min_gap_seconds: int = 600
    missing_lookback_hours: int = 24
    flat_line_samples: int = 20
    flat_line_minutes: int = 30
    voc_parameter: str = "nmhc"
    voc_rise_factor: float = 2.0
    voc_rise_min_delta: float = Field(0.5, description="mg/m3 above the baseline")
    voc_baseline_hours: int = 24
    load_warning_ratio: float = 0.9
    level_warning_ratio: float = Field(
        0.8, description="a live value at this share of its limit shows the station as warning"
    )
    device_mark_merge_seconds: int = 900
    shutdown_production_ratio: float = Field(
        0.5, description="a shutdown mark is suspicious when flow or concentration stays above this share"
    )
    shutdown_baseline_days: int = 7
    calibration_max_hours: float = 4.0
    alarm_station_hourly_cap: int = 30

    ticket_stage_hours: dict[str, float] = {
        "pre_warning": 4.0,
        "dispatched": 24.0,
        "feedback": 72.0,
        "review": 48.0,
    }

    health_points: dict[str, float] = {
        "open_tickets": 1.0,
        "overdue_tickets": 3.0,
        "exceedances_30d": 2.0,
        "quality_faults_30d": 1.0,
        "suspicious_marks_30d": 2.0,
    }
    health_thresholds: dict[str, float] = {"yellow": 2.0, "orange": 6.0, "red": 12.0}

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_from: str = "parkmap@localhost"
    smtp_starttls: bool = False
    smtp_user: str | None = None
    smtp_password: str | None = None
    notify_timeout_seconds: float = 10.0
    notify_max_attempts: int = 8
    notify_backoff_seconds: float = 30.0
    notify_backoff_max_seconds: float = 3600.0
    notify_batch: int = 50

    evidence_dir: Path | None = Field(None, description="default: <home>/evidence")
    evidence_max_bytes: int = 10 * 1024 * 1024
    evidence_max_files: int = 6

    supervision_background: bool = Field(True, description="run the sweep and notice delivery in the app")
    sweep_seconds: float = 60.0
    notify_delivery_seconds: float = 5.0


@lru_cache
def supervision_settings() -> SupervisionSettings:
    return SupervisionSettings()
