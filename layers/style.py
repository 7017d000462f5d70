"""Leaflet path styles of a layer, optionally matched on a property, and the legend they make."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Color = str  # checked by the pattern below
COLOR_PATTERN = r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$"


class Title(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class PathStyle(BaseModel):
    """The options of Leaflet's ``L.Path`` (and ``radius`` of ``L.CircleMarker``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    stroke: bool | None = None
    color: Color | None = Field(default=None, pattern=COLOR_PATTERN)
    weight: float | None = Field(default=None, ge=0, le=40)
    opacity: float | None = Field(default=None, ge=0, le=1)
    lineCap: Literal["butt", "round", "square"] | None = None  # noqa: N815 (Leaflet's name)
    lineJoin: Literal["miter", "round", "bevel"] | None = None  # noqa: N815
    dashArray: str | None = Field(default=None, pattern=r"^\d+(\.\d+)?([ ,]+\d+(\.\d+)?)*$")  # noqa: N815
    fill: bool | None = None
    fillColor: Color | None = Field(default=None, pattern=COLOR_PATTERN)  # noqa: N815
    fillOpacity: float | None = Field(default=None, ge=0, le=1)  # noqa: N815
    radius: float | None = Field(default=None, gt=0, le=64)

    def options(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class Case(BaseModel):
    """One value of the matched property: its legend label and what it changes in the style."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: str | int | bool
    label: Title
    style: PathStyle = PathStyle()


class Other(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    label: Title
    style: PathStyle = PathStyle()


class Match(BaseModel):
    """Categorical styling: ``property`` decides which case applies (``other`` for the rest)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    property: str
    cases: list[Case] = Field(min_length=1)
    other: Other | None = None

    @model_validator(mode="after")
    def distinct_values(self) -> Match:
        values = [str(case.value) for case in self.cases]
        duplicates = sorted({v for v in values if values.count(v) > 1})
        if duplicates:
            raise ValueError(f"cases repeat the value(s) {', '.join(duplicates)}")
        return self


class Style(PathStyle):
    match: Match | None = None

    def catalog(self) -> dict[str, Any]:
        """The style as the map client reads it: base options plus an optional ``match``."""
        style = self.options()
        if self.match:
            style["match"] = {
                "property": self.match.property,
                "values": {str(case.value): case.style.options() for case in self.match.cases},
                "default": self.match.other.style.options() if self.match.other else {},
            }
        return style

    def options(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True, exclude={"match"})


class LegendEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    label: Title
    style: PathStyle = PathStyle()


def legend(style: Style, title: Title, explicit: list[LegendEntry] | None) -> list[dict[str, Any]]:
    """Legend entries with full styles: given in the file, or one per matched value."""
    base = style.options()
    if explicit is not None:
        return [{"label": e.label.model_dump(), "style": base | e.style.options()} for e in explicit]
    if style.match is None:
        return [{"label": title.model_dump(), "style": base}]
    entries = [
        {"value": case.value, "label": case.label.model_dump(), "style": base | case.style.options()}
        for case in style.match.cases
    ]
    if style.match.other:
        other = style.match.other
        entries.append(
            {"value": None, "label": other.label.model_dump(), "style": base | other.style.options()}
        )
    return entries
