"""Role × route matrix over every HTTP route of the app.

Each route's policy is read from its dependencies (``current_user``, ``require_roles``,
``Writer``) and then *exercised*: anonymous callers get 401 where a login is needed, each
role outside the allowed set gets 403, and allowed roles get past the guard. On top, the
policy itself is checked: nothing but an explicit list of routes is open without login,
and no read-only role (bureau, screen) may call a route that changes data.
"""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi.routing import APIRoute
from sqlalchemy import text

from api.app import create_app
from api.auth.deps import current_user, optional_user
from gis.auth import READ_ONLY_ROLES, ROLES
from gis.db.engine import make_engine
from tests.conftest import create_role_accounts, login

# Routes anyone may call.  Adding one here is a decision about the park's data: review it.
PUBLIC_ROUTES = {
    ("GET", "/healthz"),
    ("POST", "/auth/token"),
    ("POST", "/auth/refresh"),
    ("GET", "/config"),
    # the app's HTML shell: it holds no park data, and logs in before asking for any
    ("GET", "/"),
    ("GET", "/screen"),
    ("GET", "/respond"),
    ("GET", "/field"),
    ("GET", "/login"),
}
# Routes for devices, guarded by a device key instead of a login (401 without one).
DEVICE_KEY_ROUTES = {("POST", "/ingest/readings")}
PUBLIC_PREFIXES = ("/assets/", "/docs", "/redoc", "/openapi.json")
SESSION_ROUTES = {("POST", "/auth/logout")}  # ends the caller's session: exercised in test_auth
STREAMING_ROUTES = {("GET", "/live/sse")}  # never ends for an allowed caller: exercised in test_live


def dependency_calls(dependant) -> list:
    calls = []
    for sub in dependant.dependencies:
        calls.append(sub.call)
        calls.extend(dependency_calls(sub))
    return calls


def policy(route: APIRoute) -> tuple[bool, bool, frozenset[str]]:
    """(needs login, optional login, roles allowed) as declared by the route's dependencies."""
    calls = dependency_calls(route.dependant)
    allowed = frozenset(ROLES)
    for call in calls:
        allowed &= getattr(call, "allowed_roles", frozenset(ROLES))
    return current_user in calls, optional_user in calls, allowed


def flat_routes(app):
    """Every endpoint with its effective path and dependencies (routers included or not)."""
    for route in app.routes:
        if hasattr(route, "effective_route_contexts"):  # FastAPI's included-router wrapper
            yield from (c for c in route.effective_route_contexts() if c.dependant is not None)
        elif isinstance(route, APIRoute):
            yield route


def http_routes(app) -> list[tuple[str, APIRoute]]:
    out = []
    for route in flat_routes(app):
        if route.methods:
            out.extend((method, route) for method in sorted(set(route.methods) - {"HEAD", "OPTIONS"}))
    operations = sum(len(ops) for ops in app.openapi()["paths"].values())
    assert len(out) >= operations > 0, "the matrix must see every operation of the OpenAPI schema"
    return out


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


@pytest.fixture(scope="module")
def matrix_accounts(database_url):
    engine = make_engine(database_url)
    with engine.begin() as conn:
        park = conn.execute(
            text(
                "INSERT INTO parks (code, name_zh, name_en, geom) VALUES ('MATRIX', '园区', 'park', "
                "ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(105.07, 28.73), 4326), 0.02))) RETURNING id"
            )
        ).scalar_one()
        for code in ("E-MX-A", "E-MX-B"):
            conn.execute(
                text(
                    "INSERT INTO enterprises (park_id, code, name_zh, name_en, industry, geom) VALUES "
                    "(:p, :c, :c, :c, 'fine_chemicals', "
                    "ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(105.07, 28.73), 4326), 0.001)))"
                ),
                {"p": park, "c": code},
            )
    engine.dispose()
    return create_role_accounts(database_url, ("E-MX-A", "E-MX-B"))


@pytest.fixture(scope="module")
async def matrix(database_url, matrix_accounts):
    app = create_app(database_url=database_url)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            headers = {role: await login(client, name) for role, name in matrix_accounts.items()}
            yield app, client, headers


def test_only_the_listed_routes_are_open_without_login(matrix):
    app, _, _ = matrix
    open_routes = []
    for method, route in http_routes(app):
        needs_login, optional, _ = policy(route)
        public = (method, route.path) in PUBLIC_ROUTES | DEVICE_KEY_ROUTES or route.path.startswith(
            PUBLIC_PREFIXES
        )
        if not needs_login and not optional and not public:
            open_routes.append(f"{method} {route.path}")
    assert open_routes == [], "routes open to anyone without being listed as public"


def test_read_only_roles_may_not_call_any_route_that_changes_data(matrix):
    app, _, _ = matrix
    offenders = []
    for method, route in http_routes(app):
        if method == "GET" or (method, route.path) in PUBLIC_ROUTES | SESSION_ROUTES | DEVICE_KEY_ROUTES:
            continue
        _, _, allowed = policy(route)
        if allowed & READ_ONLY_ROLES:
            offenders.append(f"{method} {route.path}: {sorted(allowed & READ_ONLY_ROLES)}")
    assert offenders == []


async def test_every_route_enforces_its_policy(matrix):
    app, client, headers = matrix
    failures = []
    for method, route in http_routes(app):
        needs_login, _, allowed = policy(route)
        url = concrete(route.path)
        anonymous = await client.request(method, url)
        if (needs_login or (method, route.path) in DEVICE_KEY_ROUTES) and anonymous.status_code != 401:
            failures.append(f"{method} {url} anonymous → {anonymous.status_code}, expected 401")
        if anonymous.status_code >= 500:
            failures.append(f"{method} {url} anonymous → {anonymous.status_code}")
        if not needs_login or (method, route.path) in SESSION_ROUTES:
            continue
        for label, auth in headers.items():
            role = "enterprise" if label.startswith("enterprise") else label
            if role in allowed and (method, route.path) in STREAMING_ROUTES:
                continue
            got = (await client.request(method, url, headers=auth)).status_code
            if role in allowed and got in (401, 403):
                failures.append(f"{method} {url} as {role} → {got}, expected to pass the guard")
            if role not in allowed and got != 403:
                failures.append(f"{method} {url} as {role} → {got}, expected 403")
            if got >= 500:
                failures.append(f"{method} {url} as {role} → {got}")
    assert failures == []
