"""Agent-by-agent re-solves of the constructive roster: each move is exact for shift demand
and for intraday demand in whole heads."""

from __future__ import annotations

import itertools
from dataclasses import replace

from hypothesis import HealthCheck, assume, given, settings

from scheduler.agent_sweeps import applies, sweep
from scheduler.domain import (
    Contract,
    Fairness,
    IntervalRequirement,
    Leave,
    Problem,
    Roster,
    RotationMode,
    Strength,
    TierRules,
    Weights,
)
from scheduler.evaluate import evaluate
from scheduler.solve import SolveOptions, SolveStatus, solve
from tests.builders import EARLY, LATE, NIGHT, make_problem
from tests.test_solver_matches_evaluator import problems

EXACT = SolveOptions(time_limit=10, workers=1, deterministic=True)
NO_FAIRNESS = Fairness(weight=0)


def _alone(problem: Problem) -> dict[str, Problem]:
    return {agent.id: problem.for_agent(agent.id) for agent in problem.agents}


def _swept(problem: Problem, rows: dict[str, list[str | None]]) -> Roster:
    sweep(problem, _alone(problem), rows)
    return Roster.from_rows(rows)


def _swept_as_reported(problem: Problem, rows: dict[str, list[str | None]]) -> Roster:
    """Swept, checking that the changes reported along the way add up to the evaluator's
    difference between the rosters before and after (the solver shows that running total)."""
    before = evaluate(problem, Roster.from_rows(rows))
    assert before.is_feasible
    changes: list[int] = []
    sweep(problem, _alone(problem), rows, on_change=changes.append)
    swept = Roster.from_rows(rows)
    assert changes and all(change < 0 for change in changes)
    assert before.total + sum(changes) == evaluate(problem, swept).total
    return swept


def _days_off(problem: Problem) -> dict[str, list[str | None]]:
    return {agent.id: [None] * problem.period.days for agent in problem.agents}


def _sweepable(problem: Problem) -> Problem:
    """The drawn problem without what links one agent's cost to others' beyond coverage."""
    return replace(
        problem,
        fairness=NO_FAIRNESS,
        published=None,
        training=(),
        tiers=TierRules(onboarding=Strength.OFF),
        rotation=replace(problem.rotation, mode=RotationMode.FREE),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(max_agents=1, max_days=6, max_shifts=2))
def test_one_agent_swept_from_days_off_reaches_the_solver_optimum(problem: Problem):
    problem = _sweepable(problem)
    assume(applies(problem))
    result = solve(problem, EXACT)
    assume(result.status is SolveStatus.OPTIMAL)
    swept = evaluate(problem, _swept(problem, _days_off(problem)))
    assert swept.is_feasible
    assert swept.total == result.objective


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(max_agents=4, max_days=10, max_shifts=3))
def test_a_sweep_never_makes_the_roster_worse(problem: Problem):
    # Each move is priced exactly by the demand the others leave, so the whole roster's cost
    # never rises and no agent breaks more of their own rules.
    _assert_never_worse(_sweepable(problem))


def test_an_agent_fills_what_the_others_leave_and_no_more() -> None:
    # Each day's early shift needs one agent. A1 works days 0 and 1 and is on leave after;
    # A2, swept from nothing, takes days 2 and 3 and leaves A1's days alone (a second agent
    # there would only be surplus).
    problem = make_problem(
        days=4,
        agents=2,
        demand={(day, "E"): 1 for day in range(4)},
        contract=Contract("C", "Any", min_minutes_period=0),
        leave=(Leave("A1", 2, 3),),
    )
    rows: dict[str, list[str | None]] = {"A1": ["E", "E", None, None], "A2": [None] * 4}
    roster = _swept(problem, rows)
    assert [roster.shift_of("A2", day) for day in range(4)] == [None, None, "E", "E"]
    assert evaluate(problem, roster).total == 0


