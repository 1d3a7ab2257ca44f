"""The coverage relaxation: never above what a roster keeping the hard rules costs, exact
where the rules it keeps decide the cost, and reported by the solver from its first seconds."""

from __future__ import annotations

import importlib
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, assume, given, settings

from scheduler.agent_prices import Floor
from scheduler.coverage_bound import Relaxation, coverage_bound, coverage_relaxation
from scheduler.domain import Contract, Leave, Problem, Roster, Tier, TierRules, Weights
from scheduler.example import build_example
from scheduler.solve import EvaluationMismatch, SolveOptions, solve
from tests.builders import EARLY, LATE, make_problem
from tests.test_column_generation import _optimum
from tests.test_solver_matches_evaluator import problems

# The module, not the function ``scheduler`` exports under the same name.
solve_module = importlib.import_module("scheduler.solve")


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(max_agents=4, max_days=7, max_shifts=3))
def test_the_bound_is_never_above_the_optimum(problem: Problem) -> None:
    """Every kind of demand (shifts, intervals, queues, calls, hundredths of a head with
    QA, onboarding and training sessions) and every hard rule the relaxation sums."""
    bound = coverage_bound(problem)
    optimum = _optimum(problem)
    assume(optimum is not None)
    assert bound is None or 0 <= bound <= optimum


def test_a_shortfall_no_one_can_fill_is_proven() -> None:
    # Two agents, but three wanted on each early shift: one short every day at best.
    problem = make_problem(days=3, agents=2, demand={(d, "E"): 3 for d in range(3)})
    assert coverage_bound(problem) == 3 * problem.weights.under_coverage


def test_a_head_more_on_a_shift_short_whoever_works_is_worth_its_shortfall() -> None:
    # The prices column generation starts from: with three wanted and two agents, one more
    # head on any early shift saves a head short, and one on a late shift (none wanted)
    # adds one over.
    problem = make_problem(days=3, agents=2, demand={(d, "E"): 3 for d in range(3)})
    relaxation = coverage_relaxation(problem)
    assert relaxation is not None
    assert relaxation.bound == coverage_bound(problem)
    weights = problem.weights
    items = Floor(problem, Roster(frozenset())).demand()
    expected = [
        weights.under_coverage if item.shift == "E" else -weights.over_coverage for item, _ in items
    ]
    assert list(relaxation.prices) == expected
    assert len(expected) == 6


def test_hours_worked_before_the_period_cut_only_their_agents_first_week() -> None:
    # From a Tuesday, two agents alike but for A1's 900 minutes worked on the Monday, all a
    # week's maximum allows: A2 alone covers both wanted shifts, so the bound is 0, not one
    # that gave A2 A1's cut maximum too. Without A2, both would be short.
    contract = Contract("C", "Any", max_minutes_week=900)
    problem = make_problem(
        days=3,
        agents=2,
        contract=contract,
        demand={(1, "E"): 1, (2, "E"): 1},
        start=date(2026, 12, 8),
        agent_overrides={"A1": {"minutes_before": 900}},
    )
    assert coverage_bound(problem) == 0
    alone = replace(problem, agents=problem.agents[:1])
    assert coverage_bound(alone) == 2 * problem.weights.under_coverage


def test_leave_takes_an_agent_off_the_count() -> None:
    problem = make_problem(
        days=3,
        agents=2,
        demand={(d, "E"): 2 for d in range(3)},
        leave=(Leave("A1", 1, 2),),
    )
    assert coverage_bound(problem) == 2 * problem.weights.under_coverage


def test_contract_hours_force_a_surplus() -> None:
    # Each agent must work two shifts a week; one agent wanted on each of 3 days:
    # four shifts cover three, so one is over at least.
    contract = Contract("C", "Any", min_minutes_week=2 * EARLY.paid_minutes)
    problem = make_problem(
        days=7,
        agents=2,
        contract=contract,
        demand={(d, code): int(d < 3 and code == "E") for d in range(7) for code in "EL"},
        weights=Weights(under_coverage=100, over_coverage=7),
    )
    assert coverage_bound(problem) == 7


def test_rest_between_a_late_and_an_early_is_kept() -> None:
    # One agent, a late wanted on day 0 and an early on day 1: 11 hours' rest forbids both.
    contract = Contract("C", "Any", min_rest_minutes=11 * 60)
    problem = make_problem(days=2, agents=1, contract=contract, demand={(0, "L"): 1, (1, "E"): 1})
    assert (EARLY.start_minute + 24 * 60) - (LATE.start_minute + LATE.duration_minutes) < 660
    assert coverage_bound(problem) == problem.weights.under_coverage


def test_runs_of_work_and_of_days_off_limit_the_days_worked() -> None:
    # At most 2 days in a row, days off at least 2 in a row: 3 of 5 days at most (work,
    # work, off, off, work), where the limit on runs alone would allow 10/3 of them.
    contract = Contract("C", "Any", max_consecutive_days=2, min_consecutive_days_off=2)
    problem = make_problem(
        days=5, agents=1, contract=contract, demand={(d, "E"): 1 for d in range(5)}
    )
    assert coverage_bound(problem) == 2 * problem.weights.under_coverage == _optimum(problem)


def test_part_time_on_the_phones_never_overstates_the_bound() -> None:
    """A QA agent half on the phones: the shortfall of half a head costs a whole one by the
    rule (rounded up), and the relaxation prices at most that."""
    problem = make_problem(
        days=1,
        agents=1,
        demand={(0, "E"): 1},
        agent_overrides={"A1": {"tier": Tier.QA}},
    )
    problem = replace(problem, tiers=TierRules(off_phone_percent=((Tier.QA, 50),)))
    optimum = _optimum(problem)
    bound = coverage_bound(problem)
    assert optimum == problem.weights.under_coverage
    assert bound is not None and 0 < bound <= optimum


def test_large_relaxations_are_not_built() -> None:
    # Three hundred agents, each with a contract of their own, over a year: far too many
    # counts to be quick (the year-long benchmark took minutes only to build).
    problem = make_problem(days=364, agents=1, demand={(d, "E"): 1 for d in range(364)})
    contracts = tuple(Contract(f"C{i}", "Own", max_consecutive_days=5 + i % 2) for i in range(300))
    agents = tuple(replace(problem.agents[0], id=f"A{i}", contract_id=f"C{i}") for i in range(300))
    assert coverage_bound(replace(problem, contracts=contracts, agents=agents)) is None
    assert coverage_bound(problem) == 0


def test_the_solver_reports_the_bound_when_cp_sat_has_not_reached_it() -> None:
    problem = build_example()
    bound = coverage_bound(problem)
    assert bound is not None and bound > 0
    result = solve(problem, SolveOptions(time_limit=4, workers=1))
    assert result.best_bound is not None and result.best_bound >= bound
    assert result.objective is not None and result.objective >= bound


def test_a_bound_above_a_roster_is_a_bug_not_a_result(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = build_example()
    monkeypatch.setattr(solve_module, "coverage_relaxation", lambda *_: Relaxation(10**9, (), ()))
    with pytest.raises(EvaluationMismatch, match="proven outside CP-SAT"):
        solve(problem, SolveOptions(time_limit=4, workers=1, deterministic=True))


def test_no_relaxation_bound_when_hard_rules_may_break(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = build_example()
    monkeypatch.setattr(solve_module, "coverage_relaxation", lambda *_: Relaxation(10**9, (), ()))
    result = solve(problem, SolveOptions(time_limit=4, workers=1, soften=True))
    assert result.best_bound is not None and result.best_bound < 10**9
