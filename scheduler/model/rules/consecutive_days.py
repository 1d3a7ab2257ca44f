"""No more than the contract's maximum of consecutive working days.

Days worked at the end of the previous period count, so a run that began before day 0 is
not reset by the new roster.
"""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.CONSECUTIVE_DAYS


def build(v: RosterVariables) -> list[SoftTerm]:
    days = v.problem.period.days
    for agent in v.problem.agents:
        limit = v.problem.contract_of(agent).max_consecutive_days
        if limit is None:
            continue
        prior = min(agent.worked_days_before, limit)
        # Every window of limit + 1 days holds at least one day off; windows may start in
        # the previous period, where the worked days are known constants.
        for start in range(-prior, days - limit):
            window = range(start, start + limit + 1)
            worked_before = sum(1 for d in window if d < 0)
            in_period = [v.works[agent.id, d] for d in window if d >= 0]
            v.require(FAMILY, agent.id, v.model.add(sum(in_period) <= limit - worked_before))
    return []
