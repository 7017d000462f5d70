"""Chemicals and storage units as the release model needs them, read from the library.

Every value of the chemical library carries its source (``chemicals.sources``); a value no
source gives is empty, and is reported as "no sourced value" rather than filled in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import orjson

from gis.analysis.scenario import Endpoint, ToxicChemical
from gis.analysis.units import ppm_to_mg_m3
from gis.errors import InvalidInput, NotFound

_HERE = Path(__file__).resolve().parent
CHEMICAL_SQL = (_HERE / "chemical_library.sql").read_text()
STORAGE_UNIT_SQL = (_HERE / "chemical_storage_unit.sql").read_text()
CHEMICAL_LIST_SQL = (_HERE / "chemical_list.sql").read_text()

NO_SOURCED_VALUE = "no sourced value"
AEGL_LEVELS = (("AEGL-1", "aegl1_ppm"), ("AEGL-2", "aegl2_ppm"), ("AEGL-3", "aegl3_ppm"))


@dataclass(frozen=True)
class LibraryChemical:
    id: int
    cas: str
    un_number: str | None
    name_zh: str
    name_en: str
    molecular_weight: float | None
    aegl_ppm: dict[str, float | None]
    sources: dict[str, str] = field(default_factory=dict)

    def endpoint_values(self) -> list[dict[str, Any]]:
        """The 60-minute AEGLs with their sources, or flagged where no source gives one."""
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
        return values

    def as_dict(self) -> dict[str, Any]:
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
            "endpoints": self.endpoint_values(),
        }

    def toxic(self, endpoints: tuple[Endpoint, ...] = ()) -> ToxicChemical:
        """The chemical for the dispersion model: at ``endpoints``, or at its sourced AEGLs."""
        if not self.molecular_weight:
            raise InvalidInput(
                f"{self.name_en} has no sourced molecular weight: its concentrations cannot be modelled"
            )
        if endpoints:
            return ToxicChemical(self.name_en, self.molecular_weight, endpoints)
        sourced = {level: ppm for level, ppm in self.aegl_ppm.items() if ppm is not None}
        if not sourced:
            raise InvalidInput(
                f"{self.name_en} has no sourced AEGL value; give the endpoints (ppm or mg/m3) to draw zones at"
            )
        return ToxicChemical.from_aegl(
            self.name_en,
            self.molecular_weight,
            sourced.get("AEGL-1"),
            sourced.get("AEGL-2"),
            sourced.get("AEGL-3"),
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
    """The library, held chemicals first: what a responder may pick for a release."""
    return [dict(r) for r in await conn.fetch(CHEMICAL_LIST_SQL)]


async def load_chemical(
    conn: asyncpg.Connection, *, chemical_id: int | None = None, cas: str | None = None
) -> LibraryChemical:
    if chemical_id is None and not cas:
        raise InvalidInput("name the chemical by its id or CAS number")
    row = await conn.fetchrow(CHEMICAL_SQL, chemical_id, cas)
    if row is None:
        raise NotFound(f"chemical {chemical_id if chemical_id is not None else cas} is not in the library")
    return LibraryChemical(
        id=row["id"],
        cas=row["cas"],
        un_number=row["un_number"],
        name_zh=row["name_zh"],
        name_en=row["name_en"],
        molecular_weight=row["molecular_weight"],
        aegl_ppm={level: row[column] for level, column in AEGL_LEVELS},
        sources=orjson.loads(row["sources"] or "{}"),
    )


async def load_storage_unit(conn: asyncpg.Connection, unit_id: int) -> StorageUnitRecord:
    row = await conn.fetchrow(STORAGE_UNIT_SQL, unit_id)
    if row is None:
        raise NotFound(f"storage unit {unit_id} does not exist")
    return StorageUnitRecord(**dict(row))
