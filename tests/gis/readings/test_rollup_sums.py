"""The store's hourly sums, against the plain definition of a rollup row (the days are summed
from them in SQL: tests/gis/readings/test_rollups_history.py)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from gis.readings.model import StoredReading
from gis.readings.store import ReadingStore

ZONE = "Asia/Shanghai"
START = dt.datetime(2026, 12, 5, 14, 0, tzinfo=dt.UTC)  # 22:00 in the park: hours on two local days

stored_readings = st.builds(
    StoredReading,
    station_id=st.integers(1, 2),
    parameter=st.sampled_from(["so2", "nox"]),
    ts=st.integers(0, 4 * 3600 - 1).map(lambda s: START + dt.timedelta(seconds=s)),
    value=st.one_of(st.none(), st.floats(-5, 50, allow_nan=False)),
    flag=st.sampled_from(["N", "N", "N", "D", "C"]),
    raw_id=st.just(1),
)


def plain(readings: list[StoredReading], bucket) -> dict[tuple, tuple]:
    """Per (station, parameter, bucket): n, flagged, total, min, max, as the rollup tables define them."""
    keys = {(r.station_id, r.parameter, bucket(r.ts)) for r in readings}
    rows = {}
    for key in keys:
        mine = [r for r in readings if (r.station_id, r.parameter, bucket(r.ts)) == key]
        values = [r.value for r in mine if r.flag == "N" and r.value is not None]
        flagged = sum(1 for r in mine if r.flag != "N")
        rows[key] = (len(values), flagged, sum(values), min(values, default=None), max(values, default=None))
    return rows


def as_rows(columns: list[list]) -> dict[tuple, tuple]:
    return {tuple(row[:3]): tuple(row[3:]) for row in zip(*columns, strict=True)}


@given(st.lists(stored_readings, min_size=1, max_size=40))
def test_hours_hold_what_the_rollup_definition_says(readings):
    zone = ZoneInfo(ZONE)
    got = as_rows(ReadingStore(None, rollup_timezone=ZONE)._hourly(readings))
    expected = plain(readings, lambda ts: ts.astimezone(zone).replace(minute=0, second=0, microsecond=0))
    assert got.keys() == expected.keys()
    for key, (n, flagged, total, low, high) in expected.items():
        assert got[key][:2] == (n, flagged)
        assert abs(got[key][2] - total) < 1e-9
        assert got[key][3:] == (low, high)
