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
        broken = [e for e in option.expectations if e.breaks(roster.shifts_on(e.agent_id, e.day))]
        first = min(e.day for e in broken)
        # A pattern cell is shared: the agents off its most common value are named, but the
        # finding belongs to the cell, as no single agent is the one who broke it.
        who = unit.agent_id or ", ".join(sorted({e.agent_id for e in broken}))
        found.append(
            Violation(
                FAMILY,
                unit.agent_id,
                first,
                f"{who}: {breaks} break(s) from the rotation, first on "
                f"{problem.describe_day(first)} ({describe(unit, option.label)})",
                breaks,
            )
        )
    return found


def describe(unit: RotationUnit, label: str) -> str:
    """What the unit's best option asks, in a planner's words."""
    if unit.detail:
        return f"pattern {unit.detail} is {label}"
    article = "an" if label[:1].lower() in "aeiou" else "a"
    return f"weekly blocks starting with {article} {label} week"
