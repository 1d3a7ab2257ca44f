"""With per-queue demand every shift worked serves one queue within the agent's skills.

An agent with none of the demand's skills works without serving a queue (a team lead off the
phones); anyone else must name the queue they serve, or their shift would count for nothing.
"""

from scheduler.domain import Assignment, Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Violation

FAMILY = RuleFamily.QUEUES


def check(problem: Problem, roster: Roster) -> list[Violation]:
    found = []
    for item in sorted(roster.assignments, key=lambda a: (a.agent_id, a.day, a.shift)):
        agent = problem.agent_by_id[item.agent_id]
        queues = problem.serving_queues(agent)
        if item.queue is None and queues:
            problem_text = f"serves no queue on {_when(problem, item)} (skills {', '.join(queues)})"
        elif item.queue is not None and item.queue not in queues:
            problem_text = (
                f"serves {item.queue} on {_when(problem, item)} but can serve "
                f"{', '.join(queues) or 'no queue of the demand'}"
            )
        else:
            continue
        found.append(Violation(FAMILY, agent.id, item.day, f"{agent.id} {problem_text}"))
    return found


def _when(problem: Problem, item: Assignment) -> str:
    return f"{item.shift} on {problem.describe_day(item.day)}"
