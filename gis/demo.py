"""The whole synthetic demo: the park, the programs that run on it, two remote-sensing scenes."""

from __future__ import annotations

from sqlalchemy import Engine

from gis.io.demo import load_demo_park


def load_demo(
    engine: Engine,
    *,
    scale: str = "demo",
    replace: bool = False,
    progress: bool = False,
    with_scenes: bool = True,
) -> dict[str, int]:
    """Load the demo (or stress) park and, for the demo, its programs' data and two
    remote-sensing scenes; rows per table."""
    counts = load_demo_park(engine, scale=scale, replace=replace, progress=progress)
    if scale == "demo":
        from gis.programs.demo import load_demo_programs

        counts.update(load_demo_programs(engine))
        if with_scenes:
            from gis.raster.demo import load_demo_scenes

            counts["raster_scenes"] = len(load_demo_scenes(engine))
    return counts
