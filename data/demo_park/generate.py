"""Generate the synthetic demo park (or the stress park) as a GeoPackage and CSV files.

    python data/demo_park/generate.py OUT_DIR [--scale demo|stress] [--seed N] [--as-of DATE]

The output is a function of (scale, seed, as-of date) only.  Everything in it is synthetic
demo data (示例数据): a plausible chemical park on the Yangtze's south bank at Jiang'an,
Yibin, Sichuan, not a survey of any real place.  OUT_DIR receives ``park.gpkg`` (one layer
per table, in EPSG:4326), ``csv/<layer>.csv`` (geometry as EWKT in column ``wkt``) and
``manifest.json`` (layers in load order, counts, park code and code prefix).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

import enterprises as ent_mod
import geography
import geopandas as gpd
import monitoring
import networks
import numpy as np
import pandas as pd
import pyogrio
import shapely
from credit import credit_code, random_bodies
from frame import LOAD_ORDER, SYNTHETIC_NOTE, Frame

HERE = Path(__file__).resolve().parent
CHEMICALS_CSV = HERE.parent / "reference" / "chemicals.csv"
CENTRE = (105.07, 28.725)  # lon, lat of the park's centre


def chemicals() -> pd.DataFrame:
    return pd.read_csv(CHEMICALS_CSV, dtype=str, keep_default_na=False).replace({"": None})


def demo(seed: int, as_of: dt.date) -> dict[str, gpd.GeoDataFrame | pd.DataFrame]:
    rng = np.random.default_rng(seed)
    frame = Frame(*CENTRE, anchor=(geography.PARK_W / 2, geography.PARK_H / 2))
    library = chemicals()
    critical = {r.cas: float(r.gb18218_critical_t) for r in library.itertuples() if r.gb18218_critical_t}
    ents = ent_mod.enterprises(rng)
    for ent in ents:
        ent.row["risk_level"] = ent_mod.risk_level(ent, critical)
    sewage, effluents = networks.sewage(ents, rng)
    rain, rain_outfalls = networks.rain(ents, rng)
    permits = [credit_code(ent_mod.DIVISION, body) + "001Q" for body in random_bodies(rng, 2)]
    layers: dict = {}
    for name, (rows, geoms) in {
        "parks": geography.park(),
        "zones": geography.zones(),
        "rivers": geography.rivers(),
        "roads": geography.roads(),
        "enterprises": ([e.row for e in ents], [shapely.MultiPolygon([e.footprint]) for e in ents]),
        "storage_units": ent_mod.storage_units(ents, rng),
        "pipe_nodes": (sewage.nodes + rain.nodes, [shapely.Point(p) for p in sewage.points + rain.points]),
        "pipes": (sewage.pipes + rain.pipes, sewage.lines + rain.lines),
        "outfalls": monitoring.outfalls(rain_outfalls, effluents, permits),
        "stations": monitoring.stations(ents),
        "resources": monitoring.resources(),
        "population_points": monitoring.population(ents),
        "carbon_units": ent_mod.carbon_units(ents, rng, as_of),
    }.items():
        layers[name] = frame.layer(rows, geoms)
    layers["chemicals"] = library
    return {name: layers[name] for name in LOAD_ORDER}


def write(layers: dict, out: Path, formats: set[str], meta: dict) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    gpkg = out / "park.gpkg"
    gpkg.unlink(missing_ok=True)
    counts = {}
    for name, layer in layers.items():
        counts[name] = len(layer)
        if "gpkg" in formats:
            options = {"DESCRIPTION": SYNTHETIC_NOTE}
            pyogrio.write_dataframe(layer, gpkg, layer=name, driver="GPKG", layer_options=options)
        if "csv" in formats:
            (out / "csv").mkdir(exist_ok=True)
            table = pd.DataFrame(layer.drop(columns="geometry", errors="ignore"))
            if isinstance(layer, gpd.GeoDataFrame):
                table["wkt"] = "SRID=4326;" + shapely.to_wkt(
                    layer.geometry.values, rounding_precision=8, trim=True
                )
            table.to_csv(out / "csv" / f"{name}.csv", index=False)
    manifest = {
        **meta,
        "synthetic": True,
        "note": SYNTHETIC_NOTE,
        "crs": "EPSG:4326",
        "files": {
            "gpkg": "park.gpkg" if "gpkg" in formats else None,
            "csv": "csv/" if "csv" in formats else None,
        },
        "layers": [{"name": name, "count": counts[name]} for name in layers],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder for park.gpkg, csv/ and manifest.json")
    parser.add_argument("--scale", choices=("demo", "stress"), default="demo")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        default=dt.date.today(),
        help="date that carbon fill dates count back from (default today)",
    )
    parser.add_argument(
        "--formats", default=None, help="comma list of gpkg,csv (default: demo both, stress gpkg)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.scale == "demo":
        layers, park_code, prefix = demo(args.seed, args.as_of), geography.PARK_CODE, geography.PREFIX
    else:
        import stress

        layers, park_code, prefix = (
            stress.stress(args.seed, args.as_of, chemicals()),
            stress.PARK_CODE,
            stress.PREFIX,
        )
    formats = set((args.formats or ("gpkg,csv" if args.scale == "demo" else "gpkg")).split(","))
    meta = {
        "scale": args.scale,
        "seed": args.seed,
        "as_of": args.as_of.isoformat(),
        "park_code": park_code,
        "code_prefix": prefix,
    }
    counts = write(layers, args.out, formats, meta)
    for name, count in counts.items():
        print(f"{name:<18} {count:>8}")
    print(f"generated the {args.scale} park in {time.perf_counter() - started:.1f} s -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
