"""A bare Starlette app replaying recorded tile responses: the floor under the warm tile server.

``BENCH_TILES_FILE`` names a pickle of ``{path: (headers, body)}`` recorded from the tile
server (same headers, same gzip bytes); run with uvicorn.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

SKIP = {"content-length", "date", "server", "content-type"}
TILES = {
    path: (body, {name: value for name, value in headers if name not in SKIP})
    for path, (headers, body) in pickle.loads(Path(os.environ["BENCH_TILES_FILE"]).read_bytes()).items()
}


async def tile(request: Request) -> Response:
    found = TILES.get(request.url.path)
    if found is None:
        return Response(status_code=404)
    body, headers = found
    return Response(body, media_type="application/vnd.mapbox-vector-tile", headers=headers)


async def ready(request: Request) -> Response:
    return Response(b"ok")


app = Starlette(routes=[Route("/tiles/{layers}/{z}/{x}/{y}.mvt", tile), Route("/healthz", ready)])
