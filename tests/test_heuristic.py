"""The constructive roster used as a solution hint."""

import time
from dataclasses import replace
from typing import Any

import pytest

from scheduler import agent_sweeps
from scheduler.domain import (
    Contract,
    Leave,
    Rotation,
    RotationMode,
    RuleFamily,
)
from scheduler.evaluate import evaluate
from scheduler.example import build_example
from scheduler.heuristic import greedy_roster, swept_roster
from scheduler.progress import Progress
from scheduler.solve import SolveOptions, _SweepProgress, solve
from tests.builders import DAY, EARLY, LATE, NIGHT, make_problem


def test_the_example_gets_a_roster_without_hard_violations():
    problem = build_example()
    evaluation = evaluate(problem, greedy_roster(problem))
    assert evaluation.violations == ()
    # It covers most of the demand: fewer than 150 missing agents out of 924 required.
    missing = sum(p.amount for p in evaluation.penalties if p.detail == "under")
    assert missing < 150


def test_minimums_are_topped_up_even_where_demand_is_zero():
    # Nobody is needed, but the contract requires two shifts in the week.
    contract = Contract("C", "Any", min_minutes_week=900, min_consecutive_days_off=2)
    problem = make_problem(days=7, agents=2, contract=contract, leave=(Leave("A1", 0, 1),))
    roster = greedy_roster(problem)
    assert evaluate(problem, roster).violations == ()
    assert sum(roster.works("A2", d) for d in range(7)) >= 2


def test_the_solver_starts_from_the_hint_and_never_does_worse():
    problem = make_problem(
        days=14,
        agents=8,
        shifts=(EARLY, DAY, LATE, NIGHT),
        demand={(d, s): 1 + d % 2 for d in range(14) for s in "EDLN"},
        contract=Contract(
            "C",
            "Any",
            max_minutes_week=2400,
            max_consecutive_days=5,
            min_consecutive_days_off=2,
            min_rest_minutes=660,
        ),
    )
    hint = evaluate(problem, greedy_roster(problem))
    assert hint.violations == ()
    seen = []
    result = solve(problem, SolveOptions(time_limit=5, workers=2), on_progress=seen.append)
    first = next(p.objective for p in seen if p.objective is not None)
    assert first <= hint.total
    assert result.objective is not None and result.objective <= hint.total


@pytest.mark.parametrize("mode", [RotationMode.WEEKLY_BLOCKS, RotationMode.CYCLIC])
def test_the_constructive_roster_keeps_to_the_rotation_where_nothing_forces_a_break(mode):
    every_day = {(day, code): 1 for day in range(28) for code in ("E", "L")}
    problem = replace(
        make_problem(days=28, agents=4, demand=every_day),
        rotation=Rotation(mode, weight=5),
    )
    evaluation = evaluate(problem, greedy_roster(problem))
    assert evaluation.is_feasible
    assert evaluation.cost_by_family()[RuleFamily.ROTATION_BREAKS] == 0
    assert evaluation.cost_by_family()[RuleFamily.COVERAGE] == 0


def test_a_clean_constructive_roster_is_kept_when_cp_sat_finds_none_in_time():
    problem = build_example()
    constructed = greedy_roster(problem)
    # A deterministic limit too small for CP-SAT to get through presolve, and which allows
    # the sweeps one agent's solve.
    swept = swept_roster(problem, constructed, budget=1)
    events = []
    result = solve(problem, SolveOptions(0.001, 2, deterministic=True), events.append)
    assert result.status.value == "feasible"
    assert result.roster == swept
    assert result.objective == evaluate(problem, swept).total
    assert result.evaluation is not None and result.evaluation.is_feasible
    # The constructive roster is reported first, before the sweeps and CP-SAT; the swept
    # one, cheaper, second.
    assert events[0].solutions == 1
    assert events[0].objective == evaluate(problem, constructed).total
    assert events[1].solutions == 2 and events[1].objective == result.objective
    assert events[1].objective < events[0].objective


@pytest.mark.parametrize("solves", [0, 1])
def test_ctrl_c_during_the_sweeps_keeps_the_roster_they_reached(
    monkeypatch: pytest.MonkeyPatch, solves: int
):
    problem = build_example()
    constructed = greedy_roster(problem)
    reached = swept_roster(problem, constructed, budget=solves)
    real_best_row = agent_sweeps._best_row
    done = 0

    def interrupted(*arguments: Any) -> object:
        # Ctrl-C arrives during the agent solve after ``solves`` of them.
        nonlocal done
        if done == solves:
            raise KeyboardInterrupt
        done += 1
        return real_best_row(*arguments)

    monkeypatch.setattr(agent_sweeps, "_best_row", interrupted)
    result = solve(problem, SolveOptions(60, 2))
    assert result.status.value == "feasible"
    assert result.roster == reached
    assert (reached == constructed) == (solves == 0)
    assert result.evaluation is not None and result.evaluation.is_feasible
    assert result.objective == evaluate(problem, reached).total


def test_the_sweeps_running_total_is_reported_at_most_once_a_second(
    monkeypatch: pytest.MonkeyPatch,
):
    clock = iter([10.4, 10.9, 11.6, 11.7])
    monkeypatch.setattr(time, "monotonic", lambda: next(clock))
    events: list[Progress] = []
    progress = _SweepProgress(events.append, 10.0, 500)
    for change in (-10, -20, -30, -40):  # at 10.4, 10.9, 11.6 and 11.7 s
        progress(change)
    # 10.4 and 10.9 are within a second of the start, 11.7 within one of the report at 11.6.
    assert [(e.elapsed, e.solutions, e.objective) for e in events] == [(pytest.approx(1.6), 2, 440)]
    assert progress.total == 400 and progress.found == 2
