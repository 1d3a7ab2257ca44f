from dataclasses import replace

from ortools.sat.python import cp_model

from scheduler.domain import Contract, Lock, Problem, RuleFamily
from scheduler.model import build_model
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


def test_a_locked_shift_binds_the_other_rules_like_any_worked_shift():
    # A late locked on day 0 leaves too short a rest for an early on day 1, and a locked
    # day counts toward the longest run of work: the whole model, not the lock alone.
    contract = Contract("C", "Any", min_rest_minutes=11 * 60, max_consecutive_days=2)
    problem = replace(
        make_problem(days=3, agents=1, contract=contract),
        locks=(Lock("A1", 0, "L", "frozen"),),
    )
    assert not _whole_model_allows(problem, A1="?E?")
    assert not _whole_model_allows(problem, A1="?LL")
    assert _whole_model_allows(problem, A1="?L.")
    assert _whole_model_allows(problem, A1="?.E")


def _whole_model_allows(problem: Problem, **rows: str) -> bool:
    """Whether the model with every rule accepts rows partly fixed as ``model_allows`` fixes
    them, with every penalty priced but none forbidden."""
    built = build_model(problem)
    for agent, codes in rows.items():
        for day, code in enumerate(codes):
            if code != "?":
                for shift in problem.shifts:
                    fixed = built.variables.assigned[agent, day, shift.code]
                    built.model.add(fixed == int(code == shift.code))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    status = solver.solve(built.model)
    assert status in (cp_model.OPTIMAL, cp_model.INFEASIBLE), solver.status_name(status)
    return status == cp_model.OPTIMAL
