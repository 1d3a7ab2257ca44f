"""Minimum rest between successive shifts, including the previous period's last shift.

Overlapping shifts break the rule even when a contract asks for no rest at all.
"""

import itertools

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Violation

FAMILY = RuleFamily.REST


def check(problem: Problem, roster: Roster) -> list[Violation]:
    found = []
    for agent in problem.agents:
        rest = problem.contract_of(agent).min_rest_minutes
        worked = [
            (day, problem.shift_by_code[code])
            for day in range(problem.period.days)
            for code in roster.shifts_on(agent.id, day)
        ]
        if agent.last_shift_before is not None:
            worked.insert(0, (-1, problem.shift_by_code[agent.last_shift_before]))
        for (day, shift), (later_day, later) in itertools.pairwise(worked):
            if later_day == day:
                continue  # two shifts on one day is its own rule
            gap = problem.rest_gap(day, shift, later_day, later)
            if gap < rest:
                before = "the previous period" if day < 0 else problem.describe_day(day)
                pair = (
                    f"{shift.code} on {before} and {later.code} on "
                    f"{problem.describe_day(later_day)}"
                )
                found.append(
                    Violation(
                        FAMILY,
                        agent.id,
                        later_day,
                        f"{agent.id} works overlapping shifts ({_hours(-gap)} overlap): {pair}"
                        if gap < 0
                        else f"{agent.id} rests {_hours(gap)} between {pair}; "
                        f"the minimum is {_hours(rest)}",
                    )
                )
    return found


def _hours(minutes: int) -> str:
    return f"{minutes / 60:g} h"
