"""Soft: each break from the rotation (weekly blocks or a cyclic pattern) costs its weight.

A unit's breaks are those of its best option, an exact minimum over the options' linear
counts, so the objective always equals the evaluator's score whatever option the search
currently leans to.
"""

from scheduler.domain import RotationMode, RuleFamily
from scheduler.model.rules.rotation import unit_breaks
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.ROTATION_BREAKS


def build(v: RosterVariables) -> list[SoftTerm]:
    rotation = v.problem.rotation
    if rotation.hard or rotation.mode is RotationMode.FREE or rotation.weight == 0:
        return []
    return [
        SoftTerm(FAMILY, breaks, rotation.weight, unit.agent_id, detail=unit.detail)
        for unit, breaks in unit_breaks(v)
    ]
