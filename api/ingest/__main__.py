"""Run the ingestion gateway on its own: ``python -m api.ingest [--simulate] [--broker] [--leave-group]``.

``--broker`` starts a private mosquitto on ``PARKMAP_MQTT_PORT`` (for a machine without
one); ``--simulate`` plays the demo park's sensors through the doors.  ``--leave-group`` takes
a gateway out of its shared subscription for good (``PARKMAP_MQTT_SHARED_GROUP``, with its own
``PARKMAP_MQTT_CLIENT_ID``): it stores what the broker held for it, unsubscribes and exits.
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


async def run(simulate: bool, broker: bool, leave_group: bool = False) -> None:
    settings = ingest_settings()
    if leave_group:
        # the MQTT door alone, and nothing on a schedule
        settings = settings.model_copy(update={"hj212_enabled": False, "retention_check_hours": 0})
        simulate = False
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
    if leave_group:
        assert gateway.mqtt is not None
        leaving = asyncio.create_task(gateway.mqtt.leave_group())
        leaving.add_done_callback(lambda _: stop.set())
    try:
        with settled(server_settings().gc_young_threshold):
            while not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), 60)
                logging.getLogger("api.ingest").info("gateway: %s", gateway.status())
    finally:
        if leave_group and leaving.done() and not leaving.cancelled():
            log_leaving(leaving, settings.mqtt_client_id)
        if simulator:
            await simulator.stop()
        await gateway.stop()
        await pool.close()
        if private_broker:
            private_broker.stop()


def log_leaving(leaving: asyncio.Task[int], client_id: str) -> None:
    log = logging.getLogger("api.ingest")
    if leaving.exception() is not None:
        log.error("gateway %s did not leave its group: %s", client_id, leaving.exception())
    else:
        log.info(
            "gateway %s left its group; the %d messages held for it were taken first",
            client_id,
            leaving.result(),
        )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m api.ingest", description=__doc__.splitlines()[0])
    parser.add_argument("--simulate", action="store_true", help="play the demo park's sensors")
    parser.add_argument("--broker", action="store_true", help="start a private mosquitto broker")
    parser.add_argument(
        "--leave-group",
        action="store_true",
        help="store what the broker holds for this gateway, leave its group, exit",
    )
    args = parser.parse_args()
    if args.leave_group and not (ingest_settings().mqtt_enabled and ingest_settings().mqtt_shared_group):
        parser.error("--leave-group: this gateway is in no group (PARKMAP_MQTT_SHARED_GROUP is not set)")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(run(args.simulate, args.broker, args.leave_group))


if __name__ == "__main__":
    main()
