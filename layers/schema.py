"""What a layer file may say, checked field by field when the registry loads."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from gis.auth import ROLES
from gis.tiles.spec import IDENTIFIER, Band, Condition, LayerSource, Property, parse_condition
from layers.style import LegendEntry, Style, Title

GROUPS: dict[str, Title] = {
    "safety": Title(zh="安全生产", en="Safety"),
    "environment": Title(zh="生态环境", en="Environment"),
    "water": Title(zh="水务管网", en="Water and pipes"),
    "emergency": Title(zh="应急救援", en="Emergency"),
    "base": Title(zh="基础地理", en="Base map"),
    "remote_sensing": Title(zh="遥感影像", en="Remote sensing"),
}
# layers that draw the same features in different colours: at most one of a choice is shown
CHOICES: dict[str, Title] = {
    "enterprise_fill": Title(zh="企业填色", en="Enterprises coloured by"),
}
MAX_ZOOM = 24


def _identifier(value: str) -> str:
    for part in value.split("."):
        if not IDENTIFIER.match(part):
            raise ValueError(f"{value!r} is not a lower-case SQL name (letters, digits, _)")
    return value


def _condition(value: str) -> Condition:
    return parse_condition(value)


def _roles(value: Literal["all"] | list[str]) -> Literal["all"] | list[str]:
    if value != "all":
        unknown = sorted(set(value) - set(ROLES))
        if unknown or not value:
            raise ValueError(f"roles must be 'all' or a list of {', '.join(ROLES)}; got {value!r}")
    return value


Name = Annotated[str, AfterValidator(_identifier)]
ConditionText = Annotated[str, AfterValidator(lambda v: (_condition(v), v)[1])]
Roles = Annotated[Literal["all"] | list[str], AfterValidator(_roles)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """Exactly one of ``table``, ``view`` or ``function`` (a function of z, x, y)."""

    table: Name | None = None
    view: Name | None = None
    function: Name | None = None
    filter: list[ConditionText] = []
    depends_on: list[Name] = []
    id_column: Name = "id"
    geometry: Name = "geom_3857"
    feature_geometry: Name = "geom"
    owner_column: Name | None = None

    @model_validator(mode="after")
    def one_kind(self) -> Source:
        given = [k for k in ("table", "view", "function") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError("name exactly one of table, view or function")
        if not self.table and not self.depends_on:
            raise ValueError("a view or function source lists the tables it reads in depends_on")
        if self.function and (self.filter or self.owner_column):
            raise ValueError("a function source filters by itself: no filter or owner_column")
        return self

    @property
    def relation(self) -> str | None:
        return self.table or self.view

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*([self.table] if self.table else []), *self.depends_on]))


class Generalisation(Strict):
    """What is drawn below zoom ``below``: simplified, thinned, clustered, capped."""

    below: int = Field(ge=1, le=MAX_ZOOM)
    simplify_px: float = Field(default=0.0, ge=0, le=16)
    where: list[ConditionText] = []
    cluster_px: int | None = Field(default=None, ge=4, le=256)
    max_features: int | None = Field(default=None, ge=1)
    properties: list[Name] | None = None


class Rank(Strict):
    """Which features a ``max_features`` cap keeps first."""

    by: Name
    order: Literal["asc", "desc"] = "desc"


class PopupField(Strict):
    """A row of the feature card; ``values`` gives words for a coded value, or "parameters"
    for a list of parameter names (written as the map names parameters)."""

    field: Name
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)
    unit: str | None = None
    values: dict[str, Title] | Literal["parameters"] | None = None

    def catalog(self) -> dict[str, Any]:
        values = self.values
        if isinstance(values, dict):
            values = {code: title.model_dump() for code, title in values.items()}
        return {
            "field": self.field,
            "title": {"zh": self.zh, "en": self.en},
            "unit": self.unit,
            "values": values,
        }


class Layer(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=48)
    title: Title
    group: Literal["safety", "environment", "water", "emergency", "base", "remote_sensing"]
    kind: Literal["fill", "line", "circle"]
    order: int = 100
    source: Source
    properties: dict[Name, Roles]
    minzoom: int = Field(default=0, ge=0, le=MAX_ZOOM)
    maxzoom: int = Field(default=MAX_ZOOM, ge=0, le=MAX_ZOOM)
    generalise: list[Generalisation] = []
    rank: Rank | None = None
    buffer: int = Field(default=64, ge=0, le=1024)
    style: Style
    legend: list[LegendEntry] | None = None
    popup: list[PopupField] = []
    live: bool = False
    visible: bool = True
    choice: Literal["enterprise_fill"] | None = None

    @model_validator(mode="after")
    def consistent(self) -> Layer:
        if self.minzoom > self.maxzoom:
            raise ValueError(f"minzoom: {self.minzoom} is above maxzoom {self.maxzoom}")
        belows = [band.below for band in self.generalise]
        if belows != sorted(set(belows)):
            raise ValueError("generalise: bands go from low to high zoom, each 'below' once")
        for band in self.generalise:
            if not self.minzoom < band.below <= self.maxzoom + 1:
                raise ValueError(f"generalise: below {band.below} is outside minzoom..maxzoom")
            if band.cluster_px and self.kind != "circle":
                raise ValueError("generalise: only circle layers cluster")
            if band.simplify_px and self.kind == "circle":
                raise ValueError("generalise: points are not simplified")
            if band.properties is not None:
                unknown = [p for p in band.properties if p not in self.properties]
                if unknown:
                    raise ValueError(f"generalise: {', '.join(unknown)} not among the properties")
                if self.style.match and self.style.match.property not in band.properties:
                    raise ValueError(
                        f"generalise: keep {self.style.match.property!r}, the style matches on it"
                    )
        if self.source.function and self.generalise:
            raise ValueError("generalise: a function source generalises by itself")
        if self.source.id_column in self.properties:
            raise ValueError(f"properties: {self.source.id_column} is the feature id, not a property")
        missing = [p.field for p in self.popup if p.field not in self.properties]
        if missing:
            raise ValueError(f"popup: {', '.join(missing)} not among the properties")
        if self.style.match:
            prop = self.style.match.property
            if self.properties.get(prop) != "all":
                raise ValueError(f"style: match on {prop!r}, which is not a property every viewer sees")
        return self

    def layer_source(self) -> LayerSource:
        return LayerSource(
            id=self.id,
            relation=self.source.relation,
            function=self.source.function,
            tables=self.source.tables,
            properties=tuple(
                Property(name, None if roles == "all" else frozenset(roles))
                for name, roles in self.properties.items()
            ),
            minzoom=self.minzoom,
            maxzoom=self.maxzoom,
            id_column=self.source.id_column,
            geometry=self.source.geometry,
            feature_geometry=self.source.feature_geometry,
            filters=tuple(parse_condition(c) for c in self.source.filter),
            bands=tuple(
                Band(
                    below=b.below,
                    simplify_px=b.simplify_px,
                    where=tuple(parse_condition(c) for c in b.where),
                    cluster_px=b.cluster_px,
                    max_features=b.max_features,
                    properties=None if b.properties is None else tuple(b.properties),
                )
                for b in self.generalise
            ),
            rank=(self.rank.by, self.rank.order == "desc") if self.rank else None,
            buffer=self.buffer,
            owner_column=self.source.owner_column,
        )
