from dataclasses import replace

from scheduler.domain import Contract, Leave, RuleFamily
from tests.builders import make_problem, model_allows, violations

FAMILY = RuleFamily.WORKING_RUNS
CONTRACT = Contract("C", "No single days", min_consecutive_days=2)
PROBLEM = make_problem(days=6, agents=1, contract=CONTRACT)


def test_model_forbids_an_isolated_working_day():
    assert not model_allows(PROBLEM, FAMILY, A1=".E.???")
    assert model_allows(PROBLEM, FAMILY, A1="EE.EE.")
    assert model_allows(PROBLEM, FAMILY, A1="EE...E")  # touches the end: continued later


def test_a_run_carried_over_from_before_the_period_counts():
    carried = make_problem(
        days=6, agents=1, contract=CONTRACT, agent_overrides={"A1": {"worked_days_before": 1}}
    )
    assert model_allows(carried, FAMILY, A1="E.....")
    assert not model_allows(PROBLEM, FAMILY, A1="E.....")
    assert violations(carried, FAMILY, A1="E.....") == []


def test_evaluator_names_the_short_run():
    assert violations(PROBLEM, FAMILY, A1="EE.E.E") == [
        "A1 works 1 day in a row (Thu 2026-12-10 to Thu 2026-12-10); working days must come "
        "at least 2 in a row"
    ]


def test_a_short_run_carried_over_must_go_on():
    carried = make_problem(
        days=6,
        agents=1,
        contract=Contract("C", "Runs of 3", min_consecutive_days=3),
        agent_overrides={"A1": {"worked_days_before": 1}},
    )
    assert not model_allows(carried, FAMILY, A1=".?????")
    assert not model_allows(carried, FAMILY, A1="E.????")
    assert model_allows(carried, FAMILY, A1="EE....")
    assert violations(carried, FAMILY, A1=".EEE..") == [
        "A1 has Mon 2026-12-07 off after only 1 day worked before the period; working days "
        "must come at least 3 in a row"
    ]


def test_with_an_open_start_a_short_run_on_the_first_day_is_allowed():
    problem = replace(
        make_problem(days=6, agents=1, contract=Contract("C", "Runs", min_consecutive_days=3)),
        open_start=True,
    )
    assert model_allows(problem, FAMILY, A1="E..EEE")
    assert violations(problem, FAMILY, A1="E..EEE") == []
    assert not model_allows(problem, FAMILY, A1="..E.EE")


def test_a_run_a_sick_day_cuts_short_is_no_breach():
    # Worked Monday, sick Tuesday: Monday stays, and so does Wednesday after it.
    sick = make_problem(days=7, agents=1, contract=CONTRACT, leave=(Leave("A1", 1, 1, "sick"),))
    assert model_allows(sick, FAMILY, A1="E.E.EE.")
    assert violations(sick, FAMILY, A1="E.E.EE.") == []
    assert not model_allows(sick, FAMILY, A1="E.EE.E.")  # Saturday alone is still short
