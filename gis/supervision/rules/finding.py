"""What a rule found: one candidate alarm for one station, parameter and rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

EXCEEDANCE_RULES = frozenset({"limit_instant", "limit_1h", "limit_24h", "load_exceeded"})
QUALITY_RULES = frozenset({"missing_data", "flat_line", "negative", "out_of_range", "device_fault"})
SEVERITY = {
    "limit_instant": "critical",
    "limit_1h": "critical",
    "limit_24h": "critical",
    "load_exceeded": "critical",
    "load_warning": "warning",
    "voc_rise": "warning",
    "suspicious_mark": "warning",
    "missing_data": "warning",
    "flat_line": "warning",
    "negative": "warning",
    "out_of_range": "warning",
    "device_fault": "warning",
}


@dataclass
class Finding:
    station_id: int
    parameter: str
    rule: str
    ts: dt.datetime
    value: float | None
    limit_value: float | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def severity(self) -> str:
        return SEVERITY[self.rule]

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.station_id, self.parameter, self.rule)


def first_per_key(findings: list[Finding]) -> list[Finding]:
    """One finding per (station, parameter, rule): the earliest, with the count and peak of the rest."""
    by_key: dict[tuple[int, str, str], Finding] = {}
    counts: dict[tuple[int, str, str], int] = {}
    for f in sorted(findings, key=lambda f: f.ts):
        counts[f.key] = counts.get(f.key, 0) + 1
        first = by_key.setdefault(f.key, f)
        if f is not first and f.value is not None and first.value is not None:
            peak = first.detail.get("peak", first.value)
            worse = f.value < peak if f.detail.get("bound") == "min" else f.value > peak
            if worse:
                first.detail["peak"] = f.value
                first.detail["peak_ts"] = f.ts.isoformat()
    for key, f in by_key.items():
        if counts[key] > 1:
            f.detail["occurrences"] = counts[key]
    return list(by_key.values())
