"""Soft: missing and surplus agents against demand, per shift, per call capacity or per interval.

Counted from the roster alone: who works which shift, which intervals a shift covers by the
clock, and each agent's calls per shift by tier. With per-queue demand an agent counts only
toward the queue their assignment names, so nobody is counted twice.
"""

from collections.abc import Iterable

from scheduler.domain import (
    Assignment,
    CoverageRequirement,
    IntervalRequirement,
    Problem,
    Roster,
    RuleFamily,
    TrainingSession,
    interval_detail,
    queue_detail,
)
from scheduler.evaluate.findings import Penalty

FAMILY = RuleFamily.COVERAGE


def check(problem: Problem, roster: Roster) -> list[Penalty]:
    if problem.counts_intervals:
        supply = _ShiftSupply(problem, roster)
        return [p for i in problem.interval_demand for p in _interval(problem, supply, i)]
    found = []
    for (day, code, queue), requirement in problem.queue_requirements.items():
        where = f"{problem.describe_day(day)} shift {code}" + (f" queue {queue}" if queue else "")
        if requirement.calls is None:
            published = (
                problem.published.count_serving(day, code, queue) if problem.published else 0
            )
            priced = problem.priced_requirement(requirement, published)
            missing, extra = head_gaps(
                problem, roster, roster.on_shift(day, code), queue, priced, requirement.required
            )
            detail = _required_text(requirement.required, priced)
        else:
            missing, extra = capacity_gaps(problem, roster, requirement)
            detail = f"the {requirement.calls} calls forecast (grossed up for shrinkage)"
        found += _penalties(
            missing,
            extra,
            problem.under_weight(requirement),
            problem.over_weight(requirement),
            where,
            detail,
            day,
            code,
            (queue_detail("under", queue), queue_detail("over", queue)),
        )
    return found


def _gaps(scheduled: int, priced: int, required: int) -> tuple[int, int]:
    """Agents short of the priced requirement, and above the full one."""
    return max(0, priced - scheduled), max(0, scheduled - required)


def head_gaps(
    problem: Problem,
    roster: Roster,
    working: Iterable[Assignment],
    queue: str | None,
    priced: int,
    required: int,
    moment: int | None = None,
) -> tuple[int, int]:
    """Agents short and spare among those serving ``queue``; when some agents count for part
    of a head (time off the phones, trainees, training sessions), counted in hundredths,
    short rounded up and spare down. ``moment`` is an interval's midpoint, when counting one."""
    if not problem.counts_phone_time:
        serving = sum(1 for a in working if queue is None or a.queue == queue)
        return _gaps(serving, priced, required)
    return _phone_gaps(phone_time(problem, roster, working, queue, moment), priced, required)


