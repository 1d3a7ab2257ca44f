"""Paid minutes per calendar week and per period stay within the contract.

Minimums are pro-rated for paid leave (``Leave.prorates_hours``) and for weeks cut by the
period edge (see ``Problem.weekly_minimum``); maximums apply as written, less what was
worked before the period in the week it starts in (``Problem.weekly_maximum``). Under ``--soften``
every missing or excess minute is priced instead, so a roster that cannot meet a contract
comes as close as it can rather than dropping the rule altogether.
"""

from ortools.sat.python import cp_model

from scheduler.domain import RuleFamily
from scheduler.model.terms import SOFTENED_MINUTE_WEIGHT, SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.WORKING_TIME


def build(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    terms: list[SoftTerm] = []
    for agent in problem.agents:
        contract = problem.contract_of(agent)
        limits = [
            (
                week[0],
                v.paid_minutes(agent.id, week),
                problem.weekly_minimum(agent, week),
                problem.weekly_maximum(agent, week),
            )
            for week in problem.period.weeks
        ]
        limits.append(
            (
                None,
                v.paid_minutes(agent.id, range(problem.period.days)),
                problem.period_minimum(agent),
                contract.max_minutes_period,
            )
        )
        for day, minutes, minimum, maximum in limits:
            terms += _bound(v, agent.id, day, minutes, minimum, "short")
            if maximum is not None:
                terms += _bound(v, agent.id, day, -minutes, -maximum, "excess")
    return terms


def _bound(
    v: RosterVariables,
    agent_id: str,
    day: int | None,
    amount: cp_model.LinearExpr,
    floor: int,
    detail: str,
) -> list[SoftTerm]:
    """``amount >= floor`` as a hard rule, or with priced slack under --soften."""
    if not v.soften:
        v.require(FAMILY, agent_id, v.model.add(amount >= floor))
        return []
    bound = 366 * 24 * 60
    value = v.model.new_int_var(-bound, bound, f"{detail}_minutes_{agent_id}_{day}")
    v.model.add(value == amount)
    # Exactly the minutes missing, not just at least: an unproven roster must score the same
    # in the model as in the evaluator.
    slack = v.model.new_int_var(0, 2 * bound, f"{detail}_{agent_id}_{day}")
    v.model.add_max_equality(slack, [floor - value, 0])
    return [SoftTerm(FAMILY, slack, SOFTENED_MINUTE_WEIGHT, agent_id, day, None, detail)]
