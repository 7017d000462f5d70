"""A plume's working memory stays small whatever is released, and only so many compute at once."""

from __future__ import annotations

import asyncio
import tracemalloc

import numpy as np
import pytest

from gis.analysis import gaussian
from gis.analysis.meteorology import Weather
from gis.analysis.scenario import Release, ToxicChemical
from gis.analysis.slots import Slots
from gis.analysis.threat_zones import threat_zones
from gis.analysis.zone_edges import _swept_half_width
from gis.errors import Busy

CHLORINE = ToxicChemical.from_aegl("chlorine", 70.906, 0.5, 2.0, 20.0)


@pytest.mark.parametrize("stability", ["B", "D", "F"])
def test_a_large_puff_computes_in_a_few_megabytes(stability):
    release = Release(105.07, 28.73, mass_kg=3000.0)
    weather = Weather(3.0, 270.0, stability)
    tracemalloc.start()
    try:
        result = threat_zones(release, weather, CHLORINE)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert all(zone.reached for zone in result.threat_zones.zones)
    # every sample against every puff position at once took ~29 MB a plume, per request
    assert peak < 10e6, f"{peak / 1e6:.1f} MB"


def test_the_puff_peak_is_the_same_computed_in_blocks():
    rng = np.random.default_rng(7)
    x, y = rng.uniform(-500, 8000, 5000), rng.uniform(-800, 800, 5000)
    blocks = gaussian.puff_peak_concentration(2e6, x, y, 1.5, 2.0, "D", "briggs_rural")
    whole = np.concatenate(
        [gaussian._puff_peak(2e6, x[x > 0], y[x > 0], np.full((x > 0).sum(), 1.5), 2.0, "D", "briggs_rural")]
    )
    assert np.all(blocks[x <= 0] == 0)
    np.testing.assert_allclose(blocks[x > 0], whole, rtol=2e-3)


def test_the_swept_half_width_is_the_same_computed_in_blocks():
    rng = np.random.default_rng(3)
    xs, centres, radii = (
        rng.uniform(0, 5000, 700),
        np.sort(rng.uniform(0, 5000, 300)),
        rng.uniform(0, 400, 300),
    )
    direct = np.sqrt(np.maximum((radii**2 - (xs[:, None] - centres) ** 2).max(axis=1), 0.0))
    np.testing.assert_array_equal(_swept_half_width(xs, centres, radii), direct)


async def test_only_so_many_compute_and_wait_then_the_next_is_told_to_come_back():
    slots = Slots("plume computations", at_once=2, waiting=1)
    running, most = 0, 0
    release = asyncio.Event()

    async def plume() -> None:
        nonlocal running, most
        async with slots.slot():
            running += 1
            most = max(most, running)
            await release.wait()
            running -= 1

    admitted = [asyncio.create_task(plume()) for _ in range(3)]
    await asyncio.sleep(0.05)
    with pytest.raises(Busy):
        async with slots.slot():
            pass
    release.set()
    await asyncio.gather(*admitted)
    assert most == 2
    async with slots.slot():  # room again once they are done
        pass
