"""Runs of working days and of days off, shared by the sequence rules' checks."""

from scheduler.domain import Agent, Problem, Roster


def working_runs(problem: Problem, roster: Roster, agent: Agent) -> list[tuple[int, int]]:
    """(first, last) day of each run of working days; a run carried over starts below 0."""
    return _runs(problem, roster, agent, working=True)


def off_runs(problem: Problem, roster: Roster, agent: Agent) -> list[tuple[int, int]]:
    """(first, last) day of each run of days off inside the period."""
    return _runs(problem, roster, agent, working=False)


def _runs(problem: Problem, roster: Roster, agent: Agent, working: bool) -> list[tuple[int, int]]:
    runs = []
    first: int | None = -agent.worked_days_before if working and agent.worked_days_before else None
    for day in range(problem.period.days):
        if roster.works(agent.id, day) == working:
            if first is None:
                first = day
        elif first is not None:
            runs.append((first, day - 1))
            first = None
    if first is not None:
        runs.append((first, problem.period.days - 1))
    # A run made only of days before the period is not this roster's concern.
    return [(f, last) for f, last in runs if last >= 0]
