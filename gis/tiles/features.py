"""Feature queries over a layer's table or view: paging, bbox, property filters, free text.

GeoJSON geometry is made by PostGIS (RFC 7946: lon/lat, 7 decimals ≈ 1 cm) and passed
through as pre-serialised JSON, never parsed and re-encoded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import orjson

from gis.auth import Scope
from gis.errors import InvalidInput, NotFound
from gis.tiles.compile import CompiledLayer, relation_parts, render
from gis.tiles.introspect import INTEGER_TYPES, NUMBER_TYPES, TEXT_TYPES, Column
from gis.tiles.spec import quote_ident

MAX_LIMIT = 10_000
INTEGER_RANGE = {"int2": 2**15, "int4": 2**31, "int8": 2**63}


@dataclass(frozen=True)
class FeatureQuery:
    limit: int = 100
    offset: int = 0
    bbox: tuple[float, float, float, float] | None = None
    equals: dict[str, str] = field(default_factory=dict)
    text: str | None = None


@dataclass(frozen=True)
class FeaturePage:
    features: list[dict[str, Any]]
    matched: int


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """``west,south,east,north`` in lon/lat (a 6-number bbox drops its heights)."""
    try:
        numbers = [float(part) for part in text.split(",")]
    except ValueError:
        raise InvalidInput(f"bbox {text!r}: four comma-separated numbers expected") from None
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
        raise InvalidInput(f"bbox {text!r}: four comma-separated numbers expected")
    west, south, east, north = numbers
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= 90 and -90 <= north <= 90):
        raise InvalidInput(f"bbox {text!r}: longitudes within ±180, latitudes within ±90")
    if south > north:
        raise InvalidInput(f"bbox {text!r}: south is north of north")
    if west > east:
        raise InvalidInput(f"bbox {text!r}: boxes across the antimeridian are not supported")
    return west, south, east, north


def check_paging(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}")
    if offset < 0:
        raise InvalidInput("offset must not be negative")


def feature_value(column: Column) -> str:
    ref = f"t.{quote_ident(column.name)}"
    return f"{ref}::float8" if column.type == "numeric" and not column.array else ref


def filter_value(column: Column, raw: str) -> Any:
    """A query-string value converted to the column's type, so it binds as a parameter."""
    try:
        if column.type in INTEGER_TYPES:
            value = int(raw)
            if not -INTEGER_RANGE[column.type] <= value < INTEGER_RANGE[column.type]:
                raise ValueError(raw)
            return value
        if column.type in NUMBER_TYPES:
            return float(raw)
    except ValueError:
        raise InvalidInput(f"{column.name}={raw!r}: a number in the column's range is expected") from None
    if column.type == "bool":
        if raw not in ("true", "false"):
            raise InvalidInput(f"{column.name}={raw!r}: true or false expected")
        return raw == "true"
    if column.type in TEXT_TYPES:
        return raw
    raise InvalidInput(f"{column.name} cannot be used as a filter")


class FeatureStatement:
    """Builds the WHERE clause and its parameters for one request."""

    def __init__(self, layer: CompiledLayer, scope: Scope, first_parameter: int):
        self.layer = layer
        self.names, owner = layer.view_key(scope)
        self.parts = relation_parts(layer.source)
        self.conditions = [self.parts["where"]]
        self.args: list[Any] = []
        self.next = first_parameter
        if owner is not None:
            self.conditions.append(f"t.{quote_ident(layer.source.owner_column)} = {self.bind(owner)}")

    def bind(self, value: Any) -> str:
        self.args.append(value)
        self.next += 1
        return f"${self.next - 1}"

    def add(self, query: FeatureQuery) -> FeatureStatement:
        geom = f"t.{self.parts['geom']}"
        if query.bbox:
            box = f"ST_MakeEnvelope({', '.join(self.bind(v) for v in query.bbox)}, 4326)"
            self.conditions.append(f"{geom} && {box} AND ST_Intersects({geom}, {box})")
        columns = self.layer.columns
        for name, raw in query.equals.items():
            column = columns[name]
            value = filter_value(column, raw)
            ref = f"t.{quote_ident(name)}"
            self.conditions.append(
                f"{self.bind(value)} = ANY({ref})" if column.array else f"{ref} = {self.bind(value)}"
            )
        if query.text:
            searchable = [n for n in self.names if columns[n].type in TEXT_TYPES and not columns[n].array]
            if searchable:
                pattern = self.bind("%" + _escape_like(query.text) + "%")
                self.conditions.append(
                    "(" + " OR ".join(f"t.{quote_ident(n)} ILIKE {pattern}" for n in searchable) + ")"
                )
            else:
                self.conditions.append("false")
        return self

    def render(self, template: str) -> str:
        properties = "".join(
            f", {feature_value(self.layer.columns[n])} AS {quote_ident(n)}" for n in self.names
        )
        return render(
            template, **{**self.parts, "where": " AND ".join(self.conditions), "properties": properties}
        )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def as_feature(row: asyncpg.Record, names: tuple[str, ...]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": orjson.Fragment(row["geometry"]) if row["geometry"] else None,
        "properties": {name: row[name] for name in names},
    }


async def feature_page(
    pool: asyncpg.Pool, layer: CompiledLayer, scope: Scope, query: FeatureQuery
) -> FeaturePage:
    """One page of features as ``scope`` sees them, and the number the whole query matches."""
    check_paging(query.limit, query.offset)
    page = FeatureStatement(layer, scope, 3)
    unknown = [name for name in query.equals if name not in page.names]
    if unknown:
        raise InvalidInput(f"cannot filter on {', '.join(sorted(unknown))}: filters take exposed properties")
    page.add(query)
    count = FeatureStatement(layer, scope, 1).add(query)
    async with pool.acquire() as conn:
        rows = await conn.fetch(page.render("features_page.sql"), query.limit, query.offset, *page.args)
        matched = await conn.fetchval(count.render("features_count.sql"), *count.args)
    return FeaturePage([as_feature(row, page.names) for row in rows], matched)


async def feature_by_id(pool: asyncpg.Pool, layer: CompiledLayer, scope: Scope, fid: str) -> dict[str, Any]:
    try:
        key = filter_value(layer.columns[layer.source.id_column], fid)
    except InvalidInput:
        raise NotFound(f"{layer.source.id} has no feature {fid!r}") from None
    statement = FeatureStatement(layer, scope, 2)
    async with pool.acquire() as conn:
        row = await conn.fetchrow(statement.render("feature_one.sql"), key, *statement.args)
    if row is None:
        raise NotFound(f"{layer.source.id} has no feature {fid!r}")
    return as_feature(row, statement.names)
