"""The supervision loop's doors: one router for alarms, tickets, marks, limits, audit, health codes,
notifications, and the lifespan hooks that install the standards and run the background work."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from api.routers import alarms, audit, health_codes, limits, marks, notifications, tickets
from gis.analysis.major_hazard_units import refresh_if_stale
from gis.supervision.health import install_program_floors
from gis.supervision.standards import install_defaults, read_catalogue
from gis.supervision.worker import SupervisionWorker

router = APIRouter()
for feature in (alarms, tickets, marks, limits, audit, health_codes, notifications):
    router.include_router(feature.router)


async def start(app: FastAPI) -> None:
    """Install the default limits on first start, let the programs raise health codes, bring the
    major-hazard register up to date (the sweep keeps it so), start the loops."""
    settings = app.state.supervision_settings
    install_program_floors()
    async with app.state.pool.acquire() as conn:
        await install_defaults(conn, read_catalogue(settings.limits_file))
        await refresh_if_stale(conn)
    app.state.supervision_worker = None
    if settings.supervision_background:
        worker = SupervisionWorker(app.state.pool, settings)
        worker.start()
        app.state.supervision_worker = worker


async def stop(app: FastAPI) -> None:
    worker = getattr(app.state, "supervision_worker", None)
    if worker is not None:
        await worker.stop()
