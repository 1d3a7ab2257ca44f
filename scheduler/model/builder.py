"""Assemble the CP-SAT model from the rule families, in one listed order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
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

    def minimize(self, terms: Sequence[SoftTerm] | None = None) -> None:
        """Minimise the weighted sum of ``terms``, by default all the model's: a search may
        first minimise some of them alone (``settled_search``), then the whole cost."""
        chosen = self.terms if terms is None else terms
        self.model.minimize(
            cp_model.LinearExpr.weighted_sum([t.amount for t in chosen], [t.weight for t in chosen])
        )

    def decisions(
        self, roster: Roster, free: Callable[[str, int], bool] | None = None
    ) -> Iterator[tuple[cp_model.IntVar, bool]]:
        """The roster's value of every decision the model makes: shifts, the queue each
        multi-skilled agent serves (where the roster names one) and who takes free training
        seats; none of an (agent, day) that ``free`` names, whose decisions are left open.

        Fixing them all leaves the hint's completion nothing to search: with the queues left
        open it was an optimisation of its own, 70 s of a 120 s limit on the five-queue
        hotline. Seats are never left open, as a session may span days a window cuts.
        """
        variables = self.variables
        for (agent_id, day, code), var in variables.assigned.items():
            if free is None or not free(agent_id, day):
                yield var, code in roster.shifts_on(agent_id, day)
        served = {(a.agent_id, a.day, a.shift): a.queue for a in roster.assignments}
        for (agent_id, day, code, queue), var in variables.serves.items():
            if var is variables.assigned[agent_id, day, code]:
                continue
            if free is not None and free(agent_id, day):
                continue
            chosen = served.get((agent_id, day, code))
            if chosen is None or (agent_id, day, code, chosen) not in variables.serves:
                continue  # off that shift (its queues follow), or no queue named: left open
            yield var, queue == chosen
        for key, var in variables.attends.items():
            if key not in variables.named:
                yield var, key in roster.training

    def hint_solution(self, solver: cp_model.CpSolver) -> None:
        """Hint every variable with the solver's last solution: a complete hint, which
        CP-SAT's search starts from, where a partial one it barely uses. Written into the
        proto in bulk, as one call per variable is slow on large models."""
        self.model.clear_hints()
        hint = self.model.proto.solution_hint
        hint.vars.extend(range(len(self.model.proto.variables)))
        hint.values.extend(solver.response_proto.solution)

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
    built = RosterModel(variables, terms)
    built.minimize()
    return built
