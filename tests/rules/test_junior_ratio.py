from dataclasses import replace

from scheduler.domain import RuleFamily, Strength, Tier, TierRules
from scheduler.evaluate import CHECKS
from scheduler.solve import SolveOptions, solve
from tests.builders import make_problem, model_allows, roster, violations

FAMILY = RuleFamily.JUNIOR_RATIO
QUICK = SolveOptions(time_limit=10, workers=1)
# A1-A3 juniors, A4 a senior; at most two juniors per senior.
BASE = make_problem(days=1, agents=4, agent_overrides={"A4": {"tier": Tier.SENIOR}})


def _problem(strength: Strength):
    rules = TierRules(junior_ratio=strength, max_juniors_per_senior=2, junior_ratio_weight=9)
    return replace(BASE, tiers=rules)


def test_hard_model_allows_two_juniors_per_senior_and_no_more():
    problem = _problem(Strength.HARD)
    assert model_allows(problem, FAMILY, A1="E", A2="E", A3=".", A4="E")
    assert not model_allows(problem, FAMILY, A1="E", A2="E", A3="E", A4="E")
    assert not model_allows(problem, FAMILY, A1="E", A2=".", A3=".", A4=".")


def test_evaluator_counts_the_juniors_over_the_ratio():
    assert violations(_problem(Strength.HARD), FAMILY, A1="E", A2="E", A3="E", A4="E") == [
        "Mon 2026-12-07 shift E: 3 juniors with 1 team leads or seniors (at most 2 juniors "
        "each), 1 over"
    ]
    soft = CHECKS[FAMILY](_problem(Strength.SOFT), roster(A1="L", A2="L", A3="L", A4="E"))
    assert [(p.amount, p.weight) for p in soft] == [(3, 9)]
    assert violations(_problem(Strength.OFF), FAMILY, A1="L", A2="L", A3="L", A4=".") == []


def test_solver_moves_the_senior_to_the_juniors():
    # Three agents needed on the late shift; at most two juniors per senior (soft).
    problem = replace(
        _problem(Strength.SOFT),
        demand=make_problem(days=1, demand={(0, "L"): 3}).demand,
    )
    result = solve(problem, QUICK)
    assert result.roster is not None
    assert result.roster.shift_of("A4", 0) == "L"
    # The senior and two juniors cover the late: demand met and the ratio kept, at no cost.
    assert result.objective == 0
