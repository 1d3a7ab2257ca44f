"""Column generation: its bound holds below every roster, and the rows it finds combine into
rosters the evaluator finds no worse."""

from __future__ import annotations

import importlib
import math
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from ortools.sat.python import cp_model

from scheduler import column_generation
from scheduler.agent_sweeps import linked_by_heads_alone, sweep
from scheduler.column_generation import (
    MIN_ROUNDS,
    TAIL,
    TAIL_ROUNDS,
    Outcome,
    generate,
    tailing_off,
)
from scheduler.coverage_bound import coverage_bound
from scheduler.domain import (
    Contract,
    IntervalRequirement,
    Problem,
    Roster,
    Tier,
    TierRules,
)
from scheduler.evaluate import evaluate
from scheduler.example import build_hotline, build_skilled_hotline
from scheduler.group_search import applies
from scheduler.heuristic import greedy_roster
from scheduler.limits import SearchLimits
from scheduler.model import build_model
from scheduler.progress import Progress
from scheduler.solve import EvaluationMismatch, SolveOptions, SolveStatus, solve
from tests.builders import EARLY, make_problem
from tests.test_group_search import _searchable, _swap_problem
from tests.test_solver_matches_evaluator import problems

CURTOIS = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "curtois"


def _optimal(problem: Problem) -> tuple[Roster, int] | None:
    """An optimal roster by the whole model and its cost, or ``None`` when CP-SAT proves
    none in its limit."""
    built = build_model(problem)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = 20
    if solver.solve(built.model) != cp_model.OPTIMAL:
        return None
    return built.roster(solver), round(solver.objective_value)


def _optimum(problem: Problem) -> int | None:
    """The optimum by the whole model, or ``None`` when CP-SAT proves none in its limit."""
    found = _optimal(problem)
    return None if found is None else found[1]


def _swept(problem: Problem) -> tuple[Problem, Roster]:
    """A drawn problem the searches apply to, and its swept roster, which must keep every
    hard rule (else the example is left out)."""
    problem = _searchable(problem)
    assume(applies(problem, size=1))
    start = sweep(problem, greedy_roster(problem))
    assume(evaluate(problem, start).is_feasible)
    return problem, start


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(max_agents=4, max_days=6, max_shifts=3))
def test_the_bound_is_never_above_the_optimum_and_the_roster_never_worse(
    problem: Problem,
) -> None:
    problem, start = _swept(problem)
    # With a deadline, as a solve runs it: the settled search follows the rounds.
    outcome = generate(problem, start, SearchLimits(time.monotonic() + 60))
    optimum = _optimum(problem)
    assume(optimum is not None)
    assert outcome.bound is not None
    assert outcome.bound <= optimum
    if outcome.searched is not None:
        searched = evaluate(problem, outcome.searched)
        assert searched.is_feasible and searched.total >= optimum
    # Its first round prices at the coverage relaxation's duals, where each agent's own rules
    # can only add to that relaxation's bound (less the rounding of prices to integers).
    relaxed = coverage_bound(problem)
    assert relaxed is None or outcome.bound >= relaxed - 1
    after = evaluate(problem, outcome.roster)
    assert after.is_feasible
    assert outcome.bound <= after.total
    # The rounds for the bound alone (beside CP-SAT) prove rising bounds, none above it.
    bounds: list[int] = []
    column_generation.prove(problem, start, time.monotonic() + 10, threading.Event(), bounds.append)
    assert bounds and bounds == sorted(bounds) and bounds[-1] <= optimum


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(max_agents=4, max_days=6, max_shifts=3))
def test_a_rounded_roster_costs_what_the_rounding_says_and_no_less_than_the_optimum(
    problem: Problem,
) -> None:
    problem, start = _swept(problem)
    heard: list[int] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(column_generation, "rounds_well", lambda *_: True)
        outcome = generate(
            problem, start, SearchLimits(time.monotonic() + 60), None, 1, heard.append
        )
    optimum = _optimum(problem)
    assume(optimum is not None and outcome.searched is not None)
    rounded = evaluate(problem, outcome.searched)
    assert rounded.is_feasible and rounded.total >= optimum
    assert heard[-1] == rounded.total <= evaluate(problem, start).total


