"""Load a GeoPackage, Shapefile, GeoJSON or CSV into a layer's table: all of it, or nothing.

Every row is checked before anything is written (fields, types, geometry, CRS, references,
duplicates); the rows then go in with one COPY into a staging table and one INSERT, inside
one transaction.  A refusal raises ``ImportRefused`` naming the row and field, and leaves
the store as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import numpy as np
import psycopg
import shapely
from psycopg import sql
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError
from tqdm import tqdm

from gis.analysis import major_hazard_units
from gis.errors import ImportRefused
from gis.io.layers import LayerSpec, layer_spec
from gis.io.read import read_features
from gis.io.validate import Problems, convert, geometry, rename

SQL = Path(__file__).resolve().parent / "sql"
COPY_CHUNK = 5000


def import_file(
    engine: Engine | Connection,
    layer: str,
    path: str | Path,
    field_map: dict[str, str] | None = None,
    progress: bool = True,
    *,
    crs: object | None = None,
    source_layer: str | None = None,
    existing: Literal["refuse", "update"] = "refuse",
    reassess: bool = True,
) -> int:
    """Load ``path`` into ``layer``; returns the number of rows stored.

    ``field_map`` renames the file's fields to the table's (``{"企业编码": "code"}``); ``crs``
    declares the CRS of a file that has none (CSV x/y or WKT, Shapefile without .prj);
    ``existing="update"`` replaces rows whose key is already stored instead of refusing.
    Given a Connection, the load runs in a savepoint of the caller's transaction.
    Loading a layer the major-hazard assessment reads refreshes it in the same transaction
    unless ``reassess=False`` (a caller loading several layers refreshes once at the end).
    """
    spec = layer_spec(layer)
    path = Path(path)
    features = read_features(path, layer, source_layer, crs, spatial=spec.geometry is not None)
    problems = Problems(path.name, features)
    columns = convert(rename(features.attributes, spec, field_map), spec, problems)
    if spec.geometry:
        columns["geom"] = geometry(features, spec, problems).tolist()
    problems.raise_if_any()
    rows = len(features.attributes)
    _check_unique(spec, columns, problems)
    problems.raise_if_any()
    with _transaction(engine) as raw:
        _resolve(raw, spec, columns, problems)
        if existing == "refuse":
            _check_existing(raw, spec, columns, problems)
        problems.raise_if_any()
        if rows == 0:
            return 0
        stored = _write(raw, spec, columns, rows, existing, progress)
        if reassess and layer in major_hazard_units.INPUT_TABLES:
            major_hazard_units.refresh_major_hazards_sync(raw)
        return stored


@contextmanager
def _transaction(engine: Engine | Connection) -> Iterator[psycopg.Connection]:
    try:
        if isinstance(engine, Connection):
            with engine.begin_nested():
                yield engine.connection.driver_connection
        else:
            with engine.begin() as conn:
                yield conn.connection.driver_connection
    except (DBAPIError, psycopg.Error) as exc:
        original = getattr(exc, "orig", exc)
        diag = getattr(original, "diag", None)
        detail = " ".join(
            filter(
                None,
                [
                    getattr(diag, "message_primary", None),
                    getattr(diag, "message_detail", None),
                    getattr(diag, "context", None),
                ],
            )
        ) or str(original)
        raise ImportRefused(f"the store refused the rows, nothing was loaded: {detail}") from None


def _check_unique(spec: LayerSpec, columns: dict[str, list], problems: Problems) -> None:
    for f in spec.fields:
        if not f.unique or f.name not in columns:
            continue
        seen: dict[object, int] = {}
        for row, value in enumerate(columns[f.name], start=1):
            if value is None:
                continue
            if value in seen:
                problems.add(row, f.name, f"{value!r} repeats row {seen[value]}")
            else:
                seen[value] = row


def _lookup(raw: psycopg.Connection, table: str, key: str, values: list) -> dict:
    query = sql.SQL("SELECT {key}, id FROM {table} WHERE {key} = ANY(%s)").format(
        key=sql.Identifier(key), table=sql.Identifier(table)
    )
    wanted = sorted({v for v in values if v is not None})
    return dict(raw.execute(query, [wanted]).fetchall()) if wanted else {}


def _resolve(raw: psycopg.Connection, spec: LayerSpec, columns: dict[str, list], problems: Problems) -> None:
    """Replace each code that names another row by that row's id."""
    for ref in spec.references:
        if ref.field not in columns:
            continue
        codes = columns.pop(ref.field)
        ids = _lookup(raw, ref.table, ref.key, codes)
        resolved = []
        for row, code in enumerate(codes, start=1):
            if code is not None and code not in ids:
                problems.add(row, ref.field, f"no {ref.table} row with {ref.key} {code!r}")
            resolved.append(ids.get(code))
        columns[ref.column] = resolved


def _check_existing(
    raw: psycopg.Connection, spec: LayerSpec, columns: dict[str, list], problems: Problems
) -> None:
    for f in spec.fields:
        if f.unique and f.name in columns:
            stored = _lookup(raw, spec.name, f.name, columns[f.name])
            for row, value in enumerate(columns[f.name], start=1):
                if value in stored:
                    problems.add(row, f.name, f"{value!r} is already in {spec.name}")


def _statement(name: str, **parts: sql.Composable) -> sql.Composed:
    return sql.SQL((SQL / f"{name}.sql").read_text()).format(**parts)


def _write(
    raw: psycopg.Connection,
    spec: LayerSpec,
    columns: dict[str, list],
    rows: int,
    existing: str,
    progress: bool,
) -> int:
    names = list(columns)
    if "geom" in columns:
        geoms = np.asarray(columns["geom"], dtype=object)
        columns["geom"] = shapely.to_wkb(shapely.set_srid(geoms, 4326), hex=True, include_srid=True).tolist()
    stage = sql.Identifier(f"_import_{spec.name}")
    table, column_list = sql.Identifier(spec.name), sql.SQL(", ").join(map(sql.Identifier, names))
    raw.execute(_statement("stage", stage=stage, table=table, columns=column_list))
    copy = sql.SQL("COPY {stage} ({columns}, _row) FROM STDIN").format(stage=stage, columns=column_list)
    values = [columns[name] for name in names]
    with (
        raw.cursor() as cursor,
        cursor.copy(copy) as pipe,
        tqdm(total=rows, desc=f"import {spec.name}", unit=" rows", disable=not progress, leave=False) as bar,
    ):
        for start in range(0, rows, COPY_CHUNK):
            stop = min(start + COPY_CHUNK, rows)
            for row in range(start, stop):
                pipe.write_row([column[row] for column in values] + [row])
            bar.update(stop - start)
    if existing == "update":
        assignments = sql.SQL(", ").join(
            sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(n)) for n in names if n != spec.key
        )
        statement = _statement(
            "upsert",
            table=table,
            columns=column_list,
            stage=stage,
            key=sql.Identifier(spec.key),
            assignments=assignments,
        )
    else:
        statement = _statement("insert", table=table, columns=column_list, stage=stage)
    stored = raw.execute(statement).rowcount
    raw.execute(sql.SQL("DROP TABLE {stage}").format(stage=stage))
    return stored
