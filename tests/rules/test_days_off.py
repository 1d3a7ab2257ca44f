from scheduler.domain import Contract, Leave, RuleFamily
from tests.builders import make_problem, model_allows, violations

FAMILY = RuleFamily.DAYS_OFF
TWO_DAYS_OFF = Contract("C", "Any", min_consecutive_days_off=2)


def _problem(worked_days_before: int = 0):
    return make_problem(
        days=5,
        agents=1,
        contract=TWO_DAYS_OFF,
        agent_overrides={"A1": {"worked_days_before": worked_days_before}},
    )


def test_a_single_day_off_between_work_is_forbidden():
    assert not model_allows(_problem(), FAMILY, A1="E.E??")
    assert violations(_problem(), FAMILY, A1="E.EEE") == [
        "A1 has 1 day off (Tue 2026-12-08 to Tue 2026-12-08); days off must come at least 2 in"
        " a row"
    ]


def test_two_days_off_between_work_are_fine():
    assert model_allows(_problem(), FAMILY, A1="E..EE")
    assert violations(_problem(), FAMILY, A1="E..EE") == []


def test_short_runs_touching_the_period_edges_are_allowed():
    assert model_allows(_problem(), FAMILY, A1=".EEE.")
    assert violations(_problem(), FAMILY, A1=".EEE.") == []


def test_a_short_run_at_the_start_counts_if_the_agent_worked_the_day_before():
    assert not model_allows(_problem(worked_days_before=1), FAMILY, A1=".E???")
    assert len(violations(_problem(worked_days_before=1), FAMILY, A1=".EEEE")) == 1


def test_a_sick_day_between_shifts_needs_no_second_day_off():
    # An absence is not rest the roster planned: the shifts around it stay.
    sick = make_problem(days=5, agents=1, contract=TWO_DAYS_OFF, leave=(Leave("A1", 1, 1, "sick"),))
    assert model_allows(sick, FAMILY, A1="E.EEE")
    assert violations(sick, FAMILY, A1="E.EEE") == []
    # A day the agent is merely unavailable is a day off like any other.
    unavailable = Leave("A1", 1, 1, "unavailable", prorates_hours=False)
    fixed = make_problem(days=5, agents=1, contract=TWO_DAYS_OFF, leave=(unavailable,))
    assert not model_allows(fixed, FAMILY, A1="E.EEE")
    assert len(violations(fixed, FAMILY, A1="E.EEE")) == 1
