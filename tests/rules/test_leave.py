from scheduler.domain import Leave, RuleFamily
from tests.builders import make_problem, model_allows, violations

FAMILY = RuleFamily.LEAVE
PROBLEM = make_problem(days=4, agents=1, leave=(Leave("A1", 1, 2, "sick"),))


def test_model_forbids_work_on_leave():
    assert not model_allows(PROBLEM, FAMILY, A1="?E??")
    assert not model_allows(PROBLEM, FAMILY, A1="??L?")


def test_model_allows_work_around_leave():
    assert model_allows(PROBLEM, FAMILY, A1="E..L")


def test_evaluator_names_the_leave_kind():
    assert violations(PROBLEM, FAMILY, A1="EL..") == [
        "A1 works L on Tue 2026-12-08 but is away that day (sick)"
    ]
    assert violations(PROBLEM, FAMILY, A1="E..L") == []