def _phone_gaps(supplied: int, priced: int, required: int) -> tuple[int, int]:
    """``head_gaps`` from hundredths of an agent supplied."""
    short, spare = _gaps(supplied, 100 * priced, 100 * required)
    return -(-short // 100), spare // 100


def phone_time(
    problem: Problem,
    roster: Roster,
    working: Iterable[Assignment],
    queue: str | None,
    moment: int | None = None,
) -> int:
    """Hundredths of an agent on the phones for ``queue``: each agent's phone share less
    what training takes; reports show it beside the shortfall it gives."""
    supplied = 0
    for a in working:
        if queue is None or a.queue == queue:
            share = problem.phone_percent(problem.agent_by_id[a.agent_id], a.day)
            supplied += share - _training(problem, roster, a, share, moment)
    return supplied


def _sessions(problem: Problem, roster: Roster, item: Assignment) -> list[TrainingSession]:
    """The training sessions the agent attends during this shift."""
    return [
        session
        for session in problem.sessions_by_day.get(item.day, ())
        if (item.agent_id in session.attendees or (item.agent_id, session.name) in roster.training)
        and item.shift in problem.session_shifts(session)
    ]


def _training(
    problem: Problem, roster: Roster, item: Assignment, counted: int, moment: int | None
) -> int:
    """What the agent's training sessions take off their count on this shift: the session's
    share of the shift, or all of it in an interval the session covers."""
    shift = problem.shift_by_code[item.shift]
    cut = 0
    for session in _sessions(problem, roster, item):
        if moment is None:
            cut += problem.training_cut(counted, shift, session)
        elif problem.session_covers(session, item.day, moment):
            cut += counted
    return cut


def _required_text(required: int, priced: int) -> str:
    if priced == required:
        return f"the {required} required"
    return f"the {priced} published (of {required} required; a re-plan restores what was published)"


def capacity_gaps(
    problem: Problem, roster: Roster, requirement: CoverageRequirement
) -> tuple[int, int]:
    """Calls short in standard agents rounded up; calls spare in standard agents rounded down."""
    assert problem.forecast is not None and requirement.calls is not None
    standard = problem.forecast.calls_per_shift
    supplied = call_capacity(problem, roster, requirement)
    short, spare = _gaps(supplied, requirement.calls, requirement.calls)
    return -(-short // standard), spare // standard


def shift_service(
    problem: Problem, roster: Roster, requirement: CoverageRequirement
) -> tuple[float, int, int]:
    """What reports show for a shift's requirement (one queue's, or the shift's total): agents
    serving it, short and surplus, against the full requirement and counted as this rule
    counts them. Serving is in standard agents of call capacity under a daily forecast, in
    phone time where some agents count in part (2 decimals), in heads otherwise."""
    day, code, queue = requirement.day, requirement.shift, requirement.queue
    if requirement.calls is not None and problem.forecast is not None:
        short, surplus = capacity_gaps(problem, roster, requirement)
        supplied = call_capacity(problem, roster, requirement)
        return round(supplied / problem.forecast.calls_per_shift, 2), short, surplus
    working = roster.on_shift(day, code)
    required = requirement.required
    short, surplus = head_gaps(problem, roster, working, queue, required, required)
    if problem.counts_phone_time:
        return round(phone_time(problem, roster, working, queue) / 100, 2), short, surplus
    return sum(1 for a in working if queue in (None, a.queue)), short, surplus


def call_capacity(problem: Problem, roster: Roster, requirement: CoverageRequirement) -> int:
    """Calls the agents serving the requirement's queue on its shift can take, less what
    training takes; reports show it beside the shortfall it gives."""
    supplied = 0
    for a in roster.on_shift(requirement.day, requirement.shift):
        if requirement.queue is None or a.queue == requirement.queue:
            capacity = problem.capacity(problem.agent_by_id[a.agent_id], a.day)
            supplied += capacity - _training(problem, roster, a, capacity, None)
    return supplied


class _ShiftSupply:
    """What each shift supplies each queue, counted once per evaluation.

    An interval sums the shifts covering it, so without this every agent on a shift was
    counted again for each interval the shift covers (the 200-agent five-queue hotline's
    6,720 intervals: 0.088 s of an evaluation's 0.132 s, 0.061 s of 0.104 s with this).
    Agents in a training session on the shift are kept apart: what the session takes
    depends on the interval.
    """

    def __init__(self, problem: Problem, roster: Roster) -> None:
        self._problem, self._roster = problem, roster
        self._plain: dict[tuple[int, str, str | None], int] = {}
        self._trained: dict[tuple[int, str], list[Assignment]] = {}
        by_phone = problem.counts_phone_time
        for a in roster.assignments:
            if by_phone and _sessions(problem, roster, a):
                self._trained.setdefault((a.day, a.shift), []).append(a)
                continue
            units = problem.phone_percent(problem.agent_by_id[a.agent_id], a.day) if by_phone else 1
            for queue in {a.queue, None}:
                key = (a.day, a.shift, queue)
                self._plain[key] = self._plain.get(key, 0) + units

    def gaps(self, interval: IntervalRequirement, priced: int) -> tuple[int, int]:
        """``head_gaps`` of the agents on the shifts covering ``interval``."""
        problem, queue = self._problem, interval.queue
        supplied = 0
        for day, code in problem.shifts_covering(interval):
            supplied += self._plain.get((day, code, queue), 0)
            trained = self._trained.get((day, code), ())
            supplied += phone_time(problem, self._roster, trained, queue, interval.midpoint)
        if not problem.counts_phone_time:
            return _gaps(supplied, priced, interval.required)
        return _phone_gaps(supplied, priced, interval.required)


def _interval(
    problem: Problem, supply: _ShiftSupply, interval: IntervalRequirement
) -> list[Penalty]:
    pairs = problem.shifts_covering(interval)
    queue = interval.queue
    published = (
        sum(problem.published.count_serving(day, code, queue) for day, code in pairs)
        if problem.published
        else 0
    )
    priced = problem.priced_requirement(interval, published)
    missing, extra = supply.gaps(interval, priced)
    return _penalties(
        missing,
        extra,
        problem.weights.under_coverage,
        problem.weights.over_coverage,
        problem.describe_interval(interval) + (f" queue {queue}" if queue else ""),
        _required_text(interval.required, priced),
        interval.day,
        None,
        (interval_detail("under", interval), interval_detail("over", interval)),
    )


def _penalties(
    missing: int,
    extra: int,
    under_weight: int,
    over_weight: int,
    where: str,
    detail: str,
    day: int,
    shift: str | None,
    keys: tuple[str, str],
) -> list[Penalty]:
    found = []
    if missing:
        found.append(
            Penalty(
                FAMILY,
                missing,
                under_weight,
                f"{where}: {_agents(missing)} short of {detail} (weight {under_weight} each)",
                None,
                day,
                shift,
                keys[0],
            )
        )
    if extra:
        found.append(
            Penalty(
                FAMILY,
                extra,
                over_weight,
                f"{where}: {_agents(extra)} more than {detail} (weight {over_weight} each)",
                None,
                day,
                shift,
                keys[1],
            )
        )
    return found


def _agents(count: int) -> str:
    return f"{count} agent{'s' if count > 1 else ''}"
