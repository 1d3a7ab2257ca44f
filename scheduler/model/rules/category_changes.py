"""At most the contract's changes of shift category within each calendar week.

A change is two consecutive days worked in different categories (early then late, say): the
body clock suffers most from those, while a day off between them gives it time.
"""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.CATEGORY_CHANGES


def build(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    categories = sorted({s.category for s in problem.shifts})
    for agent in problem.agents:
        limit = problem.contract_of(agent).max_category_changes_week
        if limit is None or len(categories) < 2:
            continue
        for week in problem.period.weeks:
            changes = []
            for day in week[:-1]:
                for category in categories:
                    today = [
                        v.assigned[agent.id, day, s.code]
                        for s in problem.shifts
                        if s.category == category
                    ]
                    tomorrow_other = [
                        v.assigned[agent.id, day + 1, s.code]
                        for s in problem.shifts
                        if s.category != category
                    ]
                    # changed >= today's category AND tomorrow another one: a change.
                    changed = v.model.new_bool_var(f"{agent.id}_change_d{day}_{category}")
                    v.model.add(changed >= sum(today) + sum(tomorrow_other) - 1)
                    changes.append(changed)
            if len(changes) > limit:
                v.require(FAMILY, agent.id, v.model.add(sum(changes) <= limit))
    return []
