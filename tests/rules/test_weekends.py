from datetime import date

from scheduler.domain import Contract, RuleFamily
from tests.builders import make_problem, model_allows, violations

FAMILY = RuleFamily.WEEKENDS
ONE_WEEKEND = Contract("C", "Any", max_weekends=1)
PROBLEM = make_problem(days=14, agents=1, contract=ONE_WEEKEND)


def test_working_on_two_weekends_breaks_a_limit_of_one():
    # Saturday of week 1 and Sunday of week 2.
    assert not model_allows(PROBLEM, FAMILY, A1="?????E???????L")
    assert violations(PROBLEM, FAMILY, A1=".....E.......L") == [
        "A1 works 2 weekends (starting 2026-12-12, 2026-12-19); the maximum is 1"
    ]


def test_both_days_of_one_weekend_count_once():
    assert model_allows(PROBLEM, FAMILY, A1="EEEEEEL.......")
    assert violations(PROBLEM, FAMILY, A1="EEEEEEL.......") == []


def test_a_weekend_cut_by_the_period_counts_once_at_either_edge():
    # From a Sunday to a Saturday: the first Sunday and the last Saturday are weekends of
    # their own, each counting once however little of it lies in the period.
    problem = make_problem(days=7, agents=1, contract=ONE_WEEKEND, start=date(2026, 12, 6))
    assert not model_allows(problem, FAMILY, A1="E?????E")
    assert model_allows(problem, FAMILY, A1="E?????.")
    assert model_allows(problem, FAMILY, A1=".?????E")
    assert violations(problem, FAMILY, A1="E.....E") == [
        "A1 works 2 weekends (starting 2026-12-06, 2026-12-12); the maximum is 1"
    ]
