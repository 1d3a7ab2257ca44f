"""Minimum rest between the end of one shift and the start of the next, in real clock time.

Shifts never overlap, even under a contract without a rest rule.

Pairs are checked on later days as far as a long shift plus the rest can reach, and the
previous period's last shift counts against the first days.
"""

from scheduler.domain import MINUTES_PER_DAY, Problem, RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.REST


def build(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    days = problem.period.days
    too_close: dict[int, list[tuple[int, str, int, str]]] = {}
    for agent in problem.agents:
        # With no rest rule, shifts still must not overlap (a gap below zero).
        rest = problem.contract_of(agent).min_rest_minutes
        if agent.last_shift_before is not None:
            before = problem.shift_by_code[agent.last_shift_before]
            for later_day in range(min(_reach(rest), days)):
                for later in problem.shifts:
                    if problem.rest_gap(-1, before, later_day, later) < rest:
                        v.require(
                            FAMILY,
                            agent.id,
                            v.model.add(v.assigned[agent.id, later_day, later.code] == 0),
                        )
        # The same pairs for every agent under one rest rule: found once (on a year's
        # horizon, asking each agent's pairs anew took 13 of a model's 38 s to build).
        if rest not in too_close:
            too_close[rest] = _too_close(problem, rest)
        for day, code, later_day, later in too_close[rest]:
            # One clause per pair: one "at most one" per shift and later day, though exact,
            # cost the bundled example its 60 s bound (6,846 -> 4,252).
            first = v.assigned[agent.id, day, code]
            second = v.assigned[agent.id, later_day, later]
            v.require(FAMILY, agent.id, v.model.add_bool_or([first.Not(), second.Not()]))
    return []


def _reach(rest: int) -> int:
    """Days after a shift's start day that it and the rest after it may reach: a shift ends
    at most two days after its start day, and rest may reach further."""
    return 2 + rest // MINUTES_PER_DAY + 1


def _too_close(problem: Problem, rest: int) -> list[tuple[int, str, int, str]]:
    """Every (day, shift, later day, later shift) where the later shift starts less than
    ``rest`` after the first ends."""
    days = problem.period.days
    return [
        (day, shift.code, later_day, later.code)
        for day in range(days)
        for shift in problem.shifts
        for later_day in range(day + 1, min(day + _reach(rest) + 1, days))
        for later in problem.shifts
        if problem.rest_gap(day, shift, later_day, later) < rest
    ]
