"""GB 18218-2018 identification and grading on crafted inventories, computed by hand."""

from __future__ import annotations

import pytest

from gis.analysis.gb18218_tables import alpha_for_population, beta_for, critical_quantity_for, grade_for
from gis.analysis.major_hazard import HazardUnit, Holding, assess_unit, assess_units
from gis.errors import InvalidInput

CHLORINE = "7782-50-5"
AMMONIA = "7664-41-7"
PHOSGENE = "75-44-5"
HYDROGEN_SULFIDE = "7783-06-4"


def holding(chemical: str, q: float, big_q: float, beta: float, cas: str | None = None) -> Holding:
    return Holding(chemical=chemical, quantity_t=q, critical_t=big_q, beta=beta, cas=cas)


def test_toxic_gas_store_grade_4():
    """Liquid chlorine 3 t (Q = 5 t, Table 1; β = 4, Table 3) and liquid ammonia 8 t (Q = 10 t;
    β = 2) in one storage unit, 60 people within 500 m (α = 1.5, Table 5):
      S = 3/5 + 8/10 = 0.6 + 0.8 = 1.4 ≥ 1 → major hazard source
      R = 1.5 × (4 × 0.6 + 2 × 0.8) = 1.5 × 4.0 = 6.0 < 10 → grade 4
    """
    unit = HazardUnit(
        id="T-01",
        kind="storage",
        holdings=(holding("chlorine", 3, 5, 4, CHLORINE), holding("ammonia", 8, 10, 2, AMMONIA)),
        people_within_500m=60,
    )
    result = assess_unit(unit)
    assert result.is_major and result.s == pytest.approx(1.4)
    assert result.alpha == 1.5 and result.r == pytest.approx(6.0) and result.grade == 4
    by_name = {c.chemical: c for c in result.contributions}
    assert by_name["chlorine"].q_over_q == pytest.approx(0.6)
    assert by_name["chlorine"].beta_q_over_q == pytest.approx(2.4)
    assert by_name["ammonia"].share_of_s == pytest.approx(0.8 / 1.4)
    assert [c.chemical for c in result.contributions] == ["chlorine", "ammonia"]  # larger βq/Q first


def test_phosgene_and_hydrogen_sulfide_grade_2():
    """Phosgene 0.3 t (Q = 0.3 t, β = 20) and hydrogen sulfide 10 t (Q = 5 t, β = 5), 150 people
    within 500 m (α = 2.0): S = 1 + 2 = 3; R = 2 × (20 × 1 + 5 × 2) = 60 → 50 ≤ R < 100, grade 2."""
    unit = HazardUnit(
        id=7,
        kind="production",
        holdings=(
            holding("phosgene", 0.3, 0.3, 20, PHOSGENE),
            holding("hydrogen sulfide", 10, 5, 5, HYDROGEN_SULFIDE),
        ),
        people_within_500m=150,
    )
    result = assess_unit(unit)
    assert result.s == pytest.approx(3.0) and result.r == pytest.approx(60.0) and result.grade == 2


def test_flammable_liquids_by_hazard_class():
    """A tank farm with 600 t of a category-2 flammable liquid not in Table 1 (W5.3: Q = 1000 t,
    β = 1) and 300 t of benzene (Table 1: Q = 50 t; W5.3 β = 1), nobody within 500 m (α = 0.5):
      S = 600/1000 + 300/50 = 0.6 + 6 = 6.6;  R = 0.5 × (1 × 0.6 + 1 × 6) = 3.3 → grade 4
    """
    q_other = critical_quantity_for(("W5.3",))
    unit = HazardUnit(
        id="TF-2",
        kind="storage",
        holdings=(
            holding("solvent naphtha", 600, q_other, beta_for(None, ("W5.3",))),
            holding("benzene", 300, 50, beta_for("71-43-2", ("W5.3",)), "71-43-2"),
        ),
        people_within_500m=0,
    )
    result = assess_unit(unit)
    assert q_other == 1000
    assert result.s == pytest.approx(6.6) and result.alpha == 0.5
    assert result.r == pytest.approx(3.3) and result.grade == 4


