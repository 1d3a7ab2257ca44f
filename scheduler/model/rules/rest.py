"""Minimum rest between the end of one shift and the start of the next, in real clock time.

Shifts never overlap, even under a contract without a rest rule.

Pairs are checked on later days as far as a long shift plus the rest can reach, and the
previous period's last shift counts against the first days.
"""

from scheduler.domain import MINUTES_PER_DAY, RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.REST


def build(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    days = problem.period.days
    for agent in problem.agents:
        # With no rest rule, shifts still must not overlap (a gap below zero).
        rest = problem.contract_of(agent).min_rest_minutes
        # A shift ends at most two days after its start day; rest may reach further.
        reach = 2 + rest // MINUTES_PER_DAY + 1
        if agent.last_shift_before is not None:
            before = problem.shift_by_code[agent.last_shift_before]
            for later_day in range(min(reach, days)):
                for later in problem.shifts:
                    if problem.rest_gap(-1, before, later_day, later) < rest:
                        v.require(
                            FAMILY,
                            agent.id,
                            v.model.add(v.assigned[agent.id, later_day, later.code] == 0),
                        )
        for day in range(days):
            for shift in problem.shifts:
                first = v.assigned[agent.id, day, shift.code]
                for later_day in range(day + 1, min(day + reach + 1, days)):
                    for later in problem.shifts:
                        if problem.rest_gap(day, shift, later_day, later) < rest:
                            second = v.assigned[agent.id, later_day, later.code]
                            v.require(
                                FAMILY, agent.id, v.model.add_bool_or([first.Not(), second.Not()])
                            )
    return []
