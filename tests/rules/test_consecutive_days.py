from scheduler.domain import Contract, RuleFamily
from tests.builders import make_problem, model_allows, violations

FAMILY = RuleFamily.CONSECUTIVE_DAYS
AT_MOST_THREE = Contract("C", "Any", max_consecutive_days=3)


def _problem(worked_days_before: int = 0):
    return make_problem(
        days=7,
        agents=1,
        contract=AT_MOST_THREE,
        agent_overrides={"A1": {"worked_days_before": worked_days_before}},
    )


def test_four_days_in_a_row_break_a_limit_of_three():
    assert not model_allows(_problem(), FAMILY, A1="EEEE???")
    assert violations(_problem(), FAMILY, A1="EEEE...") == [
        "A1 works 4 days in a row (Mon 2026-12-07 to Thu 2026-12-10); the maximum is 3"
    ]


def test_three_days_then_a_break_is_fine():
    assert model_allows(_problem(), FAMILY, A1="EEE.LLL")
    assert violations(_problem(), FAMILY, A1="EEE.LLL") == []


def test_the_last_days_of_the_period_are_checked_too():
    assert not model_allows(_problem(), FAMILY, A1="???EEEE")
    assert len(violations(_problem(), FAMILY, A1="...EEEE")) == 1


def test_days_worked_before_the_period_count():
    assert not model_allows(_problem(worked_days_before=2), FAMILY, A1="EE?????")
    assert model_allows(_problem(worked_days_before=2), FAMILY, A1="E.?????")
    assert (
        "counting the previous period"
        in violations(_problem(worked_days_before=2), FAMILY, A1="EE.....")[0]
    )


def test_a_run_long_before_the_period_does_not_block_day_zero_after_a_rest():
    # Five days worked before day 0 already broke the limit; that is history, but day 0
    # must then be off.
    assert not model_allows(_problem(worked_days_before=5), FAMILY, A1="E??????")
    assert model_allows(_problem(worked_days_before=5), FAMILY, A1=".EEE???")
