"""Who shares which unpopular duty, and in what proportion: the definition of a fair share.

The model and the evaluator both score against these groups, so the rule's meaning lives in
one place (like ``Problem.weekly_minimum`` for working time). A fair share is the duty the
demand asks for (plus the group's history), divided in proportion to each member's weight:
contracted weekly hours times the days the agent is available (leave reduces the share),
minus what the agent already did in earlier periods. Shares fixed by the demand, rather than
by the roster's own total, keep each agent's term independent of the others', which the
solver handles far better, and cannot be gamed by staffing extra duty.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType

from scheduler.domain import HOLIDAY, WEEKEND, Agent, Problem, Roster

TENTHS = 10  # deviations are priced per tenth of a shift
DEFAULT_WEEKLY_HOURS = 40


@dataclass(frozen=True)
class FairGroup:  # not slotted: the shares are cached
    """Agents who share one duty: their weights and what they did in earlier periods."""

    category: str
    team: str | None
    weights: Mapping[str, int]
    history: Mapping[str, int]
    expected: float  # duty the demand asks of this group in the period

    @property
    def label(self) -> str:
        """The duty, and the team when teams are balanced apart (a penalty's key detail)."""
        return self.category if self.team is None else f"{self.category} ({self.team})"

    @property
    def members(self) -> tuple[str, ...]:
        return tuple(self.weights)

    @property
    def total_weight(self) -> int:
        return sum(self.weights.values())

    def share(self, agent_id: str) -> float:
        """The agent's fair share of this period's duty, with history settled."""
        return self._shares.get(agent_id, 0.0)

    @cached_property
    def _shares(self) -> Mapping[str, float]:
        """Everyone's share of expected duty plus history, less their history; an agent who
        already did more than their share gets none, and the others split the period's duty
        among themselves the same way, so shares never go negative and add up to it."""
        active = set(self.weights)
        while True:
            everyone = self.expected + sum(self.history.get(a, 0) for a in active)
            weight = sum(self.weights[a] for a in active)
            shares = {
                a: everyone * self.weights[a] / weight - self.history.get(a, 0) for a in active
            }
            ahead = {a for a, share in shares.items() if share < 0}
            if not ahead:
                return MappingProxyType(shares)
            active -= ahead

    def target_tenths(self, agent_id: str) -> int:
        """The fair share in tenths of a shift, rounded: what the rule compares against."""
        return round(TENTHS * self.share(agent_id))


def counts_as(problem: Problem, category: str, day: int, code: str) -> bool:
    """Whether working ``code`` on ``day`` is a unit of this duty."""
    if category == WEEKEND:
        return problem.period.is_weekend(day)
    if category == HOLIDAY:
        return problem.period.is_holiday(day)
    return problem.shift_by_code[code].category == category


def fair_groups(problem: Problem) -> list[FairGroup]:
    """One group per duty (and per team when teams are balanced apart); only agents who can
    do the duty at all (a night category needs a night shift among the allowed) take part.

    Worked out once per problem: the evaluator asks at every judgement, and on the
    five-queue hotline that took 1.2 s of a 25 s pass of the day search. Kept by the
    problem's identity (a problem never changes, but holds mappings and cannot be hashed)
    for as long as the problem lives."""
    key = id(problem)
    known = _KNOWN_GROUPS.get(key)
    if known is not None and known[0]() is problem:
        return list(known[1])
    groups = _groups(problem)
    forget = weakref.ref(problem, lambda _: _KNOWN_GROUPS.pop(key, None))
    _KNOWN_GROUPS[key] = (forget, tuple(groups))
    return groups


_KNOWN_GROUPS: dict[int, tuple[weakref.ref[Problem], tuple[FairGroup, ...]]] = {}


def _groups(problem: Problem) -> list[FairGroup]:
    groups = []
    eligible = {
        category: [a for a in problem.agents if _eligible(problem, a, category)]
        for category in problem.fairness.categories
    }
    demanded = expected_shifts(problem) if problem.fairness.categories else {}
    for category in problem.fairness.categories:
        teams: dict[str | None, dict[str, int]] = {}
        for agent in eligible[category]:
            team = agent.team if problem.fairness.by_team else None
            teams.setdefault(team, {})[agent.id] = _weight(problem, agent)
        for team, weights in teams.items():
            members = {a: w for a, w in weights.items() if w > 0}
            if len(members) < 2:
                continue  # nobody to be fair to
            history = {
                h.agent_id: h.count
                for h in problem.history
                if h.category == category and h.agent_id in members
            }
            everyone = sum(_weight(problem, a) for a in eligible[category]) or 1
            share = sum(members.values()) / everyone
            expected = _expected_duty(problem, demanded, category) * share
            groups.append(
                FairGroup(
                    category,
                    team,
                    MappingProxyType(members),
                    MappingProxyType(history),
                    expected,
                )
            )
    return groups


def _expected_duty(problem: Problem, demanded: dict[tuple[int, str], int], category: str) -> int:
    """Shifts of this duty the demand asks for over the period."""
    return sum(
        count for (day, code), count in demanded.items() if counts_as(problem, category, day, code)
    )


def expected_shifts(problem: Problem) -> dict[tuple[int, str], int]:
    """Agents the demand asks for per day and shift.

    Per-shift demand as given; intraday demand laid out the way a planner would: walking the
    intervals in time order, each shortfall is met by the shift that also covers the most later
    intervals still short.
    """
    if not problem.counts_intervals:
        return {key: r.required for key, r in problem.requirements.items() if r.required}
    need = {i.midpoint: i.required for i in problem.interval_totals}
    covers: dict[tuple[int, str], list[int]] = {}
    for interval in problem.interval_totals:
        for pair in problem.shifts_covering(interval):
            covers.setdefault(pair, []).append(interval.midpoint)
    chosen: dict[tuple[int, str], int] = {}
    for interval in sorted(problem.interval_totals, key=lambda i: i.midpoint):
        pairs = problem.shifts_covering(interval)
        while need[interval.midpoint] > 0 and pairs:
            best = max(pairs, key=lambda pair: sum(need[m] > 0 for m in covers[pair]))
            chosen[best] = chosen.get(best, 0) + 1
            for moment in covers[best]:
                need[moment] -= 1
    return chosen


def duty_count(problem: Problem, roster: Roster, category: str, agent_id: str) -> int:
    return sum(
        1
        for day in range(problem.period.days)
        for code in roster.shifts_on(agent_id, day)
        if counts_as(problem, category, day, code)
    )


def distance_from_shares(
    problem: Problem, roster: Roster, groups: list[FairGroup], agent_id: str
) -> int:
    """What the fairness rule charges one agent: their distance from their share in each of
    ``groups``, weighted. Given the whole roster's groups, it prices one agent's row on a
    problem of a few agents, whose own groups would share the duty among them alone."""
    weight = problem.fairness.weight
    return sum(
        weight
        * abs(
            TENTHS * duty_count(problem, roster, group.category, agent_id)
            - group.target_tenths(agent_id)
        )
        for group in groups
        if agent_id in group.members
    )


def _eligible(problem: Problem, agent: Agent, category: str) -> bool:
    if category in (WEEKEND, HOLIDAY):
        return True
    return any(problem.shift_by_code[code].category == category for code in agent.allowed_shifts)


def _weight(problem: Problem, agent: Agent) -> int:
    """Contracted weekly hours (the maximum, else the minimum, else a full-time week, or the
    period's figures spread over its weeks) times available days."""
    contract = problem.contract_of(agent)
    weeks = problem.period.days / 7
    minutes = (
        contract.max_minutes_week
        or contract.min_minutes_week
        or (contract.max_minutes_period or contract.min_minutes_period) / weeks
    )
    hours = max(1, round(minutes / 60)) if minutes else DEFAULT_WEEKLY_HOURS
    available = problem.period.days - len(problem.leave_days(agent.id))
    return hours * available


def gini(values: list[float]) -> float:
    """0 when everyone has the same, towards 1 when one agent has everything."""
    if not values or sum(values) == 0:
        return 0.0
    ordered = sorted(values)
    n = len(ordered)
    weighted = sum((index + 1) * value for index, value in enumerate(ordered))
    return (2 * weighted) / (n * sum(ordered)) - (n + 1) / n
