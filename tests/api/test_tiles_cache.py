"""The tile cache's bounds and invalidation, and the HTTP negotiation helpers of the tile route."""

from __future__ import annotations

import os
import tracemalloc

import pytest

from api.routers.tiles import accepts_gzip, etag_matches
from gis.tiles.cache import CachedTile, TileCache, compress, decompress


def entry(size: int, **tables: int) -> CachedTile:
    return CachedTile(b"x" * size, 'W/"e"', tuple(tables.items()))


def test_the_cache_stays_within_its_bytes_dropping_the_least_recently_used() -> None:
    cache = TileCache(max_bytes=3 * entry(1000, pipes=1).size)
    for key in "abc":
        cache.put(key, entry(1000, pipes=1))
    assert cache.get("a") is not None  # a is now the most recently used
    cache.put("d", entry(1000, pipes=1))
    assert cache.get("b") is None and cache.get("a") is not None and len(cache) == 3
    assert cache.bytes <= cache.max_bytes
    cache.put("huge", entry(10_000, pipes=1))
    assert cache.get("huge") is None and len(cache) == 3


@pytest.mark.parametrize("body", [0, 500, 20_000])
@pytest.mark.parametrize("tables", [1, 12])
def test_the_bytes_counted_are_the_memory_the_tiles_take(body: int, tables: int) -> None:
    """A worker's memory follows the cache's bound: what a tile is counted for is what it holds
    (its body, ETag, key and the cache's slots), measured the way the tile service keys tiles."""
    cache = TileCache(max_bytes=1 << 40)
    # layer ids and table names are the registry's strings, shared by every key; tuples are not
    layer_ids, table_names = [f"layer_{t}" for t in range(tables)], [f"table_{t}" for t in range(tables)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(2000):
            names = tuple(layer_ids)
            snapshot = tuple((table, 1000 + i % 3) for table in table_names)
            key = (names, snapshot, 18, 200_000 + i, 100_000 + i, tuple(("all",) for _ in names))
            etag = f'W/"abcdef123456.0123456789.18.{200_000 + i}.{100_000 + i}"'
            cache.put(key, CachedTile(os.urandom(body), etag, snapshot))
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert 0.8 * cache.bytes <= held <= 1.05 * cache.bytes


def test_a_new_version_drops_only_tiles_drawn_from_the_older_one() -> None:
    cache = TileCache(max_bytes=1 << 20)
    cache.put("pipes-old", entry(10, pipes=5))
    cache.put("pipes-new", entry(10, pipes=7))
    cache.put("composite", entry(10, pipes=5, stations=3))
    cache.put("stations", entry(10, stations=3))
    cache.drop_older("pipes", 7)
    assert [k for k in ("pipes-old", "pipes-new", "composite", "stations") if cache.get(k)] == [
        "pipes-new",
        "stations",
    ]
    cache.clear()
    assert len(cache) == 0 and cache.bytes == 0


def test_a_cache_of_zero_bytes_is_off() -> None:
    assert not TileCache(0).enabled


def test_gzip_round_trips_and_an_empty_tile_stays_empty() -> None:
    mvt = bytes(range(256)) * 20
    assert decompress(compress(mvt, 6)) == mvt
    assert compress(mvt, 6) == compress(mvt, 6)  # no timestamp: equal in every worker
    assert compress(b"", 6) == b"" and decompress(b"") == b""


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip, deflate, br", True),
        ("br;q=1.0, gzip;q=0.8", True),
        ("gzip;q=0", False),
        ("identity", False),
        (None, False),
        ("*", True),
    ],
)
def test_accept_encoding(header: str | None, accepted: bool) -> None:
    assert accepts_gzip(header) is accepted


def test_if_none_match_compares_weakly() -> None:
    assert etag_matches('W/"abc"', 'W/"abc"')
    assert etag_matches('"abc"', 'W/"abc"')
    assert etag_matches('W/"x", W/"abc"', 'W/"abc"')
    assert etag_matches("*", 'W/"abc"')
    assert not etag_matches('W/"abd"', 'W/"abc"') and not etag_matches(None, 'W/"abc"')


def test_layer_list_memos_stay_bounded_whatever_combinations_clients_ask():
    from gis.tiles.service import MEMO_ENTRIES, _remember

    memo: dict = {}
    for i in range(3 * MEMO_ENTRIES):
        assert _remember(memo, ("stations", str(i)), lambda i=i: i) == i
    assert len(memo) <= MEMO_ENTRIES
