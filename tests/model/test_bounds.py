"""The implied whole-day limits cut fractional rosters only: every roster the working-time
rules allow is still allowed, and the limits are left out when rules may be switched off."""

from ortools.sat.python import cp_model

from scheduler.domain import Contract, RuleFamily
from scheduler.model.bounds import add_implied_limits
from scheduler.model.builder import RULES
from scheduler.model.variables import RosterVariables
from tests.builders import NIGHT, ShiftType, make_problem

SHORT = ShiftType("S", "Short", 8 * 60, 6 * 60, 300, "day")
# 1,800 minutes a week: at most 6 short shifts, 3 nights; at least 1,000: four short shifts
# or three nights, so at least three days whatever is worked.
CONTRACT = Contract("C", "Part time", min_minutes_week=1000, max_minutes_week=1800)
PROBLEM = make_problem(days=7, agents=1, shifts=(SHORT, NIGHT), contract=CONTRACT)


class _Count(cp_model.CpSolverSolutionCallback):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def on_solution_callback(self) -> None:
        self.count += 1


def _model(with_limits: bool, guarded: bool = False) -> RosterVariables:
    """The model of the working-time rules, with or without the implied limits."""
    v = RosterVariables(PROBLEM, guarded)
    for family in (RuleFamily.ONE_SHIFT_PER_DAY, RuleFamily.WORKING_TIME):
        RULES[family](v)
    if with_limits:
        add_implied_limits(v)
    return v


def _rosters(v: RosterVariables) -> int:
    solver = cp_model.CpSolver()
    solver.parameters.enumerate_all_solutions = True
    solver.parameters.num_workers = 1
    counter = _Count()
    assert solver.solve(v.model, counter) == cp_model.OPTIMAL
    return counter.count


def _size(v: RosterVariables) -> int:
    return len(v.model.proto.constraints)


def test_the_limits_allow_every_roster_the_rules_allow() -> None:
    plain, limited = _model(with_limits=False), _model(with_limits=True)
    assert _rosters(limited) == _rosters(plain) > 0
    # The week: at most 6 days (shortest shift 300 minutes), at least 3 (longest 480); the
    # period has no limits of its own.
    assert _size(limited) - _size(plain) == 2


def test_no_limits_when_rules_can_be_switched_off() -> None:
    assert _size(_model(True, guarded=True)) == _size(_model(False, guarded=True))
