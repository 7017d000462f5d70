"""Layer versions: the in-process copy of ``layer_versions`` and the LISTEN task that keeps it.

Triggers on the park's tables bump a table's version and ``NOTIFY parkmap_layer_version``
with ``table:version`` when a change commits. Every worker listens, so every worker moves
to the new version (and drops its stale tiles) at once. After a lost connection the task
reconnects and reloads every version, so a notification missed meanwhile costs nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import asyncpg

CHANNEL = "parkmap_layer_version"
log = logging.getLogger(__name__)

Listener = Callable[[str, int], None]


class LayerVersions:
    def __init__(self) -> None:
        self._versions: dict[str, int] = {}
        self._listeners: list[Listener] = []
        self.changed = asyncio.Condition()

    def __contains__(self, table: str) -> bool:
        return table in self._versions

    def get(self, table: str) -> int:
        return self._versions.get(table, 0)

    def snapshot(self, tables: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
        return tuple((table, self._versions.get(table, 0)) for table in tables)

    def on_change(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def apply(self, table: str, version: int) -> bool:
        """Move ``table`` to ``version`` if that is newer; tell the listeners."""
        if version <= self._versions.get(table, 0):
            return False
        self._versions[table] = version
        for listener in self._listeners:
            listener(table, version)
        return True

    async def load(self, conn: asyncpg.Connection) -> None:
        for row in await conn.fetch("SELECT table_name, version FROM layer_versions"):
            self.apply(row["table_name"], row["version"])
        await self._signal()

    def notification(self, payload: str) -> None:
        table, _, version = payload.rpartition(":")
        try:
            changed = self.apply(table, int(version))
        except ValueError:
            log.warning("ignored malformed %s payload %r", CHANNEL, payload)
            return
        if changed:
            asyncio.get_running_loop().create_task(self._signal())

    async def _signal(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    async def wait_for(self, table: str, version: int) -> None:
        """Wait until ``table`` is at ``version`` or newer (used by tests and tools)."""
        async with self.changed:
            await self.changed.wait_for(lambda: self.get(table) >= version)


async def listen(url: str, versions: LayerVersions, ready: asyncio.Event, check_every: float = 15.0) -> None:
    """Keep ``versions`` current until cancelled, reconnecting after any failure."""
    delay = 0.5
    while True:
        conn: asyncpg.Connection | None = None
        try:
            conn = await asyncpg.connect(url, server_settings={"application_name": "parkmap-layer-versions"})
            await conn.add_listener(
                CHANNEL, lambda _c, _pid, _channel, payload: versions.notification(payload)
            )
            # LISTEN first, then load: a change between the two is seen by one or the other.
            await versions.load(conn)
            ready.set()
            delay = 0.5
            while True:
                await asyncio.sleep(check_every)
                await asyncio.wait_for(conn.fetchval("SELECT 1"), timeout=check_every)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a lost store must not end the task: retry with back-off
            log.warning("layer version listener lost its connection (%s); retrying in %.1fs", exc, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30.0)
        finally:
            if conn is not None:
                await _close(conn)


async def _close(conn: asyncpg.Connection) -> None:
    try:
        await asyncio.wait_for(conn.close(), timeout=2)
    except Exception:  # closing a dead connection may fail; it is gone either way
        conn.terminate()