def test_the_rounds_for_the_bound_alone_stop_after_the_rounds_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Beside the day search the solve asks for one round (``solve.LINKED_BOUND_ROUNDS``).
    problem = _swap_problem()
    start = greedy_roster(problem)
    priced: list[int] = []
    price = column_generation._Search._price

    def counted(search: Any, *args: Any, **kwargs: Any) -> Any:
        priced.append(search.done)
        return price(search, *args, **kwargs)

    monkeypatch.setattr(column_generation._Search, "_price", counted)
    rounds = []
    for asked in (None, 1):
        priced.clear()
        bounds: list[int] = []
        deadline = time.monotonic() + 10
        column_generation.prove(
            problem, start, deadline, threading.Event(), bounds.append, rounds=asked
        )
        rounds.append(len(priced))
        assert bounds
    assert rounds[0] > 1 and rounds[1] == 1


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(max_agents=4, max_days=6, max_shifts=3))
def test_rows_prove_a_bound_whatever_else_links_agents(problem: Problem) -> None:
    """Tier rules, agents part-time on the phones, training sessions, calls: the master
    counts supply in the demand's own units, leaves out the rules linking agents beyond
    coverage, and every bound it proves is still below the optimum."""
    problem = _searchable(problem)
    assume(column_generation.proves_beside(problem) and not linked_by_heads_alone(problem))
    start = greedy_roster(problem)
    assume(evaluate(problem, start).is_feasible)
    optimum = _optimum(problem)
    assume(optimum is not None)
    bounds: list[int] = []
    column_generation.prove(problem, start, time.monotonic() + 10, threading.Event(), bounds.append)
    assert bounds and bounds == sorted(bounds) and bounds[-1] <= optimum


def _master(problem: Problem) -> tuple[Any, ...]:
    """A drawn problem's master over its constructive roster's rows, with what it was built
    from (``column_generation._start``); the example is left out where that roster breaks
    a hard rule."""
    problem = _searchable(problem)
    assume(column_generation.proves_beside(problem))
    roster = greedy_roster(problem)
    # The pool judges each row by the agent's own rules, which leave out a named attendee's
    # session: a drawn attendee who can never attend (on leave for it) got a master no row
    # could price (hypothesis found one).
    assume(evaluate(problem, roster).is_feasible)
    started = column_generation._start(problem, roster, None, None)
    assume(started is not None)
    assert started is not None
    return problem, *started


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(max_agents=4, max_days=6, max_shifts=3))
def test_a_master_of_one_row_per_agent_costs_their_rows_and_each_items_cover(
    problem: Problem,
) -> None:
    """The master prices a group of items alike by segments of their summed cost; over one
    row per agent it must cost what each item's supply costs alone: a unit short at
    ``under``, a unit over at ``over`` from where the whole units pass the requirement, and
    where part units are counted, all units only from ``unit - step`` beyond it (nothing
    over where a training session may cut the supply)."""
    problem, floor, master, *_ = _master(problem)
    assert master.duals() is not None
    demand = master.demand
    whole, part = [0] * len(demand), [0] * len(demand)
    for column in master.columns:
        for key, units in column.items.items():
            (whole if key < len(demand) else part)[key % len(demand)] += units
    cut = floor.cut_by_training()
    cover = 0.0
    for index, (item, step) in enumerate(
        zip(demand, column_generation._steps(floor, demand), strict=True)
    ):
        supplied = whole[index] + part[index]
        whole_most = -(-item.required // item.unit) * item.unit
        over = max(whole[index] - whole_most, 0)
        if step < item.unit:
            over = max(over, supplied - (item.required + item.unit - step))
        surplus = 0 if index in cut else item.over * over
        cover += (item.under * max(item.priced - supplied, 0) + surplus) / item.unit
    own = sum(column.cost for column in master.columns)
    assert master.cost == pytest.approx(own + cover)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(max_agents=4, max_days=6, max_shifts=3))
def test_converged_rounds_prove_what_the_relaxation_costs(problem: Problem) -> None:
    """A group's dual is shared among its items at their own slopes (``_Master._split``):
    the bound of converged rounds is then the relaxation's cost, less the rounding of prices
    to integers (half a unit a day that the bound allows for, and as much again that it
    may find in an agent's cheapest row), where an even share would fall short wherever
    some of a group's items are short and others over."""
    problem, floor, master, models, rows, *_ = _master(problem)
    search = column_generation._Search(problem, floor, master, models, rows, None, None, None)
    bound = search.converge(track_bound=True)
    assert search.converged and bound is not None
    assert master.duals() is not None
    rounding = len(problem.agents) * problem.period.days / column_generation.SCALE
    assert bound >= master.cost - rounding - 1e-6


