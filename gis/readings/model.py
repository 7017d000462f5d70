"""What a reading is, what a device sent, and what became of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

# HJ 212-2017 table 8: the instrument data flag kept on every value.
FLAGS: dict[str, str] = {
    "N": "normal",
    "F": "instrument stopped",
    "M": "maintenance",
    "S": "manually entered set value",
    "D": "instrument fault",
    "C": "calibration",
    "T": "above the measurement upper limit",
    "B": "communication failure with the data logger",
}
NORMAL = "N"
DOORS = ("mqtt", "hj212", "http", "sim")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# Readings are named tuples: tens of thousands a second pass through the gateway.
class Reading(NamedTuple):
    """One value of one parameter at one station at one moment, with its data flag."""

    station_id: int
    parameter: str
    ts: dt.datetime
    value: float | None
    flag: str = NORMAL


class StoredReading(NamedTuple):
    """A reading as stored: it knows the raw message it came from.  Its fields are those of
    :class:`Reading` and then ``raw_id``, so the store builds one as ``(*reading, raw_id)``."""

    station_id: int
    parameter: str
    ts: dt.datetime
    value: float | None
    flag: str
    raw_id: int


@dataclass(frozen=True, slots=True)
class Rejection:
    """A value (or a whole message when ``parameter`` is None) refused, and why."""

    reason: str
    parameter: str | None = None
    ts: dt.datetime | None = None


@dataclass(slots=True)
class DeviceMessage:
    """What a device sent once (an HJ 212 packet, an MQTT message) and the readings read from it.

    ``payload`` is kept as received in ``raw_messages`` so every value can be traced back to it
    (a door masks the device's secret in it first, as the HJ 212 door does the PW).
    ``rejected`` carries what the door already refused while reading the payload.
    """

    door: str
    peer: str | None
    payload: str
    readings: list[Reading]
    received_at: dt.datetime = field(default_factory=utcnow)
    rejected: list[Rejection] = field(default_factory=list)


@dataclass(slots=True)
class MessageOutcome:
    """What became of one message: stored under ``raw_id``, or ``error`` when it could not be."""

    raw_id: int | None = None
    stored: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(slots=True)
class IngestResult:
    """The outcome of one batch, message by message, and the readings that were new."""

    outcomes: list[MessageOutcome]
    new_readings: list[StoredReading] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return sum(o.stored for o in self.outcomes)

    @property
    def duplicates(self) -> int:
        return sum(o.duplicates for o in self.outcomes)

    @property
    def rejected(self) -> int:
        return sum(len(o.rejected) for o in self.outcomes)

    @property
    def failed(self) -> int:
        return sum(1 for o in self.outcomes if not o.ok)