@pytest.mark.parametrize(
    ("q", "people", "r", "grade"),
    [
        (10.0, 100, 100.0, 1),  # R = 2.0 × 5 × 10/1 = 100 → grade 1 (R ≥ 100)
        (9.9, 100, 99.0, 2),
        (5.0, 100, 50.0, 2),  # exactly 50 → grade 2 (100 > R ≥ 50)
        (4.9, 100, 49.0, 3),
        (1.0, 100, 10.0, 3),  # exactly 10 → grade 3 (50 > R ≥ 10)
        (1.0, 99, 7.5, 4),  # α = 1.5 below 100 people: R = 1.5 × 5 = 7.5 < 10
    ],
)
def test_grade_boundaries(q, people, r, grade):
    """Hydrogen fluoride (Q = 1 t, β = 5): R = α × 5 × q."""
    unit = HazardUnit("HF", "storage", (holding("hydrogen fluoride", q, 1.0, 5.0, "7664-39-3"),), people)
    result = assess_unit(unit)
    assert result.r == pytest.approx(r) and result.grade == grade


def test_below_one_is_not_a_major_hazard_source():
    """Chlorine 4.95 t alone: S = 4.95/5 = 0.99 < 1, so no R and no grade."""
    result = assess_unit(HazardUnit("C", "storage", (holding("chlorine", 4.95, 5, 4, CHLORINE),), 500))
    assert not result.is_major and result.s == pytest.approx(0.99)
    assert result.r is None and result.grade is None and result.alpha is None


def test_thirds_sum_to_exactly_one():
    """Three chemicals each at a third of their critical quantity: S = 1/3 + 1/3 + 1/3 = 1 → major."""
    unit = HazardUnit(
        "M",
        "production",
        tuple(holding(name, 1.0, 3.0, 1.0) for name in ("methanol", "toluene", "acetone")),
        people_within_500m=10,
    )
    result = assess_unit(unit)
    assert result.s == 1.0 and result.is_major and result.r == 1.0 and result.grade == 4


def test_tanks_of_one_chemical_are_summed():
    """Two ammonia tanks of 6 t and 7 t in one unit are 13 t of ammonia: S = 1.3, one contribution."""
    unit = HazardUnit(
        "NH3",
        "storage",
        (holding("ammonia", 6, 10, 2, AMMONIA), holding("ammonia", 7, 10, 2, AMMONIA)),
        people_within_500m=30,
    )
    result = assess_unit(unit)
    assert len(result.contributions) == 1 and result.contributions[0].quantity_t == 13
    assert result.s == pytest.approx(1.3) and result.alpha == 1.2 and result.r == pytest.approx(1.2 * 2.6)
    disagreeing = HazardUnit(
        "X", "storage", (holding("ammonia", 6, 10, 2, AMMONIA), holding("ammonia", 7, 5, 2, AMMONIA)), 0
    )
    with pytest.raises(InvalidInput):
        assess_unit(disagreeing)
    assert [a.unit_id for a in assess_units([unit, unit])] == ["NH3", "NH3"]


@pytest.mark.parametrize(
    ("people", "alpha"),
    [(0, 0.5), (1, 1.0), (29, 1.0), (30, 1.2), (49, 1.2), (50, 1.5), (99, 1.5), (100, 2.0), (5000, 2.0)],
)
def test_alpha_table_5(people, alpha):
    assert alpha_for_population(people) == alpha


def test_beta_and_critical_quantity_rules():
    assert beta_for(CHLORINE) == 4.0
    assert beta_for(PHOSGENE, ("W5.1",)) == 20.0  # Table 3 wins over Table 4
    assert beta_for("630-08-0") == 2.0  # carbon monoxide
    assert beta_for(None, ("W5.1",)) == 1.5
    assert beta_for(None, ("W5.3", "J1")) == 4.0
    assert critical_quantity_for(("W5.3", "J5")) == 500.0  # the lowest applies (4.1.2)
    assert critical_quantity_for(("W2",)) == 10.0
    assert [grade_for(r) for r in (150, 100, 99.99, 50, 49.9, 10, 9.99, 0)] == [1, 1, 2, 2, 3, 3, 4, 4]
    with pytest.raises(InvalidInput):
        beta_for(None, ())
    with pytest.raises(InvalidInput):
        critical_quantity_for(("W99",))
    with pytest.raises(InvalidInput):
        alpha_for_population(-1)
    with pytest.raises(InvalidInput):
        Holding("x", 1.0, 0.0, 1.0)