def test_a_group_of_items_one_short_one_over_proves_what_both_cost() -> None:
    """The early shift alone covers 07:00 (nobody needed) and 10:00 (two needed): one group
    to the master, which the one agent, who must work it, leaves a head over and a head
    short. The group's dual is the sum of the two slopes; shared evenly, neither item's
    share would price its own head, and the bound would fall short of the roster's cost."""
    problem = make_problem(
        days=1,
        agents=1,
        shifts=(EARLY,),
        contract=Contract("C", "Any", min_minutes_period=EARLY.paid_minutes),
    )
    problem = replace(
        problem,
        interval_demand=(
            IntervalRequirement(0, 7 * 60, 60, 0),
            IntervalRequirement(0, 10 * 60, 60, 2),
        ),
    )
    start = Roster.from_rows({"A1": ["E"]})
    cost = evaluate(problem, start).total
    assert cost == problem.weights.under_coverage + problem.weights.over_coverage
    started = column_generation._start(problem, start, None, None)
    assert started is not None
    floor, master, models, rows, *_ = started
    assert [group.items for group in master._groups] == [[0, 1]]
    search = column_generation._Search(problem, floor, master, models, rows, None, None, None)
    bound = search.converge(track_bound=True)
    assert bound is not None and math.ceil(bound - column_generation.EPSILON) == cost


def test_half_a_head_over_is_no_surplus_in_the_rows_bound() -> None:
    """An agent and a QA agent half on the phones must both work the one early shift, which
    wants one head: they supply it 150 hundredths, half a head over, which the rule rounds
    down to none. The rows prove what it costs, nothing, not half a head's surplus."""
    problem = make_problem(
        days=1,
        agents=2,
        shifts=(EARLY,),
        contract=Contract("C", "Any", min_minutes_period=EARLY.paid_minutes),
        demand={(0, "E"): 1},
        agent_overrides={"A2": {"tier": Tier.QA}},
    )
    problem = replace(problem, tiers=TierRules(off_phone_percent=((Tier.QA, 50),)))
    start = Roster.from_rows({"A1": ["E"], "A2": ["E"]})
    assert evaluate(problem, start).total == 0
    bounds: list[int] = []
    column_generation.prove(problem, start, time.monotonic() + 10, threading.Event(), bounds.append)
    assert bounds == [0]


def test_two_agents_swap_and_the_bound_proves_it_optimal() -> None:
    # Neither A1 nor A2 may switch alone (the shift they leave goes short); the master's
    # rows combine into the swap, and the relaxation proves nothing is cheaper.
    problem = _swap_problem()
    start = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})
    assert evaluate(problem, start).total == 30
    outcome = generate(problem, start)
    assert [outcome.roster.shift_of("A1", day) for day in range(3)] == ["L"] * 3
    assert [outcome.roster.shift_of("A2", day) for day in range(3)] == ["E"] * 3
    assert evaluate(problem, outcome.roster).total == 0
    assert outcome.bound == 0


def test_a_budget_too_small_for_enough_rounds_keeps_the_roster() -> None:
    # A budget that cannot hold MIN_ROUNDS rounds of every agent stops before pricing
    # anyone: the rows of an unconverged master combine into poor rosters.
    problem = _swap_problem()
    start = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})
    needed = MIN_ROUNDS * len(problem.agents)
    outcome = generate(problem, start, SearchLimits(budget=needed - 1))
    assert (outcome.roster, outcome.bound) == (start, None)
    outcome = generate(problem, start, SearchLimits(budget=needed))
    assert evaluate(problem, outcome.roster).total == 0
    assert outcome.bound == 0


def _slowed_generate(problem: Problem, start: Roster, relaxed: bool) -> tuple[Outcome, int]:
    """``generate`` with a deadline a second away and each agent's solve slowed to 20 ms,
    with or without the coverage relaxation's prices; the outcome and the solves made."""
    solves = []
    real = column_generation.cheapest_row

    def slowed(*args: object, **kwargs: object) -> object:
        solves.append(1)
        time.sleep(0.02)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(column_generation, "cheapest_row", slowed)
        if not relaxed:
            patch.setattr(column_generation, "_relaxed_prices", lambda *args: None)
        outcome = generate(problem, start, SearchLimits(time.monotonic() + 1.0))
    return outcome, len(solves)


def test_a_first_round_too_slow_for_the_deadline_is_cut_short() -> None:
    # MIN_ROUNDS rounds of three agents' 20 ms solves (3.6 s) cannot fit in the second: at the
    # master's own duals the first agent's solve shows it, and no second agent is priced.
    problem = _swap_problem()
    start = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})
    outcome, solves = _slowed_generate(problem, start, relaxed=False)
    assert (outcome.roster, outcome.bound) == (start, None)
    assert solves == 1


