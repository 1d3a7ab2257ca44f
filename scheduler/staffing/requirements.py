"""Turn a forecast into coverage requirements, per interval (Erlang C) or per shift (capacity).

Events and the holiday multiplier scale the forecast first; every figure is kept unrounded
until the single rounding at the end, so nothing is rounded twice.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from scheduler.domain import (
    MINUTES_PER_DAY,
    CoverageRequirement,
    DemandMode,
    Forecast,
    ForecastEntry,
    IntervalRequirement,
    Period,
    Problem,
    Queue,
    Roster,
    ShiftType,
)
from scheduler.evaluate.rules.coverage import head_gaps, phone_time
from scheduler.staffing.erlang import agents_needed, gross_up, occupancy, service_level

# Float sums of spread calls (e.g. 100 calls split three ways) land a hair above a whole number;
# a requirement must not gain an agent from that.
_ROUNDING_SLACK = 1e-9


@dataclass(frozen=True, slots=True)
class QueueInterval:
    """One queue in one interval: the forecast after multipliers and the agents it needs."""

    day: int
    start_minute: int
    minutes: int
    queue: str
    calls: float
    on_phones: int
    exact: float
    required: int
    service_level: float
    occupancy: float  # share of the agents on the phones' time spent on calls


def multiplier(period: Period, forecast: Forecast, day: int, queue: str) -> float:
    """Events overlapping the day multiply together; a public holiday adds its own factor."""
    factor = forecast.holiday_multiplier if period.is_holiday(day) else 1.0
    for event in forecast.events:
        if day in event.days and event.queue in (None, queue):
            factor *= event.multiplier
    return factor


def adjusted_entries(period: Period, forecast: Forecast) -> list[ForecastEntry]:
    """The forecast rows with every multiplier applied."""
    return [
        replace(entry, calls=entry.calls * multiplier(period, forecast, entry.day, entry.queue))
        for entry in forecast.entries
    ]


def queue_intervals(period: Period, forecast: Forecast) -> list[QueueInterval]:
    """Erlang C per queue and interval over the whole period (intervals without calls need 0)."""
    step = forecast.interval_minutes
    calls: dict[tuple[int, int, str], float] = {}
    for entry in adjusted_entries(period, forecast):
        if entry.start_minute is None:
            raise ValueError("intraday demand needs an interval start on every forecast row")
        key = (entry.day, entry.start_minute, entry.queue)
        calls[key] = calls.get(key, 0.0) + entry.calls
    found = []
    for day in range(period.days):
        for start in range(0, MINUTES_PER_DAY, step):
            for queue in forecast.queues:
                found.append(_staff(day, start, step, queue, calls.get((day, start, queue.name))))
    return found


def _staff(day: int, start: int, step: int, queue: Queue, calls: float | None) -> QueueInterval:
    calls = calls or 0.0
    seconds = step * 60
    on_phones = agents_needed(
        calls,
        seconds,
        queue.handle_seconds,
        queue.service_target,
        queue.answer_seconds,
        queue.max_occupancy,
    )
    return QueueInterval(
        day,
        start,
        step,
        queue.name,
        calls,
        on_phones,
        on_phones / (1 - queue.shrinkage),
        gross_up(on_phones, queue.shrinkage),
        service_level(calls, seconds, queue.handle_seconds, on_phones, queue.answer_seconds),
        occupancy(calls, seconds, queue.handle_seconds, on_phones),
    )


def interval_demand(
    details: Iterable[QueueInterval], by_queue: bool = False
) -> tuple[IntervalRequirement, ...]:
    """Requirements per interval, and per queue with ``by_queue``.

    Pooled, the queues are added per interval: each queue is staffed on its own (its Erlang C
    figure), so the interval needs the sum of their exact figures, rounded up once.
    """
    totals: dict[tuple[int, int, int, str | None], float] = {}
    for item in details:
        key = (item.day, item.start_minute, item.minutes, item.queue if by_queue else None)
        totals[key] = totals.get(key, 0.0) + item.exact
    return tuple(
        IntervalRequirement(
            day, start, minutes, max(0, math.ceil(exact - _ROUNDING_SLACK)), exact, queue
        )
        for (day, start, minutes, queue), exact in totals.items()
    )


def shift_calls(
    period: Period, shifts: Sequence[ShiftType], forecast: Forecast
) -> dict[tuple[int, str, str], float]:
    """Calls each shift on each day must answer, per queue: (day, shift, queue) -> calls.

    A call belongs to the moment it arrives: interval rows spread evenly over their interval,
    whole-day rows evenly over the day's open minutes (those some shift covers), and calls at a
    moment two shifts overlap are shared equally between them. Calls at a moment no shift
    covers are left out (see ``unattended_calls``).
    """
    minutes = period.days * MINUTES_PER_DAY
    cover = [0] * minutes
    for day in range(period.days):
        for shift in shifts:
            begin = day * MINUTES_PER_DAY + shift.start_minute
            for moment in range(begin, min(begin + shift.duration_minutes, minutes)):
                cover[moment] += 1
    density: dict[str, list[float]] = {q.name: [0.0] * minutes for q in forecast.queues}
    for entry in adjusted_entries(period, forecast):
        rate = density[entry.queue]
        first = entry.day * MINUTES_PER_DAY
        if entry.start_minute is None:
            span = [m for m in range(first, first + MINUTES_PER_DAY) if cover[m]]
        else:
            begin = first + entry.start_minute
            span = list(range(begin, begin + forecast.interval_minutes))
        for moment in span:
            rate[moment] += entry.calls / len(span)
    found: dict[tuple[int, str, str], float] = {}
    for day in range(period.days):
        for shift in shifts:
            begin = day * MINUTES_PER_DAY + shift.start_minute
            span = range(begin, min(begin + shift.duration_minutes, minutes))
            for queue, rate in density.items():
                found[day, shift.code, queue] = sum(rate[m] / cover[m] for m in span)
    return found


def daily_demand(
    period: Period, shifts: Sequence[ShiftType], forecast: Forecast
) -> tuple[CoverageRequirement, ...]:
    """Per day and shift (and queue, when ``forecast.by_queue``): calls grossed up for
    shrinkage, and the same in standard agents."""
    calls = shift_calls(period, shifts, forecast)
    groups = (
        [(q.name, (q,)) for q in forecast.queues]
        if forecast.by_queue
        else [(None, forecast.queues)]
    )
    demand = []
    for day in range(period.days):
        for shift in shifts:
            for name, queues in groups:
                grossed = sum(calls[day, shift.code, q.name] / (1 - q.shrinkage) for q in queues)
                need = max(0, math.ceil(grossed - _ROUNDING_SLACK))
                if need:
                    required = -(-need // forecast.calls_per_shift)
                    demand.append(
                        CoverageRequirement(day, shift.code, required, calls=need, queue=name)
                    )
    return tuple(demand)


def unattended_calls(period: Period, shifts: Sequence[ShiftType], forecast: Forecast) -> float:
    """Forecast calls arriving when no shift is on: no roster can answer them."""
    total = sum(e.calls for e in adjusted_entries(period, forecast))
    return max(0.0, total - sum(shift_calls(period, shifts, forecast).values()))


def apply_forecast(problem: Problem) -> Problem:
    """The problem with its coverage requirements derived from its forecast, if it has one."""
    forecast = problem.forecast
    if forecast is None or forecast.mode is DemandMode.SHIFTS:
        return problem
    if forecast.mode is DemandMode.DAILY:
        return replace(problem, demand=daily_demand(problem.period, problem.shifts, forecast))
    return replace(
        problem,
        demand=(),
        interval_demand=interval_demand(
            queue_intervals(problem.period, forecast), forecast.by_queue
        ),
    )


def estimated_service_level(
    forecast: Forecast, details: Sequence[QueueInterval], scheduled: int
) -> float | None:
    """Service level the scheduled agents should reach in one interval, weighted by calls.

    Agents are shared among the interval's queues in proportion to what each queue requires
    (largest remainders), each queue loses its shrinkage, and Erlang C gives each queue's
    service level. ``None`` when the interval has no calls.
    """
    calls = sum(item.calls for item in details)
    if calls <= 0:
        return None
    shares = _shares(scheduled, [item.required or item.calls for item in details])
    reached = 0.0
    for item, agents in zip(details, shares, strict=True):
        queue = forecast.queue_by_name[item.queue]
        on_phones = math.floor(agents * (1 - queue.shrinkage) + _ROUNDING_SLACK)
        level = service_level(
            item.calls, item.minutes * 60, queue.handle_seconds, on_phones, queue.answer_seconds
        )
        reached += level * item.calls
    return reached / calls


@dataclass(frozen=True, slots=True)
class IntervalService:
    """What a roster gives one interval: its calls, the agents serving it, short and surplus
    as the evaluator prices them, the service level those agents should reach (``None``
    without calls) and the calls-weighted target of its queues. ``attended`` is whether any
    shift covers the interval at all: no roster can answer calls that arrive when no shift is
    on, so such intervals are a fact of the shift design.

    ``serving`` is in agents on the phones: heads, or where some agents count for part of one
    (time off the phones, trainees, training sessions) their phone time to 2 decimals. The
    service level is estimated for the whole agents of that time, as Erlang C counts servers.
    """

    interval: IntervalRequirement
    calls: float
    serving: float
    short: int
    surplus: int
    level: float | None
    target: float | None
    attended: bool

    @property
    def below_target(self) -> bool:
        return (
            self.attended
            and self.level is not None
            and self.target is not None
            and self.level < self.target - _ROUNDING_SLACK
        )


def interval_service(
    problem: Problem, roster: Roster, by_queue: bool = True
) -> list[IntervalService]:
    """Per interval of intraday demand (and per queue, when demand is per queue and
    ``by_queue``), in order: how well the roster answers its calls. Without ``by_queue``,
    each interval's queues together, with everyone at work.

    Agents are counted by the evaluator's own coverage functions, so a report built from
    this cannot show an interval met that Violations prices short.
    """
    forecast = problem.forecast
    assert forecast is not None
    details: dict[tuple[int, int], list[QueueInterval]] = {}
    for item in queue_intervals(problem.period, forecast):
        details.setdefault((item.day, item.start_minute), []).append(item)
    found = []
    for interval in problem.interval_demand if by_queue else problem.interval_totals:
        covering = problem.shifts_covering(interval)
        working = [a for d, code in covering for a in roster.on_shift(d, code)]
        moment, required = interval.midpoint, interval.required
        short, surplus = head_gaps(
            problem, roster, working, interval.queue, required, required, moment
        )
        if problem.counts_phone_time:
            hundredths = phone_time(problem, roster, working, interval.queue, moment)
            serving, whole = round(hundredths / 100, 2), hundredths // 100
        else:
            whole = sum(1 for a in working if interval.queue in (None, a.queue))
            serving = whole
        queues = [
            q
            for q in details.get((interval.day, interval.start_minute), [])
            if interval.queue in (None, q.queue)
        ]
        calls = sum(q.calls for q in queues)
        target = (
            sum(forecast.queue_by_name[q.queue].service_target * q.calls for q in queues) / calls
            if calls > 0
            else None
        )
        level = estimated_service_level(forecast, queues, whole)
        found.append(
            IntervalService(interval, calls, serving, short, surplus, level, target, bool(covering))
        )
    return found


def _shares(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` by largest remainders (sums to ``total``)."""
    whole = sum(weights)
    if whole <= 0:
        return [0] * len(weights)
    exact = [total * w / whole for w in weights]
    shares = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: shares[i] - exact[i])
    for index in by_remainder[: total - sum(shares)]:
        shares[index] += 1
    return shares
