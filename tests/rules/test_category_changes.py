from scheduler.domain import Contract, RuleFamily
from tests.builders import EARLY, LATE, make_problem, model_allows, violations

FAMILY = RuleFamily.CATEGORY_CHANGES
PROBLEM = make_problem(
    days=7, agents=1, contract=Contract("C", "Steady", max_category_changes_week=1)
)


def test_model_limits_changes_between_consecutive_working_days():
    assert model_allows(PROBLEM, FAMILY, A1="EELL...")
    assert not model_allows(PROBLEM, FAMILY, A1="ELE????")
    assert model_allows(PROBLEM, FAMILY, A1="E.L.E.L")  # a day off between resets nothing


def test_evaluator_counts_changes():
    assert violations(PROBLEM, FAMILY, A1="EELLE..") == [
        "A1 changes shift category 2 times in the week of Mon 2026-12-07; at most 1 allowed"
    ]
    assert violations(PROBLEM, FAMILY, A1="E.L.E.L") == []
    assert (EARLY.category, LATE.category) == ("early", "late")
