from datetime import date

from scheduler.domain import Contract, RuleFamily
from tests.builders import EARLY, LATE, NIGHT, make_problem, model_allows, violations

FAMILY = RuleFamily.SHIFTS_PER_WEEK
PROBLEM = make_problem(
    days=9,
    agents=1,
    shifts=(EARLY, LATE, NIGHT),
    contract=Contract("C", "Capped", max_late_week=2, max_night_week=1),
)


def test_model_caps_late_and_night_shifts_per_calendar_week():
    assert model_allows(PROBLEM, FAMILY, A1="LLEEEN.LL")  # the cap restarts on Monday
    assert not model_allows(PROBLEM, FAMILY, A1="LL.L?????")
    assert not model_allows(PROBLEM, FAMILY, A1="N.N??????")


def test_evaluator_counts_each_week_apart():
    assert violations(PROBLEM, FAMILY, A1="LLEEEN.LL") == []
    assert violations(PROBLEM, FAMILY, A1="LLL..NN..") == [
        "A1 works 3 late shifts in the week of Mon 2026-12-07; at most 2 allowed",
        "A1 works 2 night shifts in the week of Mon 2026-12-07; at most 1 allowed",
    ]


def test_lates_and_nights_worked_before_a_cut_first_week_count_toward_its_caps():
    # From a Thursday: one late and one night already worked that week leave one late and no
    # night for Thursday to Sunday; the next week's caps are whole again.
    problem = make_problem(
        days=8,
        agents=1,
        shifts=(EARLY, LATE, NIGHT),
        contract=Contract("C", "Capped", max_late_week=2, max_night_week=1),
        start=date(2026, 12, 10),
        agent_overrides={"A1": {"lates_before": 1, "nights_before": 1}},
    )
    assert model_allows(problem, FAMILY, A1="L.E.LLN.")
    assert not model_allows(problem, FAMILY, A1="LL??????")
    assert not model_allows(problem, FAMILY, A1="N???????")
    assert violations(problem, FAMILY, A1="LLN.....") == [
        "A1 works 2 late shifts in the week of Thu 2026-12-10; at most 1 allowed "
        "(less 1 worked before the period)",
        "A1 works 1 night shifts in the week of Thu 2026-12-10; at most 0 allowed "
        "(less 1 worked before the period)",
    ]
