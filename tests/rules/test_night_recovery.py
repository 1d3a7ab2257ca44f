from scheduler.domain import Contract, RuleFamily
from tests.builders import EARLY, NIGHT, make_problem, model_allows, violations

FAMILY = RuleFamily.NIGHT_RECOVERY
CONTRACT = Contract("C", "Night workers", days_off_after_nights=2)
PROBLEM = make_problem(days=7, agents=1, shifts=(EARLY, NIGHT), contract=CONTRACT)


def test_model_gives_days_off_after_the_last_night():
    assert model_allows(PROBLEM, FAMILY, A1="NN..E..")
    assert not model_allows(PROBLEM, FAMILY, A1="NNE????")
    assert not model_allows(PROBLEM, FAMILY, A1="N.E????")
    assert model_allows(PROBLEM, FAMILY, A1="NNN..EE")  # nights in a run need no break


def test_a_night_before_the_period_counts():
    after_night = make_problem(
        days=7,
        agents=1,
        shifts=(EARLY, NIGHT),
        contract=CONTRACT,
        agent_overrides={"A1": {"worked_days_before": 1, "last_shift_before": "N"}},
    )
    assert not model_allows(after_night, FAMILY, A1="E??????")
    assert model_allows(after_night, FAMILY, A1="..E....")
    assert violations(after_night, FAMILY, A1=".E.....") == [
        "A1 works on Tue 2026-12-08, within 2 days after the last night (the day before the "
        "period); those days must be off"
    ]


def test_evaluator_names_the_day_worked_too_soon():
    assert violations(PROBLEM, FAMILY, A1="NN.E...") == [
        "A1 works on Thu 2026-12-10, within 2 days after the last night (Tue 2026-12-08); "
        "those days must be off"
    ]
