"""Working days come in runs of at least the contract's minimum: no isolated single days.

A run touching the end of the period may be shorter (the next period continues it), and a run
carried over from before the period counts the days already worked. With ``open_start`` the
days before the period are unknown, so a run touching the first day may be shorter too, and
so may a run paid leave cuts, before or after it (``Problem.absence_days``).
"""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.WORKING_RUNS


def build(v: RosterVariables) -> list[SoftTerm]:
    days = v.problem.period.days
    for agent in v.problem.agents:
        minimum = v.problem.contract_of(agent).min_consecutive_days
        carried = agent.worked_days_before
        absent = v.problem.absence_days(agent.id)
        if 0 < carried < minimum:
            # The run the last period ended on must go on until it is long enough.
            for day in range(min(minimum - carried, days)):
                if day in absent:
                    break
                v.require(FAMILY, agent.id, v.model.add(v.works[agent.id, day] == 1))
        for start in range(days):
            if start == 0 and (carried or v.problem.open_start):
                continue  # carried over (handled above), or after days nobody knows
            if start - 1 in absent:
                continue  # a run back from an absence
            # A run starting here (off the day before, at work today) lasts the minimum: one
            # three-literal clause per later day, which implies every longer clause forbidding
            # a whole short pattern.
            starts = [v.works[agent.id, start].Not()]
            if start > 0:
                starts.append(v.works[agent.id, start - 1])
            for later in range(start + 1, min(start + minimum, days)):
                if later in absent:
                    break  # a run an absence cuts short here (or, off before, earlier)
                clause = [*starts, v.works[agent.id, later]]
                v.require(FAMILY, agent.id, v.model.add_bool_or(clause))
    return []
