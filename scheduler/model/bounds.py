"""Redundant constraints: consequences of the hard rules, stated in a form the LP sees.

CP-SAT's bound comes from the LP relaxation, where a limit of 2,400 paid minutes a week lets
an agent work 4.8 eight-hour shifts. Stating the whole-day consequence (at most 4 days, and
at least as many as the minimum needs at the longest shift) cuts such fractional rosters off
without changing which rosters are allowed.

Only added when every hard rule is in force: under ``--soften`` or ``explain`` a guard can
switch a rule off, and a cut derived from it would then forbid what the relaxed model allows.
"""

from scheduler.model.variables import RosterVariables


def add_implied_limits(v: RosterVariables) -> None:
    if v.guarded:
        return
    problem = v.problem
    for agent in problem.agents:
        paid = [s.paid_minutes for s in problem.shifts if s.code in agent.allowed_shifts]
        if not paid:
            continue
        shortest, longest = min(paid), max(paid)
        for days, minimum, maximum in problem.working_spans(agent):
            worked = sum(v.works[agent.id, day] for day in days)
            if maximum is not None and shortest > 0 and maximum // shortest < len(days):
                v.model.add(worked <= maximum // shortest)
            if minimum > 0 and longest > 0:
                v.model.add(worked >= -(-minimum // longest))
