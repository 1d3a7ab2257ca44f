"""At most so many juniors per team lead or senior on a shift, so each junior can get help.

Soft, each junior over the ratio costs the weight; hard, no shift may exceed it. Off by
default (Settings ``junior_ratio``).
"""

from ortools.sat.python import cp_model

from scheduler.domain import SUPERVISING_TIERS, RuleFamily, Strength, Tier
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.JUNIOR_RATIO


def build(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    rules = problem.tiers
    juniors_all = [a for a in problem.agents if a.tier is Tier.JUNIOR]
    if rules.junior_ratio is Strength.OFF or not juniors_all:
        return []
    leads_all = [a for a in problem.agents if a.tier in SUPERVISING_TIERS]
    ratio = rules.max_juniors_per_senior
    terms = []
    for day in range(problem.period.days):
        for shift in problem.shifts:
            juniors = cp_model.LinearExpr.sum(
                [v.assigned[a.id, day, shift.code] for a in juniors_all]
            )
            leads = cp_model.LinearExpr.sum([v.assigned[a.id, day, shift.code] for a in leads_all])
            if rules.junior_ratio is Strength.HARD:
                v.require(FAMILY, "", v.model.add(juniors <= ratio * leads))
                continue
            over = v.model.new_int_var(0, len(juniors_all), f"juniors_over_d{day}_{shift.code}")
            v.model.add_max_equality(over, [juniors - ratio * leads, 0])
            terms.append(
                SoftTerm(
                    FAMILY,
                    over,
                    rules.junior_ratio_weight,
                    None,
                    day,
                    shift.code,
                    "juniors over",
                )
            )
    return terms
