from dataclasses import replace

from scheduler.domain import RuleFamily, Strength, Tier, TierRules
from scheduler.evaluate import CHECKS
from scheduler.evaluate.findings import Penalty, Violation
from scheduler.solve import SolveOptions, solve
from tests.builders import make_problem, model_allows, roster, violations

FAMILY = RuleFamily.SUPERVISION
QUICK = SolveOptions(time_limit=10, workers=1)
# A1 is a junior, A2 a senior, A3 a team lead.
BASE = make_problem(
    days=1,
    agents=3,
    agent_overrides={"A2": {"tier": Tier.SENIOR}, "A3": {"tier": Tier.TEAM_LEAD}},
)


def _problem(strength: Strength):
    return replace(BASE, tiers=TierRules(supervision=strength, supervision_weight=70))


def test_hard_model_refuses_a_junior_alone_and_accepts_a_senior_or_lead_beside_them():
    problem = _problem(Strength.HARD)
    assert not model_allows(problem, FAMILY, A1="E", A2=".", A3=".")
    assert model_allows(problem, FAMILY, A1="E", A2="E", A3=".")
    assert model_allows(problem, FAMILY, A1="E", A2=".", A3="E")
    assert model_allows(problem, FAMILY, A1=".", A2=".", A3=".")  # a closed shift needs nobody


def test_evaluator_reports_the_unsupervised_shift_as_a_violation_when_hard():
    problem = _problem(Strength.HARD)
    assert violations(problem, FAMILY, A1="E", A2="L", A3="L") == [
        "Mon 2026-12-07 shift E: 1 at work and no team lead or senior"
    ]
    found = violations(problem, FAMILY, A1="E", A2="E", A3=".")
    assert found == []


def test_soft_prices_each_unsupervised_shift_once():
    problem = _problem(Strength.SOFT)
    findings = CHECKS[FAMILY](problem, roster(A1="E", A2=".", A3="."))
    assert [type(f) for f in findings] == [Penalty]
    assert findings[0].weight * findings[0].amount == 70
    assert not any(isinstance(f, Violation) for f in findings)


def test_off_checks_nothing_and_the_solver_pays_for_supervision_when_soft():
    assert violations(_problem(Strength.OFF), FAMILY, A1="E", A2=".", A3=".") == []
    # Only juniors may work the late shift and one is needed there: the shift stays unsupervised.
    problem = replace(
        make_problem(
            days=1,
            agents=2,
            demand={(0, "L"): 1},
            agent_overrides={"A2": {"tier": Tier.SENIOR, "allowed_shifts": frozenset("E")}},
        ),
        tiers=TierRules(supervision=Strength.SOFT, supervision_weight=70),
    )
    result = solve(problem, QUICK)
    assert result.objective == 70
    assert [p.family for p in result.evaluation.penalties] == [FAMILY]
