"""Soft: breaks from the rotation, each unit judged against its best option."""

from scheduler.domain import Problem, Roster, RotationMode, RuleFamily
from scheduler.evaluate.findings import Penalty
from scheduler.evaluate.rules.rotation import describe
from scheduler.rotation import rotation_units

FAMILY = RuleFamily.ROTATION_BREAKS


def check(problem: Problem, roster: Roster) -> list[Penalty]:
    rotation = problem.rotation
    if rotation.hard or rotation.mode is RotationMode.FREE or rotation.weight == 0:
        return []
    found = []
    for unit in rotation_units(problem):
        option, breaks = unit.best(roster)
        if breaks:
            who = unit.agent_id or "agents"
            found.append(
                Penalty(
                    FAMILY,
                    breaks,
                    rotation.weight,
                    f"{who}: {breaks} break(s) from the rotation ({describe(unit, option.label)}; "
                    f"weight {rotation.weight})",
                    unit.agent_id,
                    detail=unit.detail,
                )
            )
    return found
