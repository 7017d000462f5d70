"""Build chemicals.csv, the demo park's chemical library, from the standards' reference facts.

Every value is copied from a reference file (GB 18218-2018 tables, ERG, AEGL) or computed
from the formula with the IUPAC standard atomic weights, and its source is written next to
it in the ``sources`` column (JSON, one entry per column).  A value no source gives stays
empty.  Run:  python data/reference/build_chemicals.py [REFERENCE_DIR]
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_REFERENCE = HERE.parents[2] / "shared" / "reference"
GB18218 = "GB 18218-2018"
IUPAC = "IUPAC standard atomic weights (conventional values, CIAAW 2021), formula {formula}"
IDENTIFIER = "CAS Registry Number / chemical name (identifier; not in a GB 18218-2018 table)"

# IUPAC/CIAAW conventional atomic weights (interval elements given their conventional value).
ATOMIC_WEIGHT = {
    "H": 1.008,
    "C": 12.011,
    "N": 14.007,
    "O": 15.999,
    "F": 18.998403163,
    "Na": 22.98976928,
    "S": 32.06,
    "Cl": 35.45,
    "Li": 6.94,
    "P": 30.973761998,
}

# (CAS, formula or None for a mixture, Chinese name, English name, in GB 18218 Table 1?)
LIBRARY = [
    ("7782-50-5", "Cl2", "氯", "chlorine", True),
    ("7647-01-0", "HCl", "氯化氢（无水）", "hydrogen chloride (anhydrous)", True),
    ("7664-41-7", "NH3", "氨", "ammonia", True),
    ("7664-39-3", "HF", "氟化氢", "hydrogen fluoride", True),
    ("75-44-5", "COCl2", "碳酰氯（光气）", "phosgene", True),
    ("75-21-8", "C2H4O", "环氧乙烷", "ethylene oxide", True),
    ("7783-06-4", "H2S", "硫化氢", "hydrogen sulfide", True),
    ("7446-09-5", "SO2", "二氧化硫", "sulfur dioxide", True),
    ("1333-74-0", "H2", "氢", "hydrogen", True),
    ("67-56-1", "CH4O", "甲醇", "methanol", True),
    ("108-88-3", "C7H8", "甲苯", "toluene", True),
    ("71-43-2", "C6H6", "苯", "benzene", True),
    ("107-13-1", "C3H3N", "2-丙烯腈", "acrylonitrile", True),
    ("106-89-8", "C3H5ClO", "1-氯-2,3-环氧丙烷（环氧氯丙烷）", "epichlorohydrin", True),
    ("67-64-1", "C3H6O", "丙酮", "acetone", True),
    ("141-78-6", "C4H8O2", "乙酸乙酯", "ethyl acetate", True),
    ("64-17-5", "C2H6O", "乙醇", "ethanol", True),
    ("110-54-3", "C6H14", "正己烷", "n-hexane", True),
    ("74-82-8", "CH4", "甲烷，天然气", "methane, natural gas", True),
    ("68476-85-7", None, "液化石油气", "liquefied petroleum gas (LPG)", True),
    ("7664-93-9", "H2SO4", "硫酸", "sulfuric acid", False),
    ("1310-73-2", "NaOH", "氢氧化钠", "sodium hydroxide", False),
    ("872-50-4", "C5H9NO", "N-甲基-2-吡咯烷酮", "N-methyl-2-pyrrolidone (NMP)", False),
    ("75-09-2", "CH2Cl2", "二氯甲烷", "dichloromethane", False),
]

COLUMNS = [
    "cas",
    "un_number",
    "name_zh",
    "name_en",
    "hazard_class",
    "molecular_weight",
    "gb18218_critical_t",
    "gb18218_beta",
    "aegl1_ppm",
    "aegl2_ppm",
    "aegl3_ppm",
    "sources",
]


def molecular_weight(formula: str) -> float:
    total = 0.0
    for symbol, count in re.findall(r"([A-Z][a-z]?)(\d*)", formula):
        total += ATOMIC_WEIGHT[symbol] * (int(count) if count else 1)
    return round(total, 3)


def table1_entry(gb: dict, cas: str) -> dict | None:
    for entry in gb["table1_named_chemicals"]:
        if cas in re.split(r"[；;（）()]", entry["cas"]):
            return entry
    return None


def table3_beta(gb: dict, name_en: str) -> float | None:
    for entry in gb["table3_beta_toxic_gases"]:
        if name_en.startswith(entry["name_en"]):
            return float(entry["beta"])
    return None


def un_numbers(erg: dict) -> dict[str, tuple[str, str]]:
    """UN numbers named in the ERG facts: English name (lower case) → (UN number, where)."""
    found: dict[str, tuple[str, str]] = {}
    table3 = erg["ERG_general_rules_found"]["sources"][1]
    for name, un in re.findall(r"([A-Z][a-z]+(?: [a-z]+)*?)(?: anhydrous)? UN(\d{4})", table3):
        found.setdefault(name.lower(), (un, "ERG2016 Table 3 list of TIH materials (erg_aegl.json)"))
    for row in erg["ERG_not_found"]:
        match = re.match(r"UN(\d{4}) ([a-z ]+?)(?: in ERG.*)?$", row)
        if match:
            found.setdefault(match.group(2), (match.group(1), "ERG UN number/name pair (erg_aegl.json)"))
    return found


def aegl_60min(erg: dict, cas: str) -> dict[str, tuple[float, str]]:
    """AEGL-1/2/3 60-minute values in ppm that the AEGL facts give for this CAS number."""
    values: dict[str, tuple[float, str]] = {}
    for key, entry in erg["AEGL_found"].items():
        if not key.endswith("_" + cas):
            continue
        where = f"AEGL (NRC/EPA), 60 min; {entry['source']}; confidence {entry['confidence']}"
        for level in (1, 2, 3):
            level_values = entry.get(f"AEGL-{level}")
            if not isinstance(level_values, dict):
                continue
            if "60min" in level_values:
                values[f"aegl{level}_ppm"] = (float(level_values["60min"]), where)
            elif "all_durations" in level_values:
                values[f"aegl{level}_ppm"] = (
                    float(level_values["all_durations"]),
                    where + " (all durations)",
                )
    return values


def build(reference: Path) -> list[dict[str, str]]:
    gb = json.loads((reference / "gb18218.json").read_text())
    erg = json.loads((reference / "erg_aegl.json").read_text())
    uns = un_numbers(erg)
    rows = []
    for cas, formula, name_zh, name_en, named in LIBRARY:
        row = dict.fromkeys(COLUMNS, "")
        sources: dict[str, str] = {}
        row.update(cas=cas, name_zh=name_zh, name_en=name_en)
        entry = table1_entry(gb, cas)
        if named != (entry is not None):
            raise SystemExit(f"{cas}: expected {'in' if named else 'not in'} {GB18218} Table 1")
        if entry:
            where = f"{GB18218} Table 1, seq {entry['seq']} ({entry['name']})"
            sources.update(cas=where, name_zh=where, name_en=f"{where}, English name as translated there")
            row["gb18218_critical_t"] = f"{entry['Q_t']:g}"
            sources["gb18218_critical_t"] = where
        else:
            sources.update(cas=IDENTIFIER, name_zh=IDENTIFIER, name_en=IDENTIFIER)
            sources["gb18218_critical_t"] = (
                f"not named in {GB18218} Table 1; its Table 2 hazard class is not sourced here, so Q is left empty"
            )
        beta = table3_beta(gb, name_en)
        if beta is not None:
            row["gb18218_beta"] = f"{beta:g}"
            row["hazard_class"] = "毒性气体 toxic gas"
            sources["gb18218_beta"] = f"{GB18218} Table 3 (toxic gases)"
            sources["hazard_class"] = f"{GB18218} Table 3 lists it as a toxic gas"
        else:
            sources["gb18218_beta"] = (
                f"not in {GB18218} Table 3; Table 4 needs its hazard class, not sourced here"
            )
        un = uns.get(name_en.split(" (")[0])
        if un:
            row["un_number"], sources["un_number"] = un
        if formula:
            row["molecular_weight"] = f"{molecular_weight(formula):.3f}"
            sources["molecular_weight"] = IUPAC.format(formula=formula)
        for column, (value, where) in aegl_60min(erg, cas).items():
            row[column] = f"{value:g}"
            sources[column] = where
        row["sources"] = json.dumps(sources, ensure_ascii=False, sort_keys=True)
        rows.append(row)
    return rows


def main() -> None:
    reference = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_REFERENCE
    rows = build(reference)
    with open(HERE / "chemicals.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} chemicals to {HERE / 'chemicals.csv'}")


if __name__ == "__main__":
    main()
