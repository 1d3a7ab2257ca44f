"""Working days come in runs of at least the contract's minimum: no isolated single days.

A run touching the end of the period may be shorter (the next period continues it), and a run
carried over from before the period counts the days already worked. With ``open_start`` the
days before the period are unknown, so a run touching the first day may be shorter too.
"""

from ortools.sat.python import cp_model

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.WORKING_RUNS


def build(v: RosterVariables) -> list[SoftTerm]:
    days = v.problem.period.days
    for agent in v.problem.agents:
        minimum = v.problem.contract_of(agent).min_consecutive_days
        if minimum <= 1:
            continue
        carried = agent.worked_days_before
        if 0 < carried < minimum:
            # The run the last period ended on must go on until it is long enough.
            for day in range(min(minimum - carried, days)):
                v.require(FAMILY, agent.id, v.model.add(v.works[agent.id, day] == 1))
        starts: list[cp_model.LinearExprT] = list(v.transitions(agent.id)[0])
        # A run on day 0 is a new run only when the agent was off the day before and that
        # day is known; otherwise it is carried (above) or after days nobody knows.
        first = 0 if carried or v.problem.open_start else v.works[agent.id, 0]
        starts.insert(0, first)
        # A run that started within the last ``minimum`` days is still going on today.
        for day in range(days):
            recent = starts[max(0, day - minimum + 1) : day + 1]
            v.require(FAMILY, agent.id, v.model.add(sum(recent) <= v.works[agent.id, day]))
    return []
