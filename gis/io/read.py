"""Read a GeoPackage, Shapefile, GeoJSON or CSV into attributes, geometry and the file's CRS."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from gis.errors import ImportRefused

VECTOR_SUFFIXES = {".gpkg", ".shp", ".geojson", ".json", ".zip"}
WKT_COLUMNS = ("wkt", "geometry", "geom", "the_geom")
LON_LAT = (("lon", "lat"), ("longitude", "latitude"), ("lng", "lat"))
EWKT = re.compile(r"^\s*SRID=(\d+);(.*)$", re.IGNORECASE | re.DOTALL)


@dataclass
class Features:
    """A file's rows: attributes, geometry (or None for a plain table) and the CRS it is in."""

    attributes: pd.DataFrame
    geometry: np.ndarray | None
    crs: CRS | None
    header_lines: int = 0  # CSV: the header line, so row n is on line n + 1

    def where(self, row: int) -> str:
        line = f" (line {row + self.header_lines})" if self.header_lines else ""
        return f"row {row}{line}"


def parse_crs(value: object, source: str) -> CRS:
    try:
        return CRS.from_user_input(value)
    except CRSError as exc:
        raise ImportRefused(f"{source}: unknown CRS {value!r}: {exc}") from None


def read_features(
    path: Path, layer: str, source_layer: str | None, crs: object | None, spatial: bool
) -> Features:
    if not path.exists():
        raise ImportRefused(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, crs, spatial)
    if suffix not in VECTOR_SUFFIXES:
        raise ImportRefused(f"{path.name}: unsupported format {suffix!r}; use .gpkg, .shp, .geojson or .csv")
    name = _pick_layer(path, layer, source_layer) if suffix == ".gpkg" else source_layer
    try:
        frame = pyogrio.read_dataframe(path, layer=name, read_geometry=spatial)
    except Exception as exc:  # pyogrio raises a family of DataSource/Field errors, all "cannot read"
        raise ImportRefused(f"{path.name}: cannot read: {exc}") from None
    if not spatial or "geometry" not in frame:
        return Features(pd.DataFrame(frame.drop(columns="geometry", errors="ignore")), None, None)
    file_crs = parse_crs(crs, path.name) if crs is not None else frame.crs
    return Features(pd.DataFrame(frame.drop(columns="geometry")), frame.geometry.values.to_numpy(), file_crs)


def _pick_layer(path: Path, layer: str, source_layer: str | None) -> str:
    names = [str(n) for n in pyogrio.list_layers(path)[:, 0]]
    for wanted in (source_layer, layer):
        if wanted and wanted in names:
            return wanted
    if source_layer:
        raise ImportRefused(f"{path.name}: no layer {source_layer!r} (it has {', '.join(names)})")
    if len(names) == 1:
        return names[0]
    raise ImportRefused(
        f"{path.name}: no layer named {layer!r} among {', '.join(names)}; name the source layer"
    )


def _read_csv(path: Path, crs: object | None, spatial: bool) -> Features:
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise ImportRefused(f"{path.name}: cannot read CSV: {exc}") from None
    frame.columns = [c.strip() for c in frame.columns]
    if not spatial:
        return Features(frame, None, None, header_lines=1)
    lower = {c.lower(): c for c in frame.columns}
    wkt = next((lower[c] for c in WKT_COLUMNS if c in lower), None)
    if wkt:
        return _csv_wkt(path, frame, wkt, crs)
    for x, y in LON_LAT:
        if x in lower and y in lower:
            # lon/lat columns are WGS 84 degrees by name, unless a CRS is declared
            return _csv_xy(path, frame, lower[x], lower[y], parse_crs(crs or "EPSG:4326", path.name))
    if "x" in lower and "y" in lower:
        if crs is None:
            raise ImportRefused(f"{path.name}: x/y columns but no CRS: declare the CRS of the coordinates")
        return _csv_xy(path, frame, lower["x"], lower["y"], parse_crs(crs, path.name))
    raise ImportRefused(
        f"{path.name}: no geometry: give a wkt column, lon/lat columns or x/y columns with a CRS"
    )


def _csv_xy(path: Path, frame: pd.DataFrame, x: str, y: str, crs: CRS) -> Features:
    xs = pd.to_numeric(frame[x].str.strip(), errors="coerce")
    ys = pd.to_numeric(frame[y].str.strip(), errors="coerce")
    geometry = shapely.points(xs.to_numpy(), ys.to_numpy())
    geometry[(xs.isna() | ys.isna()).to_numpy()] = None
    return Features(frame.drop(columns=[x, y]), geometry, crs, header_lines=1)


def _csv_wkt(path: Path, frame: pd.DataFrame, column: str, crs: object | None) -> Features:
    texts, srids = [], set()
    for value in frame[column]:
        match = EWKT.match(value)
        if match:
            srids.add(int(match.group(1)))
            value = match.group(2)
        texts.append(value.strip() or None)
    if len(srids) > 1:
        raise ImportRefused(f"{path.name}: rows of column {column!r} are in several CRSs: {sorted(srids)}")
    if crs is None and not srids:
        raise ImportRefused(
            f"{path.name}: WKT without a CRS: write EWKT (SRID=4326;POINT(…)) or declare the CRS"
        )
    file_crs = parse_crs(crs if crs is not None else f"EPSG:{srids.pop()}", path.name)
    geometry = np.empty(len(texts), dtype=object)
    for i, text in enumerate(texts):
        if text is None:
            continue
        try:
            geometry[i] = shapely.from_wkt(text)
        except shapely.errors.ShapelyError as exc:
            raise ImportRefused(
                f"{path.name}: row {i + 1} (line {i + 2}), field {column!r}: bad WKT: {exc}"
            ) from None
    return Features(frame.drop(columns=[column]), geometry, file_crs, header_lines=1)
