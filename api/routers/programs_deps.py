"""What the program routers share: who may do what, the caller's enterprise scope, the clock."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from pydantic import BaseModel, ConfigDict

from api.auth.deps import Principal, require_roles
from gis.programs.settings import ProgramSettings, program_settings

# park-wide views (every role but the enterprise account)
ParkReader = require_roles("admin", "manager", "responder", "inspector", "bureau", "screen")
# the park's own staff who run the programs
ParkManager = require_roles("admin", "manager")
# an enterprise acting on its own data, or the park's managers acting for it
EnterpriseWriter = require_roles("admin", "manager", "enterprise")
FieldWriter = require_roles("admin", "manager", "inspector")


def get_program_settings(request: Request) -> ProgramSettings:
    return getattr(request.app.state, "program_settings", None) or program_settings()


SettingsDep = Annotated[ProgramSettings, Depends(get_program_settings)]


def own(user: Principal) -> int | None:
    """The enterprise a caller is confined to, or None for the park's roles."""
    return user.enterprise_id if user.scope.is_enterprise else None


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def park_today(settings: ProgramSettings) -> dt.date:
    return utcnow().astimezone(ZoneInfo(settings.park_timezone)).date()


class Body(BaseModel):
    """Request bodies: unknown fields and non-finite numbers are refused."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
