"""Soft: demand is met; missing and surplus agents cost.

Demand is counted one of three ways: agents per day and shift (the Demand sheet), call capacity
per day and shift (daily forecast: agents count by their tier's calls per shift), or agents at
work per interval of the day (intraday forecast: a shift counts for every interval it covers,
last night's shift included). Pairs and intervals nobody is required for still charge surplus,
so closed hours are never staffed to fill hours.
"""

from ortools.sat.python import cp_model

from scheduler.domain import CoverageRequirement, RuleFamily, interval_detail
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.COVERAGE


def build(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    if problem.counts_intervals:
        return _intervals(v)
    terms = []
    for (day, code), requirement in problem.requirements.items():
        if requirement.calls is None:
            under, over = _agents(v, day, code, requirement.required)
        else:
            under, over = _capacity(v, day, code, requirement)
        terms.append(
            SoftTerm(FAMILY, under, problem.under_weight(requirement), None, day, code, "under")
        )
        terms.append(
            SoftTerm(FAMILY, over, problem.over_weight(requirement), None, day, code, "over")
        )
    return terms


def _agents(v: RosterVariables, day: int, code: str, required: int) -> tuple[cp_model.IntVar, ...]:
    problem = v.problem
    scheduled = v.model.new_int_var(0, len(problem.agents), f"scheduled_d{day}_{code}")
    v.model.add(scheduled == sum(v.assigned[a.id, day, code] for a in problem.agents))
    published = problem.published.count(day, code) if problem.published else 0
    priced = problem.priced_requirement(day, required, published)
    return _shortfall_and_surplus(v, scheduled, priced, required, f"d{day}_{code}")


def _shortfall_and_surplus(
    v: RosterVariables,
    scheduled: cp_model.LinearExprT,
    priced: int,
    required: int,
    name: str,
) -> tuple[cp_model.IntVar, cp_model.IntVar]:
    """Agents short of ``priced`` (the requirement, or less in a re-plan) and above
    ``required``."""
    agents = len(v.problem.agents)
    # Exact, not just bounded below: an intermediate roster reported on a time limit
    # must score the same in the model as in the evaluator.
    under = v.model.new_int_var(0, priced, f"under_{name}")
    over = v.model.new_int_var(0, agents, f"over_{name}")
    v.model.add_max_equality(under, [priced - scheduled, 0])
    v.model.add_max_equality(over, [scheduled - required, 0])
    # The same bounds as plain inequalities, so every LP worker sees them from the root.
    v.model.add(under >= priced - scheduled)
    v.model.add(over >= scheduled - required)
    return under, over


def _capacity(
    v: RosterVariables, day: int, code: str, requirement: CoverageRequirement
) -> tuple[cp_model.IntVar, cp_model.IntVar]:
    """Calls short or spare, in standard agents: short rounded up, spare rounded down."""
    problem = v.problem
    assert problem.forecast is not None and requirement.calls is not None
    standard = problem.forecast.calls_per_shift
    need = requirement.calls
    capacities = [problem.capacity(a) for a in problem.agents]
    supplied = cp_model.LinearExpr.weighted_sum(
        [v.assigned[a.id, day, code] for a in problem.agents], capacities
    )
    most = sum(capacities)
    short_calls = v.model.new_int_var(0, need, f"short_calls_d{day}_{code}")
    spare_calls = v.model.new_int_var(0, most, f"spare_calls_d{day}_{code}")
    v.model.add_max_equality(short_calls, [need - supplied, 0])
    v.model.add_max_equality(spare_calls, [supplied - need, 0])
    under = v.model.new_int_var(0, -(-need // standard), f"under_d{day}_{code}")
    over = v.model.new_int_var(0, most // standard, f"over_d{day}_{code}")
    v.model.add_division_equality(under, short_calls + standard - 1, standard)
    v.model.add_division_equality(over, spare_calls, standard)
    # under * standard >= short_calls, as a linear cut the LP sees.
    v.model.add(standard * under >= need - supplied)
    return under, over


def _intervals(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    on_shift = {}
    for day in range(problem.period.days):
        for shift in problem.shifts:
            count = v.model.new_int_var(0, len(problem.agents), f"on_d{day}_{shift.code}")
            v.model.add(count == sum(v.assigned[a.id, day, shift.code] for a in problem.agents))
            on_shift[day, shift.code] = count
    terms = []
    for interval in problem.interval_demand:
        pairs = problem.shifts_covering(interval)
        at_work = sum(on_shift[pair] for pair in pairs)
        published = (
            sum(problem.published.count(*pair) for pair in pairs) if problem.published else 0
        )
        priced = problem.priced_requirement(interval.day, interval.required, published)
        name = f"d{interval.day}_m{interval.start_minute}"
        under, over = _shortfall_and_surplus(v, at_work, priced, interval.required, name)
        weights = problem.weights
        terms.append(
            SoftTerm(
                FAMILY,
                under,
                weights.under_coverage,
                None,
                interval.day,
                None,
                interval_detail("under", interval),
            )
        )
        terms.append(
            SoftTerm(
                FAMILY,
                over,
                weights.over_coverage,
                None,
                interval.day,
                None,
                interval_detail("over", interval),
            )
        )
    return terms
