"""Generate the two synthetic demo scenes over the demo park (run as a script).

    python data/rasters/generate.py --out data/generated/rasters [--pixel 10]

Writes two six-band float32 GeoTIFFs (EPSG:32648, UTM 48N) and ``manifest.json``.  Bands
1–5 are surface reflectance (blue, green, red, nir, swir1; 0–1), band 6 is brightness
temperature in kelvin.  Nothing here is an observation: every file is tagged
``PARKMAP_SYNTHETIC=true`` and says so in its description.

The ground is the demo park's own (``data/demo_park``, same seed): its Yangtze and creek,
roads, enterprise footprints with roofs and tank farms, wastewater basins, so the scenes
line up with the vector layers.  Between the two dates:

* enterprise JA-E020's vacant lot in the new-energy zone becomes a construction site:
  grass turns to bare soil (NDVI falls);
* a strip of shore between Binjiang Road and the Yangtze, inside the 1 km shoreline
  control zone, is replanted: bare soil turns to woodland (NDVI rises);
* warm water leaves rain outfall JA-YS003: a plume up to 6 K above the river runs
  downstream (east) along the south bank — cooling water where only rain should flow.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import rasterio
import shapely
from pyproj import Transformer
from rasterio.features import rasterize
from rasterio.transform import from_origin

DEMO_PARK = Path(__file__).resolve().parent.parent / "demo_park"
CRS = "EPSG:32648"
EXTENT = (105.03, 28.70, 105.11, 28.76)  # west, south, east, north (degrees)
SENSOR = "synthetic-6band"
BANDS = ("blue", "green", "red", "nir", "swir1", "tir")
DATES = ("2023-10-14", "2024-10-08")
PARK_SEED = 20240601  # data/demo_park/generate.py's default: the same enterprises, the same plots
CONSTRUCTION_ENTERPRISE = "JA-E020"
WARM_OUTFALL = "JA-YS003"
REPLANTED_U = (2600.0, 3400.0)  # park metres along the shore
PLUME_EXCESS_K = 6.0
PLUME_DECAY_M = 1500.0

# Surface reflectance (blue, green, red, nir, swir1) and temperature (K) per land cover.
COVER = {
    "field": ((0.055, 0.090, 0.085, 0.260, 0.240), 297.5),
    "forest": ((0.028, 0.060, 0.035, 0.380, 0.180), 295.5),
    "grass": ((0.045, 0.080, 0.060, 0.300, 0.220), 297.0),
    "water": ((0.045, 0.055, 0.035, 0.020, 0.010), 293.5),
    "basin": ((0.060, 0.080, 0.060, 0.040, 0.020), 295.0),
    "road": ((0.070, 0.080, 0.090, 0.120, 0.150), 303.0),
    "yard": ((0.120, 0.130, 0.135, 0.170, 0.210), 303.5),
    "roof": ((0.150, 0.160, 0.170, 0.220, 0.260), 305.0),
    "blue_roof": ((0.150, 0.140, 0.095, 0.200, 0.190), 304.0),
    "tank": ((0.400, 0.420, 0.430, 0.450, 0.400), 300.0),
    "soil": ((0.100, 0.140, 0.190, 0.250, 0.330), 304.0),
}
CODES = {name: code for code, name in enumerate(COVER)}


def demo_park():
    """The demo park's layers (EPSG:32648) and its geography module, from its own generator."""
    sys.path.insert(0, str(DEMO_PARK))
    spec = importlib.util.spec_from_file_location("demo_park_generate", DEMO_PARK / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    layers = module.demo(PARK_SEED, dt.date.fromisoformat(DATES[1]))
    metric = {name: layer.to_crs(CRS) for name, layer in layers.items() if hasattr(layer, "to_crs")}
    geography = sys.modules["geography"]
    origin = module.Frame(*module.CENTRE, anchor=(geography.PARK_W / 2, geography.PARK_H / 2))
    return metric, geography, (origin.x0, origin.y0)


def grid(pixel: float) -> tuple[rasterio.Affine, int, int]:
    to_utm = Transformer.from_crs("EPSG:4326", CRS, always_xy=True)
    w, s, e, n = EXTENT
    xs, ys = to_utm.transform([w, e, w, e], [s, s, n, n])
    west, north = np.floor(min(xs) / pixel) * pixel, np.ceil(max(ys) / pixel) * pixel
    width = int(np.ceil((max(xs) - west) / pixel))
    height = int(np.ceil((north - min(ys)) / pixel))
    return from_origin(west, north, pixel, pixel), width, height


def smooth_noise(rng: np.random.Generator, shape: tuple[int, int], cell: int) -> np.ndarray:
    """Bilinear-smoothed random field in 0..1: fields and woods are never uniform."""
    coarse = rng.random((shape[0] // cell + 2, shape[1] // cell + 2))
    rows = np.linspace(0, coarse.shape[0] - 1.001, shape[0])
    cols = np.linspace(0, coarse.shape[1] - 1.001, shape[1])
    r0, c0 = rows.astype(int), cols.astype(int)
    fr, fc = (rows - r0)[:, None], (cols - c0)[None, :]
    top = coarse[r0][:, c0] * (1 - fc) + coarse[r0][:, c0 + 1] * fc
    bottom = coarse[r0 + 1][:, c0] * (1 - fc) + coarse[r0 + 1][:, c0 + 1] * fc
    return top * (1 - fr) + bottom * fr


def shapes(layers, geography, origin) -> tuple[list[tuple], dict[str, shapely.Geometry]]:
    """(geometry, cover) in drawing order, later over earlier; and the two places that change."""
    ents = layers["enterprises"]
    drawn = [(g, "grass") for g in layers["parks"].geometry]
    roads = layers["roads"]
    drawn += [
        (g.buffer(12.0 if k == "trunk" else 8.0), "road")
        for g, k in zip(roads.geometry, roads["kind"], strict=True)
    ]
    for code, industry, footprint in zip(ents["code"], ents["industry"], ents.geometry, strict=True):
        drawn.append((footprint, "yard"))
        u0, v0, u1, v1 = footprint.bounds
        if industry == "wastewater_plant":
            centres = [
                (u, v) for u in np.arange(u0 + 40, u1 - 30, 55) for v in np.arange(v0 + 40, v1 - 30, 55)
            ]
            drawn += [(shapely.Point(c).buffer(20.0), "basin") for c in centres]
            continue
        # One main building in the middle of the plot; coated-steel roofs are often blue.
        inset = 0.3 * min(u1 - u0, v1 - v0)
        roof = "blue_roof" if sum(map(ord, code)) % 3 == 0 else "roof"
        drawn.append(
            (shapely.box(u0 + inset, v0 + inset, u1 - inset, v1 - inset).intersection(footprint), roof)
        )
    drawn += [(g.buffer(11.0), "tank") for g in layers["storage_units"].geometry]
    drawn += [(g, "water") for g in layers["rivers"].geometry]
    site = ents.geometry[ents["code"] == CONSTRUCTION_ENTERPRISE].iloc[0]
    shore = shapely.box(REPLANTED_U[0], geography.RIVERSIDE_V + 14.0, REPLANTED_U[1], 3000.0)
    shore = shapely.transform(shore, lambda xy: xy + origin).difference(layers["rivers"].geometry.iloc[0])
    return drawn, {"construction_site": site, "replanted_shore": shore}


def burn(cover: np.ndarray, pairs: list[tuple], transform: rasterio.Affine) -> np.ndarray:
    """Draw (geometry, cover name) pairs over ``cover`` in order."""
    shapes_ = [(g, CODES[name]) for g, name in pairs if not g.is_empty]
    drawn = rasterize(shapes_, out_shape=cover.shape, transform=transform, fill=255, dtype="uint8")
    return np.where(drawn == 255, cover, drawn).astype("uint8")


def land_cover(transform, shape, layers, geography, origin, rng, pixel):
    """Cover codes on the two dates, and the changing places."""
    texture = smooth_noise(rng, shape, max(2, int(300 / pixel)))
    base = np.where(texture > 0.55, CODES["forest"], CODES["field"]).astype("uint8")
    drawn, places = shapes(layers, geography, origin)
    base = burn(base, drawn, transform)
    before = burn(
        base, [(places["construction_site"], "grass"), (places["replanted_shore"], "soil")], transform
    )
    after = burn(
        base, [(places["construction_site"], "soil"), (places["replanted_shore"], "forest")], transform
    )
    return before, after, places


def pixel_xy(transform: rasterio.Affine, shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    cols, rows = np.meshgrid(np.arange(shape[1]) + 0.5, np.arange(shape[0]) + 0.5)
    return transform * (cols, rows)


def plume(x: np.ndarray, y: np.ndarray, outfall: shapely.Point, water: np.ndarray) -> np.ndarray:
    """Excess temperature (K) of the discharge: decays downstream (east), spreads off the bank."""
    along = np.clip(x - outfall.x, 0, None)
    across = y - outfall.y
    spread = 60.0 + 0.2 * along
    excess = PLUME_EXCESS_K * np.exp(-along / PLUME_DECAY_M) * np.exp(-((across / spread) ** 2))
    return np.where(water & (x > outfall.x - 30), excess, 0.0)


def scene(cover: np.ndarray, rng: np.random.Generator, warm: np.ndarray | None) -> np.ndarray:
    reflectance = np.array([COVER[name][0] for name in COVER], dtype="float64")
    temperature = np.array([COVER[name][1] for name in COVER], dtype="float64")
    data = np.empty((6, *cover.shape), dtype="float64")
    vigour = 0.85 + 0.3 * smooth_noise(rng, cover.shape, 12)
    for band in range(5):
        data[band] = reflectance[cover, band] * vigour + rng.normal(0, 0.003, cover.shape)
    data[5] = temperature[cover] + rng.normal(0, 0.25, cover.shape)
    if warm is not None:
        data[5] += warm
    data[:5] = np.clip(data[:5], 0.0005, 1.0)
    return data.astype("float32")


def write(path: Path, data: np.ndarray, transform: rasterio.Affine, acquired: str) -> None:
    profile = {
        "driver": "GTiff", "width": data.shape[2], "height": data.shape[1], "count": 6, "dtype": "float32",
        "crs": CRS, "transform": transform, "nodata": -9999.0, "tiled": True, "compress": "deflate",
        "predictor": 3, "blockxsize": 256, "blockysize": 256,
    }  # fmt: skip
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


def lonlat_bbox(geometry: shapely.Geometry) -> list[float]:
    to_wgs84 = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)
    return [round(v, 6) for v in to_wgs84.transform_bounds(*geometry.bounds)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the GeoTIFFs and manifest.json")
    parser.add_argument("--pixel", type=float, default=10.0, help="pixel size in metres (default 10)")
    parser.add_argument("--seed", type=int, default=20241008)
    args = parser.parse_args()

    args.out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    layers, geography, origin = demo_park()
    transform, width, height = grid(args.pixel)
    before, after, places = land_cover(transform, (height, width), layers, geography, origin, rng, args.pixel)
    outfalls = layers["outfalls"]
    outfall = outfalls.geometry[outfalls["code"] == WARM_OUTFALL].iloc[0]
    x, y = pixel_xy(transform, (height, width))
    warm = plume(x, y, outfall, after == CODES["water"])
    scenes = []
    for acquired, cover, excess in ((DATES[0], before, None), (DATES[1], after, warm)):
        name = f"demo-{acquired}"
        write(args.out / f"{name}.tif", scene(cover, rng, excess), transform, acquired)
        scenes.append({
            "file": f"{name}.tif", "name": name, "sensor": SENSOR, "acquired": acquired,
            "bands": {str(i): b for i, b in enumerate(BANDS, start=1)}, "cloud_cover": 0.0, "synthetic": True,
        })  # fmt: skip
    to_wgs84 = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)
    features = {
        "construction_site": {"enterprise": CONSTRUCTION_ENTERPRISE, "bbox": lonlat_bbox(places["construction_site"])},
        "replanted_shore": {"bbox": lonlat_bbox(places["replanted_shore"])},
        "warm_discharge": {"outfall": WARM_OUTFALL, "lonlat": [round(v, 6) for v in to_wgs84.transform(outfall.x, outfall.y)]},
    }  # fmt: skip
    manifest = {
        "synthetic": True,
        "pixel_m": args.pixel,
        "park_seed": PARK_SEED,
        "scenes": scenes,
        "features": features,
    }
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"wrote {len(scenes)} synthetic scenes ({width}×{height} px at {args.pixel:g} m) to {args.out}")


if __name__ == "__main__":
    main()
