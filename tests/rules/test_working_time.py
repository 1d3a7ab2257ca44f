from datetime import date

from scheduler.domain import Contract, Leave, RuleFamily
from tests.builders import make_problem, model_allows, violations

FAMILY = RuleFamily.WORKING_TIME
# Shifts E and L are paid 450 minutes each.
TWO_TO_FOUR = Contract("C", "Any", min_minutes_week=900, max_minutes_week=1800)


def test_weekly_maximum():
    problem = make_problem(days=7, agents=1, contract=TWO_TO_FOUR)
    assert not model_allows(problem, FAMILY, A1="EEEEE??")
    assert model_allows(problem, FAMILY, A1="EEEE???")
    assert violations(problem, FAMILY, A1="EEEEE..") == [
        "A1 works 2250 min in the week of Mon 2026-12-07; the contract allows at most 1800"
    ]


def test_weekly_minimum():
    problem = make_problem(days=7, agents=1, contract=TWO_TO_FOUR)
    assert not model_allows(problem, FAMILY, A1="E......")
    assert model_allows(problem, FAMILY, A1="E.L....")
    assert "needs at least 900" in violations(problem, FAMILY, A1="......E")[0]


def test_weekly_minimum_is_pro_rated_for_leave():
    # Four leave days leave 3 of 7 days: 900 * 3 / 7 = 385 minutes, so one shift is enough.
    problem = make_problem(days=7, agents=1, contract=TWO_TO_FOUR, leave=(Leave("A1", 0, 3),))
    assert not model_allows(problem, FAMILY, A1=".......")
    assert model_allows(problem, FAMILY, A1="....E..")
    assert violations(problem, FAMILY, A1="....E..") == []


def test_weekly_minimum_is_pro_rated_for_a_week_cut_by_the_period():
    # The period starts on a Saturday: its first week has 2 days, 900 * 2 / 7 = 257 minutes.
    problem = make_problem(days=9, agents=1, contract=TWO_TO_FOUR, start=date(2026, 12, 12))
    assert model_allows(problem, FAMILY, A1="E.E.E????")
    assert not model_allows(problem, FAMILY, A1="..???????")


def test_period_limits():
    contract = Contract("C", "Any", min_minutes_period=900, max_minutes_period=1350)
    problem = make_problem(days=7, agents=1, contract=contract)
    assert not model_allows(problem, FAMILY, A1=".......")
    assert not model_allows(problem, FAMILY, A1="E......")
    assert model_allows(problem, FAMILY, A1="EEE????")
    assert violations(problem, FAMILY, A1="E......") == [
        "A1 works 450 min in the period; the contract needs at least 900 "
        "(pro-rated for paid leave and partial weeks)"
    ]
