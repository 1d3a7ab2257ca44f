"""Hard: locked cells keep their shift (days before a re-plan, a supervisor's hand edits)."""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.LOCKS


def build(v: RosterVariables) -> list[SoftTerm]:
    for lock in v.problem.locks:
        if lock.shift is None:
            constraint = v.model.add(v.works[lock.agent_id, lock.day] == 0)
        else:
            constraint = v.model.add(v.assigned[lock.agent_id, lock.day, lock.shift] == 1)
        v.require(FAMILY, lock.agent_id, constraint)
    return []