def test_a_slow_first_round_at_the_relaxations_prices_is_finished_for_its_bound() -> None:
    # At the coverage relaxation's prices the same round goes on to every agent, proves its
    # bound (the swap problem's optimum, 0), and the search stops there.
    problem = _swap_problem()
    start = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})
    outcome, solves = _slowed_generate(problem, start, relaxed=True)
    assert solves == len(problem.agents)
    assert outcome.roster == start
    assert outcome.bound == 0


def test_pricing_for_the_bound_resumes_a_search_cut_short_with_its_rows() -> None:
    # The first round gave up after one agent's solve; resumed beside CP-SAT on the same
    # master, the rounds go on to the swap problem's optimum, 0.
    problem = _swap_problem()
    start = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})
    outcome, _ = _slowed_generate(problem, start, relaxed=False)
    assert outcome.pool is not None and outcome.bound is None and not outcome.converged
    bounds: list[int] = []
    stop = threading.Event()
    column_generation.prove(problem, start, time.monotonic() + 10, stop, bounds.append, outcome)
    assert bounds[-1] == 0


def test_a_stop_asked_from_another_thread_ends_the_search() -> None:
    problem = _swap_problem()
    start = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})
    stop = threading.Event()
    stop.set()
    outcome = generate(problem, start, stop=stop)
    assert (outcome.roster, outcome.bound) == (start, None)


def test_another_roster_merged_with_the_rows_found_takes_the_cheaper_rows() -> None:
    # The draws' roster, here the start, keeps its rows where the pool has none cheaper:
    # A3 (no shift allowed) stays off, and A1 and A2 take the swapped rows the pool found.
    problem = _swap_problem()
    start = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})
    pool = generate(problem, start).pool
    assert pool is not None
    merged = pool.merged(start)
    assert evaluate(problem, merged).total == 0
    assert [merged.shift_of("A1", day) for day in range(3)] == ["L"] * 3
    # A roster breaking a hard rule is no row to merge: it comes back as it was.
    broken = Roster.from_rows({"A3": ["E"] * 3})
    assert pool.merged(broken) == broken


def test_the_same_budget_and_seed_give_the_same_outcome() -> None:
    problem = _swap_problem()
    start = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})
    outcomes = [generate(problem, start, SearchLimits(budget=200, seed=4)) for _ in range(3)]
    assert len({(outcome.roster, outcome.bound) for outcome in outcomes}) == 1


def test_the_solver_stops_when_the_bound_meets_the_roster(monkeypatch: pytest.MonkeyPatch) -> None:
    # The swap problem's optimum is proven by column generation: CP-SAT's model is not
    # even built.
    problem = _swap_problem()

    def no_model(*args: object, **kwargs: object) -> object:
        raise AssertionError("CP-SAT ran after the bound proved the roster optimal")

    # The module, not the function ``scheduler.solve`` that the package exports.
    monkeypatch.setattr(importlib.import_module("scheduler.solve"), "build_model", no_model)
    result = solve(problem, SolveOptions(time_limit=10, deterministic=True))
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == 0 and result.best_bound == 0


def test_a_bound_above_a_roster_is_a_bug_not_a_result(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = _swap_problem()
    real = column_generation.generate

    def too_high(*args: object, **kwargs: object) -> Outcome:
        outcome = real(*args, **kwargs)  # type: ignore[arg-type]
        return replace(outcome, bound=evaluate(problem, outcome.roster).total + 1)

    monkeypatch.setattr(column_generation, "generate", too_high)
    with pytest.raises(EvaluationMismatch, match="bound"):
        solve(problem, SolveOptions(time_limit=10, deterministic=True))


@pytest.mark.skipif(not CURTOIS.is_dir(), reason="needs ../shared/benchmarks/curtois")
def test_curtois_instance5_bound_holds_below_its_published_optimum() -> None:
    # Published optimum 1143; CP-SAT's own bound after a minute is near 925.
    from scheduler.io.curtois import read_instance

    problem = read_instance(CURTOIS / "Instance5.txt")
    start = sweep(problem, greedy_roster(problem))
    outcome = generate(problem, start, SearchLimits(budget=4000))
    assert outcome.bound is not None
    assert 1100 <= outcome.bound <= 1143
    assert evaluate(problem, outcome.roster).total >= 1143


def test_past_its_deadline_it_builds_no_agent_model(monkeypatch: pytest.MonkeyPatch) -> None:
    # At 1,000 agents the sweeps can use the whole deadline: the models would cost seconds
    # and gigabytes for nothing.
    problem = _swap_problem()
    start = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})

    def no_model(*args: object, **kwargs: object) -> object:
        raise AssertionError("an agent's model was built after the deadline")

    monkeypatch.setattr(column_generation.RowModel, "of", no_model)
    outcome = generate(problem, start, SearchLimits(time.monotonic() - 1))
    assert (outcome.roster, outcome.bound, outcome.pool) == (start, None, None)


