"""After the last night of a run of nights, the contract's number of days off."""

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Violation

FAMILY = RuleFamily.NIGHT_RECOVERY
NIGHT = "night"


def check(problem: Problem, roster: Roster) -> list[Violation]:
    found = []
    days = problem.period.days
    for agent in problem.agents:
        rest = problem.contract_of(agent).days_off_after_nights
        if rest == 0:
            continue

        def night(day: int, agent_id: str = agent.id) -> bool:
            return any(
                problem.shift_by_code[c].category == NIGHT for c in roster.shifts_on(agent_id, day)
            )

        before = agent.last_shift_before
        ends = [d for d in range(days - 1) if night(d) and not night(d + 1)]
        if before is not None and problem.shift_by_code[before].category == NIGHT and not night(0):
            ends.insert(0, -1)
        for end in ends:
            worked = [
                d for d in range(end + 1, min(end + 1 + rest, days)) if roster.works(agent.id, d)
            ]
            if worked:
                last_night = "the day before the period" if end < 0 else problem.describe_day(end)
                found.append(
                    Violation(
                        FAMILY,
                        agent.id,
                        worked[0],
                        f"{agent.id} works on {problem.describe_day(worked[0])}, within "
                        f"{rest} day{'s' if rest > 1 else ''} after the last night "
                        f"({last_night}); those days must be off",
                    )
                )
    return found
