"""Rules judged on each reading alone: instant limits, impossible values, device fault flags."""

from __future__ import annotations

from collections.abc import Sequence

from gis.readings.model import FLAGS
from gis.supervision.limits import StationLimit
from gis.supervision.marks import ReadingRow
from gis.supervision.parameters import Parameter
from gis.supervision.rules.finding import Finding

FAULT_FLAGS = frozenset({"D", "B", "T"})


def instant_findings(
    readings: Sequence[ReadingRow],
    suppressed: Sequence[bool],
    limits: dict[tuple[int, str], list[StationLimit]],
    parameters: dict[str, Parameter],
) -> list[Finding]:
    found = []
    # per batch, not per reading: each series' instantaneous limits, each parameter's plausible range
    instant = {
        key: lims
        for key, lims in ((k, [lim for lim in v if lim.averaging == "instant"]) for k, v in limits.items())
        if lims
    }
    plausible = {name: p.plausible for name, p in parameters.items() if p.plausible != (None, None)}
    for reading, left_out in zip(readings, suppressed, strict=True):
        if reading.flag in FAULT_FLAGS:
            found.append(
                Finding(
                    reading.station_id,
                    reading.parameter,
                    "device_fault",
                    reading.ts,
                    reading.value,
                    detail={"flag": reading.flag, "meaning": FLAGS.get(reading.flag)},
                )
            )
        value = reading.value
        if left_out or value is None:
            continue
        low, high = plausible.get(reading.parameter, (None, None))
        if (low is not None and value < low) or (high is not None and value > high):
            found.append(_impossible(reading, parameters[reading.parameter]))
            continue
        for limit in instant.get((reading.station_id, reading.parameter), ()):
            if limit.exceeded_by(value):
                found.append(
                    Finding(
                        reading.station_id,
                        reading.parameter,
                        "limit_instant",
                        reading.ts,
                        value,
                        limit.value,
                        {**limit.cited(), "ts": reading.ts.isoformat()},
                    )
                )
    return found


def _impossible(reading: ReadingRow, parameter: Parameter) -> Finding:
    """The finding of a value outside ``parameter``'s plausible range: below zero where nothing
    can be negative, else out of range."""
    low, high = parameter.plausible
    value = reading.value
    if low == 0.0 and value < 0:
        rule, limit = "negative", 0.0
    else:
        rule, limit = "out_of_range", (low if low is not None and value < low else high)
    return Finding(
        reading.station_id,
        reading.parameter,
        rule,
        reading.ts,
        value,
        limit,
        {"range": [low, high], "unit": parameter.unit, "ts": reading.ts.isoformat()},
    )
