"""The tile cache's bounds and invalidation, and the HTTP negotiation helpers of the tile route."""

from __future__ import annotations

import pytest

from api.routers.tiles import accepts_gzip, etag_matches
from gis.tiles.cache import ENTRY_OVERHEAD, CachedTile, TileCache, compress, decompress


def entry(size: int, **tables: int) -> CachedTile:
    return CachedTile(b"x" * size, 'W/"e"', tuple(tables.items()))


def test_the_cache_stays_within_its_bytes_dropping_the_least_recently_used() -> None:
    cache = TileCache(max_bytes=3 * (1000 + 6 + ENTRY_OVERHEAD))
    for key in "abc":
        cache.put(key, entry(1000, pipes=1))
    assert cache.get("a") is not None  # a is now the most recently used
    cache.put("d", entry(1000, pipes=1))
    assert cache.get("b") is None and cache.get("a") is not None and len(cache) == 3
    assert cache.bytes <= cache.max_bytes
    cache.put("huge", entry(10_000, pipes=1))
    assert cache.get("huge") is None and len(cache) == 3


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
