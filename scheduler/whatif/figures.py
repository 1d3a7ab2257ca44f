"""The figures a planner compares scenarios by, read off a roster and its evaluation.

Shortfall comes from the evaluator's coverage penalties (the single judge of what is short),
turned into agent-hours: a missing agent on a shift is missing for its paid hours, on an
interval for the interval's length. Service level is Erlang C's estimate for the agents at work
in each interval (forecast demand only). Overtime is paid time above each agent's contracted
minimum, per calendar week (or over the period when the contract gives only a period figure).
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate import Evaluation
from scheduler.evaluate.rules.working_time import paid_minutes
from scheduler.io.fairness_sheet import duty_figures
from scheduler.staffing.requirements import interval_service


@dataclass(frozen=True)
class RosterFigures:
    shortfall_hours: float
    surplus_hours: float
    service_level: float | None  # calls-weighted over the period; None without a forecast
    intervals_below_target: int | None  # of those some shift covers
    unattended_intervals: int | None  # intervals with calls that no shift covers
    overtime_hours: float
    fairness_spread: int | None  # the largest spread of a fair duty within a contract

    short_slots: int  # shifts (or intervals) with an agent short

    def meets_target(self, allowed: int = 0) -> bool:
        """Every interval some shift covers at its service target, but ``allowed`` of them;
        without a forecast, no shift short but ``allowed``."""
        if self.intervals_below_target is not None:
            return self.intervals_below_target <= allowed
        return self.short_slots <= allowed


def roster_figures(
    problem: Problem, roster: Roster, evaluation: Evaluation, target: float | None = None
) -> RosterFigures:
    """``target`` replaces the queues' own service targets when judging intervals."""
    short = surplus = 0.0
    short_slots = 0
    for penalty in evaluation.penalties:
        if penalty.family is not RuleFamily.COVERAGE:
            continue
        if penalty.shift is not None:
            hours = problem.shift_by_code[penalty.shift].paid_minutes / 60
        else:
            assert problem.forecast is not None  # interval terms carry no shift
            hours = problem.forecast.interval_minutes / 60
        if penalty.detail.startswith("under"):
            short += penalty.amount * hours
            short_slots += 1
        else:
            surplus += penalty.amount * hours
    level = below = unattended = None
    if problem.counts_intervals:
        served = [s for s in interval_service(problem, roster) if s.level is not None]
        calls = sum(s.calls for s in served)
        level = sum(s.level * s.calls for s in served if s.level) / calls if calls else None
        below = sum(
            1
            for s in served
            if (
                s.below_target
                if target is None
                else s.attended and s.level is not None and s.level < target
            )
        )
        unattended = sum(1 for s in served if not s.attended)
    spreads = [d.spread_within_contract for d in duty_figures(problem, roster)]
    return RosterFigures(
        short,
        surplus,
        level,
        below,
        unattended,
        _overtime_minutes(problem, roster) / 60,
        max(spreads) if spreads else None,
        short_slots,
    )


def _overtime_minutes(problem: Problem, roster: Roster) -> int:
    total = 0
    for agent in problem.agents:
        contract = problem.contract_of(agent)
        if contract.min_minutes_week:
            total += sum(
                max(
                    0,
                    paid_minutes(problem, roster, agent, week)
                    - problem.weekly_minimum(agent, week),
                )
                for week in problem.period.weeks
            )
        elif contract.min_minutes_period:
            everything = range(problem.period.days)
            worked = paid_minutes(problem, roster, agent, everything)
            total += max(0, worked - problem.period_minimum(agent))
    return total
