"""Days off come in runs of at least the contract's minimum length.

A run touching the end of the period may be shorter, and so may one at the start unless the
agent worked the day before the period began, or one with a day of paid leave in it
(``Problem.absence_days``).
"""

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Violation
from scheduler.evaluate.runs import off_runs

FAMILY = RuleFamily.DAYS_OFF


def check(problem: Problem, roster: Roster) -> list[Violation]:
    found = []
    last_day = problem.period.days - 1
    for agent in problem.agents:
        minimum = problem.contract_of(agent).min_consecutive_days_off
        absent = problem.absence_days(agent.id)
        for first, last in off_runs(problem, roster, agent):
            length = last - first + 1
            open_start = first == 0 and agent.worked_days_before == 0
            if absent.intersection(range(first, last + 1)):
                continue
            if length < minimum and last < last_day and not open_start:
                found.append(
                    Violation(
                        FAMILY,
                        agent.id,
                        first,
                        f"{agent.id} has {length} day{'s' if length > 1 else ''} off "
                        f"({problem.describe_day(first)} to {problem.describe_day(last)}); "
                        f"days off must come at least {minimum} in a row",
                    )
                )
    return found
