"""Paid minutes per calendar week and per period stay within the contract."""

from scheduler.domain import Agent, Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Violation

FAMILY = RuleFamily.WORKING_TIME


def check(problem: Problem, roster: Roster) -> list[Violation]:
    found = []
    for agent in problem.agents:
        contract = problem.contract_of(agent)
        for week in problem.period.weeks:
            label = f"the week of {problem.describe_day(week[0])}"
            maximum = problem.weekly_maximum(agent, week)
            if maximum != contract.max_minutes_week:
                label += f" (its maximum less {agent.minutes_before} min worked before the period)"
            minutes = paid_minutes(problem, roster, agent, week)
            found += _bounds(
                agent, minutes, problem.weekly_minimum(agent, week), maximum, label, week[0]
            )
        days = range(problem.period.days)
        found += _bounds(
            agent,
            paid_minutes(problem, roster, agent, days),
            problem.period_minimum(agent),
            contract.max_minutes_period,
            "the period",
            None,
        )
    return found


def paid_minutes(
    problem: Problem, roster: Roster, agent: Agent, days: tuple[int, ...] | range
) -> int:
    """The agent's paid minutes on ``days``; what-if reports count overtime with it too."""
    return sum(
        problem.shift_by_code[code].paid_minutes
        for day in days
        for code in roster.shifts_on(agent.id, day)
    )


def _bounds(
    agent: Agent, minutes: int, minimum: int, maximum: int | None, label: str, day: int | None
) -> list[Violation]:
    if minutes < minimum:
        return [
            Violation(
                FAMILY,
                agent.id,
                day,
                f"{agent.id} works {minutes} min in {label}; the contract needs at least "
                f"{minimum} (pro-rated for paid leave and partial weeks)",
                minimum - minutes,
            )
        ]
    if maximum is not None and minutes > maximum:
        return [
            Violation(
                FAMILY,
                agent.id,
                day,
                f"{agent.id} works {minutes} min in {label}; the contract allows at most {maximum}",
                minutes - maximum,
            )
        ]
    return []
