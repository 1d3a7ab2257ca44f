"""Training sessions sit inside their attendees' shifts; empty seats cost.

Each attendee (named, or chosen for a free seat) works, on every day of the session, a shift
the session fits inside; the session's time comes off their coverage (see the coverage rule).
No more agents attend than the room seats.
"""

from ortools.sat.python import cp_model

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.TRAINING


def build(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    terms = []
    for session in problem.training:
        fits = sorted(problem.session_shifts(session))
        chosen = []
        for agent in problem.session_candidates(session):
            attends = v.attends[agent.id, session.name]
            if agent.id not in session.attendees:
                chosen.append(attends)
            for day in session.days:
                at_work = cp_model.LinearExpr.sum([v.assigned[agent.id, day, c] for c in fits])
                v.require(FAMILY, agent.id, v.model.add(at_work >= attends))
        free = session.seats - len(session.attendees)
        if free <= 0:
            continue
        empty = v.model.new_int_var(0, free, f"empty_seats_{session.name}")
        v.model.add(empty == free - cp_model.LinearExpr.sum(chosen))
        terms.append(
            SoftTerm(
                FAMILY,
                empty,
                problem.weights.empty_seat,
                None,
                session.first_day,
                None,
                f"empty seats {session.name}",
            )
        )
    return terms
