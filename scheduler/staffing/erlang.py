"""Erlang C staffing: how many agents an interval's calls need to meet a service level.

Erlang C is computed through the Erlang B recursion rather than the textbook factorial sums,
because A**n / n! overflows a float long before realistic call-center sizes (a few thousand
calls per half hour, hundreds to a thousand agents), while every step of the recursion stays in
[0, 1]. The same recursion, carried one agent at a time, lets the search for the smallest
sufficient team cost O(n) instead of recomputing Erlang C for every candidate.
"""

from __future__ import annotations

import math
from fractions import Fraction

# A service level that equals its target up to float rounding (0.7999999999999999 against 0.8)
# meets it: the inputs carry far less precision than this, and refusing would add a whole agent
# for an error in the last bit.
_TOLERANCE = 1e-9


def erlang_c(traffic: float, agents: int) -> float:
    """Probability a call waits (Erlang C), for traffic A in Erlangs and n agents.

    1.0 when n <= A: the queue is unstable and grows without bound, so everybody waits.
    0.0 when traffic == 0: nobody calls, nobody waits.
    """
    if not (math.isfinite(traffic) and traffic >= 0):
        raise ValueError(f"traffic must be a finite number of Erlangs >= 0, got {traffic!r}")
    _check_agents(agents)
    if traffic == 0:
        return 0.0
    if agents <= traffic:
        return 1.0
    return _wait_probability(traffic, agents, _erlang_b(traffic, agents))


def service_level(
    calls: float,
    interval_seconds: int,
    handle_seconds: float,
    agents: int,
    answer_seconds: float,
) -> float:
    """Share of calls answered within ``answer_seconds``.

    1 - C(n, A) * exp(-(n - A) * T / AHT), with A = calls * AHT / interval. 0.0 when
    agents <= A and calls > 0, since an unstable queue answers nobody in time in the long run;
    1.0 when there are no calls, as nothing can miss the target.
    """
    traffic = _traffic(calls, interval_seconds, handle_seconds)
    _check_agents(agents)
    _check_answer(answer_seconds)
    if calls == 0:
        return 1.0
    if agents <= traffic:
        return 0.0
    wait = _wait_probability(traffic, agents, _erlang_b(traffic, agents))
    return _answered_in_time(traffic, agents, wait, handle_seconds, answer_seconds)


def occupancy(calls: float, interval_seconds: int, handle_seconds: float, agents: int) -> float:
    """Share of the agents' time spent handling calls: A / n.

    Capped at 1.0 when n <= A, because agents cannot be busier than always busy; 0.0 with no
    calls, including with no agents.
    """
    traffic = _traffic(calls, interval_seconds, handle_seconds)
    _check_agents(agents)
    if calls == 0:
        return 0.0
    if agents <= traffic:
        return 1.0
    return traffic / agents


def agents_needed(
    calls: float,
    interval_seconds: int,
    handle_seconds: float,
    target: float,
    answer_seconds: float,
    max_occupancy: float = 1.0,
) -> int:
    """Smallest number of agents on the phones (before shrinkage) meeting both limits.

    Both the service level (at least ``target`` within ``answer_seconds``) and the occupancy
    (at most ``max_occupancy``) are required, since a team that just meets the service level
    may be too busy to sustain it. 0 when there are no calls; otherwise always more than the
    traffic, as fewer agents than Erlangs never clear the queue.
    """
    traffic = _traffic(calls, interval_seconds, handle_seconds)
    _check_answer(answer_seconds)
    if not 0 < target <= 1:
        raise ValueError(f"target service level must be in (0, 1], got {target!r}")
    if not 0 < max_occupancy <= 1:
        raise ValueError(f"max_occupancy must be in (0, 1], got {max_occupancy!r}")
    if calls == 0:
        return 0
    # One below the occupancy bound's ceiling, because the float quotient may land just above
    # an integer that in fact meets the cap; the loop's own occupancy check decides.
    agents = max(math.floor(traffic) + 1, math.ceil(traffic / max_occupancy) - 1)
    blocking = _erlang_b(traffic, agents)
    while True:
        wait = _wait_probability(traffic, agents, blocking)
        answered = _answered_in_time(traffic, agents, wait, handle_seconds, answer_seconds)
        if answered >= target - _TOLERANCE and traffic / agents <= max_occupancy:
            return agents
        agents += 1
        blocking = _next_blocking(traffic, agents, blocking)


def gross_up(agents: float, shrinkage: float) -> int:
    """Agents to schedule so that ``agents`` remain on the phones after ``shrinkage``.

    ceil(agents / (1 - shrinkage)) in exact rational arithmetic on the numbers as written,
    because in floats 21 / (1 - 0.3) is 30.000000000000004 and would schedule a 31st agent.
    """
    if not (math.isfinite(agents) and agents >= 0):
        raise ValueError(f"agents must be a finite number >= 0, got {agents!r}")
    _check_shrinkage(shrinkage)
    return math.ceil(_decimal(agents) / (1 - _decimal(shrinkage)))


def _traffic(calls: float, interval_seconds: int, handle_seconds: float) -> float:
    """Offered load in Erlangs, after rejecting inputs that make it meaningless."""
    if not (math.isfinite(calls) and calls >= 0):
        raise ValueError(f"calls must be a finite number >= 0, got {calls!r}")
    if not interval_seconds > 0:
        raise ValueError(f"interval_seconds must be > 0, got {interval_seconds!r}")
    if not (math.isfinite(handle_seconds) and handle_seconds > 0):
        raise ValueError(f"handle_seconds must be a finite number > 0, got {handle_seconds!r}")
    return calls * handle_seconds / interval_seconds


def _check_agents(agents: int) -> None:
    if agents < 0:
        raise ValueError(f"agents must be >= 0, got {agents!r}")


def _check_answer(answer_seconds: float) -> None:
    if not (math.isfinite(answer_seconds) and answer_seconds >= 0):
        raise ValueError(f"answer_seconds must be a finite number >= 0, got {answer_seconds!r}")


def _check_shrinkage(shrinkage: float) -> None:
    # 100 % shrinkage would leave nobody on the phones however many are scheduled.
    if not 0 <= shrinkage < 1:
        raise ValueError(f"shrinkage must be in [0, 1), got {shrinkage!r}")


def _decimal(value: float) -> Fraction:
    """The exact value of the number as written (0.3 is 3/10, not the nearest binary float)."""
    return Fraction(str(value))


def _erlang_b(traffic: float, agents: int) -> float:
    blocking = 1.0
    for k in range(1, agents + 1):
        blocking = _next_blocking(traffic, k, blocking)
    return blocking


def _next_blocking(traffic: float, agents: int, previous: float) -> float:
    """Erlang B for ``agents`` from Erlang B for one agent fewer."""
    load = traffic * previous
    return load / (agents + load)


def _wait_probability(traffic: float, agents: int, blocking: float) -> float:
    """Erlang C from Erlang B; only valid for agents > traffic."""
    return agents * blocking / (agents - traffic * (1 - blocking))


def _answered_in_time(
    traffic: float, agents: int, wait: float, handle_seconds: float, answer_seconds: float
) -> float:
    return 1 - wait * math.exp(-(agents - traffic) * answer_seconds / handle_seconds)
