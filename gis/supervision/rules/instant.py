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
        if left_out or reading.value is None:
            continue
        impossible = _impossible(reading, parameters.get(reading.parameter))
        if impossible:
            found.append(impossible)
            continue
        for limit in limits.get((reading.station_id, reading.parameter), ()):
            if limit.averaging == "instant" and limit.exceeded_by(reading.value):
                found.append(
                    Finding(
                        reading.station_id,
                        reading.parameter,
                        "limit_instant",
                        reading.ts,
                        reading.value,
                        limit.value,
                        {**limit.cited(), "ts": reading.ts.isoformat()},
                    )
                )
    return found


def _impossible(reading: ReadingRow, parameter: Parameter | None) -> Finding | None:
    if parameter is None or reading.value is None:
        return None
    low, high = parameter.plausible
    value = reading.value
    if low == 0.0 and value < 0:
        rule, limit = "negative", 0.0
    elif (low is not None and value < low) or (high is not None and value > high):
        rule, limit = "out_of_range", (low if low is not None and value < low else high)
    else:
        return None
    return Finding(
        reading.station_id,
        reading.parameter,
        rule,
        reading.ts,
        value,
        limit,
        {"range": [low, high], "unit": parameter.unit, "ts": reading.ts.isoformat()},
    )
