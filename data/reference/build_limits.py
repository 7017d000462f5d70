"""Build limits.csv from the standards reference (GB 37822, GB 16297, GB 31571, GB 3838).

    .venv/bin/python data/reference/build_limits.py [path/to/limits.json]

Every value is read from the reference by its path (never retyped here); where the
reference holds a text such as "960 (production) / 550 (use)", the row names the figure it
takes and the script checks that the text contains it.  ``default`` rows are what a new
installation applies to every station of the class (``applies_to``) until a permit or a
station-specific limit replaces them; the other rows are there to be chosen.

Station classes: air_boundary (enterprise/park boundary), voc (in-plant, outside the
workshop), cems_outlet (stack), wastewater_outlet (an enterprise's water station), river
(a surface-water station without an enterprise).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parents[2] / "shared" / "reference" / "limits.json"
TARGET = HERE / "limits.csv"
COLUMNS = (
    "code applies_to parameter averaging bound value unit standard clause water_class default source note"
).split()

GB37822 = "GB 37822-2019"
GB16297 = "GB 16297-1996"
GB31571 = "GB 31571-2015"
GB3838 = "GB 3838-2002"

# code, applies_to, parameter, averaging, bound, reference path, figure taken from a text, unit,
# standard, clause, default, note
ROWS = [
    (
        "GB37822-A1-NMHC-1H",
        "voc",
        "nmhc",
        "1h",
        "max",
        "GB_37822_2019.table_A1_in_plant_fugitive_NMHC.one_hour_average_at_monitoring_point.limit",
        None,
        "mg/m3",
        GB37822,
        "Appendix A Table A.1, 1-h average at the monitoring point; A.2.2",
        True,
        "outside the workshop, 1 m from openings, >= 1.5 m high (A.2.1)",
    ),
    (
        "GB37822-A1-NMHC-SINGLE",
        "voc",
        "nmhc",
        "instant",
        "max",
        "GB_37822_2019.table_A1_in_plant_fugitive_NMHC.any_single_measurement_at_monitoring_point.limit",
        None,
        "mg/m3",
        GB37822,
        "Appendix A Table A.1, any single measurement",
        True,
        None,
    ),
    (
        "GB37822-A1-NMHC-1H-SPECIAL",
        "voc",
        "nmhc",
        "1h",
        "max",
        "GB_37822_2019.table_A1_in_plant_fugitive_NMHC.one_hour_average_at_monitoring_point.special_limit",
        None,
        "mg/m3",
        GB37822,
        "Appendix A Table A.1, special limit, 1-h average; 4.2",
        False,
        "key regions designated by the State Council environment authority",
    ),
    (
        "GB37822-A1-NMHC-SINGLE-SPECIAL",
        "voc",
        "nmhc",
        "instant",
        "max",
        "GB_37822_2019.table_A1_in_plant_fugitive_NMHC.any_single_measurement_at_monitoring_point.special_limit",
        None,
        "mg/m3",
        GB37822,
        "Appendix A Table A.1, special limit, any single measurement; 4.2",
        False,
        "key regions designated by the State Council environment authority",
    ),
    # GB 37822 11.1: the boundary NMHC limit comes from GB 16297 or the industry standard
    (
        "GB16297-T2-NMHC-BOUNDARY",
        "air_boundary",
        "nmhc",
        "1h",
        "max",
        "GB_16297_1996.NMHC.table2_new.fugitive_boundary_limit",
        None,
        "mg/m3",
        GB16297,
        "Table 2 (new sources), fugitive monitoring limit; 3.6 (any 1-h average)",
        True,
        "sources set up from 1997-01-01; GB 37822-2019 11.1 points here for the boundary",
    ),
    (
        "GB16297-T1-NMHC-BOUNDARY",
        "air_boundary",
        "nmhc",
        "1h",
        "max",
        "GB_16297_1996.NMHC.table1_existing.fugitive_boundary_limit",
        None,
        "mg/m3",
        GB16297,
        "Table 1 (existing sources), fugitive monitoring limit; 3.6 (any 1-h average)",
        False,
        "sources set up before 1997-01-01",
    ),
    (
        "GB31571-T7-NMHC-BOUNDARY",
        "air_boundary",
        "nmhc",
        "1h",
        "max",
        "GB_31571_2015.table7_enterprise_boundary_1h_average.NMHC",
        None,
        "mg/m3",
        GB31571,
        "Table 7, enterprise boundary; 5.5.1 (any 1-h average)",
        False,
        "petroleum chemistry enterprises",
    ),
]
for name, parameter in (
    ("SO2", "so2"),
    ("NOx", "nox"),
    ("HCl", "hcl"),
    ("Cl2", "cl2"),
    ("benzene", "benzene"),
    ("toluene", "toluene"),
    ("xylene", "xylene"),
):
    ROWS.append(
        (
            f"GB16297-T2-{name.upper()}-BOUNDARY",
            "air_boundary",
            parameter,
            "1h",
            "max",
            f"GB_16297_1996.table2_new_sources_other.{name}.fugitive_boundary_limit",
            None,
            "mg/m3",
            GB16297,
            "Table 2 (new sources), fugitive monitoring limit; 3.6 (any 1-h average)",
            True,
            None,
        )
    )
for name, parameter in (("benzene", "benzene"), ("toluene", "toluene"), ("xylene", "xylene"), ("HCl", "hcl")):
    ROWS.append(
        (
            f"GB31571-T7-{name.upper()}-BOUNDARY",
            "air_boundary",
            parameter,
            "1h",
            "max",
            f"GB_31571_2015.table7_enterprise_boundary_1h_average.{name}",
            None,
            "mg/m3",
            GB31571,
            "Table 7, enterprise boundary; 5.5.1 (any 1-h average)",
            False,
            "petroleum chemistry enterprises",
        )
    )
# stack limits: the defaults until the enterprise's permit value is entered for the station
STACK_NOTE = "maximum allowable emission concentration, judged on 1-h averages; replace with the permit value"
ROWS += [
    (
        "GB16297-T2-NMHC-STACK",
        "cems_outlet",
        "nmhc",
        "1h",
        "max",
        "GB_16297_1996.NMHC.table2_new.max_stack_conc",
        None,
        "mg/m3",
        GB16297,
        "Table 2 (new sources), maximum allowable emission concentration",
        True,
        STACK_NOTE,
    ),
    (
        "GB16297-T2-SO2-STACK",
        "cems_outlet",
        "so2",
        "1h",
        "max",
        "GB_16297_1996.table2_new_sources_other.SO2.max_stack_conc",
        550,
        "mg/m3",
        GB16297,
        "Table 2 (new sources), maximum allowable emission concentration (SO2 use)",
        True,
        STACK_NOTE,
    ),
    (
        "GB16297-T2-NOX-STACK",
        "cems_outlet",
        "nox",
        "1h",
        "max",
        "GB_16297_1996.table2_new_sources_other.NOx.max_stack_conc",
        240,
        "mg/m3",
        GB16297,
        "Table 2 (new sources), maximum allowable emission concentration (nitric acid use and other)",
        True,
        STACK_NOTE,
    ),
    (
        "GB16297-T2-PM-STACK",
        "cems_outlet",
        "smoke_dust",
        "1h",
        "max",
        "GB_16297_1996.table2_new_sources_other.particulate.max_stack_conc",
        120,
        "mg/m3",
        GB16297,
        "Table 2 (new sources), maximum allowable emission concentration (other particulate)",
        True,
        STACK_NOTE,
    ),
]
for name, parameter in (
    ("HCl", "hcl"),
    ("Cl2", "cl2"),
    ("benzene", "benzene"),
    ("toluene", "toluene"),
    ("xylene", "xylene"),
):
    ROWS.append(
        (
            f"GB16297-T2-{name.upper()}-STACK",
            "cems_outlet",
            parameter,
            "1h",
            "max",
            f"GB_16297_1996.table2_new_sources_other.{name}.max_stack_conc",
            None,
            "mg/m3",
            GB16297,
            "Table 2 (new sources), maximum allowable emission concentration",
            True,
            STACK_NOTE,
        )
    )
ROWS += [
    (
        "GB31571-T4-SO2-HEATER",
        "cems_outlet",
        "so2",
        "1h",
        "max",
        "GB_31571_2015.table4_stack_limits.process_heater.SO2",
        None,
        "mg/m3",
        GB31571,
        "Table 4, process heater",
        False,
        "petroleum chemistry process heaters",
    ),
    (
        "GB31571-T4-NOX-HEATER",
        "cems_outlet",
        "nox",
        "1h",
        "max",
        "GB_31571_2015.table4_stack_limits.process_heater.NOx",
        150,
        "mg/m3",
        GB31571,
        "Table 4, process heater (180 if the furnace runs >= 850 C)",
        False,
        "petroleum chemistry process heaters",
    ),
    (
        "GB31571-T4-PM-HEATER",
        "cems_outlet",
        "smoke_dust",
        "1h",
        "max",
        "GB_31571_2015.table4_stack_limits.process_heater.particulate",
        None,
        "mg/m3",
        GB31571,
        "Table 4, process heater",
        False,
        "petroleum chemistry process heaters",
    ),
]
# direct discharge of an enterprise's wastewater; online monitors are judged on the daily mean
WATER_NOTE = "online monitor judged on the daily mean; use 'instant' to judge single samples"
for name, parameter in (("COD", "cod"), ("NH3_N", "nh3_n"), ("TP", "tp"), ("TN", "tn")):
    ROWS.append(
        (
            f"GB31571-T1-{parameter.upper().replace('_', '')}",
            "wastewater_outlet",
            parameter,
            "24h",
            "max",
            f"GB_31571_2015.table1_water_direct_discharge.{name}",
            None,
            "mg/L",
            GB31571,
            "Table 1, direct discharge",
            True,
            WATER_NOTE,
        )
    )
    ROWS.append(
        (
            f"GB31571-T2-{parameter.upper().replace('_', '')}",
            "wastewater_outlet",
            parameter,
            "24h",
            "max",
            f"GB_31571_2015.table2_water_special_direct.{name}",
            None,
            "mg/L",
            GB31571,
            "Table 2, special limits, direct discharge",
            False,
            WATER_NOTE,
        )
    )
ROWS += [
    (
        "GB31571-T1-PH-MIN",
        "wastewater_outlet",
        "ph",
        "instant",
        "min",
        "GB_31571_2015.table1_water_direct_discharge.pH",
        6.0,
        "1",
        GB31571,
        "Table 1, direct discharge",
        True,
        None,
    ),
    (
        "GB31571-T1-PH-MAX",
        "wastewater_outlet",
        "ph",
        "instant",
        "max",
        "GB_31571_2015.table1_water_direct_discharge.pH",
        9.0,
        "1",
        GB31571,
        "Table 1, direct discharge",
        True,
        None,
    ),
    (
        "GB3838-T1-PH-MIN",
        "river",
        "ph",
        "instant",
        "min",
        "GB_3838_2002.pH",
        6,
        "1",
        GB3838,
        "Table 1 (basic items), every class",
        True,
        None,
    ),
    (
        "GB3838-T1-PH-MAX",
        "river",
        "ph",
        "instant",
        "max",
        "GB_3838_2002.pH",
        9,
        "1",
        GB3838,
        "Table 1 (basic items), every class",
        True,
        None,
    ),
]
CLASSES = ("I", "II", "III", "IV", "V")
DEFAULT_CLASS = "III"
RIVER_ITEMS = (  # parameter, reference key, bound
    ("cod", "COD_max", "max"),
    ("codmn", "CODMn_max", "max"),
    ("nh3_n", "NH3_N_max", "max"),
    ("tp", "TP_max_as_P", "max"),
    ("do", "DO_min", "min"),
)


def lookup(reference: dict, path: str):
    node = reference
    for key in path.split("."):
        node = node[key]
    return node


def figure(raw, taken: float | None, path: str) -> float:
    if isinstance(raw, int | float) and taken is None:
        return float(raw)
    if taken is None:
        raise ValueError(f"{path} holds {raw!r}: name the figure to take")
    numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", str(raw))]
    if float(taken) not in numbers:
        raise ValueError(f"{path} holds {raw!r}, which does not contain {taken}")
    return float(taken)


def rows(reference: dict) -> list[dict]:
    out = []
    for (
        code,
        applies_to,
        parameter,
        averaging,
        bound,
        path,
        taken,
        unit,
        standard,
        clause,
        default,
        note,
    ) in ROWS:
        value = figure(lookup(reference, path), taken, path)
        out.append(
            dict(
                code=code,
                applies_to=applies_to,
                parameter=parameter,
                averaging=averaging,
                bound=bound,
                value=value,
                unit=unit,
                standard=standard,
                clause=clause,
                water_class="",
                default="yes" if default else "no",
                source=f"limits.json {path}",
                note=note or "",
            )
        )
    for parameter, key, bound in RIVER_ITEMS:
        for water_class in CLASSES:
            path = f"GB_3838_2002.{key}.{water_class}"
            raw = lookup(reference, path)
            # class I DO is "saturation 90 % (or 7.5)": the mg/L figure is taken
            value = figure(raw, 7.5 if isinstance(raw, str) else None, path)
            out.append(
                dict(
                    code=f"GB3838-T1-{parameter.upper().replace('_', '')}-{water_class}",
                    applies_to="river",
                    parameter=parameter,
                    averaging="instant",
                    bound=bound,
                    value=value,
                    unit="mg/L",
                    standard=GB3838,
                    clause=f"Table 1 (basic items), class {water_class}; 5.1",
                    water_class=water_class,
                    default="yes" if water_class == DEFAULT_CLASS else "no",
                    source=f"limits.json {path}",
                    note="class I: 90 % saturation or 7.5 mg/L" if isinstance(raw, str) else "",
                )
            )
    return out


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    reference = json.loads(source.read_text())
    table = rows(reference)
    with TARGET.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    print(f"{TARGET}: {len(table)} limits")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
