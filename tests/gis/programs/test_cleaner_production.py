"""Cleaner production: indices, level, score and code against hand computations; systems; storage."""

from __future__ import annotations

import datetime as dt

import pytest

from gis.errors import InvalidInput, NotFound
from gis.programs import cleaner_production_audits
from gis.programs.cleaner_production import parse_system, score_audit, solutions_for, system, systems
from gis.programs.cleaner_production_report import render_report
from gis.programs.settings import ProgramSettings

SETTINGS = ProgramSettings()
METHOD = {
    "index": "Y_g",
    "source": "test",
    "levels": {
        "I": {"min_index": 85, "restrictive_at": "I", "name_zh": "Ⅰ", "name_en": "I"},
        "II": {"min_index": 85, "restrictive_at": "II", "name_zh": "Ⅱ", "name_en": "II"},
        "III": {"min_index": 100, "restrictive_at": "III", "name_zh": "Ⅲ", "name_en": "III"},
    },
}


def small_system():
    """Two groups (0.6 / 0.4); energy is restrictive."""
    return parse_system(
        {
            "code": "t",
            "title_zh": "t",
            "title_en": "t",
            "industries": ["t"],
            "structure_source": "test",
            "method": METHOD,
            "groups": [
                {"id": "resource_energy", "name_zh": "r", "name_en": "r", "weight": 0.6},
                {"id": "management", "name_zh": "m", "name_en": "m", "weight": 0.4},
            ],
            "indicators": [
                {
                    "id": "energy",
                    "group": "resource_energy",
                    "name_zh": "e",
                    "name_en": "e",
                    "unit": "kgce/t",
                    "kind": "lower_better",
                    "weight": 0.5,
                    "restrictive": True,
                    "levels": {"I": 300, "II": 350, "III": 400},
                    "source": "test",
                },
                {
                    "id": "reuse",
                    "group": "resource_energy",
                    "name_zh": "w",
                    "name_en": "w",
                    "unit": "%",
                    "kind": "higher_better",
                    "weight": 0.5,
                    "restrictive": False,
                    "levels": {"I": 95, "II": 90, "III": 80},
                    "source": "test",
                },
                {
                    "id": "ems",
                    "group": "management",
                    "name_zh": "s",
                    "name_en": "s",
                    "unit": None,
                    "kind": "qualitative",
                    "weight": 1.0,
                    "restrictive": False,
                    "levels": {"I": "a", "II": "b", "III": "c"},
                    "source": "test",
                },
            ],
        }
    )


def test_indices_level_score_and_code_by_hand():
    # energy 340 → II, reuse 96 → I, ems III
    result = score_audit(small_system(), {"energy": 340, "reuse": 96, "ems": "III"}, SETTINGS)
    # Y_I = 100·(0.6·0.5) = 30; Y_II = 100·(0.6·0.5 + 0.6·0.5) = 60; Y_III = 100
    assert result.indices == {"I": 30.0, "II": 60.0, "III": 100.0}
    assert result.level == "III"
    # score = 0.3·80 + 0.3·100 + 0.4·60 = 78
    assert result.score == 78.0
    assert result.code == "yellow" and result.review_months == SETTINGS.audit_review_months["yellow"]
    assert [r.indicator.id for r in result.lagging] == ["ems"]


def test_level_two_needs_restrictive_indicators_at_two():
    chosen = small_system()
    good = score_audit(chosen, {"energy": 300, "reuse": 92, "ems": "I"}, SETTINGS)
    assert good.indices["II"] == 100.0 and good.indices["I"] == 70.0 and good.level == "II"
    assert good.code == "green"  # 0.3·100 + 0.3·80 + 0.4·100 = 94
    weak = score_audit(chosen, {"energy": 380, "reuse": 96, "ems": "I"}, SETTINGS)
    assert weak.indices["II"] == 70.0 and weak.level == "III"


