"""What each band of a scene means: ``{"1": "blue", "2": "green", ...}`` in the catalog."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gis.errors import InvalidInput

ROLES = ("coastal", "blue", "green", "red", "rededge", "nir", "swir1", "swir2", "tir", "pan")
ALIASES = {
    "thermal": "tir",
    "tirs": "tir",
    "lwir": "tir",
    "temperature": "tir",
    "near_infrared": "nir",
    "nir1": "nir",
    "swir": "swir1",
}
NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
BAND_INDEX = re.compile(r"^b(\d{1,3})$")


def canonical_band(name: str) -> str:
    """A band's name in lower case with the usual synonyms folded (``thermal`` → ``tir``)."""
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    key = ALIASES.get(key, key)
    if not NAME.fullmatch(key) or BAND_INDEX.fullmatch(key):
        raise InvalidInput(
            f"band name {name!r} is not usable: use a letter then letters, digits or _ "
            "(and not b<N>, which already means band N)"
        )
    return key


@dataclass(frozen=True)
class BandMap:
    """Band index (1-based, as in GDAL) → band name."""

    names: Mapping[int, str]

    def __post_init__(self) -> None:
        seen: dict[str, int] = {}
        for index, name in self.names.items():
            if index < 1:
                raise InvalidInput(f"band index {index} is not 1 or more")
            if name in seen:
                raise InvalidInput(f"bands {seen[name]} and {index} are both called {name!r}")
            seen[name] = index

    @classmethod
    def from_json(cls, mapping: Mapping[str, str]) -> BandMap:
        try:
            names = {int(index): canonical_band(name) for index, name in mapping.items()}
        except ValueError as exc:
            raise InvalidInput(f"band indexes must be integers: {dict(mapping)}") from exc
        return cls(dict(sorted(names.items())))

    @classmethod
    def from_names(cls, names: Iterable[str]) -> BandMap:
        return cls({i: canonical_band(name) for i, name in enumerate(names, start=1)})

    @classmethod
    def parse(cls, text: str) -> BandMap:
        """``blue,green,red`` (in band order) or ``1=blue,3=red``."""
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if not parts:
            raise InvalidInput("no band names given")
        if all("=" in p for p in parts):
            return cls.from_json(dict(p.split("=", 1) for p in parts))
        if any("=" in p for p in parts):
            raise InvalidInput(f"mix of 'N=name' and plain names in {text!r}: use one form")
        return cls.from_names(parts)

    def to_json(self) -> dict[str, str]:
        return {str(index): name for index, name in self.names.items()}

    def index_of(self, name: str) -> int | None:
        for index, band in self.names.items():
            if band == name:
                return index
        return None

    def has(self, *names: str) -> bool:
        return all(self.index_of(name) is not None for name in names)

    def name_of(self, index: int) -> str:
        return self.names.get(index, f"b{index}")

    def check_count(self, count: int) -> None:
        """Refuse a map naming a band the file does not have."""
        beyond = [index for index in self.names if index > count]
        if beyond:
            raise InvalidInput(f"the file has {count} band(s) but band(s) {beyond} are named")
