"""Assemble the CP-SAT model from the rule families, in one listed order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.domain import Assignment, Problem, Roster, RuleFamily
from scheduler.model.bounds import add_implied_limits
from scheduler.model.rules import (
    allowed_shifts,
    category_changes,
    changes,
    consecutive_days,
    coverage,
    days_off,
    fairness,
    junior_ratio,
    leave,
    locks,
    night_recovery,
    onboarding,
    one_shift_per_day,
    queue_fit,
    queues,
    requests,
    rest,
    rotation,
    rotation_breaks,
    shift_limits,
    shifts_per_week,
    split_weekends,
    successions,
    supervision,
    training,
    weekends,
    working_runs,
    working_time,
)
from scheduler.model.terms import RELAXED_RULE_WEIGHT, SoftTerm
from scheduler.model.variables import RosterVariables

RuleBuilder = Callable[[RosterVariables], list[SoftTerm]]

# Hard rules that fix variables come first, so later families see a smaller model when
# presolve runs; the order has no effect on the optimum.
RULES: dict[RuleFamily, RuleBuilder] = {
    module.FAMILY: module.build
    for module in (
        leave,
        allowed_shifts,
        one_shift_per_day,
        rest,
        consecutive_days,
        days_off,
        working_time,
        weekends,
        shifts_per_week,
        category_changes,
        working_runs,
        night_recovery,
        successions,
        shift_limits,
        locks,
        queues,
        coverage,
        requests,
        split_weekends,
        fairness,
        changes,
        rotation,
        rotation_breaks,
        queue_fit,
        supervision,
        junior_ratio,
        onboarding,
        training,
    )
}


@dataclass
class RosterModel:
    """A built model: its variables and the named soft terms whose weighted sum is minimised."""

    variables: RosterVariables
    terms: list[SoftTerm]

    @property
    def model(self) -> cp_model.CpModel:
        return self.variables.model

    def roster(self, solver: cp_model.CpSolver) -> Roster:
        """Every assignment the solver set, even ones a faulty model should have forbidden,
        with the queue served (an assignment serving two queues appears once per queue, so
        the evaluator sees the double count), and who attends which training session."""
        served: dict[tuple[str, int, str], list[str]] = {}
        for (agent_id, day, code, queue), var in self.variables.serves.items():
            if solver.boolean_value(var):
                served.setdefault((agent_id, day, code), []).append(queue)
        return Roster(
            frozenset(
                Assignment(agent_id, day, code, queue)
                for (agent_id, day, code), var in self.variables.assigned.items()
                if solver.boolean_value(var)
                for queue in served.get((agent_id, day, code)) or [None]
            ),
            frozenset(key for key, var in self.variables.attends.items() if solver.value(var)),
        )


def build_model(
    problem: Problem,
    families: Iterable[RuleFamily] | None = None,
    guarded: bool = False,
    soften: bool = False,
) -> RosterModel:
    """Build the model with every rule family, or only the ones named (for rule tests).

    ``guarded`` puts each agent's hard rules behind literals (see ``RosterVariables``);
    ``soften`` also lets the solver switch a group off for ``RELAXED_RULE_WEIGHT``.
    """
    variables = RosterVariables(problem, guarded or soften, soften)
    terms: list[SoftTerm] = []
    for family in RULES if families is None else families:
        terms.extend(RULES[family](variables))
    if families is None:
        add_implied_limits(variables)
    if soften:
        terms.extend(
            SoftTerm(family, guard.Not(), RELAXED_RULE_WEIGHT, agent_id, detail="relaxed")
            for (family, agent_id), guard in variables.guards.items()
        )
    variables.model.minimize(
        cp_model.LinearExpr.weighted_sum([t.amount for t in terms], [t.weight for t in terms])
    )
    return RosterModel(variables, terms)
