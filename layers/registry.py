"""The layer registry: every ``*.yaml`` file of the catalog folder, one layer per file.

Files are checked twice at start-up: on their own when loaded (``load_registry``), and
against the database (``Registry.compile``: tables, columns, version triggers). Either
check stops start-up with a message naming the file and the field at fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import yaml
from pydantic import ValidationError

from gis.auth import Scope
from gis.errors import InvalidInput
from gis.tiles.compile import CompiledLayer, compile_layer
from gis.tiles.introspect import INTEGER_TYPES, Column, source_columns
from gis.tiles.spec import parse_condition
from layers.schema import CHOICES, GROUPS, Layer
from layers.style import legend

CATALOG_DIR = Path(__file__).resolve().parent / "catalog"


class LayerFileError(Exception):
    """A layer file that cannot be served; the message names the file and the field."""

    def __init__(self, path: Path, field: str | None, problem: str):
        self.path, self.field, self.problem = path, field, problem
        where = f"{path}: {field}" if field else str(path)
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Registry:
    layers: dict[str, Layer]
    files: dict[str, Path]

    def __contains__(self, layer_id: str) -> bool:
        return layer_id in self.layers

    def ordered(self) -> list[Layer]:
        groups = list(GROUPS)
        return sorted(self.layers.values(), key=lambda lay: (groups.index(lay.group), lay.order, lay.id))

    async def compile(self, conn: asyncpg.Connection) -> dict[str, CompiledLayer]:
        """Check every layer against the database and build its tile SQL."""
        tracked = {row["table_name"] for row in await conn.fetch("SELECT table_name FROM layer_versions")}
        compiled = {}
        for layer in self.ordered():
            path = self.files[layer.id]
            try:
                columns = await source_columns(conn, layer.layer_source())
            except InvalidInput as exc:
                kind = "function" if layer.source.function else ("view" if layer.source.view else "table")
                raise LayerFileError(path, f"source.{kind}", exc.detail) from None
            check_columns(path, layer, columns)
            for table in layer.source.tables:
                if table not in tracked:
                    field = "source.table" if table == layer.source.table else "source.depends_on"
                    raise LayerFileError(
                        path,
                        field,
                        f"table {table!r} has no layer version triggers (parkmap_track_layer_table)",
                    )
            compiled[layer.id] = compile_layer(layer.layer_source(), columns)
        return compiled

    def catalog(self, scope: Scope) -> dict[str, Any]:
        """``GET /layers``: groups and layers, with the properties and popups ``scope`` may see."""
        layers = [catalog_entry(layer, scope) for layer in self.ordered()]
        used = {entry["group"] for entry in layers}
        groups = [{"id": g, "title": title.model_dump()} for g, title in GROUPS.items() if g in used]
        chosen = {entry["choice"] for entry in layers}
        choices = [{"id": c, "title": title.model_dump()} for c, title in CHOICES.items() if c in chosen]
        return {"groups": groups, "choices": choices, "layers": layers}


def catalog_entry(layer: Layer, scope: Scope) -> dict[str, Any]:
    visible = layer.layer_source().properties_for(scope.role)
    return {
        "id": layer.id,
        "title": layer.title.model_dump(),
        "group": layer.group,
        "kind": layer.kind,
        "minzoom": layer.minzoom,
        "maxzoom": layer.maxzoom,
        "tiles": f"/tiles/{layer.id}/{{z}}/{{x}}/{{y}}.mvt",
        "tilejson": f"/tiles/{layer.id}.json",
        "items": None if layer.source.function else f"/collections/{layer.id}/items",
        "properties": list(visible),
        "style": layer.style.catalog(),
        "legend": legend(layer.style, layer.title, layer.legend),
        "popup": [p.catalog() for p in layer.popup if p.field in visible],
        "live": layer.live,
        "visible": layer.visible,
        "choice": layer.choice,
    }


def check_columns(path: Path, layer: Layer, columns: dict[str, Column]) -> None:
    source = layer.source
    name = source.function or source.relation

    def need(column: str | None, field: str, geometry: bool | None = None) -> None:
        if column is None:
            return
        found = columns.get(column)
        if found is None:
            raise LayerFileError(
                path, field, f"{name} has no column {column!r} (it has {', '.join(columns)})"
            )
        if geometry is True and not found.geometry:
            raise LayerFileError(path, field, f"{name}.{column} is {found.type}, not a geometry")
        if geometry is False and found.geometry:
            raise LayerFileError(path, field, f"{name}.{column} is a geometry, not a property")

    need(source.id_column, "source.id_column")
    if columns[source.id_column].type not in INTEGER_TYPES or columns[source.id_column].array:
        raise LayerFileError(
            path, "source.id_column", f"{name}.{source.id_column} must be an integer (MVT ids)"
        )
    need(source.geometry, "source.geometry", geometry=True)
    if not source.function:
        need(source.feature_geometry, "source.feature_geometry", geometry=True)
    need(source.owner_column, "source.owner_column", geometry=False)
    for prop in layer.properties:
        need(prop, f"properties.{prop}", geometry=False)
    for text in source.filter:
        need(parse_condition(text).column, "source.filter", geometry=False)
    for index, band in enumerate(layer.generalise):
        for text in band.where:
            need(parse_condition(text).column, f"generalise.{index}.where", geometry=False)
    if layer.rank:
        need(layer.rank.by, "rank.by", geometry=False)


def _location(error: dict[str, Any]) -> str:
    """Where the error is; a whole-layer check names its field as the message's first word."""
    where = ".".join(str(part) for part in error["loc"])
    if error["msg"].startswith("Value error, ") and ":" in error["msg"]:
        named = error["msg"].removeprefix("Value error, ").split(":", 1)[0]
        if named.isidentifier():
            return f"{where}.{named}" if where else named
    return where or "(file)"


def load_layer(path: Path) -> Layer:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else None
        raise LayerFileError(path, where, f"not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(document, dict):
        raise LayerFileError(path, None, "a layer file is a mapping of fields")
    try:
        layer = Layer.model_validate(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise LayerFileError(path, _location(first), first["msg"] + more) from None
    if layer.id != path.stem:
        raise LayerFileError(path, "id", f"{layer.id!r} differs from the file name {path.stem!r}")
    return layer


def load_registry(path: Path | str = CATALOG_DIR) -> Registry:
    """Load and check every layer file in ``path``."""
    folder = Path(path)
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise LayerFileError(folder, None, "no layer files (*.yaml) in the catalog folder")
    layers, paths = {}, {}
    shown_of_choice: dict[str, str] = {}
    for file in files:
        layer = load_layer(file)
        if layer.choice and layer.visible:
            other = shown_of_choice.setdefault(layer.choice, layer.id)
            if other != layer.id:
                raise LayerFileError(
                    file, "visible", f"{other} already opens shown in the choice {layer.choice!r}"
                )
        layers[layer.id] = layer
        paths[layer.id] = file
    return Registry(layers, paths)
