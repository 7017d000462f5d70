"""The garbage collector of a long-running ParkMap process.

CPython runs a collection every 700 new container objects and walks every object it tracks
at the oldest one.  A server makes a few such objects for each message, packet or request
(the MQTT client alone makes a message, its properties and a condition per delivery), and
what it imported and built at start-up (the app, the routers, the pools) is most of what the
collector would walk, for nothing: it lives as long as the process.  So once a process has
started, what exists is frozen out of the collector's sight and the young generation is
collected less often.  The memory this holds back is bounded by the threshold: at most that
many unreachable container objects wait for the next collection.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def settled(young_threshold: int) -> Iterator[None]:
    """Freeze what the process built so far and collect the young generation every
    ``young_threshold`` new objects until the block ends; 0 leaves the collector as Python sets it."""
    if young_threshold <= 0:
        yield
        return
    thresholds = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(young_threshold, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
