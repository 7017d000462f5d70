"""An in-process LRU of gzip-compressed tiles, bounded in bytes.

A key holds the versions of every table the tile was drawn from, so a tile cached before a
change can never be served after it: the changed table's version is in the next key. The
version listener also drops such entries at once, so they do not take up room until evicted.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

from isal import igzip

# What a cached tile holds besides its body, as tracemalloc measures it (tests/api/test_tiles_cache.py):
# the entry, its ETag, the key tuple and the cache's slots, and for each table the tile was drawn
# from its (table, version) pair, its layer's name and view in the key, and its place in the
# by-table index.  A composite tile of a dozen tables that is empty costs about 2.3 KB.
ENTRY_OVERHEAD = 600
TABLE_OVERHEAD = 160


@dataclass(frozen=True)
class CachedTile:
    body: bytes  # gzip-compressed MVT, or b"" for a tile with no features
    etag: str
    tables: tuple[tuple[str, int], ...]

    @property
    def size(self) -> int:
        return len(self.body) + len(self.etag) + ENTRY_OVERHEAD + TABLE_OVERHEAD * len(self.tables)


class TileCache:
    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.bytes = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Hashable, CachedTile] = OrderedDict()
        self._by_table: dict[str, set[Hashable]] = {}

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> CachedTile | None:
        entry = self._entries.get(key)
        if entry is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return entry

    def put(self, key: Hashable, entry: CachedTile) -> None:
        if entry.size > self.max_bytes:
            return
        self._remove(key)
        self._entries[key] = entry
        self.bytes += entry.size
        for table, _ in entry.tables:
            self._by_table.setdefault(table, set()).add(key)
        while self.bytes > self.max_bytes:
            self._remove(next(iter(self._entries)))

    def drop_older(self, table: str, version: int) -> None:
        """Drop every tile drawn from ``table`` before ``version``."""
        for key in list(self._by_table.get(table, ())):
            if any(name == table and seen < version for name, seen in self._entries[key].tables):
                self._remove(key)

    def clear(self) -> None:
        self._entries.clear()
        self._by_table.clear()
        self.bytes = 0

    def _remove(self, key: Hashable) -> None:
        entry = self._entries.pop(key, None)
        if entry is None:
            return
        self.bytes -= entry.size
        for table, _ in entry.tables:
            keys = self._by_table[table]
            keys.discard(key)
            if not keys:
                del self._by_table[table]


def compress(mvt: bytes, level: int) -> bytes:
    """gzip with a fixed mtime, so equal tiles compress to equal bytes in every worker.

    ISA-L's deflate (python-isal) compresses a tile about five times faster than zlib at its
    fastest level, with as small an output; ``level`` keeps zlib's 1–9 scale and is mapped
    onto ISA-L's 0–3 (1 → 1, 2–5 → 2, 6–9 → 3).
    """
    return igzip.compress(mvt, compresslevel=_isal_level(level), mtime=0) if mvt else b""


def _isal_level(level: int) -> int:
    return 1 if level <= 1 else 2 if level <= 5 else 3


def decompress(body: bytes) -> bytes:
    return igzip.decompress(body) if body else b""
