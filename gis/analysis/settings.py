"""Settings of the analysis tools, from ``PARKMAP_ANALYSIS_*`` and ``.env``."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class AnalysisSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARKMAP_ANALYSIS_", env_file=".env", extra="ignore")

    # About 70 bytes a pipe: 1,000,000 pipes hold some 70 MB per worker. A network larger
    # than the bound is read for each trace and let go.
    pipe_graph_pipes: int = Field(
        default=1_000_000,
        ge=0,
        description="pipes the in-process pipe-graph cache holds, all networks together",
    )

    trace_pipe_features: int = Field(
        default=5_000,
        ge=0,
        description="traced pipes answered one feature each; above it, one merged line per network",
    )

    # A plume takes a few MB while it computes (a puff's grid the most): these bound how many
    # at once, and how many may wait for their turn before the next is answered "busy".
    plumes_at_once: int = Field(
        default=2, ge=1, description="plume and point-threat computations running at once"
    )
    plumes_waiting: int = Field(
        default=16, ge=0, description="plume computations waiting for their turn; more are refused as busy"
    )


@lru_cache
def analysis_settings() -> AnalysisSettings:
    return AnalysisSettings()
