"""A multi-skilled agent at work serves exactly one of their queues on each shift.

Without this an agent could count toward two queues at once, or toward none while on the
floor. Agents with a single demand queue serve it whenever they work (their shift variable
stands in for it), and queues outside an agent's skills have no variable at all.
"""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.QUEUES


def build(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    for agent in problem.agents:
        queues = problem.serving_queues(agent)
        if len(queues) < 2:
            continue
        for day in range(problem.period.days):
            for shift in problem.shifts:
                serving = [v.serves[agent.id, day, shift.code, q] for q in queues]
                v.require(
                    FAMILY,
                    agent.id,
                    v.model.add(sum(serving) == v.assigned[agent.id, day, shift.code]),
                )
    return []
