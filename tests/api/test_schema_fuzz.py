"""Schemathesis over the OpenAPI schema: generated requests never make the server fail (5xx)."""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from api.app import create_app
from gis.db.engine import make_engine
from gis.users import add_user
from tests.conftest import TEST_PASSWORD, running_server

NOT_FUZZED = ("/auth/logout", "/live/sse")  # ends the session / streams forever


@pytest.fixture(scope="module")
def fuzz_target(database_url):
    engine = make_engine(database_url)
    add_user(engine, "fuzz-admin", "admin", TEST_PASSWORD)
    engine.dispose()
    with running_server(create_app(database_url=database_url)) as address:
        token = httpx.post(
            f"http://{address}/auth/token", data={"username": "fuzz-admin", "password": TEST_PASSWORD}
        ).json()["access_token"]
        yield address, token


@pytest.fixture(scope="module")
def api_schema(fuzz_target):
    address, _ = fuzz_target
    schema = schemathesis.openapi.from_url(f"http://{address}/openapi.json")
    for path in NOT_FUZZED:
        schema = schema.exclude(path=path)
    return schema


def test_no_generated_request_makes_the_server_fail(api_schema, fuzz_target):
    """Every operation, bounded examples each; any 5xx or off-shape error body fails the test."""
    address, token = fuzz_target
    failures: list[str] = []
    operations = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def exercise(case) -> None:
            response = case.call(base_url=f"http://{address}", headers={"Authorization": f"Bearer {token}"})
            where = f"{case.method} {case.formatted_path}"
            if response.status_code >= 500:
                failures.append(f"{where} → {response.status_code}: {response.text[:200]}")
            elif response.status_code >= 400 and "json" in response.headers.get("content-type", ""):
                if set(response.json()) != {"error", "detail"}:
                    failures.append(f"{where} → off-shape error {response.text[:200]}")

        exercise()
    assert operations > 5
    assert failures == []
