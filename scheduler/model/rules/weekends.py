"""No more weekends worked than the contract allows; any work on a weekend day counts."""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.WEEKENDS


def build(v: RosterVariables) -> list[SoftTerm]:
    weekends = v.problem.period.weekends
    for agent in v.problem.agents:
        limit = v.problem.contract_of(agent).max_weekends
        if limit is None or limit >= len(weekends):
            continue
        worked = []
        for number, weekend in enumerate(weekends):
            flag = v.model.new_bool_var(f"{agent.id}_weekend{number}")
            v.model.add_max_equality(flag, [v.works[agent.id, d] for d in weekend])
            worked.append(flag)
        v.require(FAMILY, agent.id, v.model.add(sum(worked) <= limit))
    return []
