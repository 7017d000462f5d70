"""Where the source most likely is: every cell of a grid tried as a lone ground-level source.

Back-trajectory style: it needs no candidate list, so it also shows a source nobody listed.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from gis.analysis.geodesy import LocalFrame
from gis.analysis.grid import ValueGrid
from gis.analysis.source_footprints import ReadingConditions, footprints, lone_source_fit


def likelihood_surface(
    frame: LocalFrame,
    conditions: ReadingConditions,
    observed: NDArray[np.float64],
    cover_east_m: NDArray[np.float64],
    cover_north_m: NDArray[np.float64],
    sigma_set: str,
    direction_sigma_deg: float,
    cells: int,
) -> tuple[ValueGrid, ValueGrid]:
    """Every cell of a ``cells`` × ``cells`` grid tried as a lone ground-level source; the grid
    covers the stations and the ``cover_*`` points (the candidates) with a margin.

    ``explained``: fraction of Σc² a lone source there explains (0…1). ``likelihood``:
    exp(−(RSS − RSS_min)/2σ̂²) with σ̂² = RSS_min/(n − 1), the Gaussian-error likelihood
    relative to the best cell (1 there).
    """
    e_all = np.concatenate([cover_east_m, conditions.east_m])
    n_all = np.concatenate([cover_north_m, conditions.north_m])
    half = max(np.ptp(e_all), np.ptp(n_all), 500.0) * 0.6
    centre_e, centre_n = (e_all.max() + e_all.min()) / 2, (n_all.max() + n_all.min()) / 2
    cell = 2 * half / cells
    axis = (np.arange(cells) + 0.5) * cell - half
    grid_e, grid_n = np.meshgrid(axis + centre_e, axis + centre_n)
    flat_e, flat_n = grid_e.ravel(), grid_n.ravel()
    norm2 = float(observed @ observed)
    explained = np.empty(flat_e.size)
    for chunk in np.array_split(np.arange(flat_e.size), max(1, flat_e.size // 1000)):
        a = footprints(
            conditions, flat_e[chunk], flat_n[chunk], np.zeros(chunk.size), sigma_set, direction_sigma_deg
        )
        explained[chunk] = lone_source_fit(a, observed)[1]
    rss = norm2 * (1.0 - explained)
    rss_min = rss.min()
    variance = max(rss_min / max(observed.size - 1, 1), 1e-12 * norm2)
    likelihood = np.exp(-(rss - rss_min) / (2 * variance))
    east, north = axis + centre_e, axis + centre_n
    shape = grid_e.shape
    return (
        ValueGrid(frame.lon, frame.lat, east, north, likelihood.reshape(shape), "relative likelihood"),
        ValueGrid(
            frame.lon, frame.lat, east.copy(), north.copy(), explained.reshape(shape), "fraction explained"
        ),
    )
