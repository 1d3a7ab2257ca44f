"""Erlang C staffing against published table values and the properties planners rely on.

Expected agent counts and service levels come from published Erlang C tables (half-hour
intervals); the two levels no table gave (54.8 % and 87.1 %) come from the textbook factorial
formula evaluated independently. None is produced by the code under test.
"""

from __future__ import annotations

import math
from decimal import Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.domain import Queue
from scheduler.staffing.erlang import (
    agents_needed,
    erlang_c,
    gross_up,
    occupancy,
    service_level,
)

HALF_HOUR = 1800
# Same allowance as the module: a level equal to its target up to float rounding meets it.
TOLERANCE = 1e-9

# calls, handle seconds, target, answer seconds, agents, service level in % at that count
PUBLISHED = [
    (100, 180, 0.80, 20, 14, 88.8),
    (100, 360, 0.80, 20, 25, 84.2),
    (300, 360, 0.80, 20, 67, 80.9),
    (20, 300, 0.90, 15, 7, 94.9),
    (76, 60, 0.50, 60, 3, 54.8),
    (80, 360, 0.80, 20, 21, 87.1),
]


@pytest.mark.parametrize(("calls", "aht", "target", "answer", "agents", "level"), PUBLISHED)
def test_agents_and_service_level_match_published_tables(calls, aht, target, answer, agents, level):
    assert agents_needed(calls, HALF_HOUR, aht, target, answer) == agents
    achieved = service_level(calls, HALF_HOUR, aht, agents, answer)
    assert round(achieved * 100, 1) == level


@pytest.mark.parametrize(("calls", "aht", "target", "answer", "agents", "level"), PUBLISHED)
def test_one_agent_fewer_misses_the_target(calls, aht, target, answer, agents, level):
    assert service_level(calls, HALF_HOUR, aht, agents - 1, answer) < target


def test_a_short_answer_time_does_not_round_up_to_an_extra_agent():
    # 76 calls of 60 s: 2.53 Erlangs; 3 agents answer 54.8 % within 60 s, enough for 50 %.
    assert agents_needed(76, HALF_HOUR, 60, 0.5, 60) == 3


def test_shrinkage_grosses_up_the_agents_on_the_phones_exactly():
    on_phones = agents_needed(80, HALF_HOUR, 360, 0.8, 20)
    assert on_phones == 21
    # 21 / 0.7 is 30.000000000000004 in floats; a 31st agent would be pure rounding error.
    assert gross_up(on_phones, 0.3) == 30


def test_no_calls_need_no_agents_and_meet_any_service_level():
    assert agents_needed(0, HALF_HOUR, 180, 0.8, 20) == 0
    assert service_level(0, HALF_HOUR, 180, 0, 20) == 1.0
    assert service_level(0, HALF_HOUR, 180, 5, 20) == 1.0
    assert occupancy(0, HALF_HOUR, 180, 0) == 0.0
    assert erlang_c(0.0, 3) == 0.0


@pytest.mark.parametrize("agents", [0, 5, 9, 10])
def test_too_few_agents_for_the_traffic_means_everybody_waits(agents):
    # 100 calls of 180 s per half hour are 10 Erlangs.
    assert erlang_c(10.0, agents) == 1.0
    assert service_level(100, HALF_HOUR, 180, agents, 20) == 0.0
    assert occupancy(100, HALF_HOUR, 180, agents) == 1.0


def test_erlang_c_is_a_probability_that_falls_as_agents_are_added():
    waits = [erlang_c(10.0, agents) for agents in range(11, 30)]
    assert all(0 < wait < 1 for wait in waits)
    assert waits == sorted(waits, reverse=True)


def test_large_volumes_stay_finite_and_never_need_fewer_agents_for_more_calls():
    needed = []
    for calls in (1000, 2000, 5000):
        traffic = calls * 360 / HALF_HOUR
        agents = agents_needed(calls, HALF_HOUR, 360, 0.8, 20)
        level = service_level(calls, HALF_HOUR, 360, agents, 20)
        assert agents > traffic
        assert math.isfinite(level)
        assert level >= 0.8 - TOLERANCE
        assert math.isfinite(erlang_c(traffic, agents))
        needed.append(agents)
    assert needed == sorted(needed)


