"""New agents in their first weeks work only shifts a trainer works too.

Hard by default (Settings ``onboarding``); soft, each shift a trainee works without a trainer
costs the weight. Days before a start date are leave (``Problem.leave_days``), and a trainee
counts as part of an agent in coverage (``Problem.phone_percent``).
"""

from ortools.sat.python import cp_model

from scheduler.domain import RuleFamily, Strength, Tier
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.ONBOARDING


def build(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    rules = problem.tiers
    if rules.onboarding is Strength.OFF:
        return []
    trainers = [a for a in problem.agents if a.tier is Tier.TRAINER]
    terms = []
    for agent in problem.agents:
        for day in range(problem.period.days):
            if not problem.in_onboarding(agent, day):
                continue
            for shift in problem.shifts:
                works = v.assigned[agent.id, day, shift.code]
                present = [v.assigned[t.id, day, shift.code] for t in trainers if t != agent]
                if rules.onboarding is Strength.HARD:
                    v.require(
                        FAMILY, agent.id, v.model.add(works <= cp_model.LinearExpr.sum(present))
                    )
                    continue
                alone = v.unattended(works, present, f"trainer_d{day}_{shift.code}_{agent.id}")
                terms.append(
                    SoftTerm(
                        FAMILY,
                        alone,
                        rules.onboarding_weight,
                        agent.id,
                        day,
                        shift.code,
                        "no trainer",
                    )
                )
    return terms
