"""Build hj212_pollutants.csv from the HJ 212-2017 reference (tables B.1/B.2).

    .venv/bin/python data/reference/build_hj212_pollutants.py [path/to/hj212.json]

The reference holds each code's row as extracted from the standard's text layer
("name old-code concentration-unit emission-unit data-type"); this script splits it into
columns, converts the Chinese units to ASCII symbols and adds the ParkMap parameter name
(what readings are stored under) and an English name.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parents[2] / "shared" / "reference" / "hj212.json"
TARGET = HERE / "hj212_pollutants.csv"

UNITS = {
    "升/秒": "L/s",
    "立方米/秒": "m3/s",
    "无量纲": "1",
    "[色]度": "colour degree",
    "毫克/升": "mg/L",
    "微克/升": "ug/L",
    "纳克/升": "ng/L",
    "摄氏度": "degC",
    "微西[门子]/厘米": "uS/cm",
    "个/升": "count/L",
    "贝可[勒尔]/升": "Bq/L",
    "%": "%",
    "千帕": "kPa",
    "米/秒": "m/s",
    "[角]度": "deg",
    "平方米": "m2",
    "毫克/立方米": "mg/m3",
    "纳克/立方米": "ng/m3",
    "吨/平方千米•月": "t/(km2*month)",
}
EMISSION_UNITS = {"立方米": "m3", "千克": "kg", "克": "g", "毫克": "mg"}
OLD_CODE = re.compile(r"^(--|[BS]\d{2}|\d{2,3})$")
DATA_TYPE = re.compile(r"^N\d+(\.\d+)?$")
CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff\]]) (?=[\u4e00-\u9fff\[])")

# code: (parameter, English name).  Parameter names are unique, lower case and at most
# 16 characters, so a period series such as "so2.h.avg" stays within the 24 of readings.
NAMES = {
    "w00000": ("wastewater_flow", "wastewater flow"),
    "w01001": ("ph", "pH"),
    "w01002": ("colour", "colour"),
    "w01006": ("tds", "total dissolved solids"),
    "w01009": ("do", "dissolved oxygen"),
    "w01010": ("water_temp", "water temperature"),
    "w01012": ("ss", "suspended solids"),
    "w01014": ("conductivity", "conductivity"),
    "w01017": ("bod5", "five-day biochemical oxygen demand"),
    "w01018": ("cod", "chemical oxygen demand"),
    "w01019": ("codmn", "permanganate index"),
    "w01020": ("toc", "total organic carbon"),
    "w02003": ("fecal_coliform", "faecal coliforms"),
    "w02006": ("total_bacteria", "total bacteria count"),
    "w03001": ("gross_alpha", "gross alpha radioactivity"),
    "w03002": ("gross_beta", "gross beta radioactivity"),
    "w19001": ("surfactant", "surfactants"),
    "w19002": ("anionic_surfact", "anionic surfactants"),
    "w20012": ("barium", "barium"),
    "w20023": ("boron", "boron"),
    "w20038": ("cobalt", "cobalt"),
    "w20061": ("molybdenum", "molybdenum"),
    "w20089": ("thallium", "thallium"),
    "w20092": ("tin", "tin"),
    "w20111": ("total_hg", "total mercury"),
    "w20113": ("alkyl_hg", "alkyl mercury"),
    "w20115": ("total_cd", "total cadmium"),
    "w20116": ("total_cr", "total chromium"),
    "w20117": ("cr6", "hexavalent chromium"),
    "w20119": ("total_as", "total arsenic"),
    "w20120": ("total_pb", "total lead"),
    "w20121": ("total_ni", "total nickel"),
    "w20122": ("total_cu", "total copper"),
    "w20123": ("total_zn", "total zinc"),
    "w20124": ("total_mn", "total manganese"),
    "w20125": ("total_fe", "total iron"),
    "w20126": ("total_ag", "total silver"),
    "w20127": ("total_be", "total beryllium"),
    "w20128": ("total_se", "total selenium"),
    "w20138": ("copper", "copper"),
    "w20139": ("zinc", "zinc"),
    "w20140": ("selenium", "selenium"),
    "w20141": ("arsenic", "arsenic"),
    "w20142": ("mercury", "mercury"),
    "w20143": ("cadmium", "cadmium"),
    "w20144": ("lead", "lead"),
    "w21001": ("tn", "total nitrogen"),
    "w21003": ("nh3_n", "ammonia nitrogen"),
    "w21004": ("kjeldahl_n", "Kjeldahl nitrogen"),
    "w21006": ("nitrite", "nitrite"),
    "w21007": ("nitrate", "nitrate"),
    "w21011": ("tp", "total phosphorus"),
    "w21016": ("cyanide", "cyanide"),
    "w21017": ("fluoride", "fluoride"),
    "w21019": ("sulfide", "sulfide"),
    "w21022": ("chloride", "chloride"),
    "w21038": ("sulfate", "sulfate"),
    "w22001": ("petroleum", "petroleum oils"),
    "w23002": ("volatile_phenol", "volatile phenols"),
    "w25043": ("bap_water", "benzo[a]pyrene (water)"),
    "w33001": ("bhc", "hexachlorocyclohexane (BHC)"),
    "w33007": ("ddt", "DDT"),
    "w99001": ("organic_n", "organic nitrogen"),
    "a00000": ("flue_gas_flow", "flue gas flow"),
    "a01001": ("air_temp", "air temperature"),
    "a01002": ("humidity", "relative humidity"),
    "a01006": ("pressure", "air pressure"),
    "a01007": ("wind_speed", "wind speed"),
    "a01008": ("wind_dir", "wind direction"),
    "a01010": ("ringelmann", "Ringelmann blackness"),
    "a01011": ("flue_velocity", "flue gas velocity"),
    "a01012": ("flue_temp", "flue gas temperature"),
    "a01013": ("flue_pressure", "flue gas pressure"),
    "a01014": ("flue_humidity", "flue gas humidity"),
    "a01015": ("cooler_temp", "sample cooler temperature"),
    "a01016": ("flue_area", "flue cross-section area"),
    "a01017": ("flue_dyn_press", "flue gas dynamic pressure"),
    "a01901": ("furnace_temp", "incinerator furnace average temperature"),
    "a01902": ("furnace_dcs_temp", "incinerator furnace DCS temperature"),
    "a05001": ("co2", "carbon dioxide"),
    "a05002": ("ch4", "methane"),
    "a05008": ("cfc11", "trichlorofluoromethane"),
    "a05009": ("cfc12", "dichlorodifluoromethane"),
    "a05013": ("cfc113", "trichlorotrifluoroethane"),
    "a19001": ("o2", "oxygen content"),
    "a20007": ("as_air", "arsenic (air)"),
    "a20016": ("be_cmpd", "beryllium and compounds"),
    "a20025": ("cd_cmpd", "cadmium and compounds"),
    "a20026": ("cd_air", "cadmium (air)"),
    "a20043": ("pb_cmpd", "lead and compounds"),
    "a20044": ("pb_air", "lead (air)"),
    "a20057": ("hg_cmpd", "mercury and compounds"),
    "a20058": ("hg_air", "mercury (air)"),
    "a20063": ("ni_cmpd", "nickel and compounds"),
    "a20091": ("sn_cmpd", "tin and compounds"),
    "a21001": ("nh3", "ammonia"),
    "a21002": ("nox", "nitrogen oxides"),
    "a21003": ("no", "nitric oxide"),
    "a21004": ("no2", "nitrogen dioxide"),
    "a21005": ("co", "carbon monoxide"),
    "a21017": ("cyanide_air", "cyanide (air)"),
    "a21018": ("fluoride_air", "fluoride (air)"),
    "a21022": ("cl2", "chlorine"),
    "a21024": ("hcl", "hydrogen chloride"),
    "a21026": ("so2", "sulfur dioxide"),
    "a21028": ("h2s", "hydrogen sulfide"),
    "a23001": ("phenols", "phenols"),
    "a24003": ("dichloromethane", "dichloromethane"),
    "a24004": ("chloroform", "trichloromethane"),
    "a24005": ("ccl4", "tetrachloromethane"),
    "a24006": ("dbcm", "dibromochloromethane"),
    "a24007": ("bdcm", "bromodichloromethane"),
    "a24008": ("bromomethane", "bromomethane"),
    "a24009": ("bromoform", "tribromomethane"),
    "a24015": ("chloroethane", "chloroethane"),
    "a24016": ("dca_11", "1,1-dichloroethane"),
    "a24017": ("dca_12", "1,2-dichloroethane"),
    "a24018": ("tca_111", "1,1,1-trichloroethane"),
    "a24019": ("tca_112", "1,1,2-trichloroethane"),
    "a24020": ("teca_1122", "1,1,2,2-tetrachloroethane"),
    "a24027": ("dcp_12", "1,2-dichloropropane"),
    "a24034": ("edb", "1,2-dibromoethane"),
    "a24036": ("cyclohexane", "cyclohexane"),
    "a24042": ("n_hexane", "n-hexane"),
    "a24043": ("n_heptane", "n-heptane"),
    "a24046": ("vinyl_chloride", "vinyl chloride"),
    "a24047": ("dce_11", "1,1-dichloroethylene"),
    "a24049": ("tce", "trichloroethylene"),
    "a24050": ("pce", "tetrachloroethylene"),
    "a24053": ("propylene", "propylene"),
    "a24054": ("dcpe_13", "1,3-dichloropropene"),
    "a24072": ("dioxane_14", "1,4-dioxane"),
    "a24078": ("butadiene_13", "1,3-butadiene"),
    "a24087": ("thc", "total hydrocarbons"),
    "a24088": ("nmhc", "non-methane hydrocarbons"),
    "a24099": ("chloromethane", "chloromethane"),
    "a24110": ("t_dce_12", "trans-1,2-dichloroethylene"),
    "a24111": ("c_dce_12", "cis-1,2-dichloroethylene"),
    "a24112": ("t_dcpe_13", "trans-1,3-dichloropropene"),
    "a24113": ("hcbd", "hexachloro-1,3-butadiene"),
    "a25002": ("benzene", "benzene"),
    "a25003": ("toluene", "toluene"),
    "a25004": ("ethylbenzene", "ethylbenzene"),
    "a25005": ("xylene", "xylenes"),
    "a25006": ("o_xylene", "1,2-dimethylbenzene"),
    "a25007": ("m_xylene", "1,3-dimethylbenzene"),
    "a25008": ("p_xylene", "1,4-dimethylbenzene"),
    "a25010": ("chlorobenzene", "chlorobenzene"),
    "a25011": ("dcb_12", "1,2-dichlorobenzene"),
    "a25012": ("dcb_13", "1,3-dichlorobenzene"),
    "a25013": ("dcb_14", "1,4-dichlorobenzene"),
    "a25014": ("ethyltoluene_4", "1-ethyl-4-methylbenzene"),
    "a25015": ("tcb_124", "1,2,4-trichlorobenzene"),
    "a25019": ("tmb_124", "1,2,4-trimethylbenzene"),
    "a25020": ("tmb_123", "1,2,3-trimethylbenzene"),
    "a25021": ("tmb_135", "1,3,5-trimethylbenzene"),
    "a25023": ("nitrobenzene", "nitrobenzene"),
    "a25038": ("styrene", "styrene (vinylbenzene)"),
    "a25044": ("bap", "benzo[a]pyrene"),
    "a25072": ("thf", "tetrahydrofuran"),
    "a26001": ("anilines", "anilines"),
    "a29017": ("ethyl_acetate", "ethyl acetate"),
    "a29026": ("vinyl_acetate", "vinyl acetate"),
    "a30001": ("methanol", "methanol"),
    "a30008": ("isopropanol", "isopropanol"),
    "a30022": ("mercaptans", "mercaptans"),
    "a31001": ("formaldehyde", "formaldehyde"),
    "a31002": ("acetaldehyde", "acetaldehyde"),
    "a31024": ("acetone", "acetone"),
    "a31025": ("butanone", "2-butanone"),
    "a31030": ("mibk", "methyl isobutyl ketone"),
    "a34001": ("tsp", "total suspended particulates"),
    "a34002": ("pm10", "PM10"),
    "a34004": ("pm2_5", "PM2.5"),
    "a34005": ("pm1", "PM1.0"),
    "a34011": ("dustfall", "dustfall"),
    "a34013": ("smoke_dust", "smoke dust (particulate matter)"),
    "a34017": ("carbon_black", "carbon black dust"),
    "a34038": ("asphalt_fume", "asphalt fume"),
    "a34039": ("sulfuric_mist", "sulfuric acid mist"),
    "a34040": ("chromic_mist", "chromic acid mist"),
    "a99010": ("acrylonitrile", "acrylonitrile"),
    "a99049": ("phosgene", "phosgene"),
    "a99051": ("cs2", "carbon disulfide"),
}

# Rows the text layer left incomplete or that the reference asks to verify.
NOTES = {
    "a01901": "row has no data type in the text layer",
    "a01902": "row has no unit in the text layer; degC taken from a01901",
}
NANOGRAM_NOTE = (
    "unit as extracted from the standard's text layer (纳克/立方米); "
    "air-quality practice reports this in ug/m3 - verify against a printed copy"
)
FIELDS = [
    "code",
    "parameter",
    "name_zh",
    "name_en",
    "unit",
    "unit_zh",
    "emission_unit",
    "emission_unit_zh",
    "old_code",
    "data_type",
    "note",
]


def split_row(row: str) -> dict[str, str]:
    tokens = row.split()
    out = {"data_type": "", "unit_zh": "", "emission_unit_zh": "", "old_code": ""}
    if tokens and DATA_TYPE.match(tokens[-1]):
        out["data_type"] = tokens.pop()
    if len(tokens) >= 2 and tokens[-1] in EMISSION_UNITS and tokens[-2] in UNITS:
        out["emission_unit_zh"] = tokens.pop()
    if tokens and tokens[-1] in UNITS:
        out["unit_zh"] = tokens.pop()
    if len(tokens) >= 2 and OLD_CODE.match(tokens[-1]):
        out["old_code"] = "" if tokens[-1] == "--" else tokens[-1]
        tokens.pop()
    out["name_zh"] = CJK_GAP.sub("", " ".join(tokens))
    return out


def build(source: Path) -> list[dict[str, str]]:
    reference = json.loads(source.read_text(encoding="utf-8"))
    table = reference["pollutant_codes_tableB1_B2_p21_26"]
    missing = set(table) ^ set(NAMES)
    if missing:
        raise SystemExit(f"codes without a parameter name or not in the reference: {sorted(missing)}")
    parameters = [NAMES[code][0] for code in table]
    if len(set(parameters)) != len(parameters):
        raise SystemExit("parameter names must be unique")
    rows = []
    for code, text in table.items():
        cells = split_row(text)
        parameter, name_en = NAMES[code]
        note = NOTES.get(code, "")
        if code == "a01902":
            cells["unit_zh"] = "摄氏度"
        if cells["unit_zh"] == "纳克/立方米":
            note = NANOGRAM_NOTE
        rows.append(
            {
                "code": code,
                "parameter": parameter,
                "name_zh": cells["name_zh"],
                "name_en": name_en,
                "unit": UNITS.get(cells["unit_zh"], ""),
                "unit_zh": cells["unit_zh"],
                "emission_unit": EMISSION_UNITS.get(cells["emission_unit_zh"], ""),
                "emission_unit_zh": cells["emission_unit_zh"],
                "old_code": cells["old_code"],
                "data_type": cells["data_type"],
                "note": note,
            }
        )
    return rows


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    rows = build(source)
    with TARGET.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} codes to {TARGET}")


if __name__ == "__main__":
    main()
