"""Soft: demand is met; missing and surplus agents cost.

Demand is counted one of three ways: agents per day and shift (the Demand sheet), call capacity
per day and shift (daily forecast: agents count by their tier's calls per shift), or agents at
work per interval of the day (intraday forecast: a shift counts for every interval it covers,
last night's shift included). Pairs and intervals nobody is required for still charge surplus,
so closed hours are never staffed to fill hours. With per-queue demand each requirement counts
only the agents serving its queue, so a multi-skilled agent fills one queue's need, not two.
Agents whose tier spends part of a shift off the phones count for the rest, in hundredths of an
agent; shortfall is then rounded up and surplus down, as for call capacity.
"""

from ortools.sat.python import cp_model

from scheduler.domain import (
    Agent,
    CoverageRequirement,
    IntervalRequirement,
    RuleFamily,
    interval_detail,
    queue_detail,
)
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.COVERAGE


def build(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    if problem.counts_intervals:
        return _intervals(v)
    terms = []
    for (day, code, queue), requirement in problem.queue_requirements.items():
        if requirement.calls is None:
            under, over = _agents(v, requirement)
        else:
            under, over = _capacity(v, requirement)
        for kind, amount, weight in (
            ("under", under, problem.under_weight(requirement)),
            ("over", over, problem.over_weight(requirement)),
        ):
            terms.append(
                SoftTerm(FAMILY, amount, weight, None, day, code, queue_detail(kind, queue))
            )
    return terms


def _agents(
    v: RosterVariables, requirement: CoverageRequirement
) -> tuple[cp_model.IntVar, cp_model.IntVar]:
    problem = v.problem
    day, code, queue = requirement.day, requirement.shift, requirement.queue
    name = _name(day, code, queue)
    serving = v.serving(day, code, queue)
    published = problem.published.count_serving(day, code, queue) if problem.published else 0
    priced = problem.priced_requirement(requirement, published)
    if problem.counts_phone_time:
        shares = [problem.phone_percent(agent, day) for agent, _ in serving]
        supplied = cp_model.LinearExpr.weighted_sum(
            [var for _, var in serving], shares
        ) - _training_cut(v, day, code, serving, shares)
        return _rounded_gaps(
            v, supplied, sum(shares), 100 * priced, 100 * requirement.required, 100, name
        )
    scheduled = v.model.new_int_var(0, len(problem.agents), f"scheduled_{name}")
    v.model.add(scheduled == sum(var for _, var in serving))
    return _shortfall_and_surplus(v, scheduled, priced, requirement.required, name)


def _name(day: int, code: str, queue: str | None) -> str:
    return f"d{day}_{code}" if queue is None else f"d{day}_{code}_{queue}"


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
    v: RosterVariables, requirement: CoverageRequirement
) -> tuple[cp_model.IntVar, cp_model.IntVar]:
    """Calls short or spare, in standard agents: short rounded up, spare rounded down."""
    problem = v.problem
    assert problem.forecast is not None and requirement.calls is not None
    serving = v.serving(requirement.day, requirement.shift, requirement.queue)
    capacities = [problem.capacity(agent, requirement.day) for agent, _ in serving]
    supplied = cp_model.LinearExpr.weighted_sum(
        [var for _, var in serving], capacities
    ) - _training_cut(v, requirement.day, requirement.shift, serving, capacities)
    need = requirement.calls
    name = _name(requirement.day, requirement.shift, requirement.queue)
    standard = problem.forecast.calls_per_shift
    return _rounded_gaps(v, supplied, sum(capacities), need, need, standard, name)


def _training_cut(
    v: RosterVariables,
    day: int,
    code: str,
    serving: list[tuple[Agent, cp_model.IntVar]],
    counted: list[int],
) -> cp_model.LinearExprT:
    """What training sessions on the shift take off its count: each attendee's share."""
    problem = v.problem
    shift = problem.shift_by_code[code]
    variables, cuts = [], []
    for session in problem.sessions_by_day.get(day, ()):
        if code not in problem.session_shifts(session):
            continue
        for (agent, var), amount in zip(serving, counted, strict=True):
            if (agent.id, session.name) in v.attends:
                variables.append(v.in_training(agent.id, session.name, var))
                cuts.append(problem.training_cut(amount, shift, session))
    return cp_model.LinearExpr.weighted_sum(variables, cuts)


