"""Soft: every cell that differs from the published roster, priced by what changed, and every
free training seat that changed hands."""

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Penalty

FAMILY = RuleFamily.CHANGES


def check(problem: Problem, roster: Roster) -> list[Penalty]:
    published = problem.published
    if published is None:
        return []
    found = []
    for agent in problem.agents:
        if agent.id in problem.unpublished_agents:
            continue
        for day in range(problem.period.days):
            old, new = published.shift_of(agent.id, day), roster.shift_of(agent.id, day)
            # A published shift still worked is kept, even beside a second shift (possible
            # only under --soften, which prices that second shift as a broken rule already).
            if old == new or (old is not None and old in roster.shifts_on(agent.id, day)):
                continue
            kind = "added" if old is None else "dropped" if new is None else "moved"
            weight = problem.change_weight(day, old, new)
            found.append(
                Penalty(
                    FAMILY,
                    1,
                    weight,
                    f"{agent.id} on {problem.describe_day(day)}: {old or 'off'} -> "
                    f"{new or 'off'} ({kind}, weight {weight})",
                    agent.id,
                    day,
                    None if old is None else old,
                    kind,
                )
            )
    return found + _seats(problem, roster)


def _seats(problem: Problem, roster: Roster) -> list[Penalty]:
    """A free seat taken or given up since publication costs a move on the session's first
    day; named attendees and agents who can no longer attend are not charged."""
    assert problem.published is not None
    found = []
    for session in problem.training:
        weight = problem.seat_change_weight(session.first_day)
        for agent in problem.session_candidates(session):
            key = (agent.id, session.name)
            if agent.id in session.attendees or agent.id in problem.unpublished_agents:
                continue
            was, now = key in problem.published.training, key in roster.training
            if was == now:
                continue
            kind = "seat given up" if was else "seat taken"
            found.append(
                Penalty(
                    FAMILY,
                    1,
                    weight,
                    f"{agent.id} {'no longer attends' if was else 'now attends'} "
                    f"{session.name} from "
                    f"{problem.describe_day(session.first_day + session.day_offset)} "
                    f"({kind}, weight {weight})",
                    agent.id,
                    session.first_day,
                    None,
                    f"{kind} {session.name}",
                )
            )
    return found
