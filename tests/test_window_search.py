"""Re-solves of a few days together: everything outside the window stays as it was, a kept
window lowers the cost by what the evaluator finds, and CP-SAT's hint is the roster kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from ortools.sat.python import cp_model

from scheduler import window_search
from scheduler.domain import Problem, Roster
from scheduler.evaluate import Evaluation, evaluate
from scheduler.example import build_hotline, build_skilled_hotline
from scheduler.heuristic import greedy_roster
from scheduler.model import RosterModel, build_model
from scheduler.solve import SolveOptions, _hint, solve
from tests.builders import make_problem
from tests.test_solver_matches_evaluator import problems


def _improve(
    problem: Problem, roster: Roster, windows: int, seed: int = 0
) -> tuple[RosterModel, tuple[Roster, Evaluation], list[int]]:
    built = build_model(problem)
    _hint(built, roster)
    kept: list[int] = []
    found = window_search.improve(
        problem,
        built,
        roster,
        evaluate(problem, roster),
        deadline=None,
        windows=windows,
        seed=seed,
        on_better=lambda _, evaluation: kept.append(evaluation.total),
    )
    return built, found, kept


def _hinted(built: RosterModel) -> Roster:
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.num_workers = 1
    assert solver.solve(built.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return built.roster(solver)


def test_one_window_fills_its_days_and_leaves_the_others_alone() -> None:
    # Every day's early shift needs one agent and nobody works: a window of five days fills
    # exactly those five, and the model's hint is the roster it kept.
    problem = make_problem(days=14, agents=3, demand={(day, "E"): 1 for day in range(14)})
    empty = Roster(frozenset())
    before = evaluate(problem, empty)
    built, (roster, evaluation), kept = _improve(problem, empty, windows=1)
    worked = sorted({a.day for a in roster.assignments})
    assert len(worked) == window_search.WINDOW_DAYS
    assert worked == list(range(worked[0], worked[0] + window_search.WINDOW_DAYS))
    assert evaluation == evaluate(problem, roster)
    assert evaluation.is_feasible
    assert before.total - evaluation.total == 5 * problem.weights.under_coverage
    assert kept == [evaluation.total]
    assert _hinted(built) == roster


def test_the_same_seed_draws_the_same_windows() -> None:
    problem = make_problem(days=21, agents=4, demand={(day, "L"): 2 for day in range(21)})
    empty = Roster(frozenset())
    _, (first, _), _ = _improve(problem, empty, windows=3, seed=5)
    _, (again, _), _ = _improve(problem, empty, windows=3, seed=5)
    assert first == again


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(max_agents=4, max_days=10, max_shifts=3))
def test_a_window_never_makes_the_roster_worse_or_breaks_a_rule(problem: Problem) -> None:
    # Any rule the problem states, across the window's edges too: the model holds them, and
    # the evaluator's verdict on the kept roster is the one reported.
    start = greedy_roster(problem)
    before = evaluate(problem, start)
    assume(before.is_feasible)
    built, (roster, evaluation), kept = _improve(problem, start, windows=3)
    assert evaluation == evaluate(problem, roster)
    assert evaluation.is_feasible
    assert evaluation.total <= before.total
    assert kept == sorted(kept, reverse=True)
    # A solved roster also lists named attendees' seats, which the constructive one leaves
    # implicit: the same roster either way.
    hinted = _hinted(built)
    assert hinted.assignments == roster.assignments
    assert evaluate(problem, hinted) == evaluation


def test_windows_apply_to_large_rosters_linked_by_whole_heads_alone() -> None:
    # 60 agents x 28 days x 6 shift types is 10,080 cells; 59 make 9,912.
    assert window_search.applies(build_hotline(60, shift_types=6))
    assert not window_search.applies(build_hotline(59, shift_types=6))
    # Tier rules and queues counted one by one: CP-SAT's own search does better there.
    assert not window_search.applies(build_skilled_hotline(60))


# Deterministic: the 60-agent pooled hotline (10,080 cells) gets one window.
QUICK = SolveOptions(time_limit=2, workers=1, deterministic=True)


def _wrap_windows(
    monkeypatch: pytest.MonkeyPatch, wrapper: Callable[..., tuple[Roster, Evaluation]]
) -> Callable[..., tuple[Roster, Evaluation]]:
    """Put ``wrapper`` in the solve's way to the windows; returns the real search."""
    improve = window_search.improve
    monkeypatch.setattr(window_search, "improve", wrapper)
    return improve


def test_the_solve_runs_windows_on_large_pooled_rosters_and_keeps_what_they_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    found: list[int] = []

    def recorded(*args: Any, **kwargs: Any) -> tuple[Roster, Evaluation]:
        roster, evaluation = improve(*args, **kwargs)
        found.append(evaluation.total)
        return roster, evaluation

    improve = _wrap_windows(monkeypatch, recorded)
    result = solve(build_hotline(60, shift_types=6), QUICK)
    assert len(found) == 1
    assert result.objective is not None and result.objective <= found[0]
    solve(make_problem(demand={(0, "E"): 1}), QUICK)  # a small roster: no windows
    assert len(found) == 1


def test_ctrl_c_during_the_windows_keeps_the_last_roster_they_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    heard: list[Evaluation] = []

    def stopped(*args: Any, **kwargs: Any) -> tuple[Roster, Evaluation]:
        def hear(roster: Roster, evaluation: Evaluation) -> None:
            heard.append(evaluation)
            kwargs["on_better"](roster, evaluation)
            raise KeyboardInterrupt  # the user stops right after the first kept window

        return improve(*args, **{**kwargs, "on_better": hear})

    improve = _wrap_windows(monkeypatch, stopped)
    result = solve(build_hotline(60, shift_types=6), QUICK)
    assert len(heard) == 1
    assert result.evaluation == heard[0]
    assert result.objective == heard[0].total
