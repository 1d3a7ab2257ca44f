"""Every open shift (anyone working it) has a team lead or senior on it, when asked.

Hard or soft by setting: a hard rule's breach is a violation, a soft one's a penalty.
"""

from scheduler.domain import SUPERVISING_TIERS, Problem, Roster, RuleFamily, Strength
from scheduler.evaluate.findings import Penalty, Violation, breach

FAMILY = RuleFamily.SUPERVISION


def check(problem: Problem, roster: Roster) -> list[Violation | Penalty]:
    rules = problem.tiers
    if rules.supervision is Strength.OFF:
        return []
    found: list[Violation | Penalty] = []
    for day in range(problem.period.days):
        for shift in problem.shifts:
            working = {a.agent_id for a in roster.on_shift(day, shift.code)}
            if not working or any(
                problem.agent_by_id[agent_id].tier in SUPERVISING_TIERS for agent_id in working
            ):
                continue
            where = f"{problem.describe_day(day)} shift {shift.code}"
            text = f"{where}: {len(working)} at work and no team lead or senior"
            found.append(
                breach(
                    FAMILY,
                    rules.supervision,
                    rules.supervision_weight,
                    text,
                    (None, day, shift.code),
                    "unsupervised",
                )
            )
    return found
