"""After the last night of a run of nights, the contract's number of days off.

The day after a night shift is mostly sleep; recovery days let the body clock return. The
night worked just before the period counts.
"""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.NIGHT_RECOVERY
NIGHT = "night"


def build(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    nights = [s.code for s in problem.shifts if s.category == NIGHT]
    days = problem.period.days
    for agent in problem.agents:
        rest = problem.contract_of(agent).days_off_after_nights
        if rest == 0 or not nights:
            continue
        night = {d: [v.assigned[agent.id, d, code] for code in nights] for d in range(days)}
        before = agent.last_shift_before
        if before is not None and problem.shift_by_code[before].category == NIGHT:
            # Last night was a night: day 0 is a night too, or starts the recovery.
            for later in range(min(rest, days)):
                v.require(
                    FAMILY,
                    agent.id,
                    v.model.add_bool_or([*night[0], v.works[agent.id, later].Not()]),
                )
        for day in range(days - 1):
            for later in range(day + 1, min(day + 1 + rest, days)):
                # A night on `day` and none on the next day: `later` is a recovery day off.
                for literal in night[day]:
                    clause = [literal.Not(), *night[day + 1], v.works[agent.id, later].Not()]
                    v.require(FAMILY, agent.id, v.model.add_bool_or(clause))
    return []
