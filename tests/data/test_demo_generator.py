"""The demo park generator: deterministic, labelled synthetic, and fast at stress scale."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pyogrio
import pytest

GENERATOR = Path(__file__).resolve().parents[2] / "data" / "demo_park" / "generate.py"


def generate(out: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(GENERATOR), str(out), *args], capture_output=True, text=True, check=True
    )


def test_the_same_seed_gives_the_same_park(tmp_path):
    for name, seed in (("a", "7"), ("b", "7"), ("c", "8")):
        generate(tmp_path / name, "--seed", seed, "--as-of", "2026-01-15", "--formats", "csv")
    files = sorted(p.name for p in (tmp_path / "a" / "csv").glob("*.csv"))
    assert len(files) == 14
    for name in files:
        assert (tmp_path / "a" / "csv" / name).read_bytes() == (tmp_path / "b" / "csv" / name).read_bytes(), (
            name
        )
    assert (tmp_path / "a/csv/enterprises.csv").read_bytes() != (
        tmp_path / "c/csv/enterprises.csv"
    ).read_bytes()


def test_the_output_says_it_is_synthetic_and_gives_the_load_order(tmp_path):
    generate(tmp_path, "--as-of", "2026-01-15")
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["synthetic"] and "synthetic" in manifest["note"]
    order = [layer["name"] for layer in manifest["layers"]]
    assert (
        order.index("enterprises")
        < order.index("storage_units")
        < order.index("pipe_nodes")
        < order.index("pipes")
    )
    assert order.index("chemicals") < order.index("storage_units") and order.index("pipes") < order.index(
        "outfalls"
    )
    info = pyogrio.read_info(tmp_path / "park.gpkg", layer="enterprises")
    assert info["crs"] == "EPSG:4326"
    first = (tmp_path / "csv" / "pipes.csv").read_text().splitlines()[1]
    assert "SRID=4326;LINESTRING" in first


@pytest.mark.slow
def test_the_stress_park_is_big_fast_and_drains(tmp_path):
    started = time.perf_counter()
    generate(tmp_path, "--scale", "stress", "--as-of", "2026-01-15")
    elapsed = time.perf_counter() - started
    assert elapsed < 120
    counts = {
        layer["name"]: layer["count"]
        for layer in json.loads((tmp_path / "manifest.json").read_text())["layers"]
    }
    assert counts["pipes"] >= 195_000 and counts["enterprises"] == 2000 and counts["stations"] == 5000
    gpkg = tmp_path / "park.gpkg"
    pipes = pyogrio.read_dataframe(
        gpkg, layer="pipes", read_geometry=False, columns=["from_node_code", "to_node_code"]
    )
    nodes = pyogrio.read_dataframe(gpkg, layer="pipe_nodes", read_geometry=False, columns=["code", "kind"])
    downstream = dict(zip(pipes["from_node_code"], pipes["to_node_code"], strict=True))
    assert len(downstream) == len(pipes), "a node with two downstream pipes"
    kind = dict(zip(nodes["code"], nodes["kind"], strict=True))
    sink: dict[str, str] = {}
    for start in downstream:
        path, node = [], start
        while node in downstream and node not in sink:
            path.append(node)
            node = downstream[node]
            assert len(path) <= 400, f"no end downstream of {start}"
        end = sink.get(node, node)
        for visited in path:
            sink[visited] = end
    assert {kind[end] for end in sink.values()} == {"outlet", "plant_inlet"}
