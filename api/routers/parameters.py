"""``GET /parameters``: what the map calls each parameter readings are stored under, and its units.

The park's parameters (``data/reference/parameters.csv``) with their short labels first; every
other HJ 212-2017 pollutant a device may send (tables B.1/B.2) by the standard's names.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fastapi import APIRouter

from api.auth.deps import CurrentUser
from api.ingest.hj212.pollutants import TABLE, pollutants
from api.responses import JSON
from api.routers.supervision_deps import SettingsDep
from gis.supervision.parameters import Parameter, load_parameters

router = APIRouter(tags=["stations"])


@cache
def parameter_words(parameters_file: Path, pollutants_file: Path = TABLE) -> dict[str, dict[str, str]]:
    table = pollutants(pollutants_file).by_parameter
    words = {name: Parameter(name, p.name_zh, "", p.unit, p.name_en).words() for name, p in table.items()}
    words.update({name: p.words() for name, p in load_parameters(parameters_file).items()})
    for name, entry in words.items():
        # the unit of a period's total (HJ 212 "Cou"): kg of a pollutant, m3 of a flow
        entry["emission_unit"] = table[name].emission_unit if name in table else ""
    return words


@router.get("/parameters")
async def parameters(user: CurrentUser, settings: SettingsDep) -> JSON:
    """Each parameter's names (the standard's and a short label) in zh and en, and its unit."""
    return JSON({"parameters": parameter_words(settings.parameters_file)})
