"""Hard: every agent keeps to the rotation (weekly blocks or a cyclic pattern), no breaks.

Each unit of ``scheduler.rotation`` chooses exactly one option, and the chosen option's
expectations become implications on the agent's shifts. Implications propagate far better
than a "fewest breaks equals zero" constraint would. They are guarded per agent, so an
infeasible problem can be explained. Under ``--soften`` each break is priced instead, like
working time's minutes: a pattern cell is shared by several agents, so "which agent broke
it" has no single answer, while the number of breaks does.
"""

from ortools.sat.python import cp_model

from scheduler.domain import RuleFamily
from scheduler.model.terms import RELAXED_RULE_WEIGHT, SoftTerm
from scheduler.model.variables import RosterVariables
from scheduler.rotation import RotationOption, RotationUnit, rotation_units

FAMILY = RuleFamily.ROTATION


def build(v: RosterVariables) -> list[SoftTerm]:
    if not v.problem.rotation.hard:
        return []
    if v.soften:
        return [
            SoftTerm(FAMILY, breaks, RELAXED_RULE_WEIGHT, unit.agent_id, detail=unit.detail)
            for unit, breaks in unit_breaks(v)
        ]
    for number, unit in enumerate(rotation_units(v.problem)):
        chosen = [v.model.new_bool_var(f"rotation_{number}_{o.label}") for o in unit.options]
        v.model.add_exactly_one(chosen)
        for option, literal in zip(unit.options, chosen, strict=True):
            for e in option.expectations:
                if e.expected is not None:
                    shift = v.assigned[e.agent_id, e.day, e.expected]
                    v.require(FAMILY, e.agent_id, v.model.add_implication(literal, shift))
                    continue
                for code in sorted(e.counted):
                    shift = v.assigned[e.agent_id, e.day, code]
                    v.require(FAMILY, e.agent_id, v.model.add_implication(literal, shift.Not()))
    return []


def unit_breaks(v: RosterVariables) -> list[tuple[RotationUnit, cp_model.IntVar]]:
    """Each unit's breaks: those of its best option, an exact minimum over the options."""
    found = []
    for number, unit in enumerate(rotation_units(v.problem)):
        most = max(sum(len(e.counted) or 1 for e in o.expectations) for o in unit.options)
        breaks = v.model.new_int_var(0, most, f"rotation_breaks_{number}")
        v.model.add_min_equality(breaks, [_option_breaks(v, o) for o in unit.options])
        found.append((unit, breaks))
    return found


def _option_breaks(v: RosterVariables, option: RotationOption) -> cp_model.LinearExpr:
    """The option's breaks as a linear expression of the agents' shifts."""
    wrong = [
        v.assigned[e.agent_id, e.day, code]
        for e in option.expectations
        if e.expected is None
        for code in sorted(e.counted)
    ]
    expected = [
        v.assigned[e.agent_id, e.day, e.expected] for e in option.expectations if e.expected
    ]
    return cp_model.LinearExpr.sum(wrong) + len(expected) - cp_model.LinearExpr.sum(expected)
