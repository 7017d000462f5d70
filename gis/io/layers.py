"""What a file may carry for each importable layer, derived from the table models.

Files name other rows by their codes (``enterprise_code``, ``from_node_code``, ``chemical_cas``);
the importer turns those into ids and the exporter turns ids back into codes, so an export
loads again as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from geoalchemy2 import Geometry
from sqlalchemy import ARRAY, Boolean, CheckConstraint, Date, DateTime, Float, Integer, String, Table
from sqlalchemy.dialects.postgresql import JSONB

from gis.db.models import Base
from gis.errors import InvalidInput


@dataclass(frozen=True)
class Reference:
    """A foreign key given in files as the natural key of the row it points to."""

    column: str
    field: str
    table: str
    key: str


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # str, int, float, bool, date, datetime, json, list
    required: bool
    max_length: int | None = None
    choices: tuple[str, ...] | None = None
    unique: bool = False


@dataclass(frozen=True)
class LayerSpec:
    name: str
    key: str
    geometry: str | None  # POINT, LINESTRING, MULTIPOLYGON, GEOMETRY, or None for a plain table
    fields: tuple[Field, ...]
    references: tuple[Reference, ...]

    @property
    def table(self) -> Table:
        return Base.metadata.tables[self.name]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def shapefile_names(self) -> dict[str, str]:
        return {f.name: shapefile_name(f.name) for f in self.fields}


def _ref(column: str, field: str, table: str, key: str = "code") -> Reference:
    return Reference(column, field, table, key)


ENTERPRISE = ("enterprise_id", "enterprise_code", "enterprises")
PARK = ("park_id", "park_code", "parks")
REFERENCES: dict[str, tuple[Reference, ...]] = {
    "parks": (),
    "rivers": (),
    "roads": (),
    "chemicals": (),
    "resources": (),
    "population_points": (),
    "zones": (_ref(*PARK),),
    "enterprises": (_ref(*PARK),),
    "storage_units": (_ref(*ENTERPRISE), _ref("chemical_id", "chemical_cas", "chemicals", "cas")),
    "pipe_nodes": (_ref(*ENTERPRISE),),
    "pipes": (
        _ref("from_node", "from_node_code", "pipe_nodes"),
        _ref("to_node", "to_node_code", "pipe_nodes"),
    ),
    "outfalls": (_ref("node_id", "node_code", "pipe_nodes"),),
    "stations": (_ref(*ENTERPRISE),),
    "carbon_units": (_ref(*ENTERPRISE),),
}
LAYER_NAMES = tuple(REFERENCES)

# Shapefile (dBase) field names hold at most 10 characters; the exporter writes these and
# the importer reads them back, from any format.
ALIASES = {
    "enterprise_code": "ent_code",
    "chemical_cas": "chem_cas",
    "from_node_code": "from_code",
    "to_node_code": "to_code",
    "investigation_status": "invest_st",
    "rectification_status": "rectify_st",
    "receiving_water": "recv_water",
    "credit_code": "credit_cd",
    "health_code": "hlth_code",
    "health_reason": "hlth_rsn",
    "hazard_class": "haz_class",
    "molecular_weight": "mol_weight",
    "gb18218_critical_t": "gb_q_t",
    "gb18218_beta": "gb_beta",
    "diameter_mm": "diam_mm",
    "carbon_type": "carb_type",
    "fill_mass_kg": "fill_kg",
    "design_capacity": "design_cap",
    "airflow_m3h": "airflow",
    "inlet_voc_mgm3": "inlet_voc",
}


def shapefile_name(name: str) -> str:
    """The name a field carries in a Shapefile: its alias, else GDAL's 10-character cut."""
    return ALIASES.get(name, name[:10])


def _kind(column) -> str:
    kind = column.type
    if isinstance(kind, JSONB):
        return "json"
    if isinstance(kind, ARRAY):
        return "list"
    if isinstance(kind, Boolean):
        return "bool"
    if isinstance(kind, Integer):
        return "int"
    if isinstance(kind, Float):
        return "float"
    if isinstance(kind, DateTime):
        return "datetime"
    if isinstance(kind, Date):
        return "date"
    return "str"


def _choices(table: Table) -> dict[str, tuple[str, ...]]:
    found = {}
    for constraint in table.constraints:
        if isinstance(constraint, CheckConstraint):
            match = re.fullmatch(r"(\w+) IN \((.*)\)", str(constraint.sqltext).strip())
            if match:
                found[match.group(1)] = tuple(re.findall(r"'([^']*)'", match.group(2)))
    return found


def _unique(table: Table) -> set[str]:
    names = {c.name for c in table.columns if c.unique}
    for constraint in table.constraints:
        if constraint.__class__.__name__ == "UniqueConstraint" and len(constraint.columns) == 1:
            names.add(next(iter(constraint.columns)).name)
    return names


@cache
def layer_spec(name: str) -> LayerSpec:
    if name not in REFERENCES:
        raise InvalidInput(f"unknown layer {name!r}; importable layers: {', '.join(LAYER_NAMES)}")
    table = Base.metadata.tables[name]
    references = REFERENCES[name]
    ref_columns = {r.column: r for r in references}
    choices, unique = _choices(table), _unique(table)
    fields, geometry = [], None
    for column in table.columns:
        if column.name == "geom":
            geometry = column.type.geometry_type
            continue
        if column.primary_key or column.computed is not None or isinstance(column.type, Geometry):
            continue
        if column.name in ref_columns:
            ref = ref_columns[column.name]
            fields.append(Field(ref.field, "str", required=not column.nullable))
            continue
        required = not column.nullable and column.server_default is None
        length = column.type.length if isinstance(column.type, String) else None
        fields.append(
            Field(
                column.name, _kind(column), required, length, choices.get(column.name), column.name in unique
            )
        )
    key = "cas" if name == "chemicals" else "code"
    return LayerSpec(name, key, geometry, tuple(fields), references)