def test_the_bound_beside_cp_sat_is_checked_and_stopped_on_the_way_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Intraday demand in whole heads on one pooled queue: column generation applies, and its
    # rounds for the bound run in a thread beside CP-SAT. A bound above a roster is a bug,
    # and the thread is told to stop whichever way the solve ends.
    problem = build_hotline(30, seed=5)
    assert column_generation.proves_beside(problem)
    stops: list[threading.Event] = []

    def too_high(
        problem: Problem,
        roster: Roster,
        deadline: float,
        stop: threading.Event,
        on_bound: object,
        earlier: Outcome | None,
        relaxation: object,
        rounds: int | None,
    ) -> None:
        stops.append(stop)
        on_bound(evaluate(problem, roster).total + 1)  # type: ignore[operator]

    monkeypatch.setattr(column_generation, "prove", too_high)
    with pytest.raises(EvaluationMismatch, match="bound"):
        solve(problem, SolveOptions(time_limit=5, workers=1))
    assert len(stops) == 1 and stops[0].is_set()


def test_beside_the_day_search_the_bound_is_proven_by_its_first_round_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Queues counted one by one, tier rules and a training session link the skilled
    # hotline's agents beyond heads: the day search, not the draws, follows the sweeps, and
    # the rounds for the bound stop after their first (the day search solves two days at
    # once); on a hotline in whole heads they go on until the deadline.
    solve_module = importlib.import_module("scheduler.solve")
    asked: list[int | None] = []

    def recorded(*args: object) -> None:
        asked.append(args[7])  # type: ignore[arg-type]

    monkeypatch.setattr(column_generation, "prove", recorded)
    for problem in (build_skilled_hotline(12), build_hotline(12, seed=5)):
        assert column_generation.proves_beside(problem)
        solve(problem, SolveOptions(time_limit=3, workers=2))
    assert asked == [solve_module.LINKED_BOUND_ROUNDS, None]
    assert solve_module.LINKED_BOUND_ROUNDS == 1


def test_agents_priced_in_several_threads_give_the_same_outcome_as_in_one() -> None:
    # Results are taken in agents' order whatever the threads finish first: the same rows
    # join the master in the same order, so the same roster and bound come out.
    problem = build_hotline(8, seed=5)
    start = sweep(problem, greedy_roster(problem))
    one = generate(problem, start, SearchLimits(budget=2000), threads=1)
    two = generate(problem, start, SearchLimits(budget=2000), threads=2)
    assert one.bound is not None
    assert (one.roster, one.bound, one.converged) == (two.roster, two.bound, two.converged)
    assert one.pool is not None and two.pool is not None
    assert len(one.pool.parts()[1].columns) > len(problem.agents)
    assert one.pool.parts()[1].columns == two.pool.parts()[1].columns


def test_rounds_tail_off_once_the_cost_has_fallen_and_then_stalls() -> None:
    window = TAIL_ROUNDS + 1
    flat = [100.0] * (window + 3)
    assert not tailing_off(flat)  # not begun to fall: the first rows rarely combine
    falling = [100.0, 100.0, 90.0, 80.0, 70.0, 60.0, 50.0, 40.0]
    assert not tailing_off(falling)
    stalled = [100.0, 90.0] + [50.0 * (1 - TAIL / 10) ** n for n in range(window)]
    assert tailing_off(stalled)
    assert not tailing_off(stalled[:-1])  # the fall from 90 to 50 still in the window


def test_a_bound_beside_cp_sat_that_meets_the_roster_in_hand_stops_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The rounds beside CP-SAT prove the roster in hand optimal once CP-SAT searches: it is
    # asked to stop, and the roster is reported optimal.
    problem = build_hotline(12, seed=5)
    solve_module = importlib.import_module("scheduler.solve")
    searching = threading.Event()
    stopped: list[bool] = []
    real_search = solve_module.interruptible_search

    def search(solver: cp_model.CpSolver, *args: object) -> object:
        real_stop = solver.stop_search

        def stop() -> None:
            stopped.append(True)
            real_stop()

        monkeypatch.setattr(solver, "stop_search", stop)
        searching.set()
        return real_search(solver, *args)  # type: ignore[arg-type]

    events: list[Progress] = []

    def proves_optimal(*args: object) -> None:
        on_bound = args[4]
        if searching.wait(30):
            in_hand = events[-1].objective  # the roster CP-SAT starts from
            on_bound(in_hand)  # type: ignore[operator]

    monkeypatch.setattr(solve_module, "interruptible_search", search)
    monkeypatch.setattr(column_generation, "prove", proves_optimal)
    result = solve(problem, SolveOptions(time_limit=10, workers=1), events.append)
    assert stopped
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == result.best_bound


