"""Hard: no shift the day after a shift that forbids it (the day before the period counts)."""

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Violation

FAMILY = RuleFamily.SUCCESSIONS


def check(problem: Problem, roster: Roster) -> list[Violation]:
    found = []
    for agent in problem.agents:
        previous = (agent.last_shift_before,) if agent.last_shift_before else ()
        for day in range(problem.period.days):
            today = roster.shifts_on(agent.id, day)
            for earlier in previous:
                for code in today:
                    if code in problem.shift_by_code[earlier].not_followed_by:
                        when = "the day before the period" if day == 0 else "the day before"
                        found.append(
                            Violation(
                                FAMILY,
                                agent.id,
                                day,
                                f"{agent.id} works {code} on {problem.describe_day(day)} after "
                                f"{earlier} {when}; {earlier} may not be followed by {code}",
                            )
                        )
            previous = today
    return found
