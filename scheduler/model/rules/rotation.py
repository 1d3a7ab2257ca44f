"""Hard: every agent keeps to the rotation (weekly blocks or a cyclic pattern), no breaks.

Each unit of ``scheduler.rotation`` chooses exactly one option, and the chosen option's
expectations become implications on the agent's shifts. Implications propagate far better
than a "fewest breaks equals zero" constraint would. Constraints are guarded per agent, so
``--soften`` can release one agent from the rotation and keep the others on it.
"""

from ortools.sat.python import cp_model

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables
from scheduler.rotation import RotationOption, rotation_units

FAMILY = RuleFamily.ROTATION


def build(v: RosterVariables) -> list[SoftTerm]:
    if not v.problem.rotation.hard:
        return []
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


def option_breaks(v: RosterVariables, option: RotationOption) -> cp_model.LinearExpr:
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
