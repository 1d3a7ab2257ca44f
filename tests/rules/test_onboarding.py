from dataclasses import replace
from datetime import date

from scheduler.domain import NOT_STARTED, RuleFamily, Strength, Tier, TierRules
from scheduler.evaluate import CHECKS
from scheduler.solve import SolveOptions, solve
from tests.builders import make_problem, model_allows, roster, violations

FAMILY = RuleFamily.ONBOARDING
QUICK = SolveOptions(time_limit=10, workers=1)
# A1 starts on Tuesday 8 December (day 1) with one onboarding week; A2 is a trainer.
BASE = make_problem(
    days=9,
    agents=2,
    agent_overrides={"A1": {"start_date": date(2026, 12, 8)}, "A2": {"tier": Tier.TRAINER}},
)


def _problem(strength: Strength = Strength.HARD, trainee_percent: int = 50):
    rules = TierRules(
        onboarding=strength,
        onboarding_weeks=1,
        onboarding_weight=40,
        trainee_percent=trainee_percent,
    )
    return replace(BASE, tiers=rules)


def test_days_before_the_start_are_leave_and_the_first_weeks_are_onboarding():
    problem = _problem()
    first = problem.agents[0]
    assert problem.leave_days("A1") == {0: NOT_STARTED}
    assert [problem.in_onboarding(first, d) for d in range(9)] == [False] + [True] * 7 + [False]
    assert problem.phone_percent(first, 1) == 50 and problem.phone_percent(first, 8) == 100


def test_hard_model_needs_a_trainer_on_the_trainees_shift():
    problem = _problem()
    assert not model_allows(problem, FAMILY, A1=".E???????", A2=".L???????")
    assert model_allows(problem, FAMILY, A1=".E???????", A2=".E???????")
    # After the onboarding weeks the agent works alone.
    assert model_allows(problem, FAMILY, A1="........E", A2="........L")


def test_evaluator_names_the_trainee_and_the_shift():
    assert violations(_problem(), FAMILY, A1=".E.......", A2=".L.......") == [
        "A1 (started 2026-12-08) works E on Tue 2026-12-08 with no trainer on the shift"
    ]
    soft = CHECKS[FAMILY](_problem(Strength.SOFT), roster(A1=".EE......", A2=".E......."))
    assert [(p.day, p.amount * p.weight) for p in soft] == [(2, 40)]
    assert violations(_problem(Strength.OFF), FAMILY, A1=".E.......", A2="........") == []


def test_a_trainee_counts_as_part_of_an_agent():
    # One agent needed on Wednesday's early: the trainee and the trainer together cover it, the
    # trainee's half does not; the solver sends the trainer.
    problem = replace(_problem(Strength.OFF), demand=make_problem(demand={(2, "E"): 1}).demand)
    covered = CHECKS[RuleFamily.COVERAGE](problem, roster(A1="..E......", A2="........."))
    assert [p.amount for p in covered] == [1]
    result = solve(problem, QUICK)
    assert result.objective == 0
    assert result.roster is not None and result.roster.shift_of("A2", 2) == "E"
