"""Working days come in runs of at least the contract's minimum length.

A run touching the end of the period may be shorter, and so may a run paid leave cuts,
before or after it (``Problem.absence_days``); a run carried over from before the period
counts the days already worked.
"""

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Violation
from scheduler.evaluate.runs import working_runs

FAMILY = RuleFamily.WORKING_RUNS


def check(problem: Problem, roster: Roster) -> list[Violation]:
    found = []
    last_day = problem.period.days - 1
    for agent in problem.agents:
        minimum = problem.contract_of(agent).min_consecutive_days
        carried = agent.worked_days_before
        absent = problem.absence_days(agent.id)
        if 0 < carried < minimum and not roster.works(agent.id, 0) and 0 not in absent:
            found.append(
                Violation(
                    FAMILY,
                    agent.id,
                    0,
                    f"{agent.id} has {problem.describe_day(0)} off after only {carried} "
                    f"day{'s' if carried > 1 else ''} worked before the period; working days "
                    f"must come at least {minimum} in a row",
                )
            )
        # Days before an open start are unknown, unless the agent's carried run says otherwise.
        unknown_before = problem.open_start and not carried
        for first, last in working_runs(problem, roster, agent):
            length = last - first + 1
            if first - 1 in absent or last + 1 in absent:
                continue
            if length < minimum and last < last_day and not (first <= 0 and unknown_before):
                start = max(first, 0)
                found.append(
                    Violation(
                        FAMILY,
                        agent.id,
                        start,
                        f"{agent.id} works {length} day{'s' if length > 1 else ''} in a row "
                        f"({problem.describe_day(start)} to {problem.describe_day(last)}); "
                        f"working days must come at least {minimum} in a row",
                    )
                )
    return found
