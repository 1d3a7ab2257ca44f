"""Hard: a locked cell holds exactly its locked shift, or stays off."""

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Violation

FAMILY = RuleFamily.LOCKS


def check(problem: Problem, roster: Roster) -> list[Violation]:
    found = []
    for lock in problem.locks:
        actual = roster.shift_of(lock.agent_id, lock.day)
        if actual != lock.shift:
            found.append(
                Violation(
                    FAMILY,
                    lock.agent_id,
                    lock.day,
                    f"{lock.agent_id} on {problem.describe_day(lock.day)} is locked to "
                    f"{lock.shift or 'off'} ({lock.reason}) but has {actual or 'the day off'}",
                )
            )
    return found
