"""Soft: each agent's distance from a fair share of every unpopular duty, in tenths of a shift.

Counted from the roster: the duty each agent did, the group's total, and the shares defined
in ``scheduler.fairness``.
"""

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Penalty
from scheduler.fairness import TENTHS, duty_count, fair_groups

FAMILY = RuleFamily.FAIRNESS


def check(problem: Problem, roster: Roster) -> list[Penalty]:
    weight = problem.fairness.weight
    if weight == 0:
        return []
    found = []
    for group in fair_groups(problem):
        for agent_id in group.members:
            count = duty_count(problem, roster, group.category, agent_id)
            tenths = abs(TENTHS * count - group.target_tenths(agent_id))
            if tenths == 0:
                continue
            earlier = group.history.get(agent_id, 0)
            history = f" (besides {earlier} in earlier periods)" if earlier else ""
            found.append(
                Penalty(
                    FAMILY,
                    tenths,
                    weight,
                    f"{agent_id} has {count} {group.label} duties{history}; fair share "
                    f"{group.share(agent_id):.1f}, {tenths / TENTHS:.1f} away "
                    f"(weight {weight} per tenth)",
                    agent_id,
                    None,
                    None,
                    group.label,
                )
            )
    return found
