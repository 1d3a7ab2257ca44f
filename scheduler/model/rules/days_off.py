"""Days off come in runs of at least the contract's minimum length.

A run that touches the end of the period may be shorter (the next period continues it), and
so may one at the start unless the agent worked the day before the period began, or one
with a day of paid leave in it (``Problem.absence_days``).
"""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.DAYS_OFF


def build(v: RosterVariables) -> list[SoftTerm]:
    days = v.problem.period.days
    for agent in v.problem.agents:
        minimum = v.problem.contract_of(agent).min_consecutive_days_off
        absent = v.problem.absence_days(agent.id)
        for start in range(days):
            if start == 0 and agent.worked_days_before == 0:
                continue
            # Days off starting here (at work the day before, off today) last the minimum: one
            # three-literal clause per later day, implying every clause on a short pattern.
            starts = [v.works[agent.id, start]]
            if start > 0:
                starts.append(v.works[agent.id, start - 1].Not())
            for later in range(start + 1, min(start + minimum, days)):
                if later - 1 in absent:
                    break  # a run cut short here holds an absence (and so any longer one)
                clause = [*starts, v.works[agent.id, later].Not()]
                v.require(FAMILY, agent.id, v.model.add_bool_or(clause))
    return []