def test_a_restrictive_indicator_below_three_makes_the_code_red_whatever_the_score():
    result = score_audit(small_system(), {"energy": 450, "reuse": 96, "ems": "I"}, SETTINGS)
    assert result.level is None and result.score == 70.0 and result.code == "red"


def test_missing_values_count_as_not_met_and_bad_values_are_refused():
    result = score_audit(small_system(), {"reuse": 96}, SETTINGS)
    assert result.missing == ("energy", "ems") and result.level is None
    with pytest.raises(InvalidInput):
        score_audit(small_system(), {"energy": "lots"}, SETTINGS)
    with pytest.raises(InvalidInput):
        score_audit(small_system(), {"ems": "IV"}, SETTINGS)
    with pytest.raises(InvalidInput):
        score_audit(small_system(), {"nonsense": 1}, SETTINGS)


def test_shipped_systems_are_consistent_and_every_value_names_its_source():
    loaded = systems()
    assert {"chemical_general", "chlor_alkali", "pharma_intermediate", "wastewater_plant"} <= set(loaded)
    for chosen in loaded.values():
        assert {g.id for g in chosen.groups} == {
            "process_equipment",
            "resource_energy",
            "resource_recovery",
            "pollutant_generation",
            "carbon_emissions",
            "product",
            "management",
        }
        assert all(ind.source for ind in chosen.indicators)
        assert any(ind.restrictive for ind in chosen.indicators)


def test_a_system_whose_weights_do_not_add_up_is_refused():
    body = small_system().as_dict()
    body["groups"][0]["weight"] = 0.5
    with pytest.raises(ValueError, match="group weights"):
        parse_system(body)


def test_every_lagging_indicator_of_a_shipped_system_finds_a_solution():
    for chosen in systems().values():
        result = score_audit(chosen, {}, SETTINGS)
        assert all(solutions_for(r) for r in result.lagging), chosen.code


async def test_audits_are_scored_on_entry_ranked_and_reported(conn, programs_park):
    ids = programs_park.ids
    now = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    chosen = system("chemical_general")
    best = {i.id: (i.levels["I"] if i.kind != "qualitative" else "I") for i in chosen.indicators}
    worse = {i.id: (i.levels["III"] if i.kind != "qualitative" else "III") for i in chosen.indicators}
    a = await cleaner_production_audits.save_audit(conn, ids["A"], None, 2025, best, now, SETTINGS)
    assert a["system_code"] == "chemical_general" and a["level"] == "I" and a["code"] == "green"
    assert a["next_review"] == dt.date(2029, 6, 1)  # green: 36 months
    # B is pharma by industry; it can still be scored on the general system when asked
    b = await cleaner_production_audits.save_audit(
        conn, ids["B"], None, 2025, worse, now, SETTINGS, system_code="chemical_general"
    )
    assert b["level"] == "III" and b["code"] == "yellow" and b["score"] == 60.0
    # a later entry merges with what is stored
    b2 = await cleaner_production_audits.save_audit(
        conn, ids["B"], ids["B"], 2025, {"re_energy": 0.3}, now, SETTINGS
    )
    assert b2["id"] == b["id"] and b2["score"] > b["score"]
    with pytest.raises(NotFound):
        await cleaner_production_audits.save_audit(conn, ids["A"], ids["B"], 2025, {}, now, SETTINGS)
    overall = await cleaner_production_audits.rankings(conn, None, "chemical_general", 2025)
    assert [r["enterprise_id"] for r in overall["rankings"]][:2] == [ids["A"], ids["B"]]
    seen_by_b = await cleaner_production_audits.rankings(conn, ids["B"], "chemical_general", 2025, "pg_voc")
    assert [r["enterprise_id"] for r in seen_by_b["rankings"]] == [None, ids["B"]]  # lower VOC ranks first
    html = render_report(b2, cleaner_production_audits.rescore(b2, SETTINGS), SETTINGS, now)
    assert "清洁生产审核评价报告" in html and "@page" in html and "PG-B" in html
    assert "单位产品VOCs产生量" in html and "LDAR" in html  # a lagging indicator and its measure
