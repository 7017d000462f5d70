"""Chemicals and storage units as the release model needs them, read from the library.

Every value of the chemical library carries its source (``chemicals.sources``); a value no
source gives is empty, and is reported as "no sourced value" rather than filled in.  A
chemical the stations measure (``parameters.csv`` names its CAS) also carries the park's
ambient-air limits on it, the endpoints a plume is drawn at when no AEGL is sourced; a
parameter that is a group of substances (NMHC) is released as a "chemical" of its own,
with those limits and no molecular weight.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import orjson

from gis.analysis.ambient_endpoints import (
    AMBIENT_BASIS,
    AMBIENT_CLASSES,
    AmbientLimit,
    air_parameters,
    ambient_limits,
    parameter_of,
)
from gis.analysis.scenario import Endpoint, ToxicChemical
from gis.analysis.units import mg_m3_to_ppm, ppm_to_mg_m3
from gis.errors import InvalidInput, NotFound

_HERE = Path(__file__).resolve().parent
CHEMICAL_SQL = (_HERE / "chemical_library.sql").read_text()
STORAGE_UNIT_SQL = (_HERE / "chemical_storage_unit.sql").read_text()
CHEMICAL_LIST_SQL = (_HERE / "chemical_list.sql").read_text()

NO_SOURCED_VALUE = "no sourced value"
AEGL_LEVELS = (("AEGL-1", "aegl1_ppm"), ("AEGL-2", "aegl2_ppm"), ("AEGL-3", "aegl3_ppm"))
AEGL_BASIS = "AEGL 60-min values of the chemical library"
ENTERED_BASIS = "entered"


@dataclass(frozen=True)
class LibraryChemical:
    """A chemical of the library, or (``id`` and ``cas`` None) a group a station parameter measures."""

    id: int | None
    cas: str | None
    un_number: str | None
    name_zh: str
    name_en: str
    molecular_weight: float | None
    aegl_ppm: dict[str, float | None]
    sources: dict[str, str] = field(default_factory=dict)
    parameter: str | None = None
    ambient: tuple[AmbientLimit, ...] = ()

    @property
    def has_aegl(self) -> bool:
        return any(ppm is not None for ppm in self.aegl_ppm.values())

    def endpoint_values(self, basis: str | None = None) -> list[dict[str, Any]]:
        """The 60-minute AEGLs with their sources, or flagged where no source gives one; and
        when the zones are drawn at them (``basis``), the park's ambient-air limits, each with
        its standard."""
        values = []
        for level, column in AEGL_LEVELS:
            ppm = self.aegl_ppm.get(level)
            if ppm is None:
                values.append(
                    {"level": level, "ppm": None, "mg_m3": None, "sourced": False, "source": NO_SOURCED_VALUE}
                )
                continue
            mg_m3 = ppm_to_mg_m3(ppm, self.molecular_weight) if self.molecular_weight else None
            values.append(
                {
                    "level": level,
                    "ppm": ppm,
                    "mg_m3": mg_m3,
                    "sourced": True,
                    "source": self.sources.get(column, ""),
                }
            )
        for limit in self.ambient if basis == AMBIENT_BASIS else ():
            ppm = mg_m3_to_ppm(limit.value_mg_m3, self.molecular_weight) if self.molecular_weight else None
            values.append(
                {
                    "level": limit.label,
                    "ppm": ppm,
                    "mg_m3": limit.value_mg_m3,
                    "sourced": True,
                    "source": limit.source,
                    "kind": "ambient_limit",
                }
            )
        return values

    def as_dict(self, basis: str | None = None) -> dict[str, Any]:
        return {
            "id": self.id,
            "cas": self.cas,
            "un_number": self.un_number,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "molecular_weight": self.molecular_weight,
            "molecular_weight_source": self.sources.get("molecular_weight", NO_SOURCED_VALUE)
            if self.molecular_weight
            else NO_SOURCED_VALUE,
            "parameter": self.parameter,
            "endpoints": self.endpoint_values(basis),
        }

    def endpoints_basis(self, entered: tuple[Endpoint, ...] = ()) -> str:
        """What the zones are drawn at: the entered endpoints, the sourced AEGLs, or the park's
        ambient-air limits."""
        if entered:
            return ENTERED_BASIS
        if self.has_aegl or not self.ambient:
            return AEGL_BASIS
        return AMBIENT_BASIS

    def toxic(self, endpoints: tuple[Endpoint, ...] = ()) -> ToxicChemical:
        """The chemical for the dispersion model: at ``endpoints``, else at its sourced AEGLs,
        else at the park's ambient-air limits on it."""
        basis = self.endpoints_basis(endpoints)
        if basis == AMBIENT_BASIS:
            return ToxicChemical(
                self.name_en, self.molecular_weight, tuple(a.endpoint() for a in self.ambient)
            )
        if not self.molecular_weight and (basis == AEGL_BASIS or any(e.unit == "ppm" for e in endpoints)):
            raise InvalidInput(
                f"{self.name_en} has no sourced molecular weight: its concentrations in ppm cannot be modelled"
            )
        if endpoints:
            return ToxicChemical(self.name_en, self.molecular_weight, endpoints)
        if not self.has_aegl:
            raise InvalidInput(
                f"{self.name_en} has no sourced AEGL value and the park sets no ambient-air limit on it; "
                "give the endpoints (ppm or mg/m3) to draw zones at"
            )
        return ToxicChemical.from_aegl(
            self.name_en,
            self.molecular_weight,
            self.aegl_ppm.get("AEGL-1"),
            self.aegl_ppm.get("AEGL-2"),
            self.aegl_ppm.get("AEGL-3"),
        )


