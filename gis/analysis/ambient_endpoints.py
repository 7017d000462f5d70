"""Endpoints from the park's ambient-air limits, for what has no sourced toxic endpoint.

Benzene, toluene or hydrogen chloride have no sourced AEGL here, and NMHC is a group of
substances with none at all; yet the park judges the air they reach by limits (GB 37822-2019
Table A.1 in the plant, GB 16297-1996 Table 2 and GB 31571-2015 Table 7 at the boundary). A
plume drawn at those shows where the air would fail them and which stations would alarm.
They are 1-hour means or single readings, not health thresholds: no isolation or
protective-action area is drawn from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import asyncpg

from gis.analysis.limits import ModelWarning
from gis.analysis.scenario import Endpoint
from gis.supervision.parameters import Parameter, load_parameters
from gis.supervision.settings import supervision_settings

AMBIENT_SQL = (Path(__file__).resolve().parent / "ambient_limits.sql").read_text()
# station classes whose limits judge the open air: in the plant, and at the boundary
AMBIENT_CLASSES = ("voc", "air_boundary")
WHERE = {"voc": "in-plant", "air_boundary": "boundary"}
AVERAGING = {"instant": "single", "1h": "1-h", "24h": "24-h"}
AMBIENT_BASIS = "ambient-air limits of the park (not health thresholds)"
AMBIENT_WARNING = ModelWarning(
    "ambient_limits",
    "the zones are drawn at the park's ambient-air limits (1-hour means and single readings "
    "in the plant and at the boundary), not at health thresholds: they show where the air "
    "would fail those limits, not who must evacuate or shelter",
)


@dataclass(frozen=True)
class AmbientLimit:
    """One of the park's limits on the open air for a parameter, in mg/m³."""

    id: int
    applies_to: str
    averaging: str
    value_mg_m3: float
    standard: str
    clause: str

    @property
    def label(self) -> str:
        return f"{WHERE[self.applies_to]} {AVERAGING.get(self.averaging, self.averaging)}"

    @property
    def source(self) -> str:
        return f"{self.standard}, {self.clause} (limit {self.id} of the park, {self.applies_to} stations)"

    def endpoint(self) -> Endpoint:
        return Endpoint(self.label, self.value_mg_m3, "mg/m3")


async def ambient_limits(conn: asyncpg.Connection, parameter: str | None) -> tuple[AmbientLimit, ...]:
    """The park's limits on the air ``parameter`` reaches, highest first (none for no parameter)."""
    if parameter is None:
        return ()
    rows = await conn.fetch(AMBIENT_SQL, parameter, AMBIENT_CLASSES)
    return tuple(
        AmbientLimit(r["id"], r["applies_to"], r["averaging"], r["value"], r["standard"], r["clause"])
        for r in rows
    )


def air_parameters() -> dict[str, Parameter]:
    """The parameters stations measure in the open air, by the name readings are stored under."""
    known = load_parameters(supervision_settings().parameters_file)
    return {name: parameter for name, parameter in known.items() if parameter.medium == "air"}


def parameter_of(cas: str | None) -> str | None:
    """The air parameter that is the library chemical ``cas``, if stations measure it."""
    return next((name for name, p in air_parameters().items() if cas and p.cas == cas), None)
