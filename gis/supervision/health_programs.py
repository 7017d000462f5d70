"""The programs' findings as health-code floors: activated carbon, cleaner production, outfalls.

``gis.programs.health`` says, per enterprise, which colour each finding asks for; here they
become floors of the supervision health code, so a saturated carbon unit makes an
enterprise orange however few tickets it has.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import asyncpg

from gis.programs.health import health_factors


class ProgramFloors:
    name = "programs"

    async def floors(
        self, conn: asyncpg.Connection, enterprise_ids: list[int], now: dt.datetime
    ) -> dict[int, list[dict[str, Any]]]:
        found = {}
        for enterprise_id in enterprise_ids:
            factors = await health_factors(conn, enterprise_id, now)
            found[enterprise_id] = [f.as_dict() for f in factors if f.code != "green"]
        return found
