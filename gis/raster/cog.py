"""Convert a checked GeoTIFF to a Cloud-Optimized GeoTIFF (internal tiles, overviews)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
from rasterio.errors import RasterioError
from rio_cogeo.cogeo import cog_translate, cog_validate
from rio_cogeo.profiles import cog_profiles

from gis.errors import InvalidInput


def write_cog(source: Path, destination: Path, dtype: str, tags: Mapping[str, str]) -> None:
    """``source`` → ``destination`` as a DEFLATE COG with averaged overviews and ``tags`` added.

    Band-interleaved 256-pixel blocks: a tile that needs three of six bands decodes only
    those, and a web-map tile at native zoom touches one or two small blocks.  DEFLATE
    rather than ZSTD: a little slower to decode, readable by every GIS.
    """
    profile = dict(cog_profiles.get("deflate"), interleave="band", blockxsize=256, blockysize=256)
    # Floating-point predictor for reflectances and temperatures, horizontal differencing otherwise.
    profile["predictor"] = 3 if np.dtype(dtype).kind == "f" else 2
    try:
        cog_translate(
            source,
            destination,
            profile,
            overview_resampling="average",
            forward_band_tags=True,
            additional_cog_metadata=dict(tags),
            quiet=True,
        )
    except RasterioError as exc:
        destination.unlink(missing_ok=True)
        raise InvalidInput(
            f"{source.name}: could not be converted to a Cloud-Optimized GeoTIFF ({exc})"
        ) from exc
    valid, errors, _ = cog_validate(destination, quiet=True)
    if not valid:
        destination.unlink(missing_ok=True)
        raise InvalidInput(f"{source.name}: the converted file is not a valid COG: {'; '.join(errors)}")
