"""Soft: a re-plan changes the published roster as little as it can.

Each agent and day costs what its change is worth (``Problem.change_weight``): a moved shift
least, a dropped shift more, a day off turned into work most, all dearer close to the first
re-planned day. New agents have nothing published, so filling their days costs nothing.
Who takes a training session's free seats is kept too: a seat given to someone else costs a
move on the session's first day for the agent who lost it and for the one who gained it.
"""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.CHANGES


def build(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    published = problem.published
    if published is None:
        return []
    terms = []
    for agent in problem.agents:
        if agent.id in problem.unpublished_agents:
            continue
        for day in range(problem.period.days):
            old = published.shift_of(agent.id, day)
            works = v.works[agent.id, day]
            if old is None:
                weight = problem.change_weight(day, None, "work")
                terms.append(SoftTerm(FAMILY, works, weight, agent.id, day, None, "added"))
                continue
            kept = v.assigned[agent.id, day, old]
            moved = problem.change_weight(day, old, "other")
            dropped = problem.change_weight(day, old, None)
            terms.append(SoftTerm(FAMILY, works - kept, moved, agent.id, day, old, "moved"))
            terms.append(SoftTerm(FAMILY, 1 - works, dropped, agent.id, day, old, "dropped"))
    return terms + _seats(v)


def _seats(v: RosterVariables) -> list[SoftTerm]:
    """Free seats taken or given up since publication; named attendees are the user's call."""
    problem = v.problem
    assert problem.published is not None
    terms = []
    for session in problem.training:
        weight = problem.seat_change_weight(session.first_day)
        for (agent_id, name), attends in v.attends.items():
            if name != session.name or (agent_id, name) in v.named:
                continue
            if agent_id in problem.unpublished_agents:
                continue
            if (agent_id, name) in problem.published.training:
                amount, detail = 1 - attends, f"seat given up {name}"
            else:
                amount, detail = attends, f"seat taken {name}"
            terms.append(
                SoftTerm(FAMILY, amount, weight, agent_id, session.first_day, None, detail)
            )
    return terms
