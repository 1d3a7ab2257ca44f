"""At most the contract's changes of shift category (on consecutive days) per week."""

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Violation

FAMILY = RuleFamily.CATEGORY_CHANGES


def check(problem: Problem, roster: Roster) -> list[Violation]:
    found = []
    for agent in problem.agents:
        limit = problem.contract_of(agent).max_category_changes_week
        if limit is None:
            continue
        for week in problem.period.weeks:
            changes = 0
            for day in week[:-1]:
                today = {problem.shift_by_code[c].category for c in roster.shifts_on(agent.id, day)}
                tomorrow = {
                    problem.shift_by_code[c].category for c in roster.shifts_on(agent.id, day + 1)
                }
                if today and tomorrow and today != tomorrow:
                    changes += 1
            if changes > limit:
                found.append(
                    Violation(
                        FAMILY,
                        agent.id,
                        week[0],
                        f"{agent.id} changes shift category {changes} times in the week of "
                        f"{problem.describe_day(week[0])}; at most {limit} allowed",
                        changes - limit,
                    )
                )
    return found
