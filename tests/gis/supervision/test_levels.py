"""A live value's level against its station's limits: the colour of the station on the map."""

from __future__ import annotations

from gis.supervision.levels import judge
from gis.supervision.limits import StationLimit


def limit(value: float, averaging: str = "1h", bound: str = "max") -> StationLimit:
    return StationLimit(1, 1, "so2", averaging, bound, value, "mg/m3", "GB 16297-1996", "table 2")


def test_a_value_over_an_hourly_or_instant_limit_is_an_exceedance():
    assert judge(0.5, "N", [limit(0.4)], 0.8).level == "exceedance"
    assert judge(31.0, "N", [limit(30.0, "instant")], 0.8).level == "exceedance"


def test_a_value_equal_to_the_limit_meets_it_but_is_near():
    assert judge(0.4, "N", [limit(0.4)], 0.8).level == "warning"


def test_near_the_limit_is_a_warning_and_well_below_is_normal():
    assert judge(0.33, "N", [limit(0.4)], 0.8).level == "warning"
    found = judge(0.1, "N", [limit(0.4)], 0.8)
    assert found.level == "normal"
    assert found.as_fields() == {
        "level": "normal",
        "limit": 0.4,
        "limit_bound": "max",
        "limit_averaging": "1h",
        "unit": "mg/m3",
    }


def test_one_value_over_a_daily_limit_is_only_a_warning():
    assert judge(120.0, "N", [limit(100.0, "24h")], 0.8).level == "warning"


def test_a_lower_bound_is_broken_from_below():
    oxygen = limit(5.0, "instant", "min")
    assert judge(4.0, "N", [oxygen], 0.8).level == "exceedance"
    assert judge(6.0, "N", [oxygen], 0.8).level == "warning"
    assert judge(8.0, "N", [oxygen], 0.8).level == "normal"


def test_the_worst_limit_decides_and_is_the_one_cited():
    found = judge(35.0, "N", [limit(100.0, "24h"), limit(30.0, "instant")], 0.8)
    assert found.level == "exceedance" and found.limit.value == 30.0


def test_no_limit_or_a_flagged_value_is_never_green():
    assert judge(0.1, "N", [], 0.8).level == "unknown"
    assert judge(0.1, "D", [limit(0.4)], 0.8).level == "unknown"
    assert judge(0.1, "C", [limit(0.4)], 0.8).as_fields() == {"level": "unknown"}
    assert judge(None, "N", [limit(0.4)], 0.8).level == "unknown"


def test_a_range_warns_near_either_end_not_in_the_middle():
    ph = [limit(9.0, "instant", "max"), limit(6.0, "instant", "min")]
    assert judge(7.3, "N", ph, 0.8).level == "normal", "a neutral pH"
    assert judge(8.5, "N", ph, 0.8).level == "warning"
    assert judge(6.5, "N", ph, 0.8).level == "warning"
    assert judge(9.2, "N", ph, 0.8).level == "exceedance"
    assert judge(5.5, "N", ph, 0.8).level == "exceedance"
