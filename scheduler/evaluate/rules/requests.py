"""Soft: agents' wishes for a shift or a day off."""

from scheduler.domain import Problem, RequestKind, Roster, RuleFamily, ShiftRequest
from scheduler.evaluate.findings import Penalty

FAMILY = RuleFamily.REQUESTS


def check(problem: Problem, roster: Roster) -> list[Penalty]:
    found = []
    for request in problem.requests:
        codes = roster.shifts_on(request.agent_id, request.day)
        happened = not codes if request.shift is None else request.shift in codes
        if happened != (request.kind is RequestKind.WANT):
            found.append(
                Penalty(
                    FAMILY,
                    1,
                    request.weight,
                    _sentence(problem, request, codes),
                    request.agent_id,
                    request.day,
                    request.shift,
                    request.kind.value,
                )
            )
    return found


def _sentence(problem: Problem, request: ShiftRequest, codes: tuple[str, ...]) -> str:
    when = problem.describe_day(request.day)
    leave = problem.leave_days(request.agent_id).get(request.day)
    worked = "+".join(codes) if codes else (f"{leave}" if leave else "a day off")
    if request.shift is None and request.kind is RequestKind.WANT:
        wish, outcome = f"{when} off", f"not granted (works {worked})"
    elif request.shift is None:
        wish, outcome = f"work on {when}", f"given {worked}"
    elif request.kind is RequestKind.WANT:
        wish, outcome = f"shift {request.shift} on {when}", f"not granted (has {worked})"
    else:
        wish, outcome = f"no {request.shift} shift on {when}", "assigned anyway"
    return f"{request.agent_id} asked for {wish}: {outcome} (weight {request.weight})"
