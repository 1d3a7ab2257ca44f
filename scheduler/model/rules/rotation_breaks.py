"""Soft: each break from the rotation (weekly blocks or a cyclic pattern) costs its weight.

A unit's breaks are those of its best option, an exact minimum over the options' linear
counts, so the objective always equals the evaluator's score whatever option the search
currently leans to.
"""

from scheduler.domain import RotationMode, RuleFamily
from scheduler.model.rules.rotation import option_breaks
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables
from scheduler.rotation import rotation_units

FAMILY = RuleFamily.ROTATION_BREAKS


def build(v: RosterVariables) -> list[SoftTerm]:
    rotation = v.problem.rotation
    if rotation.hard or rotation.mode is RotationMode.FREE or rotation.weight == 0:
        return []
    terms = []
    for number, unit in enumerate(rotation_units(v.problem)):
        most = max(sum(len(e.counted) or 1 for e in o.expectations) for o in unit.options)
        breaks = v.model.new_int_var(0, most, f"rotation_breaks_{number}")
        v.model.add_min_equality(breaks, [option_breaks(v, o) for o in unit.options])
        terms.append(SoftTerm(FAMILY, breaks, rotation.weight, unit.agent_id, detail=unit.detail))
    return terms