def test_a_dive_that_would_outlast_the_deadline_is_not_started(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Cut short, a dive's rows combine into a poor roster and leave the draws no time: the
    # roster comes back as it was, with the bound the rounds proved. (The settled search
    # before it: the shifts the duals rule out would prove the optimum, and no dive follows.)
    problem = _swap_problem()
    start = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})
    dive = column_generation.DIVE_SECONDS_PER_AGENT
    monkeypatch.setattr(column_generation._Search, "margins", lambda *_: None)
    monkeypatch.setattr(column_generation, "DIVE_SECONDS_PER_AGENT", 1e6)
    outcome = generate(problem, start, SearchLimits(time.monotonic() + 60))
    assert (outcome.roster, outcome.bound) == (start, 0)
    monkeypatch.setattr(column_generation, "DIVE_SECONDS_PER_AGENT", dive)
    outcome = generate(problem, start, SearchLimits(time.monotonic() + 60))
    assert evaluate(problem, outcome.roster).total == 0


def test_the_rounds_stop_at_the_reserve_and_the_settled_search_follows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # All the time kept for what follows the rounds: none runs, and the master, still the
    # start's rows alone, settles every cell of the start for the settled search.
    problem = _swap_problem()
    start = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})
    asked: list[dict[tuple[str, int], str | None]] = []
    passed: list[tuple[Any, ...]] = []

    def settled_search(problem: Problem, settled: Any, *args: Any) -> Roster:
        asked.append(dict(settled))
        passed.append(args[-2:])  # workers, on_found
        return start

    monkeypatch.setattr(column_generation, "SETTLED_SEARCH_SHARE", 1.0)
    monkeypatch.setattr(column_generation.settled_search, "improve", settled_search)
    heard: list[int] = []
    limits = SearchLimits(time.monotonic() + 60, workers=3)
    outcome = generate(problem, start, limits, on_found=heard.append)
    assert passed == [(3, heard.append)]
    assert asked == [
        {("A1", day): "E" for day in range(3)}
        | {("A2", day): "L" for day in range(3)}
        | {("A3", day): None for day in range(3)}
    ]
    assert outcome.searched is start and outcome.bound is None and not outcome.converged


def test_converged_rounds_say_so_whether_or_not_the_dive_follows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Their bound is then all that pricing proves: no rounds for it beside CP-SAT after.
    problem = _swap_problem()
    start = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})
    monkeypatch.setattr(column_generation._Search, "no_time_to_dive", lambda _: True)
    outcome = generate(problem, start, SearchLimits(time.monotonic() + 60))
    assert outcome.converged and outcome.bound == 0
    assert outcome.roster == start  # no dive
    assert outcome.searched is not None and evaluate(problem, outcome.searched).total == 0


def test_agents_are_priced_without_cuts_while_that_proves_their_rows() -> None:
    # The first round and every CUTS_EVERY-th price with the LP's cuts, for the effort they
    # take; the rounds between without, unless a solve without them went unproven: A1's
    # does (forced here), and A1 is priced with the cuts from then on. Every row found is
    # the one the cuts prove cheapest.
    problem = _swap_problem()
    start = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3, "A3": [None] * 3})
    started = column_generation._start(problem, start, None, None)
    assert started is not None
    floor, master, models, rows, _, _ = started
    search = column_generation._Search(problem, floor, master, models, rows, None, None, None)
    real = column_generation.cheapest_row
    asked: list[tuple[str, bool]] = []

    def recorded(model: Any, *args: Any, cuts: bool = True, **kwargs: Any) -> Any:
        asked.append((model.agent.id, cuts))
        found = real(model, *args, cuts=cuts, **kwargs)
        if model.agent.id == "A1" and not cuts:
            return replace(found, proven=False)
        return found

    duals = master.duals()
    assert duals is not None
    values = duals[0]
    search.done = 1
    expected = [search._cheapest(index, values).bound for index in range(len(models))]
    search = column_generation._Search(problem, floor, master, models, rows, None, None, None)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(column_generation, "cheapest_row", recorded)
        by_round = []
        for done in (1, 2, 3, column_generation.CUTS_EVERY, column_generation.CUTS_EVERY + 1):
            search.done = done
            asked.clear()
            for index in range(len(models)):
                bound = search._cheapest(index, values).bound
                assert bound == pytest.approx(expected[index])
            by_round.append(list(asked))
    first, second, third, refresh, after = by_round
    assert first == [("A1", True), ("A2", True), ("A3", True)]
    assert second == [("A1", False), ("A1", True), ("A2", False), ("A3", False)]
    assert third == [("A1", True), ("A2", False), ("A3", False)]
    assert refresh == [("A1", True), ("A2", True), ("A3", True)]
    assert after == third


