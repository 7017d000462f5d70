"""Tile SQL built once per layer at start-up: one statement per zoom band and property set.

Every statement takes z, x, y as $1, $2, $3 and filters on the indexed Web-Mercator column
with ``&&`` against the tile envelope, so nothing is transformed at request time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from string import Template

from gis.auth import PUBLIC_SCOPE, Scope
from gis.tiles.introspect import Column
from gis.tiles.spec import Band, LayerSource, quote_ident, quote_relation, sql_literal

SQL_DIR = Path(__file__).resolve().parent / "sql"
# Metres per screen pixel at zoom 0 on a 256-pixel Web-Mercator tile (2πR / 256).
METRES_PER_PIXEL_Z0 = 156543.03392804097


@cache
def template(name: str) -> Template:
    return Template((SQL_DIR / name).read_text())


def render(file: str, /, **values: object) -> str:
    sql = template(file).safe_substitute({k: str(v) for k, v in values.items()})
    if "${" in sql:
        raise ValueError(f"{file}: unfilled placeholder in {sql!r}")
    return "\n".join(line for line in sql.splitlines() if not line.startswith("--"))


def pixels_to_metres(pixels: float) -> str:
    """A length of ``pixels`` screen pixels at zoom $1, in metres, as SQL."""
    return f"({pixels!r} * {METRES_PER_PIXEL_Z0!r} / (2.0::float8 ^ $1::integer))"


def tile_value(column: Column, alias: str = "t") -> str:
    """A column as an MVT property value: MVT knows strings, numbers and booleans."""
    ref = f"{alias}.{quote_ident(column.name)}"
    if column.array:
        return f"array_to_string({ref}, ',')"
    if column.type == "numeric":
        return f"{ref}::float8"
    if column.type in ("json", "jsonb") or column.type not in _MVT_NATIVE:
        return f"{ref}::text"
    return ref


_MVT_NATIVE = frozenset({"int2", "int4", "int8", "float4", "float8", "bool", "text", "varchar", "bpchar"})


def property_list(names: tuple[str, ...], columns: dict[str, Column]) -> str:
    return "".join(f",\n           {tile_value(columns[n])} AS {quote_ident(n)}" for n in names)


def source_clause(source: LayerSource) -> str:
    if source.function:
        return f"{quote_relation(source.function)}($1, $2, $3) AS t"
    return f"{quote_relation(source.relation)} AS t"


def tile_where(source: LayerSource, band: Band, margin: float, owned: bool) -> str:
    if source.function:
        return "true"
    parts = [f"t.{quote_ident(source.geometry)} && ST_TileEnvelope($1, $2, $3, margin => {margin!r})"]
    parts += [c.sql() for c in (*source.filters, *band.where)]
    if owned:
        parts.append(f"t.{quote_ident(source.owner_column)} = $4")
    return "\n      AND ".join(parts)


def build_tile_sql(
    source: LayerSource, band: Band, names: tuple[str, ...], columns: dict[str, Column], owned: bool = False
) -> str:
    """The statement for one layer, one zoom band, one set of visible properties; ``owned``
    adds ``$4``, the enterprise whose rows alone are drawn."""
    margin = source.buffer / source.extent
    if band.properties is not None:
        names = tuple(n for n in names if n in band.properties)
    common = dict(
        name=sql_literal(source.id),
        extent=source.extent,
        buffer=source.buffer,
        id=quote_ident(source.id_column),
        geom=quote_ident(source.geometry),
        source=source_clause(source),
        properties=property_list(names, columns),
    )
    if band.cluster_px:
        return render(
            "cluster_tile.sql",
            **common,
            cell_px=band.cluster_px,
            cell=pixels_to_metres(band.cluster_px),
            where=tile_where(source, band, margin + band.cluster_px / 256, owned),
        )
    geometry = f"t.{quote_ident(source.geometry)}"
    if band.simplify_px:
        geometry = f"ST_Simplify({geometry}, {pixels_to_metres(band.simplify_px)})"
    order_limit = ""
    if band.max_features:
        column, descending = source.rank or (source.id_column, False)
        direction = "DESC NULLS LAST" if descending else "ASC"
        order_limit = (
            f"\n    ORDER BY t.{quote_ident(column)} {direction}, t.{quote_ident(source.id_column)}"
            f"\n    LIMIT {band.max_features:d}"
        )
    return render(
        "tile.sql",
        **common,
        geometry=geometry,
        where=tile_where(source, band, margin, owned),
        order_limit=order_limit,
    )


def relation_parts(source: LayerSource) -> dict[str, str]:
    """Placeholders shared by the feature and bounds statements of a table or view layer."""
    return {
        "source": f"{quote_relation(source.relation)} AS t",
        "id": quote_ident(source.id_column),
        "geom": quote_ident(source.feature_geometry),
        "where": "\n  AND ".join(c.sql() for c in source.filters) or "true",
    }


@dataclass(frozen=True)
class CompiledLayer:
    """A layer's tile statements, chosen per request by zoom and the viewer's role."""

    source: LayerSource
    columns: dict[str, Column]
    statements: dict[tuple[int, tuple[str, ...], bool], str]
    fingerprint: str
    _names_by_role: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)

    def names_for(self, role: str) -> tuple[str, ...]:
        names = self._names_by_role.get(role)
        if names is None:
            names = self._names_by_role[role] = self.source.properties_for(role)
        return names

    def owned_by(self, scope: Scope) -> int | None:
        """The enterprise whose rows alone this viewer may see, if this layer has owners."""
        return scope.enterprise_id if scope.is_enterprise and self.source.owner_column else None

    def view_key(self, scope: Scope) -> tuple[tuple[str, ...], int | None]:
        """What ``scope`` sees of this layer: viewers with equal keys get equal tiles."""
        return self.names_for(scope.role), self.owned_by(scope)

    def statement(self, z: int, scope: Scope) -> tuple[str, tuple[int, ...]] | None:
        """SQL and arguments for zoom ``z`` as ``scope`` sees it; ``None`` outside the zooms."""
        if not self.source.minzoom <= z <= self.source.maxzoom:
            return None
        owner = self.owned_by(scope)
        names = self.names_for(scope.role)
        sql = self.statements[(self._band_index(z), names, owner is not None)]
        return sql, (() if owner is None else (owner,))

    def _band_index(self, z: int) -> int:
        for index, band in enumerate(self.source.bands):
            if band.below is not None and z < band.below:
                return index
        return len(self.source.bands)


def compile_layer(source: LayerSource, columns: dict[str, Column]) -> CompiledLayer:
    bands = (*source.bands, Band())
    roles = (PUBLIC_SCOPE.role, *sorted(source.roles_named()))
    property_sets = {source.properties_for(role) for role in roles}
    ownership = (False, True) if source.owner_column else (False,)
    statements = {
        (index, names, owned): build_tile_sql(source, band, names, columns, owned)
        for index, band in enumerate(bands)
        for names in property_sets
        for owned in ownership
    }
    digest = hashlib.blake2b(digest_size=8)
    for key in sorted(statements, key=repr):
        digest.update(statements[key].encode())
    return CompiledLayer(source, columns, statements, digest.hexdigest())
