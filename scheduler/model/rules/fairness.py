"""Soft: unpopular duty (late and night shifts, weekends, holidays) is shared fairly.

Each agent pays for the distance between their duty and their fair share (see
``scheduler.fairness``), in tenths of a shift. Total deviation rather than the spread (max
minus min): it is linear, decomposes per agent (a report can say whose share is off and by
how much) and, unlike the spread, pulls every agent towards the share, not only the two
extremes.
"""

from scheduler.domain import RuleFamily
from scheduler.fairness import TENTHS, FairGroup, counts_as, fair_groups
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.FAIRNESS


def build(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    if problem.fairness.weight == 0:
        return []
    return [
        duty_term(v, group, agent_id)
        for group in fair_groups(problem)
        for agent_id in group.members
    ]


def duty_term(v: RosterVariables, group: FairGroup, agent_id: str) -> SoftTerm:
    """One agent's distance from their share of one duty. Public because the share is fixed
    by the problem, not by the roster: a model of one agent (``agent_sweeps``) prices their
    fairness exactly with the whole roster's groups."""
    problem = v.problem
    days = range(problem.period.days)
    count = sum(
        v.assigned[agent_id, day, shift.code]
        for day in days
        for shift in problem.shifts
        if counts_as(problem, group.category, day, shift.code)
    )
    target = group.target_tenths(agent_id)
    limit = TENTHS * problem.period.days + abs(target)
    distance = v.model.new_int_var(0, limit, f"fair_{group.category}_{agent_id}")
    v.model.add_abs_equality(distance, TENTHS * count - target)
    return SoftTerm(FAMILY, distance, problem.fairness.weight, agent_id, None, None, group.label)
