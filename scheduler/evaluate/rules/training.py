"""Each attendee of a training session works, on each of its days, a shift it fits inside;
only eligible agents take free seats, never more than the room holds; empty seats cost."""

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Penalty, Violation

FAMILY = RuleFamily.TRAINING


def check(problem: Problem, roster: Roster) -> list[Violation | Penalty]:
    found: list[Violation | Penalty] = []
    for session in problem.training:
        fits = problem.session_shifts(session)
        candidates = {a.id for a in problem.session_candidates(session)}
        listed = {agent for agent, name in roster.training if name == session.name}
        attendees = sorted(session.attendees | listed)
        what = f"{session.name} ({session.time_text})"
        for agent_id in attendees:
            if agent_id not in candidates:
                found.append(
                    Violation(
                        FAMILY,
                        agent_id,
                        session.first_day,
                        f"{agent_id} attends {what} but may not take a seat (skill "
                        f"{session.skill or 'any'}, a shift it fits in, no leave on its days)",
                    )
                )
                continue
            for day in session.days:
                worked = roster.shifts_on(agent_id, day)
                if fits & set(worked):
                    continue
                doing = f"works {'+'.join(worked)}" if worked else "is off"
                held = problem.describe_day(day + session.day_offset)
                if session.day_offset:
                    doing += f" on {problem.describe_day(day)}"
                found.append(
                    Violation(
                        FAMILY,
                        agent_id,
                        day,
                        f"{agent_id} attends {what} on {held} but {doing} "
                        f"(it fits in {', '.join(sorted(fits)) or 'no shift'})",
                    )
                )
        if len(attendees) > session.seats:
            found.append(
                Violation(
                    FAMILY,
                    None,
                    session.first_day,
                    f"{what}: {len(attendees)} attend but the room seats {session.seats}",
                    len(attendees) - session.seats,
                )
            )
        empty = session.seats - len(attendees)
        if empty > 0:
            weight = problem.weights.empty_seat
            found.append(
                Penalty(
                    FAMILY,
                    empty,
                    weight,
                    f"{what}: {empty} of {session.seats} seats empty (weight {weight} each)",
                    None,
                    session.first_day,
                    None,
                    f"empty seats {session.name}",
                )
            )
    return found
