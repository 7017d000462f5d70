"""Ingestion inside the API process: the HTTP door always; the gateway and simulator when asked.

``./parkmap run`` (one worker) runs the MQTT and HJ 212 doors and the demo simulator here;
with several API workers the gateway runs once, as its own process (``python -m api.ingest``),
because its MQTT client id and HJ 212 port are single.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI

from api.ingest.gateway import Gateway, park_hooks
from api.ingest.settings import ingest_settings
from api.ingest.simulator import Simulator
from gis.readings.path import IngestPath
from gis.readings.store import ReadingStore

log = logging.getLogger(__name__)


async def start(app: FastAPI) -> None:
    settings = ingest_settings()
    pool = app.state.pool
    hooks = park_hooks(pool, app.state.supervision_settings)
    app.state.ingest_path = IngestPath(ReadingStore(pool, rollup_timezone=settings.park_timezone), **hooks)
    app.state.gateway = None
    app.state.simulator = None
    server = app.state.server_settings
    if server.gateway:
        app.state.gateway = Gateway(settings, pool, **hooks)
        await app.state.gateway.start()
        log.info(
            "ingestion gateway: MQTT %s:%s, HJ 212 port %s",
            settings.mqtt_host,
            settings.mqtt_port,
            app.state.gateway.hj212_port,
        )
        if server.simulator:
            app.state.simulator = Simulator(settings, pool, hj212_port=app.state.gateway.hj212_port)
            await app.state.simulator.start(app.state.gateway.registry)


async def stop(app: FastAPI) -> None:
    if getattr(app.state, "simulator", None):
        await app.state.simulator.stop()
    if getattr(app.state, "gateway", None):
        await app.state.gateway.stop()
