"""One JSON error shape everywhere: ``{"error": code, "detail": message}``.

Domain errors from ``gis.errors`` are mapped to HTTP status codes in one table.
"""

from __future__ import annotations

import logging

import asyncpg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.responses import JSON
from gis import errors

log = logging.getLogger(__name__)

STATUS_BY_ERROR: dict[type[errors.ParkMapError], int] = {
    errors.NotFound: 404,
    errors.InvalidInput: 400,
    errors.ImportRefused: 422,
    errors.Conflict: 409,
    errors.Forbidden: 403,
    errors.Unauthorized: 401,
    errors.StoreUnavailable: 503,
    errors.Busy: 503,
}

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "too_many_requests",
    503: "unavailable",
}


def error_response(status: int, code: str, detail: object, headers: dict | None = None) -> JSON:
    return JSON({"error": code, "detail": detail}, status_code=status, headers=headers)


def status_for(exc: errors.ParkMapError) -> int:
    for kind in type(exc).__mro__:
        if kind in STATUS_BY_ERROR:
            return STATUS_BY_ERROR[kind]
    return 400


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(errors.ParkMapError)
    async def domain_error(request: Request, exc: errors.ParkMapError):
        return error_response(status_for(exc), exc.code, exc.detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        code = HTTP_CODES.get(exc.status_code, "error")
        return error_response(exc.status_code, code, exc.detail, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        return error_response(422, "invalid_input", detail)

    @app.exception_handler(asyncpg.DataError)
    async def data_error(request: Request, exc: asyncpg.DataError):
        # a value the database cannot take (out of range, malformed): the caller's input
        log.info("refused input on %s %s: %s", request.method, request.url.path, exc)
        return error_response(400, "invalid_input", "a value is out of range or malformed")

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", "the server failed; the reason is in its log")
