from dataclasses import replace

from scheduler.domain import Lock, RuleFamily
from tests.builders import make_problem, model_allows, violations

FAMILY = RuleFamily.LOCKS
PROBLEM = replace(
    make_problem(days=3, agents=1),
    locks=(Lock("A1", 0, "E", "frozen"), Lock("A1", 2, None, "edited by hand")),
)


def test_model_keeps_locked_shifts_and_locked_days_off():
    assert model_allows(PROBLEM, FAMILY, A1="EL.")
    assert model_allows(PROBLEM, FAMILY, A1="E..")
    assert not model_allows(PROBLEM, FAMILY, A1="L??")
    assert not model_allows(PROBLEM, FAMILY, A1=".??")
    assert not model_allows(PROBLEM, FAMILY, A1="??E")


def test_evaluator_names_the_lock_and_its_reason():
    assert violations(PROBLEM, FAMILY, A1="E.E") == [
        "A1 on Wed 2026-12-09 is locked to off (edited by hand) but has E"
    ]
    assert violations(PROBLEM, FAMILY, A1="L..") == [
        "A1 on Mon 2026-12-07 is locked to E (frozen) but has L"
    ]