def test_demand_of_many_heads_an_item_is_rounded_with_workers_enough_on_rosters_not_too_large(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Items of no requirement do not count towards the average: 10 heads an item is enough.
    many = make_problem(days=2, demand={(0, "E"): 12, (0, "L"): 8, (1, "E"): 0})
    few = make_problem(days=2, demand={(0, "E"): 12, (0, "L"): 7})
    assert column_generation.rounds_well(many)
    assert not column_generation.rounds_well(few)
    assert not column_generation.rounds_well(make_problem(days=2))  # no demand at all
    workers = column_generation.ROUNDING_WORKERS
    assert not column_generation.rounds_well(many, workers - 1)
    assert column_generation.rounds_well(many, workers)
    monkeypatch.setattr(column_generation, "ROUNDING_CELLS", many.roster_cells - 1)
    assert not column_generation.rounds_well(many)


def test_the_rounding_chooses_among_the_rows_in_use_and_the_incumbents(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The swap (A1 late, A2 early) costs nothing and the start 30. With the swapped rows in
    # the master but unused by its linear solution, the rounding keeps the start; once the
    # solution uses them, it takes them.
    problem = _swap_problem()
    start = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3, "A3": [None] * 3})
    swapped = Roster.from_rows({"A1": ["L"] * 3, "A2": ["E"] * 3, "A3": [None] * 3})
    started = column_generation._start(problem, start, None, None)
    assert started is not None
    _, master, _, _, pool, incumbent = started
    better = pool.columns_of(column_generation.rows_of(problem, swapped))
    assert better is not None and set(better) != set(incumbent)
    for used in (incumbent, better):
        shares = [1.0 if index in used else 0.0 for index in range(len(master.columns))]
        monkeypatch.setattr(master, "shares", lambda shares=shares: shares)
        heard: list[int] = []
        chosen = master.rounded(incumbent, time.monotonic() + 10, on_found=heard.append)
        assert chosen is not None
        roster = pool.roster(chosen, start.training)
        assert heard[-1] == evaluate(problem, roster).total
        assert roster == (start if used is incumbent else swapped)


def test_where_demand_rounds_well_the_rows_are_rounded_after_the_rounds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No settled search: the relaxation's rows are rounded to the swap, with the limits'
    # workers, and each roster found is heard at its cost.
    problem = _swap_problem()
    start = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})
    workers: list[int] = []
    real = column_generation._Master.rounded

    def rounded(master: Any, incumbent: Any, deadline: float, seed: int, count: int, *rest: Any):
        workers.append(count)
        return real(master, incumbent, deadline, seed, count, *rest)

    def no_settled_search(*args: Any) -> None:
        raise AssertionError("the settled search ran where the rows round well")

    monkeypatch.setattr(column_generation, "rounds_well", lambda *_: True)
    monkeypatch.setattr(column_generation._Master, "rounded", rounded)
    monkeypatch.setattr(column_generation.settled_search, "improve", no_settled_search)
    monkeypatch.setattr(column_generation._Search, "no_time_to_dive", lambda _: True)
    heard: list[int] = []
    limits = SearchLimits(time.monotonic() + 60, workers=3)
    outcome = generate(problem, start, limits, on_found=heard.append)
    assert workers == [3]
    assert outcome.roster == start  # no dive
    assert outcome.searched is not None and evaluate(problem, outcome.searched).total == 0
    assert heard and heard[-1] == 0


def _swap_search(
    deadline: float, reserve: float, rounding: bool, rough: bool = False
) -> column_generation._Search:
    """A search over the swap problem's master of the start roster's rows."""
    problem = _swap_problem()
    start = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})
    started = column_generation._start(problem, start, None, None)
    assert started is not None
    floor, master, models, rows, _, _ = started
    return column_generation._Search(
        problem, floor, master, models, rows, deadline, None, None,
        reserve=reserve, rounding=rounding, rough=rough,
    )  # fmt: skip