def test_the_occupancy_cap_can_require_more_agents_than_the_service_level():
    # 300 calls of 360 s are 60 Erlangs: 67 agents meet 80/20 but are 89.6 % busy.
    agents = agents_needed(300, HALF_HOUR, 360, 0.8, 20, max_occupancy=0.85)
    assert agents >= math.ceil(60 / 0.85) == 71
    assert occupancy(300, HALF_HOUR, 360, agents) <= 0.85
    assert occupancy(300, HALF_HOUR, 360, agents - 1) > 0.85


def test_shrinkage_components_multiply_rather_than_add():
    assert Queue("q", breaks=0.1, absence=0.1).shrinkage == 0.19
    assert Queue("q").shrinkage == 0.0
    assert Queue("q", absence=0.3).shrinkage == 0.3  # not 0.30000000000000004


@settings(max_examples=300)
@given(agents=st.integers(0, 500), percent=st.integers(0, 90))
def test_gross_up_is_the_exact_integer_ceiling(agents, percent):
    assert gross_up(agents, percent / 100) == -(-agents * 100 // (100 - percent))


@settings(max_examples=60, deadline=None)
@given(
    calls=st.integers(1, 3000),
    aht=st.integers(60, 900),
    target=st.floats(0.5, 0.95),
    answer=st.integers(10, 60),
    max_occupancy=st.sampled_from([1.0, 0.9, 0.85, 0.75]),
)
def test_agents_needed_is_the_smallest_team_meeting_both_limits(
    calls, aht, target, answer, max_occupancy
):
    def meets(agents: int) -> bool:
        level = service_level(calls, HALF_HOUR, aht, agents, answer)
        busy = occupancy(calls, HALF_HOUR, aht, agents)
        return level >= target - TOLERANCE and busy <= max_occupancy

    agents = agents_needed(calls, HALF_HOUR, aht, target, answer, max_occupancy)
    assert agents > calls * aht / HALF_HOUR
    assert meets(agents)
    assert not meets(agents - 1)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"target": 1.2}, "target"),
        ({"target": 0.0}, "target"),
        ({"handle_seconds": 0}, "handle_seconds"),
        ({"calls": -1}, "calls"),
        ({"interval_seconds": 0}, "interval_seconds"),
        ({"max_occupancy": 0.0}, "max_occupancy"),
    ],
)
def test_meaningless_inputs_are_rejected(arguments, message):
    valid = {
        "calls": 100,
        "interval_seconds": HALF_HOUR,
        "handle_seconds": 180,
        "target": 0.8,
        "answer_seconds": 20,
    }
    with pytest.raises(ValueError, match=message):
        agents_needed(**(valid | arguments))


@pytest.mark.parametrize("shrinkage", [-0.1, 1.0])
def test_shrinkage_outside_zero_to_one_is_rejected(shrinkage):
    with pytest.raises(ValueError, match="shrinkage"):
        gross_up(10, shrinkage)
    with pytest.raises(ValueError, match="shrinkage"):
        Queue("q", breaks=shrinkage)


def _precise_level(calls: int, aht: int, agents: int, answer: int) -> Decimal:
    """The service level to 60 digits, by the textbook Erlang B recursion and Erlang C from
    it, written apart from the module so float rounding there cannot hide here."""
    with localcontext() as context:
        context.prec = 60
        traffic = Decimal(calls) * aht / HALF_HOUR
        if agents <= traffic:
            return Decimal(0)
        blocking = Decimal(1)
        for k in range(1, agents + 1):
            blocking = traffic * blocking / (k + traffic * blocking)
        waits = agents * blocking / (agents - traffic * (1 - blocking))
        return 1 - waits * (-(agents - traffic) * answer / aht).exp()


@settings(max_examples=80, deadline=None)
@given(
    calls=st.integers(1, 600),
    aht=st.integers(60, 900),
    target=st.sampled_from([0.7, 0.8, 0.85, 0.9, 0.95]),
    answer=st.integers(5, 60),
)
def test_agents_needed_agrees_with_a_precise_computation(calls, aht, target, answer):
    # A float service level a hair below the target (0.7999999999999999 against 0.8) must not
    # add an agent, nor one a hair above remove one: the count is the precise one, give or
    # take the module's stated tolerance.
    agents = agents_needed(calls, HALF_HOUR, aht, target, answer)
    wanted = Decimal(str(target)) - Decimal(str(TOLERANCE))
    assert _precise_level(calls, aht, agents, answer) >= wanted
    assert _precise_level(calls, aht, agents - 1, answer) < wanted
