"""The reference tables agree with the standards' facts they were taken from, value by value."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "data" / "reference"
FACTS = ROOT.parent / "shared" / "reference"
VALUE_COLUMNS = (
    "un_number",
    "hazard_class",
    "molecular_weight",
    "gb18218_critical_t",
    "gb18218_beta",
    "aegl1_ppm",
    "aegl2_ppm",
    "aegl3_ppm",
)


def table(name: str) -> list[dict[str, str]]:
    with open(REFERENCE / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def facts() -> dict:
    if not (FACTS / "gb18218.json").exists():
        pytest.skip(f"the standards' reference facts are not at {FACTS}")
    return {
        name: json.loads((FACTS / f"{name}.json").read_text()) for name in ("gb18218", "erg_aegl", "hj212")
    }


def test_every_chemical_value_names_its_source():
    for row in table("chemicals.csv"):
        sources = json.loads(row["sources"])
        for column in VALUE_COLUMNS:
            if row[column]:
                assert sources.get(column), f"{row['cas']} {column} has no source"
        assert "GB 18218-2018" in sources["gb18218_critical_t"]


def test_critical_quantities_and_betas_are_those_of_gb18218(facts):
    gb = facts["gb18218"]
    named = {}
    for entry in gb["table1_named_chemicals"]:
        for cas in entry["cas"].replace("（", ";").replace("；", ";").split(";"):
            named.setdefault(cas.strip(), entry["Q_t"])
    betas = {e["name_en"]: e["beta"] for e in gb["table3_beta_toxic_gases"]}
    rows = table("chemicals.csv")
    for row in rows:
        if row["gb18218_critical_t"]:
            assert float(row["gb18218_critical_t"]) == named[row["cas"]], row["cas"]
        else:
            assert row["cas"] not in named
        base_name = row["name_en"].split(" (")[0]
        assert (float(row["gb18218_beta"]) if row["gb18218_beta"] else None) == betas.get(base_name), row[
            "cas"
        ]
    by_cas = {r["cas"]: r for r in rows}
    assert by_cas["7782-50-5"]["gb18218_critical_t"] == "5" and by_cas["7782-50-5"]["gb18218_beta"] == "4"
    assert by_cas["75-44-5"]["gb18218_critical_t"] == "0.3" and by_cas["75-44-5"]["gb18218_beta"] == "20"
    assert by_cas["7664-93-9"]["gb18218_critical_t"] == ""  # sulfuric acid is not named in GB 18218-2018


def test_aegl_values_are_only_those_the_facts_give(facts):
    found = facts["erg_aegl"]["AEGL_found"]
    for row in table("chemicals.csv"):
        entry = next((v for k, v in found.items() if k.endswith("_" + row["cas"])), None)
        for level in (1, 2, 3):
            value = row[f"aegl{level}_ppm"]
            if entry is None:
                assert value == "", f"{row['cas']} AEGL-{level} has no source"
                continue
            given = entry.get(f"AEGL-{level}")
            expected = given.get("60min", given.get("all_durations")) if isinstance(given, dict) else None
            assert (float(value) if value else None) == expected


def test_molecular_weights_are_right():
    weights = {
        r["cas"]: float(r["molecular_weight"]) for r in table("chemicals.csv") if r["molecular_weight"]
    }
    assert weights["7782-50-5"] == pytest.approx(70.90, abs=0.01)
    assert weights["7664-41-7"] == pytest.approx(17.031, abs=0.002)
    assert weights["67-56-1"] == pytest.approx(32.042, abs=0.002)
    assert weights["108-88-3"] == pytest.approx(92.141, abs=0.002)


def test_parameters_use_the_hj212_codes_names_and_units(facts):
    pollutants = {r["code"]: r for r in table("hj212_pollutants.csv")}
    codes = facts["hj212"]["pollutant_codes_tableB1_B2_p21_26"]
    rows = table("parameters.csv")
    assert len({r["parameter"] for r in rows}) == len(rows)
    for row in rows:
        assert pollutants[row["hj212_code"]]["parameter"] == row["parameter"]
        assert codes[row["hj212_code"]].startswith(row["name_zh"])
        assert row["unit"] == row["hj212_unit"] or row["note"], row["parameter"]


def test_a_parameter_that_is_one_substance_names_it_in_the_chemical_library():
    """The link a plume takes from what a station measures to a molar mass and endpoints."""
    library = {row["cas"]: row for row in table("chemicals.csv")}
    linked = {row["parameter"]: row["cas"] for row in table("parameters.csv") if row["cas"]}
    assert {"benzene", "toluene", "hcl", "nh3", "cl2", "so2", "h2s"} <= set(linked)
    for parameter, cas in linked.items():
        assert cas in library, parameter
    assert library[linked["hcl"]]["name_en"].startswith("hydrogen chloride")
    assert library[linked["benzene"]]["name_en"] == "benzene"


def test_every_limit_names_a_parameter_the_doors_store():
    """A limit on a name no device reports is never judged (ammonia nitrogen once was nh3n)."""
    known = {row["parameter"] for row in table("parameters.csv")}
    unknown = sorted({row["parameter"] for row in table("limits.csv")} - known)
    assert unknown == [], f"limits on parameters no door stores: {unknown}"
