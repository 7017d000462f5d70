"""Dependencies shared by the supervision routers: the actor, the settings, evidence uploads."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Annotated

from fastapi import Depends, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse

from api.auth.deps import CurrentUser, Principal, Writer
from gis.errors import InvalidInput, NotFound
from gis.supervision import evidence
from gis.supervision.actor import Actor
from gis.supervision.settings import SupervisionSettings


def actor_of(user: Principal) -> Actor:
    return Actor(user.username, user.role, user.enterprise_id, user.user_id)


async def current_actor(user: CurrentUser) -> Actor:
    return actor_of(user)


async def writing_actor(user: Writer) -> Actor:
    return actor_of(user)


def supervision_settings(request: Request) -> SupervisionSettings:
    return request.app.state.supervision_settings


def evidence_folder(request: Request) -> Path:
    settings: SupervisionSettings = request.app.state.supervision_settings
    return settings.evidence_dir or request.app.state.store_settings.home / "evidence"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


ActorDep = Annotated[Actor, Depends(current_actor)]
WritingActor = Annotated[Actor, Depends(writing_actor)]
SettingsDep = Annotated[SupervisionSettings, Depends(supervision_settings)]
EvidenceFolder = Annotated[Path, Depends(evidence_folder)]


async def read_evidence(
    files: list[UploadFile] | None, settings: SupervisionSettings, folder: Path
) -> list[dict]:
    """Check and store uploaded evidence: 415 for a type that is not an image or PDF, 413 when too large."""
    files = [f for f in files or [] if f.filename or f.size]
    if len(files) > settings.evidence_max_files:
        raise InvalidInput(f"at most {settings.evidence_max_files} evidence files at once")
    records = []
    for upload in files:
        data = await upload.read(settings.evidence_max_bytes + 1)
        try:
            record = evidence.check(data, upload.content_type, upload.filename, settings.evidence_max_bytes)
        except evidence.EvidenceTooLarge as exc:
            raise HTTPException(413, exc.detail) from exc
        except evidence.EvidenceTypeRefused as exc:
            raise HTTPException(415, exc.detail) from exc
        await asyncio.to_thread(evidence.store, folder, data, record)
        records.append(record.as_dict())
    return records


def evidence_response(folder: Path, record: dict | None) -> FileResponse:
    """The stored file of an evidence record (404 when there is none, or it is gone from disk)."""
    if record is None:
        raise NotFound("no such evidence")
    path = evidence.path_of(folder, record["sha256"])
    if not path.is_file():
        raise NotFound("the evidence file is missing from the evidence store")
    return FileResponse(path, media_type=record["media_type"], filename=record["name"])
