"""Validation: the quick path for what devices nearly always send judges as the full checks do."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from gis.readings.model import Reading, Rejection
from gis.readings.validate import ValidationLimits, check_reading, split_valid

NOW = dt.datetime(2026, 12, 6, 8, 0, tzinfo=dt.UTC)
LIMITS = ValidationLimits()

readings = st.builds(
    Reading,
    station_id=st.just(1),
    parameter=st.sampled_from(["so2", "pm2_5", "nmhc", "SO2", "x" * 25, "", "no2 "]),
    ts=st.sampled_from(
        [
            NOW,
            NOW - dt.timedelta(minutes=5),
            NOW + dt.timedelta(hours=2),
            NOW - dt.timedelta(days=500),
            NOW.replace(tzinfo=None),
        ]
    ),  # fmt: skip
    value=st.one_of(
        st.none(), st.floats(allow_nan=True, allow_infinity=True), st.integers(-3, 3), st.booleans()
    ),
    flag=st.sampled_from(["N", "N", "D", "C", "X", ""]),
)


@given(st.lists(readings, max_size=12))
def test_a_batch_is_judged_as_each_reading_is_judged_alone(batch):
    valid, rejected = split_valid(batch, LIMITS, NOW)
    expected_valid, expected_rejected = [], []
    for reading in batch:
        reason = check_reading(reading, LIMITS, NOW)
        if reason is None:
            expected_valid.append(reading)
        else:
            expected_rejected.append(Rejection(reason, reading.parameter, reading.ts))
    assert valid == expected_valid
    assert rejected == expected_rejected
