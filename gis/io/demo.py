"""Generate the synthetic demo (or stress) park and load it through the importer.

The generator is a script under ``data/demo_park`` and runs in its own process (``data/`` is
never imported).  The whole park loads in one transaction, its major-hazard assessment
included.  Loading a park that is already in the store is refused (``Conflict``) unless
``replace=True``, which first deletes every row whose code carries the park's prefix
(``JA-`` demo, ``ST-`` stress): its enterprises, pipes, stations and everything that hangs
on them, such as their readings and tickets.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from psycopg import sql
from sqlalchemy import Engine

from gis.analysis.major_hazard_units import refresh_major_hazards_sync
from gis.errors import Conflict, ParkMapError
from gis.io.importer import import_file
from gis.settings import PROJECT_ROOT

GENERATOR = PROJECT_ROOT / "data" / "demo_park" / "generate.py"
REFERENCE_LAYERS = {"chemicals"}  # shared with other parks: updated by key, never deleted


def generate(scale: str, out_dir: Path) -> dict:
    """Run the generator; returns its manifest (layers in load order, park code, code prefix)."""
    command = [sys.executable, str(GENERATOR), str(out_dir), "--scale", scale, "--formats", "gpkg"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ParkMapError(f"the {scale} park generator failed: {result.stderr.strip()[-2000:]}")
    return json.loads((out_dir / "manifest.json").read_text())


def load_demo_park(
    engine: Engine,
    *,
    scale: str = "demo",
    out_dir: str | Path | None = None,
    replace: bool = False,
    regenerate: bool = True,
    progress: bool = False,
) -> dict[str, int]:
    """Generate and load the park; returns the rows stored per table, in load order.

    The files go to a temporary folder unless ``out_dir`` is given; ``regenerate=False``
    then loads what an earlier run left there (its manifest.json).
    """
    if scale not in ("demo", "stress"):
        raise ValueError(f"scale must be 'demo' or 'stress', not {scale!r}")
    if out_dir is None:
        with tempfile.TemporaryDirectory(prefix=f"parkmap-{scale}-") as folder:
            return _load(engine, Path(folder), generate(scale, Path(folder)), replace, progress)
    out = Path(out_dir)
    if regenerate or not (out / "manifest.json").exists():
        manifest = generate(scale, out)
    else:
        manifest = json.loads((out / "manifest.json").read_text())
    return _load(engine, out, manifest, replace, progress)


def _load(engine: Engine, out: Path, manifest: dict, replace: bool, progress: bool) -> dict[str, int]:
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        raw = conn.connection.driver_connection
        loaded = raw.execute("SELECT 1 FROM parks WHERE code = %s", [manifest["park_code"]]).fetchone()
        if loaded and not replace:
            raise Conflict(
                f"the {manifest['scale']} park {manifest['park_code']} is already loaded; "
                "load it with replace=True to replace it"
            )
        if loaded:
            _delete_park(raw, manifest)
        for entry in manifest["layers"]:
            name = entry["name"]
            existing = "update" if name in REFERENCE_LAYERS else "refuse"
            counts[name] = import_file(
                conn,
                name,
                out / "park.gpkg",
                progress=progress,
                source_layer=name,
                existing=existing,
                reassess=False,
            )
        refresh_major_hazards_sync(raw)
    return counts


def _delete_park(raw, manifest: dict) -> None:
    pattern = manifest["code_prefix"].replace("%", r"\%").replace("_", r"\_") + "%"
    for entry in reversed(manifest["layers"]):
        if entry["name"] in REFERENCE_LAYERS:
            continue
        statement = sql.SQL("DELETE FROM {} WHERE code LIKE %s").format(sql.Identifier(entry["name"]))
        raw.execute(statement, [pattern])
