"""Days off come in runs of at least the contract's minimum length.

A run that touches the end of the period may be shorter (the next period continues it), and
so may one at the start unless the agent worked the day before the period began.
"""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.DAYS_OFF


def build(v: RosterVariables) -> list[SoftTerm]:
    days = v.problem.period.days
    for agent in v.problem.agents:
        minimum = v.problem.contract_of(agent).min_consecutive_days_off
        for length in range(1, minimum):
            for start in range(days - length):
                end = start + length  # first day after the short run: must not be worked
                if start == 0 and agent.worked_days_before == 0:
                    continue
                clause = [v.works[agent.id, d] for d in range(start, end)]
                clause.append(v.works[agent.id, end].Not())
                if start > 0:
                    clause.append(v.works[agent.id, start - 1].Not())
                v.require(FAMILY, agent.id, v.model.add_bool_or(clause))
    return []