def test_where_the_search_after_the_rounds_would_not_fit_they_go_on_for_a_rough_roster() -> None:
    # A first round of 1 s over three agents: converging and what follows need 46 rounds,
    # the rounds alone CONVERGE_ROUNDS (40). With 44 s in all the search gives up, unless the
    # caller sweeps a rough roster: then the rounds go on, hurried. With 31 s neither.
    rounds = column_generation.CONVERGE_ROUNDS
    assert rounds + column_generation.FOLLOW_ROUNDS_PER_AGENT * 3 > rounds + 4

    def behind(seconds: float, rough: bool) -> tuple[bool, bool]:
        now = time.monotonic()
        search = _swap_search(now + seconds - 1, 0, rounding=False, rough=rough)
        search._started, search.done = now - 1, 1
        return search._behind(), search.hurried

    assert behind(rounds + 4, rough=False) == (True, False)
    assert behind(rounds + 4, rough=True) == (False, True)
    assert behind(rounds - 9, rough=True) == (True, False)
    assert behind(10 * rounds, rough=True) == (False, False)


def test_hurried_rounds_offer_each_agents_row_of_largest_share_and_search_no_further(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No time foreseen for the settled search or a dive: the rounds converge on the swap
    # problem, whose relaxation is its optimum, and its rows are the rough roster.
    problem = _swap_problem()
    start = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})

    def no_search(*args: object) -> None:
        raise AssertionError("no search follows hurried rounds")

    monkeypatch.setattr(column_generation, "FOLLOW_ROUNDS_PER_AGENT", 1e9)
    monkeypatch.setattr(column_generation.settled_search, "improve", no_search)
    monkeypatch.setattr(column_generation._Search, "margins", no_search)
    outcome = generate(problem, start, SearchLimits(time.monotonic() + 60), rough=True)
    assert outcome.roster == start and outcome.searched is None and outcome.bound == 0
    assert outcome.rough is not None and evaluate(problem, outcome.rough).total == 0
    # Not asked for a rough roster, the same search gives up after its first round.
    outcome = generate(problem, start, SearchLimits(time.monotonic() + 60))
    assert outcome.roster == start and outcome.rough is None and not outcome.converged


def test_a_pricing_solve_offers_the_master_the_dearer_rows_it_found_on_the_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    search = _swap_search(time.monotonic() + 60, 0, rounding=False)
    dearer = ("L", None)
    real = column_generation.cheapest_row
    asked: list[bool] = []

    def with_a_dearer_row(*args: Any, **kwargs: Any) -> Any:
        asked.append(kwargs["along"])
        found = real(*args, **kwargs)
        return replace(found, along=((dearer, dearer, dearer),))

    monkeypatch.setattr(column_generation, "cheapest_row", with_a_dearer_row)
    duals = search.master.duals()
    assert duals is not None
    priced = search._price(duals[0])
    assert priced is not None and all(asked)
    rows = {(index, column.row) for index, column in priced[1]}
    # Late throughout is new to A1 and joins; it is A2's start row, in the master already;
    # A3 may work no shift, so it breaks A3's rules and never joins.
    assert (0, (dearer,) * 3) in rows and (1, (dearer,) * 3) not in rows
    assert not any(index == 2 for index, _ in rows)


def test_before_a_rounding_the_first_round_need_only_leave_time_for_a_few_more() -> None:
    # A first round of 1 s, 9 s to the deadline: too few rounds to converge and dive, but
    # enough for ROUNDED_ROUNDS before a rounding, unless the reserve takes them.
    rounds = column_generation.ROUNDED_ROUNDS

    def behind(rounding: bool, reserve: float) -> bool:
        now = time.monotonic()
        search = _swap_search(now + rounds + 1, reserve, rounding)
        search._started, search.done = now - 1, 1
        return search._behind()

    assert behind(rounding=False, reserve=0)
    assert not behind(rounding=True, reserve=0)
    assert behind(rounding=True, reserve=3)


def test_before_a_rounding_no_round_starts_that_would_end_in_the_reserve() -> None:
    # 10 s to the deadline, 5 s reserved: after a round of 6 s the rounds stop before a
    # rounding (the next would eat into its reserve), not before the settled search.

    def reserved(rounding: bool, last_round: float) -> bool:
        search = _swap_search(time.monotonic() + 10, 5, rounding)
        search._last_round = last_round
        return search._reserved()

    assert reserved(rounding=True, last_round=6)
    assert not reserved(rounding=True, last_round=1)
    assert not reserved(rounding=False, last_round=6)
