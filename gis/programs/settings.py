"""Settings of the park programs, read from ``PARKMAP_*`` and ``.env``; every threshold is the
park's own choice unless a standard is named beside it."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ProgramSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARKMAP_", env_file=".env", extra="ignore")

    park_timezone: str = "Asia/Shanghai"

    # activated carbon: warning levels by predicted saturation (share of the working capacity)
    carbon_blue_ratio: float = Field(0.7, description="reminder: plan the replacement")
    carbon_yellow_ratio: float = Field(0.9, description="near saturation: health code yellow")
    carbon_reminder_days: int = Field(14, description="remind this many days before saturation")
    carbon_red_after_days: int = Field(7, description="saturated and not picked up this long: red")

    # cleaner production: review cycle (months) by dynamic code
    audit_review_months: dict[str, int] = {"green": 36, "yellow": 12, "red": 6}
    audit_green_score: float = 80.0
    audit_yellow_score: float = 60.0

    # VOC fence (see gis/programs/voc_fence.py)
    fence_parameter: str = "nmhc"
    fence_k_sigma: float = 3.0
    fence_floor_mg_m3: float = 0.5
    fence_sector_deg: float = 60.0
    fence_calm_m_s: float = 0.5
    fence_min_samples: int = 3

    outfall_due_soon_days: int = 14


@lru_cache
def program_settings() -> ProgramSettings:
    return ProgramSettings()