def _rounded_gaps(
    v: RosterVariables,
    supplied: cp_model.LinearExprT,
    most: int,
    priced: int,
    required: int,
    unit: int,
    name: str,
) -> tuple[cp_model.IntVar, cp_model.IntVar]:
    """Agents short and spare when supply comes in parts of an agent (``unit`` parts each):
    short of ``priced`` rounded up, above ``required`` rounded down."""
    short = v.model.new_int_var(0, priced, f"short_{name}")
    spare = v.model.new_int_var(0, most, f"spare_{name}")
    v.model.add_max_equality(short, [priced - supplied, 0])
    v.model.add_max_equality(spare, [supplied - required, 0])
    under = v.model.new_int_var(0, -(-priced // unit), f"under_{name}")
    over = v.model.new_int_var(0, most // unit, f"over_{name}")
    v.model.add_division_equality(under, short + unit - 1, unit)
    v.model.add_division_equality(over, spare, unit)
    # under * unit >= short, as a linear cut the LP sees.
    v.model.add(unit * under >= priced - supplied)
    return under, over


def _in_session(
    v: RosterVariables, day: int, code: str, interval: IntervalRequirement
) -> cp_model.LinearExprT:
    """Hundredths of an agent in training during the interval, among a shift's agents."""
    problem = v.problem
    variables, shares = [], []
    for session in problem.sessions_by_day.get(day, ()):
        if code in problem.session_shifts(session) and problem.session_covers(
            session, day, interval.midpoint
        ):
            for agent, var in v.serving(day, code, interval.queue):
                if (agent.id, session.name) in v.attends:
                    variables.append(v.in_training(agent.id, session.name, var))
                    shares.append(problem.phone_percent(agent, day))
    return cp_model.LinearExpr.weighted_sum(variables, shares)


def _intervals(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    on_shift = {}
    most_on = {}
    for day in range(problem.period.days):
        for shift in problem.shifts:
            for queue in problem.queues or (None,):
                serving = v.serving(day, shift.code, queue)
                shares = [problem.phone_percent(agent, day) for agent, _ in serving]
                if not problem.counts_phone_time:
                    shares = [1] * len(serving)
                count = v.model.new_int_var(0, sum(shares), f"on_{_name(day, shift.code, queue)}")
                v.model.add(
                    count == cp_model.LinearExpr.weighted_sum([var for _, var in serving], shares)
                )
                on_shift[day, shift.code, queue] = count
                most_on[day, shift.code, queue] = sum(shares)
    terms = []
    for interval in problem.interval_demand:
        pairs = problem.shifts_covering(interval)
        at_work = sum(on_shift[day, code, interval.queue] for day, code in pairs) - sum(
            _in_session(v, day, code, interval) for day, code in pairs
        )
        published = (
            sum(problem.published.count_serving(d, code, interval.queue) for d, code in pairs)
            if problem.published
            else 0
        )
        priced = problem.priced_requirement(interval, published)
        name = f"d{interval.day}_m{interval.start_minute}_{interval.queue or ''}"
        if problem.counts_phone_time:
            most = sum(most_on[d, code, interval.queue] for d, code in pairs)
            under, over = _rounded_gaps(
                v, at_work, most, 100 * priced, 100 * interval.required, 100, name
            )
        else:
            under, over = _shortfall_and_surplus(v, at_work, priced, interval.required, name)
        weights = problem.weights
        for kind, amount, weight in (
            ("under", under, weights.under_coverage),
            ("over", over, weights.over_coverage),
        ):
            terms.append(
                SoftTerm(
                    FAMILY,
                    amount,
                    weight,
                    None,
                    interval.day,
                    None,
                    interval_detail(kind, interval),
                )
            )
    return terms
