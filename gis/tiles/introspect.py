"""The columns a layer's source really has, read from the database at start-up."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from gis.errors import InvalidInput
from gis.tiles.spec import LayerSource, quote_relation

NUMBER_TYPES = frozenset({"int2", "int4", "int8", "float4", "float8", "numeric", "oid"})
INTEGER_TYPES = frozenset({"int2", "int4", "int8"})
TEXT_TYPES = frozenset({"text", "varchar", "bpchar", "name", "citext"})


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    array: bool = False

    @property
    def geometry(self) -> bool:
        return self.type in ("geometry", "geography")

    @property
    def tilejson_type(self) -> str:
        if self.array:
            return "String"
        if self.type in NUMBER_TYPES:
            return "Number"
        if self.type == "bool":
            return "Boolean"
        return "String"


async def source_columns(conn: asyncpg.Connection, source: LayerSource) -> dict[str, Column]:
    """Columns of the table, view or tile function (without running it)."""
    if source.function:
        signature = f"{source.function}(integer,integer,integer)"
        if await conn.fetchval("SELECT to_regprocedure($1)", signature) is None:
            raise InvalidInput(f"function {signature} does not exist")
        probe = f"SELECT * FROM {quote_relation(source.function)}(0, 0, 0) LIMIT 0"  # noqa: S608 (registry name)
    else:
        if await conn.fetchval("SELECT to_regclass($1)", source.relation) is None:
            raise InvalidInput(f"table or view {source.relation!r} does not exist")
        probe = f"SELECT * FROM {quote_relation(source.relation)} LIMIT 0"  # noqa: S608 (registry name)
    statement = await conn.prepare(probe)
    columns = {}
    for attribute in statement.get_attributes():
        kind = attribute.type
        array = kind.kind == "array"
        type_name = kind.name.lstrip("_") if array else kind.name
        columns[attribute.name] = Column(attribute.name, type_name, array)
    return columns
