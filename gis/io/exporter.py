"""Write a layer to GeoPackage, GeoJSON, Shapefile or CSV, in a form ``import_file`` loads again."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from psycopg import sql
from sqlalchemy import Engine

from gis.errors import InvalidInput
from gis.io.layers import layer_spec

SQL = Path(__file__).resolve().parent / "sql"
DRIVERS = {
    ".gpkg": "GPKG",
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".shp": "ESRI Shapefile",
    ".csv": "CSV",
}


def read_layer(engine: Engine, layer: str) -> pd.DataFrame:
    """The layer's rows as the importer expects them: codes for references, geometry as shapely."""
    spec = layer_spec(layer)
    ref_by_field = {r.field: (i, r) for i, r in enumerate(spec.references)}
    selected, names = [], []
    for f in spec.fields:
        if f.name in ref_by_field:
            i, ref = ref_by_field[f.name]
            selected.append(sql.SQL("{}.{}").format(sql.Identifier(f"r{i}"), sql.Identifier(ref.key)))
        else:
            selected.append(sql.SQL("t.{}").format(sql.Identifier(f.name)))
        names.append(f.name)
    if spec.geometry:
        selected.append(sql.SQL("ST_AsBinary(t.geom)"))
        names.append("geometry")
    joins = sql.SQL(" ").join(
        sql.SQL("LEFT JOIN {table} AS {alias} ON {alias}.id = t.{column}").format(
            table=sql.Identifier(r.table), alias=sql.Identifier(f"r{i}"), column=sql.Identifier(r.column)
        )
        for i, r in enumerate(spec.references)
    )
    query = sql.SQL((SQL / "export.sql").read_text()).format(
        columns=sql.SQL(", ").join(selected), table=sql.Identifier(spec.name), joins=joins
    )
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        rows = raw.execute(query).fetchall()
    frame = pd.DataFrame(rows, columns=names)
    if spec.geometry:
        frame["geometry"] = shapely.from_wkb(frame["geometry"].map(bytes).to_numpy()) if len(frame) else []
    return frame


def _flatten(frame: pd.DataFrame, layer: str) -> pd.DataFrame:
    """JSON and list values as JSON text, dates as ISO text: what every format can hold."""
    spec = layer_spec(layer)
    for f in spec.fields:
        if f.kind in ("json", "list"):
            frame[f.name] = frame[f.name].map(
                lambda v: None if v is None else json.dumps(v, ensure_ascii=False, separators=(",", ":"))
            )
        elif f.kind in ("date", "datetime"):
            frame[f.name] = frame[f.name].map(lambda v: v.isoformat() if isinstance(v, dt.date) else None)
    return frame


def _check_dbase_text(frame: pd.DataFrame, layer: str) -> None:
    """A dBase text field holds at most 254 bytes; refuse rather than write a truncated value."""
    for column in frame.columns:
        if column == "geometry" or frame[column].dtype.kind in "biuf":
            continue
        sizes = frame[column].map(lambda v: len(str(v).encode()) if v is not None else 0)
        if len(sizes) and sizes.max() > 254:
            raise InvalidInput(
                f"{layer}.{column} has values longer than a Shapefile holds (254 bytes): use .gpkg"
            )


def export_layer(engine: Engine, layer: str, path: str | Path) -> int:
    """Write every row of ``layer`` to ``path`` (format from the extension); returns the row count."""
    path = Path(path)
    driver = DRIVERS.get(path.suffix.lower())
    if driver is None:
        raise InvalidInput(f"cannot export to {path.suffix!r}: use {', '.join(DRIVERS)}")
    spec = layer_spec(layer)
    if spec.geometry is None and driver in ("GeoJSON", "ESRI Shapefile"):
        raise InvalidInput(f"{layer} has no geometry: export it to .csv or .gpkg")
    frame = _flatten(read_layer(engine, layer), layer)
    path.parent.mkdir(parents=True, exist_ok=True)
    if driver == "CSV":
        if spec.geometry:
            frame["geometry"] = "SRID=4326;" + pd.Series(
                shapely.to_wkt(frame["geometry"].to_numpy(), rounding_precision=9, trim=True),
                index=frame.index,
            )
            frame = frame.rename(columns={"geometry": "wkt"})
        frame.to_csv(path, index=False)
        return len(frame)
    if driver == "ESRI Shapefile":
        _check_dbase_text(frame, layer)
        frame = frame.rename(columns=spec.shapefile_names())
    data = gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326") if spec.geometry else frame
    options: dict[str, str] = {}
    if driver == "GeoJSON":
        options["RFC7946"] = "YES"
        path.unlink(missing_ok=True)
    elif driver == "ESRI Shapefile":
        options["ENCODING"] = "UTF-8"
    elif path.exists() and layer in pyogrio.list_layers(path)[:, 0]:
        options["OVERWRITE"] = "YES"
    pyogrio.write_dataframe(
        data, path, layer=layer if driver == "GPKG" else None, driver=driver, layer_options=options
    )
    return len(frame)
