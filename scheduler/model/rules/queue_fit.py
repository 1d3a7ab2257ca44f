"""Soft: a multi-skilled agent serves the queue they know best unless coverage needs them
elsewhere; each shift on a queue costs the levels the agent lacks there, times the weight."""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.QUEUE_FIT


def build(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    weight = problem.weights.queue_fit
    terms = []
    for agent in problem.agents:
        for queue in problem.serving_queues(agent):
            lacking = agent.levels_short(queue)
            if not lacking or not weight:
                continue
            shifts = sum(
                v.serves[agent.id, day, shift.code, queue]
                for day in range(problem.period.days)
                for shift in problem.shifts
            )
            terms.append(SoftTerm(FAMILY, shifts, weight * lacking, agent.id, detail=queue))
    return terms
