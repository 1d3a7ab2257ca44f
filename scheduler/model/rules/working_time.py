"""Paid minutes per calendar week and per period stay within the contract.

Minimums are pro-rated for leave and for weeks cut by the period edge (see
``Problem.weekly_minimum``); maximums apply as written.
"""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.WORKING_TIME


def build(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    for agent in problem.agents:
        contract = problem.contract_of(agent)
        for week in problem.period.weeks:
            minutes = v.paid_minutes(agent.id, week)
            v.require(FAMILY, agent.id, v.model.add(minutes >= problem.weekly_minimum(agent, week)))
            if contract.max_minutes_week is not None:
                v.require(FAMILY, agent.id, v.model.add(minutes <= contract.max_minutes_week))
        total = v.paid_minutes(agent.id, range(problem.period.days))
        v.require(FAMILY, agent.id, v.model.add(total >= problem.period_minimum(agent)))
        if contract.max_minutes_period is not None:
            v.require(FAMILY, agent.id, v.model.add(total <= contract.max_minutes_period))
    return []
