"""Soft: agents' wishes for a shift or a day off, each with its own weight."""

from scheduler.domain import RequestKind, RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.REQUESTS


def build(v: RosterVariables) -> list[SoftTerm]:
    terms = []
    for request in v.problem.requests:
        if request.shift is None:
            happens = v.works[request.agent_id, request.day].Not()
        else:
            happens = v.assigned[request.agent_id, request.day, request.shift]
        # The amount is 1 when the wish is not met.
        missed = happens.Not() if request.kind is RequestKind.WANT else happens
        terms.append(
            SoftTerm(
                FAMILY,
                missed,
                request.weight,
                request.agent_id,
                request.day,
                request.shift,
                request.kind.value,
            )
        )
    return terms
