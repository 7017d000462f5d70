"""``parkmap raster add`` / ``raster list``: what an operator types, and what they are told."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from api.cli import raster
from gis.db import migrate
from gis.db.embedded import EmbeddedCluster
from gis.errors import InvalidInput
from gis.raster.settings import raster_settings
from gis.settings import store_settings
from tests.gis.raster.support import land, write_tif

DATABASE = "parkmap_raster_cli_test"


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    cluster = EmbeddedCluster()
    cluster.start()
    url = cluster.create_database(DATABASE)
    migrate.upgrade(url, "heads")
    yield url
    cluster.drop_database(DATABASE)


@pytest.fixture
def cli(database, tmp_path, monkeypatch):
    monkeypatch.setenv("PARKMAP_DATABASE_URL", database)
    monkeypatch.setenv("PARKMAP_RASTER_FOLDER", str(tmp_path / "catalog"))
    store_settings.cache_clear()
    raster_settings.cache_clear()
    parser = argparse.ArgumentParser(prog="parkmap")
    raster.add_parser(parser.add_subparsers(dest="command"))

    def run(*argv: str) -> int:
        args = parser.parse_args(list(argv))
        return args.func(args)

    yield run
    store_settings.cache_clear()
    raster_settings.cache_clear()


def test_add_then_list(cli, tmp_path, capsys):
    source = write_tif(tmp_path / "Park Scene 1.tif", land(), descriptions=None)
    code = cli(
        "raster",
        "add",
        str(source),
        "--date",
        "2024-10-08",
        "--sensor",
        "gf-1",
        "--bands",
        "blue,green,red,nir,swir1,thermal",
        "--synthetic",
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "registered Park-Scene-1 (gf-1, 2024-10-08, synthetic)" in out and "6=tir" in out
    assert list((tmp_path / "catalog").glob("Park-Scene-1-*.tif"))
    assert cli("raster", "list") == 0
    listing = capsys.readouterr().out
    assert "Park-Scene-1" in listing and "2024-10-08" in listing and "6 bands synthetic" in listing


def test_a_bad_file_is_refused_with_a_clear_message(cli, tmp_path, capsys):
    source = write_tif(tmp_path / "flat.tif", land(), georeferenced=False)
    with pytest.raises(InvalidInput, match="not georeferenced"):
        cli("raster", "add", str(source), "--date", "2024-10-08", "--sensor", "gf-1", "--name", "flat")
    cli("raster", "list")
    assert "flat" not in capsys.readouterr().out


def test_arguments_are_checked_before_anything_runs(cli, tmp_path):
    source = str(write_tif(tmp_path / "s.tif", land()))
    for argv in (
        ("raster", "add", source, "--date", "8/10/2024", "--sensor", "x"),
        ("raster", "add", source, "--sensor", "x"),
        ("raster", "add", source, "--date", "2024-10-08", "--sensor", "x", "--bands", "red,red"),
    ):
        with pytest.raises(SystemExit) as exit_:
            cli(*argv)
        assert exit_.value.code == 2
