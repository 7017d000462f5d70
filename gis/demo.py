"""The whole synthetic demo: the park, then the programs that run on it."""

from __future__ import annotations

from sqlalchemy import Engine

from gis.io.demo import load_demo_park


def load_demo(
    engine: Engine, *, scale: str = "demo", replace: bool = False, progress: bool = False
) -> dict[str, int]:
    """Load the demo (or stress) park and, for the demo, its programs' data; rows per table."""
    counts = load_demo_park(engine, scale=scale, replace=replace, progress=progress)
    if scale == "demo":
        from gis.programs.demo import load_demo_programs

        counts.update(load_demo_programs(engine))
    return counts
