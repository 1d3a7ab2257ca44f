"""Hard: a shift is never followed the next day by a shift it forbids.

Some sites name forbidden successions outright (no early after a late, no day after a night)
instead of, or besides, a minimum rest; the shift worked the day before the period counts.
"""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.SUCCESSIONS


def build(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    days = problem.period.days
    for agent in problem.agents:
        before = agent.last_shift_before
        if before is not None:
            for code in problem.shift_by_code[before].not_followed_by:
                v.require(FAMILY, agent.id, v.model.add(v.assigned[agent.id, 0, code] == 0))
        for shift in problem.shifts:
            for code in sorted(shift.not_followed_by):
                for day in range(days - 1):
                    today = v.assigned[agent.id, day, shift.code]
                    tomorrow = v.assigned[agent.id, day + 1, code]
                    v.require(FAMILY, agent.id, v.model.add_bool_or([today.Not(), tomorrow.Not()]))
    return []
