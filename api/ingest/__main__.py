"""Run the ingestion gateway on its own: ``python -m api.ingest [--simulate] [--broker]``.

``--broker`` starts a private mosquitto on ``PARKMAP_MQTT_PORT`` (for a machine without
one); ``--simulate`` plays the demo park's sensors through the doors.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal

import asyncpg

from api.collector import settled
from api.ingest.broker import EmbeddedBroker
from api.ingest.gateway import Gateway, park_hooks
from api.ingest.settings import ingest_settings
from api.ingest.simulator import Simulator
from api.settings import server_settings
from gis.db.embedded import EmbeddedCluster, database_url
from gis.settings import store_settings
from gis.supervision.settings import supervision_settings


async def run(simulate: bool, broker: bool) -> None:
    settings = ingest_settings()
    store = store_settings()
    if store.embedded:
        await asyncio.to_thread(EmbeddedCluster(store).start)
    private_broker = None
    if broker:
        private_broker = EmbeddedBroker(
            store.home / "mosquitto", port=settings.mqtt_port, host=settings.mqtt_host
        )
        private_broker.start()
    pool = await asyncpg.create_pool(database_url(store), min_size=2, max_size=8)
    gateway = Gateway(settings, pool, **park_hooks(pool, supervision_settings()))
    simulator = Simulator(settings, pool, hj212_port=settings.hj212_port) if simulate else None
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    await gateway.start()
    if simulator:
        await simulator.start(gateway.registry)
    try:
        with settled(server_settings().gc_young_threshold):
            while not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), 60)
                logging.getLogger("api.ingest").info("gateway: %s", gateway.status())
    finally:
        if simulator:
            await simulator.stop()
        await gateway.stop()
        await pool.close()
        if private_broker:
            private_broker.stop()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m api.ingest", description=__doc__.splitlines()[0])
    parser.add_argument("--simulate", action="store_true", help="play the demo park's sensors")
    parser.add_argument("--broker", action="store_true", help="start a private mosquitto broker")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(run(args.simulate, args.broker))


if __name__ == "__main__":
    main()
