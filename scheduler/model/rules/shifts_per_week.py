"""At most the contract's late shifts and night shifts in each calendar week, counting
those worked before the period in the week it starts in.

Late and night work is the strain of hotline duty; capping it per week spreads it out even
where fairness over the month would allow a bad week.
"""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.SHIFTS_PER_WEEK


def build(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    for agent in problem.agents:
        for category in ("late", "night"):
            codes = [s.code for s in problem.shifts if s.category == category]
            for week in problem.period.weeks:
                limit = problem.weekly_category_maximum(agent, week, category)
                if limit is None or not codes:
                    continue
                count = sum(v.assigned[agent.id, day, code] for day in week for code in codes)
                v.require(FAMILY, agent.id, v.model.add(count <= limit))
    return []
