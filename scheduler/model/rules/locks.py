"""Hard: locked cells keep their shift (days before a re-plan, a supervisor's hand edits)."""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.LOCKS


def build(v: RosterVariables) -> list[SoftTerm]:
    for lock in v.problem.locks:
        # Exactly the locked shift: a second shift that day (one_shift_per_day relaxed under
        # --soften) breaks the lock too.
        for shift in v.problem.shifts:
            wanted = int(shift.code == lock.shift)
            fixed = v.model.add(v.assigned[lock.agent_id, lock.day, shift.code] == wanted)
            v.require(FAMILY, lock.agent_id, fixed)
    return []