def test_each_agent_ends_on_their_best_row_given_the_others_fair_shares_included():
    # Four days, early and late shifts, fair shares of late duty: after the sweeps, no row of
    # either agent (the other held as swept) scores better in the evaluator, so each re-solve
    # priced coverage, requests and fairness exactly as the evaluator does.
    problem = replace(
        make_problem(
            days=4,
            agents=2,
            demand={(0, "E"): 1, (1, "E"): 2, (1, "L"): 1, (2, "L"): 1, (3, "E"): 1},
            contract=Contract("C", "Any", min_minutes_period=0, max_minutes_period=3 * 450),
        ),
        fairness=Fairness(categories=("late",), weight=40),
    )
    assert applies(problem)
    rows: dict[str, list[str | None]] = {"A1": ["L", "L", "L", None], "A2": [None] * 4}
    swept = _swept_as_reported(problem, rows)
    total = evaluate(problem, swept).total
    for agent in ("A1", "A2"):
        best = min(
            evaluation.total
            for trial in itertools.product((None, "E", "L"), repeat=4)
            if (
                evaluation := evaluate(problem, Roster.from_rows({**rows, agent: list(trial)}))
            ).is_feasible
        )
        assert total == best


def test_each_agent_ends_on_their_best_row_under_intraday_demand():
    # Two-hour intervals over three days, the night shift covering the next morning: after
    # the sweeps no row of either agent scores better in the evaluator, so pricing each shift
    # by the residual intervals it covers is what the evaluator counts.
    # Day 0's night is worth working only for the hours after midnight.
    needs = {(0, 8): 1, (0, 16): 2, (1, 10): 1, (2, 2): 1, (2, 16): 1}
    needs |= {(1, hour): 1 for hour in range(6)}
    problem = replace(
        make_problem(
            days=3,
            agents=2,
            shifts=(EARLY, LATE, NIGHT),
            contract=Contract("C", "Any", min_minutes_period=0),
            weights=Weights(under_coverage=10, over_coverage=3),
        ),
        interval_demand=tuple(
            IntervalRequirement(day, hour * 60, 60, needs.get((day, hour), 0))
            for day in range(3)
            for hour in range(0, 24)
        ),
        fairness=Fairness(categories=("night",), weight=4),
    )
    assert applies(problem) and problem.counts_intervals
    rows: dict[str, list[str | None]] = {"A1": ["E", "E", "E"], "A2": [None] * 3}
    swept = _swept_as_reported(problem, rows)
    total = evaluate(problem, swept).total
    assert total < evaluate(problem, Roster.from_rows({"A1": ["E"] * 3})).total
    for agent in ("A1", "A2"):
        best = min(
            evaluation.total
            for trial in itertools.product((None, "E", "L", "N"), repeat=3)
            if (
                evaluation := evaluate(problem, Roster.from_rows({**rows, agent: list(trial)}))
            ).is_feasible
        )
        assert total == best


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(max_agents=4, max_days=10, max_shifts=3))
def test_a_sweep_with_fair_shares_never_makes_the_roster_worse(problem: Problem):
    _assert_never_worse(replace(_sweepable(problem), fairness=Fairness(weight=2)))


def _assert_never_worse(problem: Problem) -> None:
    assume(applies(problem))
    start = _days_off(problem)
    before = evaluate(problem, Roster.from_rows(start))
    after = evaluate(problem, _swept(problem, {a: list(row) for a, row in start.items()}))
    assert len(after.violations) <= len(before.violations)
    if len(after.violations) == len(before.violations):
        assert after.total <= before.total


def test_no_solve_starts_after_the_deadline_or_beyond_the_budget() -> None:
    problem = make_problem(days=4, agents=2, demand={(day, "E"): 1 for day in range(4)})
    assert applies(problem)
    for limits in ({"deadline": 0.0}, {"budget": 0}):
        rows = _days_off(problem)
        sweep(problem, _alone(problem), rows, **limits)  # type: ignore[arg-type]
        assert rows == _days_off(problem)
    rows = _days_off(problem)
    sweep(problem, _alone(problem), rows, budget=1)
    assert rows["A2"] == [None] * 4  # one solve: A1's row only
    assert rows["A1"] != [None] * 4
