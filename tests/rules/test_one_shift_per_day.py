from ortools.sat.python import cp_model

from scheduler.domain import Assignment, Roster, RuleFamily
from scheduler.evaluate import CHECKS
from scheduler.model import build_model
from tests.builders import make_problem, model_allows

FAMILY = RuleFamily.ONE_SHIFT_PER_DAY


def _two_shifts_allowed(families: list[RuleFamily]) -> bool:
    problem = make_problem(days=1, agents=1)
    built = build_model(problem, families)
    built.model.add(built.variables.assigned["A1", 0, "E"] == 1)
    built.model.add(built.variables.assigned["A1", 0, "L"] == 1)
    solver = cp_model.CpSolver()
    return solver.solve(built.model) == cp_model.OPTIMAL


def test_model_forbids_two_shifts_on_one_day_only_through_this_rule():
    assert _two_shifts_allowed([])
    assert not _two_shifts_allowed([FAMILY])


def test_model_allows_one_shift_or_none():
    problem = make_problem(days=2, agents=1)
    assert model_allows(problem, FAMILY, A1="E.")


def test_evaluator_reports_two_shifts_on_a_day():
    problem = make_problem(days=2, agents=1)
    double = Roster(frozenset({Assignment("A1", 1, "E"), Assignment("A1", 1, "L")}))
    found = CHECKS[FAMILY](problem, double)
    assert [(v.agent_id, v.day) for v in found] == [("A1", 1)]
    assert "2 shifts (E, L)" in found[0].message


def test_evaluator_accepts_one_shift_a_day():
    problem = make_problem(days=2, agents=1)
    single = Roster(frozenset({Assignment("A1", 0, "E"), Assignment("A1", 1, "L")}))
    assert CHECKS[FAMILY](problem, single) == []
