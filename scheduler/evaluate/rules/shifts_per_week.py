"""At most the contract's late and night shifts in each calendar week, counting those worked
before the period in the week it starts in."""

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Violation

FAMILY = RuleFamily.SHIFTS_PER_WEEK


def check(problem: Problem, roster: Roster) -> list[Violation]:
    found = []
    for agent in problem.agents:
        contract = problem.contract_of(agent)
        for category, most in (
            ("late", contract.max_late_week),
            ("night", contract.max_night_week),
        ):
            for week in problem.period.weeks:
                limit = problem.weekly_category_maximum(agent, week, category)
                if limit is None:
                    continue
                cut = ""
                if most is not None and limit != most:
                    cut = f" (less {most - limit} worked before the period)"
                count = sum(
                    1
                    for day in week
                    for code in roster.shifts_on(agent.id, day)
                    if problem.shift_by_code[code].category == category
                )
                if count > limit:
                    found.append(
                        Violation(
                            FAMILY,
                            agent.id,
                            week[0],
                            f"{agent.id} works {count} {category} shifts in the week of "
                            f"{problem.describe_day(week[0])}; at most {limit} allowed{cut}",
                            count - limit,
                        )
                    )
    return found
