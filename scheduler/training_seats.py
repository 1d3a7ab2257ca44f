"""Free training seats in the constructive roster: taken by agents already at work on a shift
the session fits in, wherever the evaluator finds the roster cheaper for it.

The local searches keep seats as the roster has them (each agent's row is priced with its
training fixed), so on a roster too large for CP-SAT to move a seat the constructive roster
leaves empty stays empty, at ``empty_seat_weight`` each, even where an agent on a shift with
a surplus could sit in for less. Each seat is judged on the session's days alone: attending
changes nothing else.
"""

from __future__ import annotations

from dataclasses import replace

from scheduler.agent_sweeps import LINKED, judged_families, tally, with_demand
from scheduler.domain import Problem, Roster, TrainingSession
from scheduler.evaluate import CHECKS


def fill_seats(problem: Problem, roster: Roster) -> Roster:
    """``roster`` with the named attendees listed, as the solver's rosters list them (a
    re-plan compares lists), and free seats of each session taken, one candidate at a time
    in sheet order, while a seat taken lowers the cost and breaks no rule."""
    roster = replace(roster, training=roster.training | problem.named_attendance)
    for session in problem.training:
        free = session.seats - len(session.attendees)
        if free <= 0:
            continue
        taken = {agent for agent, name in roster.training if name == session.name}
        free -= len(taken - session.attendees)
        fits = problem.session_shifts(session)
        candidates = [
            agent.id
            for agent in problem.session_candidates(session)
            if agent.id not in session.attendees | taken
            and all(fits & set(roster.shifts_on(agent.id, day)) for day in session.days)
        ]
        judge = _SessionJudge(problem, roster, session)
        before = judge.verdict(roster.training)
        for agent_id in candidates:
            if free <= 0:
                break
            trial = roster.training | {(agent_id, session.name)}
            after = judge.verdict(trial)
            if after[0] <= before[0] and after[1] < before[1]:
                roster, before, free = replace(roster, training=trial), after, free - 1
    return roster


class _SessionJudge:
    """The evaluator's families that link agents, on the demand of a session's days and the
    shifts that serve it (a night shift reaches into the next morning)."""

    def __init__(self, problem: Problem, roster: Roster, session: TrainingSession) -> None:
        served = {day + step for day in session.days for step in (0, 1)}
        worked = {day - step for day in served for step in (0, 1)}
        items = [i for i in (*problem.demand, *problem.interval_demand) if i.day in served]
        self.problem = with_demand(problem, items)
        self.assignments = frozenset(a for a in roster.assignments if a.day in worked)
        self.families = judged_families(LINKED, bool(items))

    def verdict(self, training: frozenset[tuple[str, str]]) -> tuple[int, int]:
        roster = Roster(self.assignments, training)
        findings = (f for family in self.families for f in CHECKS[family](self.problem, roster))
        return tally(findings, 0, 0)
