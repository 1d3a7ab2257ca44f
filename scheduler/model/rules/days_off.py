"""Days off come in runs of at least the contract's minimum length.

A run that touches the end of the period may be shorter (the next period continues it), and
so may one at the start unless the agent worked the day before the period began.
"""

from ortools.sat.python import cp_model

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.DAYS_OFF


def build(v: RosterVariables) -> list[SoftTerm]:
    days = v.problem.period.days
    for agent in v.problem.agents:
        minimum = v.problem.contract_of(agent).min_consecutive_days_off
        if minimum <= 1:
            continue
        rests: list[cp_model.LinearExprT] = list(v.transitions(agent.id)[1])
        # Day 0 off begins a rest only if the agent worked the day before the period.
        first = 1 - v.works[agent.id, 0] if agent.worked_days_before else 0
        rests.insert(0, first)
        # A rest that started within the last ``minimum`` days is still going on today.
        for day in range(days):
            recent = rests[max(0, day - minimum + 1) : day + 1]
            v.require(FAMILY, agent.id, v.model.add(sum(recent) <= 1 - v.works[agent.id, day]))
    return []
