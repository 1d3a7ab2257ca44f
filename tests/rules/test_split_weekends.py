from dataclasses import replace
from datetime import date

from scheduler.domain import RuleFamily, Weights
from scheduler.solve import SolveOptions, solve
from tests.builders import make_problem, violations

FAMILY = RuleFamily.SPLIT_WEEKENDS
PROBLEM = make_problem(days=9, agents=1, weights=Weights(100, 10, split_weekend=7))


def test_a_weekend_half_worked_costs_its_weight():
    assert violations(PROBLEM, FAMILY, A1=".....E.EE") == [
        "A1 works only part of the weekend of Sat 2026-12-12 (weight 7)"
    ]
    assert violations(PROBLEM, FAMILY, A1=".....EE..") == []
    assert violations(PROBLEM, FAMILY, A1="EEEEE....") == []


def test_solver_works_the_whole_weekend_when_saturday_needs_someone():
    # Saturday needs an early (missing: 100); Sunday's extra shift costs 10 < the split's 50.
    problem = replace(
        make_problem(days=7, agents=1, demand={(5, "E"): 1}),
        weights=Weights(100, 10, split_weekend=50),
    )
    result = solve(problem, SolveOptions(time_limit=10, workers=1))
    assert result.roster is not None
    assert result.roster.works("A1", 5) and result.roster.works("A1", 6)
    assert result.objective == 10


def test_a_weekend_cut_by_the_period_is_not_split():
    # From a Sunday to a Saturday: the Sunday before and the Sunday after lie outside the
    # period, so working the days inside is no split.
    problem = make_problem(
        days=7, agents=1, weights=Weights(100, 10, split_weekend=7), start=date(2026, 12, 6)
    )
    assert violations(problem, FAMILY, A1="E.....E") == []
    assert violations(problem, FAMILY, A1=".EEEEE.") == []
