"""Hard: no breaks from the rotation, judged against each unit's best option."""

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Violation
from scheduler.rotation import RotationUnit, rotation_units

FAMILY = RuleFamily.ROTATION


def check(problem: Problem, roster: Roster) -> list[Violation]:
    if not problem.rotation.hard:
        return []
    found = []
    for unit in rotation_units(problem):
        option, breaks = unit.best(roster)
        if not breaks:
            continue
        # Every agent off the best option broke the rule; each is named, like other hard rules.
        by_agent: dict[str, tuple[int, int]] = {}
        for e in option.expectations:
            count = e.breaks(roster.shifts_on(e.agent_id, e.day))
            if count:
                first, total = by_agent.get(e.agent_id, (e.day, 0))
                by_agent[e.agent_id] = (first, total + count)
        for agent_id, (day, count) in by_agent.items():
            found.append(
                Violation(
                    FAMILY,
                    agent_id,
                    day,
                    f"{agent_id} breaks the rotation {count} time(s), first on "
                    f"{problem.describe_day(day)}: {describe(unit, option.label)}",
                    count,
                )
            )
    return found


def describe(unit: RotationUnit, label: str) -> str:
    """What the unit's best option asks, in a planner's words."""
    if unit.detail:
        return f"pattern {unit.detail} is {label}"
    article = "an" if label[:1].lower() in "aeiou" else "a"
    return f"weekly blocks starting with {article} {label} week"
