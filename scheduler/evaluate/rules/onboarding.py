"""A new agent in their first weeks works only shifts a trainer works too, when asked.

Hard or soft by setting: a hard rule's breach is a violation, a soft one's a penalty.
"""

from scheduler.domain import Problem, Roster, RuleFamily, Strength, Tier
from scheduler.evaluate.findings import Penalty, Violation, breach

FAMILY = RuleFamily.ONBOARDING


def check(problem: Problem, roster: Roster) -> list[Violation | Penalty]:
    rules = problem.tiers
    if rules.onboarding is Strength.OFF:
        return []
    found: list[Violation | Penalty] = []
    for item in sorted(roster.assignments, key=lambda a: (a.agent_id, a.day, a.shift)):
        agent = problem.agent_by_id[item.agent_id]
        if not problem.in_onboarding(agent, item.day):
            continue
        trainers = {
            a.agent_id
            for a in roster.on_shift(item.day, item.shift)
            if problem.agent_by_id[a.agent_id].tier is Tier.TRAINER and a.agent_id != agent.id
        }
        if trainers:
            continue
        text = (
            f"{agent.id} (started {agent.start_date}) works {item.shift} on "
            f"{problem.describe_day(item.day)} with no trainer on the shift"
        )
        found.append(
            breach(
                FAMILY,
                rules.onboarding,
                rules.onboarding_weight,
                text,
                (agent.id, item.day, item.shift),
                "no trainer",
            )
        )
    return found
