"""Generate the two synthetic demo scenes over the demo park (run as a script).

    python data/rasters/generate.py --out data/generated/rasters [--pixel 10]

Writes two six-band float32 GeoTIFFs (EPSG:32648, UTM 48N) and ``manifest.json``.  Bands
1–5 are surface reflectance (blue, green, red, nir, swir1; 0–1), band 6 is brightness
temperature in kelvin.  Nothing here is an observation: every file is tagged
``PARKMAP_SYNTHETIC=true`` and says so in its description.

The land: the Yangtze flows west → east with its south bank near 28.745° N; the park lies
on the south bank (about 105.03–105.11° E, 28.70–28.745° N) in blocks of roofs, roads and
tank farms, with hills and fields around.  Between the two dates:

* a construction site opens in the west of the park: grassland becomes bare soil;
* a former works on the shore, inside the 1 km river-shore zone, is replanted: bare soil
  becomes vegetation (NDVI rises);
* a warm discharge plume (+6 K at the outlet) runs downstream from an outfall on the bank.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import rasterio
from pyproj import Transformer
from rasterio.transform import from_origin

CRS = "EPSG:32648"
EXTENT = (105.02, 28.69, 105.12, 28.77)  # west, south, east, north (degrees)
SENSOR = "synthetic-6band"
BANDS = ("blue", "green", "red", "nir", "swir1", "tir")
DATES = ("2023-10-14", "2024-10-08")

RIVER_SOUTH_BANK = 28.745
RIVER_WIDTH_DEG = 0.0075  # ≈ 830 m, the Yangtze's width at this reach
PARK = (105.035, 28.703, 105.105, 28.7405)
CONSTRUCTION_SITE = (105.058, 28.716, 105.064, 28.721)
REPLANTED_SHORE = (105.086, 28.7410, 105.099, 28.7447)
OUTFALL = (105.072, 28.7452)
PLUME_EXCESS_K = 6.0
PLUME_DECAY_M = 1500.0

# Surface reflectance (blue, green, red, nir, swir1) and temperature (K) per land cover.
COVER = {
    "water": ((0.045, 0.055, 0.035, 0.020, 0.010), 293.5),
    "forest": ((0.028, 0.060, 0.035, 0.380, 0.180), 295.5),
    "grass": ((0.045, 0.080, 0.060, 0.300, 0.220), 297.0),
    "field": ((0.055, 0.090, 0.085, 0.260, 0.240), 297.5),
    "roof": ((0.150, 0.160, 0.170, 0.220, 0.260), 302.0),
    "road": ((0.070, 0.080, 0.090, 0.120, 0.150), 303.0),
    "tank": ((0.400, 0.420, 0.430, 0.450, 0.400), 299.0),
    "soil": ((0.100, 0.140, 0.190, 0.250, 0.330), 304.0),
}
CODES = {name: code for code, name in enumerate(COVER)}


def grid(pixel: float) -> tuple[rasterio.Affine, int, int, Transformer]:
    to_utm = Transformer.from_crs("EPSG:4326", CRS, always_xy=True)
    xs, ys = to_utm.transform(
        [EXTENT[0], EXTENT[2], EXTENT[0], EXTENT[2]], [EXTENT[1], EXTENT[1], EXTENT[3], EXTENT[3]]
    )
    west, north = np.floor(min(xs) / pixel) * pixel, np.ceil(max(ys) / pixel) * pixel
    width = int(np.ceil((max(xs) - west) / pixel))
    height = int(np.ceil((north - min(ys)) / pixel))
    return from_origin(west, north, pixel, pixel), width, height, to_utm


def lonlat(transform: rasterio.Affine, width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    cols, rows = np.meshgrid(np.arange(width) + 0.5, np.arange(height) + 0.5)
    x, y = transform * (cols, rows)
    to_wgs84 = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)
    return to_wgs84.transform(x, y)


def inside(lon: np.ndarray, lat: np.ndarray, bbox: tuple[float, float, float, float]) -> np.ndarray:
    return (lon >= bbox[0]) & (lon <= bbox[2]) & (lat >= bbox[1]) & (lat <= bbox[3])


def smooth_noise(rng: np.random.Generator, shape: tuple[int, int], cell: int) -> np.ndarray:
    """Blocky-then-smoothed texture in 0..1: fields and woods are never uniform."""
    coarse = rng.random((shape[0] // cell + 2, shape[1] // cell + 2))
    rows = np.linspace(0, coarse.shape[0] - 1.001, shape[0])
    cols = np.linspace(0, coarse.shape[1] - 1.001, shape[1])
    r0, c0 = rows.astype(int), cols.astype(int)
    fr, fc = (rows - r0)[:, None], (cols - c0)[None, :]
    top = coarse[r0][:, c0] * (1 - fc) + coarse[r0][:, c0 + 1] * fc
    bottom = coarse[r0 + 1][:, c0] * (1 - fc) + coarse[r0 + 1][:, c0 + 1] * fc
    return top * (1 - fr) + bottom * fr


def land_cover(lon: np.ndarray, lat: np.ndarray, pixel: float, rng: np.random.Generator) -> np.ndarray:
    cover = np.full(lon.shape, CODES["field"], dtype="uint8")
    texture = smooth_noise(rng, lon.shape, max(2, int(300 / pixel)))
    cover[texture > 0.55] = CODES["forest"]
    cover[(lat < 28.700) | (texture > 0.8)] = CODES["forest"]  # the hills south of the park
    bank = RIVER_SOUTH_BANK + 0.0006 * np.sin((lon - EXTENT[0]) * 60)
    cover[(lat >= bank) & (lat <= bank + RIVER_WIDTH_DEG)] = CODES["water"]

    park = inside(lon, lat, PARK)
    # Blocks between roads 180–360 m apart; each block a works (roofs in a lawn margin),
    # a tank farm, a yard or open grass.
    east_m = (lon - PARK[0]) * 97_600
    north_m = (lat - PARK[1]) * 111_000
    roads_e = np.concatenate([[0.0], np.cumsum(rng.uniform(180, 360, 40))])
    roads_n = np.concatenate([[0.0], np.cumsum(rng.uniform(180, 360, 40))])
    block_e = np.clip(np.searchsorted(roads_e, east_m, side="right") - 1, 0, 39)
    block_n = np.clip(np.searchsorted(roads_n, north_m, side="right") - 1, 0, 39)
    within_e, within_n = east_m - roads_e[block_e], north_m - roads_n[block_n]
    span_e, span_n = roads_e[block_e + 1] - roads_e[block_e], roads_n[block_n + 1] - roads_n[block_n]
    kinds = rng.choice(["roof", "tank", "grass", "road"], size=(40, 40), p=[0.55, 0.25, 0.1, 0.1])
    kind = kinds[block_e, block_n]
    margin = np.minimum(np.minimum(within_e, span_e - within_e), np.minimum(within_n, span_n - within_n))
    cover[park] = CODES["grass"]
    cover[park & (kind == "road")] = CODES["road"]
    cover[park & (kind == "roof") & (margin > 35)] = CODES["roof"]
    tank_block = park & (kind == "tank") & (margin > 25)
    tanks = tank_block & (((within_e % 60) - 30) ** 2 + ((within_n % 60) - 30) ** 2 < 20**2)
    cover[tanks] = CODES["tank"]
    cover[park & (margin < 10)] = CODES["road"]
    cover[inside(lon, lat, CONSTRUCTION_SITE)] = CODES["grass"]
    cover[inside(lon, lat, REPLANTED_SHORE)] = CODES["soil"]
    return cover


def plume(lon: np.ndarray, lat: np.ndarray, water: np.ndarray) -> np.ndarray:
    """Excess temperature (K) of the discharge: decays downstream, spreads off the bank."""
    along = (lon - OUTFALL[0]) * 97_600
    across = (lat - OUTFALL[1]) * 111_000
    spread = 60.0 + 0.2 * np.clip(along, 0, None)
    excess = (
        PLUME_EXCESS_K * np.exp(-np.clip(along, 0, None) / PLUME_DECAY_M) * np.exp(-((across / spread) ** 2))
    )
    return np.where(water & (along > -30), excess, 0.0)


def scene(
    cover: np.ndarray, lon: np.ndarray, lat: np.ndarray, second: bool, rng: np.random.Generator
) -> np.ndarray:
    cover = cover.copy()
    if second:
        cover[inside(lon, lat, CONSTRUCTION_SITE)] = CODES["soil"]
        cover[inside(lon, lat, REPLANTED_SHORE)] = CODES["forest"]
    reflectance = np.array([COVER[name][0] for name in COVER], dtype="float64")
    temperature = np.array([COVER[name][1] for name in COVER], dtype="float64")
    data = np.empty((6, *cover.shape), dtype="float64")
    vigour = 0.85 + 0.3 * smooth_noise(rng, cover.shape, 12)
    for band in range(5):
        data[band] = reflectance[cover, band] * vigour + rng.normal(0, 0.003, cover.shape)
    data[5] = temperature[cover] + rng.normal(0, 0.25, cover.shape) + (0.4 if second else 0.0)
    if second:
        data[5] += plume(lon, lat, cover == CODES["water"])
    data[:5] = np.clip(data[:5], 0.0005, 1.0)
    return data.astype("float32")


def write(path: Path, data: np.ndarray, transform: rasterio.Affine, acquired: str) -> None:
    profile = {
        "driver": "GTiff",
        "width": data.shape[2],
        "height": data.shape[1],
        "count": 6,
        "dtype": "float32",
        "crs": CRS,
        "transform": transform,
        "nodata": -9999.0,
        "tiled": True,
        "compress": "deflate",
        "predictor": 3,
        "blockxsize": 256,
        "blockysize": 256,
    }
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data)
        for index, name in enumerate(BANDS, start=1):
            dst.set_band_description(index, name)
            dst.update_tags(index, UNIT="K" if name == "tir" else "reflectance")
        dst.update_tags(
            PARKMAP_SYNTHETIC="true",
            TIFFTAG_IMAGEDESCRIPTION="Synthetic demo scene generated by ParkMap; not an observation.",
            ACQUIRED=acquired,
            SENSOR=SENSOR,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the GeoTIFFs and manifest.json")
    parser.add_argument("--pixel", type=float, default=10.0, help="pixel size in metres (default 10)")
    parser.add_argument("--seed", type=int, default=20241008)
    args = parser.parse_args()

    args.out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    transform, width, height, _ = grid(args.pixel)
    lon, lat = lonlat(transform, width, height)
    cover = land_cover(lon, lat, args.pixel, rng)
    scenes = []
    for second, acquired in enumerate(DATES):
        name = f"demo-{acquired}"
        write(args.out / f"{name}.tif", scene(cover, lon, lat, bool(second), rng), transform, acquired)
        scenes.append(
            {
                "file": f"{name}.tif",
                "name": name,
                "sensor": SENSOR,
                "acquired": acquired,
                "bands": {str(i): b for i, b in enumerate(BANDS, start=1)},
                "cloud_cover": 0.0,
                "synthetic": True,
            }
        )
    features = {
        "construction_site": CONSTRUCTION_SITE,
        "replanted_shore": REPLANTED_SHORE,
        "outfall": OUTFALL,
    }
    manifest = {"synthetic": True, "pixel_m": args.pixel, "scenes": scenes, "features": features}
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"wrote {len(scenes)} synthetic scenes ({width}×{height} px at {args.pixel:g} m) to {args.out}")


if __name__ == "__main__":
    main()
