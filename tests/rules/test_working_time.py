from dataclasses import replace
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


def test_paid_minutes_of_leave_come_off_the_weekly_minimum_in_model_and_evaluator():
    # A sick day paid 450 minutes leaves 900 - 450: one shift is enough. Its daily share
    # (900 * 6 / 7 = 771) would ask for two.
    paid = make_problem(
        days=7, agents=1, contract=TWO_TO_FOUR, leave=(Leave("A1", 0, 0, paid_minutes=450),)
    )
    share = make_problem(days=7, agents=1, contract=TWO_TO_FOUR, leave=(Leave("A1", 0, 0),))
    assert model_allows(paid, FAMILY, A1=".E.....")
    assert violations(paid, FAMILY, A1=".E.....") == []
    assert not model_allows(share, FAMILY, A1=".E.....")
    assert "needs at least 771" in violations(share, FAMILY, A1=".E.....")[0]


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


def test_hours_worked_before_a_period_cut_week_count_toward_its_maximum():
    # From a Friday: 1,350 minutes worked Monday to Thursday leave 450 of the week's 1,800,
    # one shift of Friday, Saturday and Sunday; the next week is whole again.
    friday = date(2026, 12, 11)
    problem = make_problem(
        days=10,
        agents=1,
        contract=replace(TWO_TO_FOUR, min_minutes_week=0),
        start=friday,
        agent_overrides={"A1": {"minutes_before": 1350}},
    )
    assert model_allows(problem, FAMILY, A1="E..EEEE???")
    assert not model_allows(problem, FAMILY, A1="E.E???????")
    assert violations(problem, FAMILY, A1="E.E.......") == [
        "A1 works 900 min in the week of Fri 2026-12-11 (its maximum less 1350 min worked "
        "before the period); the contract allows at most 450"
    ]
    # A period from a Monday has nothing of its first week before it.
    monday = make_problem(
        days=7,
        agents=1,
        contract=TWO_TO_FOUR,
        agent_overrides={"A1": {"minutes_before": 1350}},
    )
    assert model_allows(monday, FAMILY, A1="EEEE???")


def test_a_first_week_whose_maximum_was_worked_before_the_period_needs_nothing_more():
    # From a Tuesday, 1,800 minutes already worked on the Monday: the week's pro-rated
    # minimum (900 * 6/7) would clash with a maximum of nothing left, so it gives way.
    problem = make_problem(
        days=6,
        agents=1,
        contract=TWO_TO_FOUR,
        start=date(2026, 12, 8),
        agent_overrides={"A1": {"minutes_before": 1800}},
    )
    assert model_allows(problem, FAMILY, A1="......")
    assert not model_allows(problem, FAMILY, A1="E?????")
    assert violations(problem, FAMILY, A1="......") == []
