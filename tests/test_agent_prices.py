"""Each cell's price, the others held, is what the evaluator counts when the agent works it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.agent_prices import HARD_PRICE, Floor
from scheduler.domain import (
    Assignment,
    IntervalRequirement,
    Problem,
    Roster,
    RuleFamily,
    Strength,
    Tier,
    TierRules,
    TrainingSession,
)
from scheduler.evaluate import CHECKS, Penalty
from tests.builders import MONDAY, make_problem
from tests.test_solver_matches_evaluator import problems

# The families that link agents and that the prices stand for.
PRICED = (
    RuleFamily.COVERAGE,
    RuleFamily.SUPERVISION,
    RuleFamily.JUNIOR_RATIO,
    RuleFamily.ONBOARDING,
)


def _linked_cost(problem: Problem, roster: Roster) -> int:
    cost = 0
    for family in PRICED:
        for finding in CHECKS[family](problem, roster):
            cost += finding.cost if isinstance(finding, Penalty) else HARD_PRICE
    return cost


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(max_agents=4, max_days=4, max_shifts=3), st.data())
def test_each_cells_price_is_the_evaluators_difference(problem: Problem, data: st.DataObject):
    # Drawn problems have queues, tiers in part on the phones, new starters, a training
    # session, daily call forecasts or intraday intervals, re-plans of a published roster;
    # the others' rows are drawn too.
    seats = frozenset(
        (agent.id, session.name)
        for session in problem.training
        for agent in problem.session_candidates(session)
        if agent.id not in session.attendees and data.draw(st.booleans())
    )
    agent = data.draw(st.sampled_from(problem.agents))
    others = []
    for other in problem.agents:
        queues = problem.serving_queues(other) or (None,)
        for day in range(problem.period.days):
            if other is not agent and data.draw(st.booleans()):
                code = data.draw(st.sampled_from([s.code for s in problem.shifts]))
                others.append(Assignment(other.id, day, code, data.draw(st.sampled_from(queues))))
    _assert_prices_are_differences(problem, Roster(frozenset(others), seats), agent.id)


def _assert_prices_are_differences(problem: Problem, others: Roster, agent_id: str) -> None:
    agent = problem.agent_by_id[agent_id]
    base = _linked_cost(problem, others)
    prices = Floor(problem, others).prices(agent)
    assert len(prices) == problem.period.days * len(problem.shifts) * len(
        problem.serving_queues(agent) or (None,)
    )
    for (day, code, queue), price in prices.items():
        cell = Assignment(agent.id, day, code, queue)
        working = Roster(others.assignments | {cell}, others.training)
        assert price == _linked_cost(problem, working) - base, cell


def _crew(*agents: str) -> Roster:
    return Roster(frozenset(Assignment(a, 0, "E") for a in agents))


@pytest.mark.parametrize("strength", [Strength.SOFT, Strength.HARD])
def test_a_junior_joining_a_shift_already_over_the_ratio(strength: Strength):
    # Hard, the shift is one breach however far over; soft, each junior over costs.
    people = {"A1": {"tier": Tier.SENIOR}} | {f"A{n}": {"tier": Tier.JUNIOR} for n in (2, 3, 4, 5)}
    problem = replace(
        make_problem(days=1, agents=5, agent_overrides=people),
        tiers=TierRules(junior_ratio=strength, max_juniors_per_senior=1, onboarding=Strength.OFF),
    )
    _assert_prices_are_differences(problem, _crew("A1", "A2", "A3", "A4"), "A5")


def test_a_trainer_joining_a_new_trainer():
    # A trainer in their own first weeks needs another trainer on the shift.
    people = {
        "A1": {"tier": Tier.TRAINER, "start_date": MONDAY},
        "A2": {"tier": Tier.TRAINER},
        "A3": {"tier": Tier.JUNIOR, "start_date": MONDAY},
    }
    problem = replace(
        make_problem(days=1, agents=3, agent_overrides=people),
        tiers=TierRules(onboarding=Strength.SOFT, onboarding_weight=7),
    )
    _assert_prices_are_differences(problem, _crew("A1", "A3"), "A2")
    _assert_prices_are_differences(problem, _crew("A2", "A3"), "A1")


def test_a_training_session_takes_only_the_intervals_it_covers():
    # The early shift covers 06:00 to 14:00; the session, 10:00 to 11:00, takes its attendee
    # off the phones for that hour only.
    problem = replace(
        make_problem(days=1, agents=2),
        interval_demand=tuple(IntervalRequirement(0, h * 60, 60, 1) for h in range(6, 16)),
        training=(TrainingSession("S", 0, 0, 10 * 60, 60, frozenset({"A1"}), 1),),
    )
    _assert_prices_are_differences(problem, _crew("A2"), "A1")
