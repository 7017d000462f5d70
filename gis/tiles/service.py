"""Render, cache and version vector tiles of one or several layers."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import asyncpg

from gis.auth import Scope
from gis.errors import InvalidInput, NotFound, StoreUnavailable
from gis.tasks import cancel_and_wait
from gis.tiles.cache import CachedTile, TileCache, compress, decompress
from gis.tiles.compile import CompiledLayer, relation_parts, render
from gis.tiles.settings import TileSettings
from gis.tiles.versions import LayerVersions, listen

MAX_ZOOM = 24
WORLD = (-180.0, -85.0511287798066, 180.0, 85.0511287798066)


@dataclass(frozen=True, slots=True)
class TileRequest:
    layers: tuple[CompiledLayer, ...]
    z: int
    x: int
    y: int
    scope: Scope
    snapshot: tuple[tuple[str, int], ...]
    key: tuple
    etag: str


@dataclass(frozen=True, slots=True)
class Tile:
    body: bytes
    gzipped: bool
    etag: str

    @property
    def empty(self) -> bool:
        return not self.body


def tile_coordinates(z: str, x: str, y: str) -> tuple[int, int, int]:
    """Parse z/x/y of a Web-Mercator (XYZ) tile; anything outside the pyramid is refused."""
    try:
        zi, xi, yi = int(z), int(x), int(y)
    except ValueError:
        raise InvalidInput(f"tile {z}/{x}/{y}: z, x and y must be integers") from None
    if not 0 <= zi <= MAX_ZOOM:
        raise InvalidInput(f"tile {z}/{x}/{y}: zoom must be between 0 and {MAX_ZOOM}")
    side = 1 << zi
    if not (0 <= xi < side and 0 <= yi < side):
        raise InvalidInput(f"tile {z}/{x}/{y}: x and y must be between 0 and {side - 1} at zoom {zi}")
    return zi, xi, yi


class TileService:
    def __init__(self, pool: asyncpg.Pool, layers: Mapping[str, CompiledLayer], settings: TileSettings):
        self.pool = pool
        self.render_pool = pool  # its own pool once running: see ``running``
        self.layers = dict(layers)
        self.settings = settings
        self.versions = LayerVersions()
        self.cache = TileCache(settings.cache_mb * 1024 * 1024)
        self.versions.on_change(self.cache.drop_older)
        self._rendering: dict[tuple, asyncio.Future[CachedTile]] = {}
        self._bounds: dict[tuple, tuple[float, float, float, float]] = {}
        self._identities: dict[tuple, str] = {}
        self._selections: dict[str, tuple[CompiledLayer, ...]] = {}
        self._version_digests: dict[tuple, str] = {}
        self._tables_by_layers: dict[tuple[str, ...], tuple[str, ...]] = {}

    @classmethod
    @asynccontextmanager
    async def running(
        cls, pool: asyncpg.Pool, url: str, layers: Mapping[str, CompiledLayer], settings: TileSettings
    ) -> AsyncIterator[TileService]:
        """The service with its version listener running; stops the listener on exit."""
        service = cls(pool, layers, settings)
        service.render_pool = await asyncpg.create_pool(
            url,
            min_size=1,
            max_size=settings.pool_max,
            reset=_keep_session,
            server_settings={"application_name": "parkmap-tiles", "jit": "off"},
        )
        ready = asyncio.Event()
        task = asyncio.create_task(listen(url, service.versions, ready, settings.listener_check_s))
        try:
            async with asyncio.timeout(30):
                await ready.wait()
        except TimeoutError:
            task.cancel()
            await service.render_pool.close()
            raise StoreUnavailable("the layer version listener could not reach the database") from None
        try:
            yield service
        finally:
            await cancel_and_wait(task)
            await service.render_pool.close()

    # -- layers and versions ----------------------------------------------------------

    def layer(self, layer_id: str) -> CompiledLayer:
        try:
            return self.layers[layer_id]
        except KeyError:
            raise NotFound(f"no layer {layer_id!r}") from None

    def select(self, ids: str) -> tuple[CompiledLayer, ...]:
        """The layers of a comma-separated list, each once, in the order asked."""
        return _remember(self._selections, ids, lambda: self._select(ids))

    def _select(self, ids: str) -> tuple[CompiledLayer, ...]:
        names = [name for name in ids.split(",") if name]
        if not names:
            raise InvalidInput("no layer named")
        unique = tuple(dict.fromkeys(names))
        return tuple(self.layer(name) for name in unique)

    def snapshot(self, layers: tuple[CompiledLayer, ...]) -> tuple[tuple[str, int], ...]:
        return self.versions.snapshot(self._tables(tuple(layer.source.id for layer in layers)))

    def version_token(self, layers: tuple[CompiledLayer, ...]) -> str:
        """A short token that changes whenever a layer's data or definition changes."""
        return ",".join(_digest(layer.fingerprint, self.snapshot((layer,)))[:12] for layer in layers)

    def request(self, ids: str, z: int, x: int, y: int, scope: Scope) -> TileRequest:
        """Everything a tile request is known by: its layers, versions, cache key and ETag."""
        layers = self.select(ids)
        names = tuple(layer.source.id for layer in layers)
        views = tuple(layer.view_key(scope) for layer in layers)
        identity = _remember(
            self._identities,
            (names, views),
            lambda: _digest(tuple(layer.fingerprint for layer in layers), views)[:12],
        )
        snapshot = self.versions.snapshot(self._tables(names))
        versions = _remember(self._version_digests, snapshot, lambda: _digest(snapshot)[:10])
        etag = f'W/"{identity}.{versions}.{z}.{x}.{y}"'
        return TileRequest(layers, z, x, y, scope, snapshot, (names, snapshot, z, x, y, views), etag)

    def _tables(self, names: tuple[str, ...]) -> tuple[str, ...]:
        return _remember(
            self._tables_by_layers,
            names,
            lambda: tuple(dict.fromkeys(t for name in names for t in self.layers[name].source.tables)),
        )

    # -- tiles ------------------------------------------------------------------------

    async def tile(self, request: TileRequest, gzip: bool) -> Tile:
        """The tile, gzip-compressed when ``gzip``; from the cache when it is current there."""
        if not self.cache.enabled:
            mvt = await self._render(request)
            # rendered for this one answer: the fastest gzip level pays for itself on the wire
            body = compress(mvt, 1) if gzip else mvt
            return Tile(body, gzip and bool(mvt), request.etag)
        entry = self.cache.get(request.key)
        if entry is None:
            entry = await self._render_once(request)
        if gzip or not entry.body:
            return Tile(entry.body, bool(entry.body), entry.etag)
        return Tile(decompress(entry.body), False, entry.etag)

    async def _render_once(self, request: TileRequest) -> CachedTile:
        """Render a missing tile; concurrent requests for it wait for the one rendering."""
        pending = self._rendering.get(request.key)
        if pending is not None:
            try:
                return await asyncio.shield(pending)
            except asyncio.CancelledError:
                if asyncio.current_task().cancelling():
                    raise
                # the request rendering it went away; render it here instead
        return await self._render_and_store(request)

    async def _render_and_store(self, request: TileRequest) -> CachedTile:
        key = request.key
        future: asyncio.Future[CachedTile] = asyncio.get_running_loop().create_future()
        self._rendering[key] = future
        try:
            mvt = await self._render(request)
            entry = CachedTile(compress(mvt, self.settings.gzip_level), request.etag, request.snapshot)
            if self.snapshot(request.layers) == request.snapshot:  # else a change landed meanwhile
                self.cache.put(key, entry)
            future.set_result(entry)
            return entry
        except asyncio.CancelledError:
            future.cancel()
            raise
        except Exception as exc:
            future.set_exception(exc)
            future.exception()  # retrieved here, so a future nobody waits for logs nothing
            raise
        finally:
            if self._rendering.get(key) is future:
                del self._rendering[key]

    async def _render(self, request: TileRequest) -> bytes:
        z, x, y = request.z, request.x, request.y
        statements = [s for layer in request.layers if (s := layer.statement(z, request.scope)) is not None]
        if not statements:
            return b""
        parts = []
        async with self.render_pool.acquire() as conn:
            for sql, args in statements:
                parts.append(await conn.fetchval(sql, z, x, y, *args) or b"")
        # An MVT tile is a sequence of layer messages, so layer tiles concatenate into one tile.
        return b"".join(parts)

    # -- bounds -----------------------------------------------------------------------

    async def bounds(self, layer: CompiledLayer) -> tuple[float, float, float, float]:
        """Lon/lat bounds of the layer's features (the world for a tile function)."""
        source = layer.source
        if source.function:
            return WORLD
        key = (source.id, self.snapshot((layer,)))
        if key not in self._bounds:
            sql = render("bounds.sql", **relation_parts(source))
            async with self.pool.acquire() as conn:
                row = await conn.fetchrow(sql)
            found = row is not None and row["west"] is not None
            self._bounds = {k: v for k, v in self._bounds.items() if k[0] != source.id}
            self._bounds[key] = (row["west"], row["south"], row["east"], row["north"]) if found else WORLD
        return self._bounds[key]


async def _keep_session(conn: asyncpg.Connection) -> None:
    """Tile statements are read-only and change no session state: nothing to reset on release.

    asyncpg's default reset costs a round trip per tile; the prepared statements stay.
    """


def _digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=10).hexdigest()


MEMO_ENTRIES = 4096


def _remember(memo: dict, key: Any, make: Callable[[], Any]) -> Any:
    """``memo[key]``, made once; a memo of every layer list a client may ask for is emptied
    when it holds ``MEMO_ENTRIES``, so odd combinations cannot grow it for ever."""
    found = memo.get(key)
    if found is None:
        if len(memo) >= MEMO_ENTRIES:
            memo.clear()
        found = memo[key] = make()
    return found
