"""What the incident report says in the park's language, in the words the map says it.

The map and the report read one vocabulary (``frontend/src/text/incident.json``): the names
of zones, kinds of places, wind, stability, release amounts, rain gates' states and actions,
the bases of isolation and protective action, and the model's warnings as sentences built
from the facts each warning states.  A value with no word is shown as it came.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from gis.settings import PROJECT_ROOT

WORDS_FILE = PROJECT_ROOT / "frontend" / "src" / "text" / "incident.json"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def vocabulary(lang: str) -> dict[str, str]:
    return json.loads(WORDS_FILE.read_text(encoding="utf-8"))[lang]


def word(prefix: str, value: Any, lang: str = "zh") -> str:
    """The word for ``value`` under ``prefix`` (``incident.kind``, ``school`` → 学校)."""
    if value is None or value == "":
        return "—"
    return vocabulary(lang).get(f"{prefix}.{value}", str(value))


def title(prefix: str, value: Any, lang: str = "zh") -> str:
    """The word for ``value`` under ``prefix``, or nothing where there is none."""
    return vocabulary(lang).get(f"{prefix}.{value}", "")


def say(key: str, lang: str = "zh", **values: Any) -> str:
    """The sentence ``key`` with its ``{name}`` places filled from ``values``."""
    return fill(vocabulary(lang)[key], values)


def fill(template: str, values: dict[str, Any]) -> str:
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)


def warning_text(
    warning: dict[str, Any], chemical: str, number: Callable[[Any], str], lang: str = "zh"
) -> str:
    """A model warning as a sentence from its facts, as the map says it; its English otherwise."""
    template = vocabulary(lang).get(f"incident.warning_text.{warning.get('code')}")
    facts = warning.get("facts")
    if template is None or facts is None:
        return warning.get("message", "")
    values = {
        k: number(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
        for k, v in facts.items()
    }
    if facts.get("place"):
        place = vocabulary(lang).get(f"incident.place.{facts['place']}", "")
        values["place"] = fill(place, {"zone": word("incident.zone", facts.get("zone"), lang)})
    return fill(template, {**values, "chemical": chemical})
