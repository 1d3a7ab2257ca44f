"""A team lead or senior on every open shift: juniors are not left alone with the queue.

A shift is open when anyone works it; soft, each unsupervised shift costs the weight, hard,
none may be left unsupervised. Off by default (Settings ``supervision``).
"""

from ortools.sat.python import cp_model

from scheduler.domain import SUPERVISING_TIERS, RuleFamily, Strength
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.SUPERVISION


def build(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    rules = problem.tiers
    if rules.supervision is Strength.OFF:
        return []
    terms = []
    for day in range(problem.period.days):
        for shift in problem.shifts:
            on = [v.assigned[a.id, day, shift.code] for a in problem.agents]
            leads = [
                v.assigned[a.id, day, shift.code]
                for a in problem.agents
                if a.tier in SUPERVISING_TIERS
            ]
            name = f"d{day}_{shift.code}"
            open_shift = v.model.new_bool_var(f"open_{name}")
            v.model.add_max_equality(open_shift, on)
            if rules.supervision is Strength.HARD:
                # One guard for the whole rule: --soften may drop it, at the usual price.
                v.require(FAMILY, "", v.model.add(cp_model.LinearExpr.sum(leads) >= open_shift))
                continue
            unsupervised = v.unattended(open_shift, leads, f"lead_{name}")
            terms.append(
                SoftTerm(
                    FAMILY,
                    unsupervised,
                    rules.supervision_weight,
                    None,
                    day,
                    shift.code,
                    "unsupervised",
                )
            )
    return terms
