"""Check and convert a file's rows for a layer; every problem names its row and field."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from gis.errors import ImportRefused
from gis.io.layers import LayerSpec
from gis.io.read import Features

STORE_CRS = CRS.from_epsg(4326)
MAX_LISTED = 10
TRUE = {"true", "t", "1", "yes", "y"}
FALSE = {"false", "f", "0", "no", "n"}
ACCEPTED_TYPES = {
    "POINT": {"Point"},
    "LINESTRING": {"LineString"},
    "MULTIPOLYGON": {"Polygon", "MultiPolygon"},
    "GEOMETRY": {"Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon"},
}


@dataclass
class Problems:
    """Problems found in a file; raised together as one ImportRefused."""

    source: str
    features: Features
    found: list[str] = field(default_factory=list)
    count: int = 0

    def add(self, row: int, name: str, problem: str) -> None:
        self.count += 1
        if len(self.found) < MAX_LISTED:
            self.found.append(f"{self.features.where(row)}, field {name!r}: {problem}")

    def add_file(self, problem: str) -> None:
        self.count += 1
        self.found.append(problem)

    def raise_if_any(self) -> None:
        if not self.found:
            return
        more = f"; and {self.count - len(self.found)} more" if self.count > len(self.found) else ""
        raise ImportRefused(f"{self.source}: nothing was loaded: " + "; ".join(self.found) + more)


def is_blank(values: pd.Series) -> pd.Series:
    text = values.astype(object).map(lambda v: isinstance(v, str) and not v.strip())
    return values.isna() | text


def rename(frame: pd.DataFrame, spec: LayerSpec, field_map: dict[str, str] | None) -> pd.DataFrame:
    """Apply the caller's field map, then the standard short (Shapefile) names, case-insensitively."""
    mapping = {source.lower(): target for source, target in (field_map or {}).items()}
    short = {name[:10]: name for name in (f.name for f in spec.fields)}  # GDAL's own Shapefile cut
    short.update({alias: name for name, alias in spec.shapefile_names().items()})
    names = {f.name for f in spec.fields}
    renamed = {}
    for column in frame.columns:
        lower = str(column).lower()
        target = mapping.get(lower) or (lower if lower in names else short.get(lower, lower))
        renamed[column] = target
    frame = frame.rename(columns=renamed)
    frame = frame.loc[:, ~frame.columns.duplicated()]  # a field given twice: the first one counts
    return frame.loc[:, [c for c in frame.columns if c in names]]


def convert(frame: pd.DataFrame, spec: LayerSpec, problems: Problems) -> dict[str, list]:
    """Column name → values ready for the store (None for missing), checking each row."""
    columns: dict[str, list] = {}
    for f in spec.fields:
        if f.name not in frame:
            if f.required:
                problems.add_file(f"required field {f.name!r} is missing from the file (every row)")
            continue
        values = frame[f.name]
        blank = is_blank(values).to_numpy()
        if f.required:
            for row in np.flatnonzero(blank)[:MAX_LISTED]:
                problems.add(int(row) + 1, f.name, "required value is empty")
        columns[f.name] = _convert(values, blank, f, problems)
    return columns


def _convert(values: pd.Series, blank: np.ndarray, f, problems: Problems) -> list:
    if f.kind in ("int", "float"):
        text = values.astype(object).where(~blank, None)
        numbers = pd.to_numeric(text.map(lambda v: v.strip() if isinstance(v, str) else v), errors="coerce")
        bad = numbers.isna().to_numpy() & ~blank
        if f.kind == "int":
            bad |= ~blank & ~numbers.isna().to_numpy() & (numbers.fillna(0) % 1 != 0).to_numpy()
        for row in np.flatnonzero(bad)[:MAX_LISTED]:
            problems.add(
                int(row) + 1,
                f.name,
                f"{values.iloc[row]!r} is not a{'n integer' if f.kind == 'int' else ' number'}",
            )
        cast = int if f.kind == "int" else float
        return [None if b or pd.isna(n) else cast(n) for n, b in zip(numbers.tolist(), blank, strict=True)]
    out = []
    for row, (value, empty) in enumerate(zip(values.tolist(), blank, strict=True), start=1):
        if empty:
            out.append(None)
            continue
        try:
            out.append(_scalar(value, f))
        except (ValueError, TypeError) as exc:
            problems.add(row, f.name, str(exc))
            out.append(None)
    return out


