"""What the tile and feature builders need to know about one layer's source.

The layer catalog (``layers/``) turns its declarative files into these plain values, so the
builders here depend on nothing above ``gis``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPERATORS = ("=", "!=", ">=", "<=", ">", "<")
IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
Literal = int | float | str | bool


def quote_ident(name: str) -> str:
    """A double-quoted SQL identifier; names come from the registry, never from a request."""
    return '"' + name.replace('"', '""') + '"'


def quote_relation(name: str) -> str:
    """``schema.table`` or ``table`` with each part quoted."""
    return ".".join(quote_ident(part) for part in name.split("."))


def sql_literal(value: Literal) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class Condition:
    """``column op value`` or ``column in (values)``, from a layer file's filter or thinning rule."""

    column: str
    op: str
    values: tuple[Literal, ...]

    def sql(self, alias: str = "t") -> str:
        column = f"{alias}.{quote_ident(self.column)}"
        if self.op == "in":
            return f"{column} IN ({', '.join(sql_literal(v) for v in self.values)})"
        return f"{column} {self.op} {sql_literal(self.values[0])}"


CONDITION = re.compile(r"^\s*([a-z_][a-z0-9_]*)\s*(>=|<=|!=|=|>|<|\bin\b)\s*(.+?)\s*$", re.IGNORECASE)
STRING = re.compile(r"^'((?:[^']|'')*)'$")


def parse_literal(text: str) -> Literal:
    text = text.strip()
    if match := STRING.match(text):
        return match.group(1).replace("''", "'")
    if text in ("true", "false"):
        return text == "true"
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a number, true/false or a 'quoted string'") from None


def parse_condition(text: str) -> Condition:
    """Parse ``diameter_mm >= 800``, ``network = 'rain'`` or ``kind in ('voc', 'cems_outlet')``."""
    match = CONDITION.match(text)
    if not match:
        raise ValueError(f"{text!r} is not 'column op value' (op one of {', '.join(OPERATORS)}, in)")
    column, op, rest = match.group(1), match.group(2).lower(), match.group(3)
    if op != "in":
        return Condition(column, op, (parse_literal(rest),))
    if not (rest.startswith("(") and rest.endswith(")")):
        raise ValueError(f"{text!r}: the values of 'in' go in parentheses")
    values = tuple(parse_literal(part) for part in _split_list(rest[1:-1]))
    if not values:
        raise ValueError(f"{text!r}: 'in' needs at least one value")
    return Condition(column, op, values)


def _split_list(text: str) -> list[str]:
    parts, current, quoted = [], "", False
    for char in text:
        if char == "'":
            quoted = not quoted
        if char == "," and not quoted:
            parts.append(current)
            current = ""
        else:
            current += char
    if current.strip():
        parts.append(current)
    return parts


@dataclass(frozen=True)
class Band:
    """Generalisation for zooms below ``below`` (``None``: full detail, every feature)."""

    below: int | None = None
    simplify_px: float = 0.0
    where: tuple[Condition, ...] = ()
    cluster_px: int | None = None
    max_features: int | None = None
    properties: tuple[str, ...] | None = None  # ``None``: every visible property


@dataclass(frozen=True)
class Property:
    """An exposed column; ``roles`` is ``None`` when every viewer may see it."""

    name: str
    roles: frozenset[str] | None = None

    def visible_to(self, role: str) -> bool:
        return self.roles is None or role in self.roles


@dataclass(frozen=True)
class LayerSource:
    """One layer's source: a table or view (``relation``) or a tile function of z/x/y.

    ``owner_column`` names the enterprise a row belongs to: an enterprise user sees only
    its own rows of such a layer.
    """

    id: str
    relation: str | None
    function: str | None
    tables: tuple[str, ...]
    properties: tuple[Property, ...]
    minzoom: int
    maxzoom: int
    id_column: str = "id"
    geometry: str = "geom_3857"
    feature_geometry: str = "geom"
    filters: tuple[Condition, ...] = ()
    bands: tuple[Band, ...] = ()
    rank: tuple[str, bool] | None = None
    buffer: int = 64
    extent: int = 4096
    owner_column: str | None = None

    def band_for(self, z: int) -> Band:
        for band in self.bands:
            if band.below is not None and z < band.below:
                return band
        return Band()

    def properties_for(self, role: str) -> tuple[str, ...]:
        return tuple(p.name for p in self.properties if p.visible_to(role))

    def roles_named(self) -> frozenset[str]:
        named: set[str] = set()
        for prop in self.properties:
            named |= prop.roles or set()
        return frozenset(named)
