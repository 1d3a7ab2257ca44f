"""Each day's shifts re-solved together: the chains of moves no one agent gains from alone,
the tier rules of the day's crews kept, and never a worse roster by the evaluator."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, assume, given, settings

from scheduler import day_search, heuristic
from scheduler.agent_sweeps import SweepStopped, applies, sweep
from scheduler.domain import (
    ChangeWeights,
    Contract,
    Fairness,
    Problem,
    RequestKind,
    Roster,
    ShiftRequest,
    Strength,
    Tier,
    TierRules,
)
from scheduler.evaluate import evaluate
from scheduler.heuristic import greedy_roster
from scheduler.limits import SearchLimits
from tests.builders import DAY, EARLY, LATE, NIGHT, make_problem
from tests.test_group_search import _searchable
from tests.test_solver_matches_evaluator import problems


def _chain_problem() -> Problem:
    # A1 works early or day shifts, A2 day or late ones; the day shift wants one agent, the
    # late one wants one, the early one none. From A1 early and A2 on the day shift, either
    # moving alone costs the same (a head over moves, or the shortfall does); both moving,
    # A1 to the day shift and A2 to the late one, leave nothing short or over. Both work.
    return make_problem(
        days=1,
        agents=2,
        shifts=(EARLY, DAY, LATE),
        contract=Contract("C", "Any", min_minutes_period=EARLY.paid_minutes),
        demand={(0, "E"): 0, (0, "D"): 1, (0, "L"): 1},
        agent_overrides={
            "A1": {"allowed_shifts": frozenset({"E", "D"})},
            "A2": {"allowed_shifts": frozenset({"D", "L"})},
        },
    )


def test_a_chain_of_moves_no_agent_gains_from_alone_is_found() -> None:
    problem = _chain_problem()
    start = Roster.from_rows({"A1": ["E"], "A2": ["D"]})
    weights = problem.weights
    assert evaluate(problem, start).total == weights.over_coverage + weights.under_coverage
    assert sweep(problem, start) == start
    changes: list[int] = []
    found = day_search.improve(problem, start, on_change=changes.append)
    assert (found.shift_of("A1", 0), found.shift_of("A2", 0)) == ("D", "L")
    assert evaluate(problem, found).total == 0
    assert changes == [-(weights.over_coverage + weights.under_coverage)]


def _chains(days: int) -> Problem:
    """The chain problem of ``_chain_problem`` on each of ``days`` days, both agents at work
    every day."""
    return make_problem(
        days=days,
        agents=2,
        shifts=(EARLY, DAY, LATE),
        contract=Contract(
            "C", "Any", min_minutes_period=days * EARLY.paid_minutes, min_rest_minutes=0
        ),
        demand={(day, code): 1 for day in range(days) for code in ("D", "L")},
        agent_overrides={
            "A1": {"allowed_shifts": frozenset({"E", "D"})},
            "A2": {"allowed_shifts": frozenset({"D", "L"})},
        },
    )


@pytest.mark.parametrize("workers", [1, 2])
def test_days_far_apart_are_solved_together_and_each_kept_in_turn(
    monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    # Four days, each with its chain of moves: two workers solve days 0 and 2, then 1 and 3,
    # each pair against the same roster; one worker solves each day on the roster the day
    # before it left. Either way every day's chain is kept.
    problem = _chains(4)
    start = Roster.from_rows({"A1": ["E"] * 4, "A2": ["D"] * 4})
    assert evaluate(problem, start).is_feasible
    seen: dict[int, Roster] = {}
    solve_day = day_search._best_day

    def recorded(problem: Problem, roster: Roster, day: int, *args: object) -> Roster | None:
        seen.setdefault(day, roster)
        return solve_day(problem, roster, day, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(day_search, "_best_day", recorded)
    found = day_search.improve(problem, start, SearchLimits(workers=workers))
    assert evaluate(problem, found).total == 0
    assert [found.shift_of("A2", day) for day in range(4)] == ["L"] * 4
    together = [seen[0] == seen[2] == start, seen[1] == seen[3]]
    assert together == ([True, True] if workers == 2 else [False, False])


@pytest.mark.parametrize("days", range(1, 40))
def test_days_solved_together_are_never_neighbours_and_every_day_comes_once(days: int) -> None:
    assert day_search._spread(days, 1) == [[day] for day in range(days)]
    for at_once in range(2, days // 2 + 1):
        batches = day_search._spread(days, at_once)
        assert sorted(day for batch in batches for day in batch) == list(range(days))
        for batch in batches:
            assert len(batch) <= at_once
            assert all(abs(one - other) > 1 for one in batch for other in batch if one != other)


def test_a_hard_tier_rule_of_the_days_crews_holds_in_the_days_model() -> None:
    # A2, a junior, would cover the late shift, but no lead or senior may work it (A1, the
    # lead, works early only): with supervision hard the day's model keeps A2 early, where
    # without it A2 moves.
    problem = make_problem(
        days=1,
        agents=2,
        demand={(0, "E"): 1, (0, "L"): 1},
        agent_overrides={
            "A1": {"tier": Tier.TEAM_LEAD, "allowed_shifts": frozenset({"E"})},
            "A2": {"tier": Tier.JUNIOR},
        },
    )
    start = Roster.from_rows({"A1": ["E"], "A2": ["E"]})
    moved = day_search._best_day(problem, start, 0, {}, [])
    assert moved is not None and moved.shift_of("A2", 0) == "L"
    hard = replace(problem, tiers=TierRules(supervision=Strength.HARD))
    assert day_search._best_day(hard, start, 0, {}, []) == start
    assert day_search.improve(hard, start) == start


def test_a_forbidden_succession_with_the_next_day_holds_in_the_days_model() -> None:
    # Day 0 wants a late shift, which A1 would cover, but a late shift may not be followed
    # by the early one A1 works on day 1 (no rest rule to forbid it otherwise).
    late = replace(LATE, not_followed_by=frozenset({"E"}))
    contract = Contract("C", "Any", min_rest_minutes=0)
    start = Roster.from_rows({"A1": ["E", "E"]})
    for shifts, moves in (((EARLY, LATE), True), ((EARLY, late), False)):
        problem = make_problem(
            days=2, agents=1, shifts=shifts, contract=contract, demand={(0, "L"): 1}
        )
        found = day_search._best_day(problem, start, 0, {}, [])
        assert found is not None and (found.shift_of("A1", 0) == "L") is moves


def test_the_days_model_trades_duties_toward_the_fair_shares() -> None:
    # A1 works the three late shifts and A2 the three early ones; each day wants one of
    # each. Fair shares are a late shift and a half each: A1 and A2 swapping on one day
    # costs no coverage and brings both within half a shift of theirs.
    problem = make_problem(
        days=3,
        agents=2,
        contract=Contract("C", "Any", min_minutes_period=3 * EARLY.paid_minutes),
        demand={(day, code): 1 for day in range(3) for code in ("E", "L")},
    )
    problem = replace(problem, fairness=Fairness(categories=("late",), weight=1))
    start = Roster.from_rows({"A1": ["L"] * 3, "A2": ["E"] * 3})
    assert evaluate(problem, start).total == 30
    found = day_search.improve(problem, start)
    assert evaluate(problem, found).total == 10
    assert sorted(found.shift_of("A1", day) for day in range(3)) in (
        ["E", "L", "L"],
        ["E", "E", "L"],
    )


def test_a_replan_moves_no_shift_whose_change_costs_more_than_it_gains() -> None:
    # A1, published on the early shift, wants the day shift (50): in a re-plan the move
    # is worth it at 30 a move, not at 60.
    start = Roster.from_rows({"A1": ["E"]})
    want = ShiftRequest("A1", 0, "D", RequestKind.WANT, 50)
    requests = {("A1", 0): [want]}
    for move, moves in ((30, True), (60, False)):
        problem = make_problem(days=1, agents=1, shifts=(EARLY, DAY), requests=(want,))
        weights = ChangeWeights(move=move, urgent_extra=0)
        problem = replace(problem, published=start, change_weights=weights)
        found = day_search._best_day(problem, start, 0, requests, [])
        assert found is not None and (found.shift_of("A1", 0) == "D") is moves


def test_an_agent_whose_new_shift_breaks_a_rule_over_days_keeps_theirs_and_the_rest_move() -> None:
    # Day 0 wants a late and a night shift, and has two early agents over. The day's model
    # sends A1 to the night and A2 to the late shift, but two days off must follow a night
    # and A1 works on day 2: that day's roster breaks the rule. Solved again with A1 kept
    # early, A2 alone moves, and the shortfall on the late shift is gone.
    problem = make_problem(
        days=3,
        agents=2,
        shifts=(EARLY, LATE, NIGHT),
        contract=Contract("C", "Any", days_off_after_nights=2),
        demand={(0, "E"): 0, (0, "L"): 1, (0, "N"): 1},
        agent_overrides={
            "A1": {"allowed_shifts": frozenset({"E", "N"})},
            "A2": {"allowed_shifts": frozenset({"E", "L"})},
        },
    )
    start = Roster.from_rows({"A1": ["E", None, "E"], "A2": ["E", None, None]})
    assert evaluate(problem, start).is_feasible
    moved = day_search._best_day(problem, start, 0, {}, [])
    assert moved is not None and not evaluate(problem, moved).is_feasible
    found = day_search.improve(problem, start)
    assert (found.shift_of("A1", 0), found.shift_of("A2", 0)) == ("E", "L")
    assert evaluate(problem, found).total == evaluate(problem, start).total - 110


def test_ctrl_c_keeps_the_roster_reached_whenever_it_comes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Stopped in a day's solve the day search raises the roster it had; stopped in the
    # evaluation before its first day (called from the swept roster's rounds), the swept
    # roster, not the roster the search began from.
    problem = _chain_problem()
    start = Roster.from_rows({"A1": ["E"], "A2": ["D"]})

    def interrupted(*args: object) -> object:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(day_search, "_best_day", interrupted)
        with pytest.raises(SweepStopped) as stopped:
            day_search.improve(problem, start)
    assert stopped.value.roster == start
    swept = Roster.from_rows({"A1": ["D"], "A2": ["D"]})
    monkeypatch.setattr(heuristic, "sweep", lambda *args, **kwargs: swept)
    monkeypatch.setattr(heuristic, "linked_by_heads_alone", lambda problem: False)
    monkeypatch.setattr(day_search, "evaluate", interrupted)
    with pytest.raises(SweepStopped) as stopped:
        heuristic.swept_roster(problem, start)
    assert stopped.value.roster == swept


def test_a_budget_too_small_for_one_day_changes_nothing() -> None:
    problem = _chain_problem()
    start = Roster.from_rows({"A1": ["E"], "A2": ["D"]})
    short, enough = (SearchLimits(budget=day_search.DAY_SOLVES + n) for n in (-1, 0))
    assert day_search.improve(problem, start, short) == start
    assert day_search.improve(problem, start, enough) != start


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(max_agents=5, max_days=6, max_shifts=3))
def test_the_roster_is_never_worse_and_keeps_the_hard_rules(problem: Problem) -> None:
    """Every kind of demand, tier rule, training session and own rule the generator draws:
    the evaluator judges each day, so what comes back is never worse than what went in."""
    problem = _searchable(problem)
    assume(applies(problem))
    start = greedy_roster(problem)
    before = evaluate(problem, start)
    assume(before.is_feasible)
    after = evaluate(problem, day_search.improve(problem, start))
    assert after.is_feasible
    assert after.total <= before.total