def _scalar(value: object, f) -> object:
    if f.kind == "str":
        text = str(value).strip()
        if f.max_length and len(text) > f.max_length:
            raise ValueError(f"{text!r} is longer than {f.max_length} characters")
        if f.choices and text not in f.choices:
            raise ValueError(f"{text!r} is not one of {', '.join(f.choices)}")
        return text
    if f.kind == "bool":
        if isinstance(value, bool | np.bool_):
            return bool(value)
        text = str(value).strip().lower()
        if text in TRUE | FALSE:
            return text in TRUE
        raise ValueError(f"{value!r} is not true/false")
    if f.kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value).strip()[:10])
    if f.kind == "datetime":
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is None:
            raise ValueError(f"{value!r} has no time zone")
        return stamp.to_pydatetime()
    if f.kind == "json":
        parsed = json.loads(value) if isinstance(value, str) else value
        if not isinstance(parsed, dict | list):
            raise ValueError(f"{value!r} is not a JSON object")
        return json.dumps(parsed, ensure_ascii=False)
    if f.kind == "list":
        if isinstance(value, list | tuple | np.ndarray):
            return [str(v) for v in value]
        text = str(value).strip()
        if text.startswith("["):
            parsed = json.loads(text)
            if not isinstance(parsed, list):
                raise ValueError(f"{value!r} is not a list")
            return [str(v) for v in parsed]
        return [part.strip() for part in text.replace(",", ";").split(";") if part.strip()]
    raise TypeError(f"no conversion for {f.kind}")


def geometry(features: Features, spec: LayerSpec, problems: Problems) -> np.ndarray:
    """The geometry in EPSG:4326, 2-D, of the layer's type, valid; refuses what is not."""
    geoms = features.geometry
    if geoms is None:
        problems.add_file(f"{spec.name} needs a geometry and the file has none")
        return np.array([], dtype=object)
    if features.crs is None:
        problems.add_file(
            "the file has no CRS (e.g. a Shapefile without .prj): declare the CRS of its coordinates"
        )
        return geoms
    geoms = shapely.force_2d(np.asarray(geoms, dtype=object))
    missing = shapely.is_missing(geoms)
    empty = ~missing & shapely.is_empty(np.where(missing, shapely.Point(), geoms))
    for row in np.flatnonzero(missing | empty)[:MAX_LISTED]:
        problems.add(int(row) + 1, "geometry", "missing or empty")
    present = ~(missing | empty)
    types = np.array([g.geom_type if g is not None else "" for g in geoms], dtype=object)
    single = (
        present
        & np.isin(types, ["MultiPoint", "MultiLineString"])
        & (spec.geometry in ("POINT", "LINESTRING"))
    )
    if single.any():
        parts = shapely.get_num_geometries(geoms[single])
        lone = np.flatnonzero(single)[parts == 1]
        geoms[lone] = shapely.get_geometry(geoms[lone], 0)
        types[lone] = [g.geom_type for g in geoms[lone]]
    wrong = present & ~np.isin(types, list(ACCEPTED_TYPES[spec.geometry]))
    for row in np.flatnonzero(wrong)[:MAX_LISTED]:
        problems.add(
            int(row) + 1, "geometry", f"{types[row]} where {spec.name} needs {spec.geometry.title()}"
        )
    ok = present & ~wrong
    invalid = np.zeros(len(geoms), bool)
    invalid[ok] = ~shapely.is_valid(geoms[ok])
    for row in np.flatnonzero(invalid)[:MAX_LISTED]:
        problems.add(int(row) + 1, "geometry", f"invalid: {shapely.is_valid_reason(geoms[row])}")
    ok &= ~invalid
    if spec.geometry == "MULTIPOLYGON":
        for row in np.flatnonzero(ok & (types == "Polygon")):
            geoms[row] = shapely.MultiPolygon([geoms[row]])
    return _to_store_crs(geoms, ok, features.crs, problems)


def _to_store_crs(geoms: np.ndarray, ok: np.ndarray, crs: CRS, problems: Problems) -> np.ndarray:
    if not crs.equals(STORE_CRS, ignore_axis_order=True):
        try:
            transformer = Transformer.from_crs(crs, STORE_CRS, always_xy=True)
        except Exception as exc:  # pyproj raises several types for CRSs it cannot relate
            problems.add_file(f"cannot transform from {crs.name!r} to EPSG:4326: {exc}")
            return geoms
        geoms = geoms.copy()
        geoms[ok] = shapely.transform(
            geoms[ok], lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
        )
    if ok.any():
        bounds = shapely.bounds(geoms[ok])
        outside = ~(
            np.isfinite(bounds).all(axis=1)
            & (bounds[:, 0] >= -180)
            & (bounds[:, 2] <= 180)
            & (bounds[:, 1] >= -90)
            & (bounds[:, 3] <= 90)
        )
        for row in np.flatnonzero(ok)[outside][:MAX_LISTED]:
            problems.add(
                int(row) + 1,
                "geometry",
                f"coordinates outside longitude/latitude range after reading it as {crs.name!r}: wrong CRS?",
            )
    return geoms
