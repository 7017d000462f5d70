"""Checks that a page loads nothing from anywhere: what its markup and styles would fetch."""

from __future__ import annotations

import re

from gis.incidents.report_map import leaflet_assets

SCRIPT = re.compile(r"(<script\b[^>]*>)(.*?)(</script>)", re.DOTALL | re.IGNORECASE)
LOADING_ATTRIBUTE = re.compile(
    r"<(?:script|img|iframe|frame|link|source|video|audio|embed|object|image|use)\b[^>]*?\b(?:src|href|srcset|data|xlink:href)\s*=\s*[\"']?([^\"'\s>]+)",
    re.IGNORECASE,
)
CSS_URL = re.compile(r"url\(\s*[\"']?([^\"')]+)", re.IGNORECASE)


def leaflet_free(html: str) -> str:
    """The page without the inlined Leaflet script and stylesheet (whose sources carry their
    credits, bug-tracker notes and the SVG namespace as text)."""
    for asset in leaflet_assets():
        assert asset in html, "Leaflet is inlined"
        html = html.replace(asset, "")
    return html


def loading_references(html: str) -> list[str]:
    """Everything the markup or the styles would fetch: element sources, stylesheet links,
    CSS url() other than inline data and fragment references, @import rules."""
    markup = SCRIPT.sub(lambda m: m.group(1) + m.group(3), html)
    found = [m.group(1) for m in LOADING_ATTRIBUTE.finditer(markup)]
    found += [u for u in CSS_URL.findall(markup) if not u.startswith(("data:", "#"))]
    found += re.findall(r"@import[^;]*;", markup)
    return found
