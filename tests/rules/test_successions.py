from dataclasses import replace

from scheduler.domain import RuleFamily
from tests.builders import EARLY, LATE, make_problem, model_allows, violations

FAMILY = RuleFamily.SUCCESSIONS
NO_EARLY_AFTER_LATE = make_problem(
    days=4, agents=1, shifts=(EARLY, replace(LATE, not_followed_by=frozenset({"E"})))
)


def test_a_forbidden_shift_the_next_day_is_refused_by_both():
    assert not model_allows(NO_EARLY_AFTER_LATE, FAMILY, A1="LE..")
    assert violations(NO_EARLY_AFTER_LATE, FAMILY, A1="LE..") == [
        "A1 works E on Tue 2026-12-08 after L the day before; L may not be followed by E"
    ]


def test_other_orders_and_a_day_between_are_fine():
    for row in ("EL..", "L.E.", "LLLL", "EEEE"):
        assert model_allows(NO_EARLY_AFTER_LATE, FAMILY, A1=row), row
        assert violations(NO_EARLY_AFTER_LATE, FAMILY, A1=row) == [], row


def test_the_shift_before_the_period_counts():
    problem = replace(
        NO_EARLY_AFTER_LATE,
        agents=(replace(NO_EARLY_AFTER_LATE.agents[0], last_shift_before="L"),),
    )
    assert not model_allows(problem, FAMILY, A1="E...")
    assert model_allows(problem, FAMILY, A1="L...")
    assert violations(problem, FAMILY, A1="E...") == [
        "A1 works E on Mon 2026-12-07 after L the day before the period; L may not be followed by E"
    ]