@dataclass(frozen=True)
class StorageUnitRecord:
    id: int
    code: str
    kind: str
    quantity_t: float
    capacity_t: float | None
    chemical_id: int
    lon: float
    lat: float
    enterprise_id: int
    enterprise_code: str
    enterprise_name: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


async def list_chemicals(conn: asyncpg.Connection) -> list[dict[str, Any]]:
    """The library, held chemicals first: what a responder may pick for a release; a chemical
    stations measure says which parameter, and is modelled at the park's limits on it when no
    AEGL is sourced."""
    measured = {p.cas: name for name, p in air_parameters().items() if p.cas}
    rows = await conn.fetch(CHEMICAL_LIST_SQL, list(measured), list(measured.values()), AMBIENT_CLASSES)
    return [dict(r) for r in rows]


async def plume_parameters(conn: asyncpg.Connection) -> list[dict[str, Any]]:
    """The air parameters a plume can be drawn for without entered endpoints, groups included."""
    found = []
    for name, parameter in air_parameters().items():
        substance = await load_parameter_substance(conn, name)
        if substance.ambient or (substance.has_aegl and substance.molecular_weight):
            found.append(
                {
                    "parameter": name,
                    "name_zh": parameter.name_zh,
                    "name_en": parameter.name_en,
                    "cas": parameter.cas,
                    "chemical_id": substance.id,
                    "molecular_weight": substance.molecular_weight,
                    "endpoints_basis": substance.endpoints_basis(),
                }
            )
    return found


async def load_parameter_substance(conn: asyncpg.Connection, parameter: str) -> LibraryChemical:
    """What a station's air parameter measures, as the release model takes it: the library's
    chemical when the parameter is one, else the group with the park's limits on it."""
    known = air_parameters().get(parameter)
    if known is None:
        raise InvalidInput(f"{parameter!r} is not a parameter stations measure in the air")
    if known.cas:
        try:
            return await load_chemical(conn, cas=known.cas)
        except NotFound:
            pass
    return LibraryChemical(
        id=None,
        cas=None,
        un_number=None,
        name_zh=known.name_zh,
        name_en=known.name_en,
        molecular_weight=None,
        aegl_ppm=dict.fromkeys(level for level, _ in AEGL_LEVELS),
        parameter=parameter,
        ambient=await ambient_limits(conn, parameter),
    )


async def load_chemical(
    conn: asyncpg.Connection, *, chemical_id: int | None = None, cas: str | None = None
) -> LibraryChemical:
    if chemical_id is None and not cas:
        raise InvalidInput("name the chemical by its id or CAS number")
    row = await conn.fetchrow(CHEMICAL_SQL, chemical_id, cas)
    if row is None:
        raise NotFound(f"chemical {chemical_id if chemical_id is not None else cas} is not in the library")
    parameter = parameter_of(row["cas"])
    return LibraryChemical(
        id=row["id"],
        cas=row["cas"],
        un_number=row["un_number"],
        name_zh=row["name_zh"],
        name_en=row["name_en"],
        molecular_weight=row["molecular_weight"],
        aegl_ppm={level: row[column] for level, column in AEGL_LEVELS},
        sources=orjson.loads(row["sources"] or "{}"),
        parameter=parameter,
        ambient=await ambient_limits(conn, parameter),
    )


async def load_storage_unit(conn: asyncpg.Connection, unit_id: int) -> StorageUnitRecord:
    row = await conn.fetchrow(STORAGE_UNIT_SQL, unit_id)
    if row is None:
        raise NotFound(f"storage unit {unit_id} does not exist")
    return StorageUnitRecord(**dict(row))
