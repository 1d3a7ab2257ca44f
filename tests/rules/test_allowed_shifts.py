from scheduler.domain import RuleFamily
from tests.builders import make_problem, model_allows, violations

FAMILY = RuleFamily.ALLOWED_SHIFTS
PROBLEM = make_problem(days=2, agents=2, agent_overrides={"A1": {"allowed_shifts": frozenset("E")}})


def test_model_forbids_a_shift_not_allowed():
    assert not model_allows(PROBLEM, FAMILY, A1="L?")


def test_model_allows_listed_shifts_and_others_for_other_agents():
    assert model_allows(PROBLEM, FAMILY, A1="E.", A2="LE")


def test_evaluator_reports_the_shift_and_what_is_allowed():
    assert violations(PROBLEM, FAMILY, A1="EL", A2="LL") == [
        "A1 works L on Tue 2026-12-08 but may only work E"
    ]
