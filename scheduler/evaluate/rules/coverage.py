"""Soft: missing and surplus agents against demand, per shift, per call capacity or per interval.

Counted from the roster alone: who works which shift, which intervals a shift covers by the
clock, and each agent's calls per shift by tier.
"""

from scheduler.domain import (
    CoverageRequirement,
    IntervalRequirement,
    Problem,
    Roster,
    RuleFamily,
    interval_detail,
)
from scheduler.evaluate.findings import Penalty

FAMILY = RuleFamily.COVERAGE


def check(problem: Problem, roster: Roster) -> list[Penalty]:
    if problem.counts_intervals:
        return [p for i in problem.interval_demand for p in _interval(problem, roster, i)]
    found = []
    for (day, code), requirement in problem.requirements.items():
        where = f"{problem.describe_day(day)} shift {code}"
        if requirement.calls is None:
            published = problem.published.count(day, code) if problem.published else 0
            priced = problem.priced_requirement(day, requirement.required, published)
            missing, extra = _gaps(roster.count(day, code), priced, requirement.required)
            detail = _required_text(requirement.required, priced)
        else:
            missing, extra = _capacity_gaps(problem, roster, requirement)
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
            ("under", "over"),
        )
    return found


def _gaps(scheduled: int, priced: int, required: int) -> tuple[int, int]:
    """Agents short of the priced requirement, and above the full one."""
    return max(0, priced - scheduled), max(0, scheduled - required)


def _required_text(required: int, priced: int) -> str:
    if priced == required:
        return f"the {required} required"
    return f"the {priced} published (of {required} required; a re-plan restores what was published)"


def _capacity_gaps(
    problem: Problem, roster: Roster, requirement: CoverageRequirement
) -> tuple[int, int]:
    """Calls short in standard agents rounded up; calls spare in standard agents rounded down."""
    assert problem.forecast is not None and requirement.calls is not None
    standard = problem.forecast.calls_per_shift
    supplied = sum(
        problem.capacity(agent)
        for agent in problem.agents
        if requirement.shift in roster.shifts_on(agent.id, requirement.day)
    )
    short, spare = _gaps(supplied, requirement.calls, requirement.calls)
    return -(-short // standard), spare // standard


def _interval(problem: Problem, roster: Roster, interval: IntervalRequirement) -> list[Penalty]:
    pairs = problem.shifts_covering(interval)
    at_work = sum(roster.count(day, code) for day, code in pairs)
    published = sum(problem.published.count(*pair) for pair in pairs) if problem.published else 0
    priced = problem.priced_requirement(interval.day, interval.required, published)
    missing, extra = _gaps(at_work, priced, interval.required)
    return _penalties(
        missing,
        extra,
        problem.weights.under_coverage,
        problem.weights.over_coverage,
        problem.describe_interval(interval),
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
