"""Soft: shifts served on a queue the agent knows below expert level, per agent and queue."""

from collections import Counter

from scheduler.domain import MAX_PROFICIENCY, Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Penalty

FAMILY = RuleFamily.QUEUE_FIT


def check(problem: Problem, roster: Roster) -> list[Penalty]:
    weight = problem.weights.queue_fit
    served = Counter((a.agent_id, a.queue) for a in roster.assignments if a.queue is not None)
    found = []
    for (agent_id, queue), shifts in sorted(served.items()):
        agent = problem.agent_by_id[agent_id]
        if queue not in problem.serving_queues(agent):
            continue  # the queues rule reports it
        lacking = agent.levels_short(queue)
        if lacking and weight:
            found.append(
                Penalty(
                    FAMILY,
                    shifts,
                    weight * lacking,
                    f"{agent_id} serves {queue} on {shifts} shift{'s' if shifts > 1 else ''} at "
                    f"proficiency {agent.level(queue)} of {MAX_PROFICIENCY} "
                    f"(weight {weight * lacking} each)",
                    agent_id,
                    detail=queue,
                )
            )
    return found
