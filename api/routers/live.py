"""``WS /live`` and ``GET /live/sse``: readings, alarms and tickets as they happen."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import orjson
from fastapi import APIRouter, Query, Request, WebSocket, WebSocketDisconnect
from starlette.responses import StreamingResponse

from api.auth.deps import CurrentUser, principal_from_token, token_from
from gis.errors import InvalidInput, ParkMapError

router = APIRouter(tags=["live"])
KEEPALIVE_SECONDS = 20.0
BURST = 500  # most messages in one frame (an array) before the socket looks at its filters again
TYPES = {"reading", "alarm", "ticket"}


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    if not text:
        return None
    try:
        west, south, east, north = (float(v) for v in text.split(","))
    except ValueError as exc:
        raise InvalidInput("bbox is west,south,east,north in degrees") from exc
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise InvalidInput("bbox is west,south,east,north in degrees, west < east, south < north")
    return west, south, east, north


def parse_types(text: str | list[str] | None) -> set[str] | None:
    if not text:
        return None
    wanted = set(text.split(",")) if isinstance(text, str) else set(text)
    unknown = wanted - TYPES
    if unknown:
        raise InvalidInput(f"unknown message types {sorted(unknown)}; choose from {sorted(TYPES)}")
    return wanted


@router.websocket("/live")
async def live_socket(websocket: WebSocket) -> None:
    """Push messages as JSON text frames: a message, or an array of the messages that were
    waiting together. Send {"types": [...], "bbox": [w,s,e,n]} to filter."""
    token = token_from(websocket)
    try:
        if token is None:
            raise InvalidInput("log in first: pass ?access_token=")
        principal = await principal_from_token(websocket, token)
    except ParkMapError as exc:
        # accept, then close with a code the browser can read (a refused handshake says nothing)
        await websocket.accept()
        await websocket.close(code=4401, reason=exc.detail[:120])
        return
    hub = websocket.app.state.live_hub
    try:
        sub = hub.subscribe(
            principal.scope,
            types=parse_types(websocket.query_params.get("types")),
            bbox=parse_bbox(websocket.query_params.get("bbox")),
        )
    except ParkMapError as exc:
        await websocket.accept()
        await websocket.close(code=4400 if isinstance(exc, InvalidInput) else 1013, reason=exc.detail[:120])
        return
    await websocket.accept()

    async def read_filters() -> None:
        while True:
            text = await websocket.receive_text()
            try:
                wanted = orjson.loads(text)
                if "types" in wanted:
                    sub.types = frozenset(parse_types(wanted["types"]) or TYPES)
                if "bbox" in wanted:
                    box = wanted["bbox"]
                    sub.bbox = parse_bbox(",".join(map(str, box))) if box else None
            except (orjson.JSONDecodeError, InvalidInput, TypeError, AttributeError) as exc:
                await websocket.send_text(orjson.dumps({"type": "error", "detail": str(exc)}).decode())

    reader = asyncio.create_task(read_filters())
    try:
        while True:
            getter = asyncio.ensure_future(sub.queue.get())
            done, _ = await asyncio.wait(
                {getter, reader}, timeout=KEEPALIVE_SECONDS, return_when=asyncio.FIRST_COMPLETED
            )
            if reader in done:
                getter.cancel()
                break
            if getter in done:
                # what waited together goes out as one frame (an array), not a frame each
                burst = [getter.result()]
                while not sub.queue.empty() and len(burst) < BURST:
                    burst.append(sub.queue.get_nowait())
            else:
                getter.cancel()
                burst = [{"type": "keepalive"}]
            await websocket.send_text(orjson.dumps(burst[0] if len(burst) == 1 else burst).decode())
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        reader.cancel()
        with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError):
            await reader
        hub.unsubscribe(sub)


@router.get("/live/sse")
async def live_events(
    request: Request,
    user: CurrentUser,
    types: str | None = Query(None, description="comma-separated: reading,alarm,ticket"),
    bbox: str | None = Query(None, description="west,south,east,north"),
) -> StreamingResponse:
    """Server-sent events: the same messages as ``WS /live`` for clients without WebSockets."""
    hub = request.app.state.live_hub
    sub = hub.subscribe(user.scope, types=parse_types(types), bbox=parse_bbox(bbox))

    async def stream() -> AsyncIterator[bytes]:
        try:
            yield b"retry: 3000\n\n"
            while not await request.is_disconnected():
                try:
                    message = await asyncio.wait_for(sub.queue.get(), KEEPALIVE_SECONDS)
                except TimeoutError:
                    yield b": keepalive\n\n"
                    continue
                yield b"event: " + message["type"].encode() + b"\ndata: " + orjson.dumps(message) + b"\n\n"
        finally:
            hub.unsubscribe(sub)

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
