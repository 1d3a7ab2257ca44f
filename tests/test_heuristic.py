"""The constructive roster used as a solution hint."""

import importlib
import threading
import time
from dataclasses import replace
from typing import Any

import pytest

from scheduler import agent_sweeps, column_generation, group_search, heuristic
from scheduler.domain import (
    Contract,
    Leave,
    Problem,
    RequestKind,
    Roster,
    Rotation,
    RotationMode,
    RuleFamily,
    ShiftRequest,
    Weights,
)
from scheduler.evaluate import evaluate
from scheduler.example import build_example, build_hotline, build_skilled_hotline
from scheduler.heuristic import _Builder, greedy_roster, swept_roster
from scheduler.limits import SearchLimits
from scheduler.progress import Progress
from scheduler.solve import SolveOptions, SolveStatus, _ProvenBound, _SweepProgress, solve
from tests.builders import DAY, EARLY, LATE, NIGHT, make_problem, violations


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
    swept = swept_roster(problem, constructed, SearchLimits(budget=1)).roster
    events = []
    result = solve(problem, SolveOptions(0.001, 2, deterministic=True), events.append)
    assert result.status.value == "feasible"
    assert result.roster == swept
    assert result.objective == evaluate(problem, swept).total
    assert result.evaluation is not None and result.evaluation.is_feasible
    # The constructive roster is reported first, before the sweeps and CP-SAT; the swept
    # one, cheaper, second (between them, maybe the coverage relaxation's bound).
    assert events[0].solutions == 1
    assert events[0].objective == evaluate(problem, constructed).total
    second = next(event for event in events if event.solutions == 2)
    assert second.objective == result.objective
    assert second.objective < events[0].objective


@pytest.mark.parametrize("solves", [0, 1])
def test_ctrl_c_during_the_sweeps_keeps_the_roster_they_reached(
    monkeypatch: pytest.MonkeyPatch, solves: int
):
    problem = build_example()
    constructed = greedy_roster(problem)
    reached = swept_roster(problem, constructed, SearchLimits(budget=solves)).roster
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
    progress = _SweepProgress(events.append, 10.0, 500, _ProvenBound(None))
    for change in (-10, -20, -30, -40):  # at 10.4, 10.9, 11.6 and 11.7 s
        progress(change)
    # 10.4 and 10.9 are within a second of the start, 11.7 within one of the report at 11.6.
    assert [(e.elapsed, e.solutions, e.objective) for e in events] == [(pytest.approx(1.6), 2, 440)]
    assert progress.total == 400 and progress.found == 2


def test_a_bound_proven_during_the_sweeps_is_reported_as_it_comes(
    monkeypatch: pytest.MonkeyPatch,
):
    clock = iter([10.5, 11.6])
    monkeypatch.setattr(time, "monotonic", lambda: next(clock))
    events: list[Progress] = []
    proven = _ProvenBound(None)
    progress = _SweepProgress(events.append, 10.0, 500, proven)
    proven.offer(300)  # at 10.5 s, from the coverage relaxation's thread
    progress(-50)  # at 11.6 s: the sweeps' total, with the bound
    proven.offer(200)  # weaker: nothing to report
    assert [(e.elapsed, e.objective, e.bound) for e in events] == [
        (pytest.approx(0.5), 500, 300),
        (pytest.approx(1.6), 450, 300),
    ]


def test_a_roster_found_but_not_yet_kept_is_shown_and_the_total_stays(
    monkeypatch: pytest.MonkeyPatch,
):
    # The settled search's rosters as CP-SAT finds them: shown when cheaper than any shown,
    # the bound shown with the cheapest; the roster kept then reports its own change.
    clock = iter([11.0, 11.5, 12.5, 13.5, 14.5])
    monkeypatch.setattr(time, "monotonic", lambda: next(clock))
    events: list[Progress] = []
    proven = _ProvenBound(None)
    progress = _SweepProgress(events.append, 10.0, 500, proven)
    progress.found_elsewhere(450)  # 11.0 s: shown
    progress.found_elsewhere(440)  # 11.5 s: within a second of the last, not shown
    progress.found_elsewhere(460)  # dearer than 440: not even looked at the clock for
    proven.offer(300)  # 12.5 s
    progress(-70)  # 13.5 s: kept, 430
    progress.found_elsewhere(435)  # dearer than the roster in hand
    assert [(e.objective, e.bound) for e in events] == [(450, None), (440, 300), (430, 300)]
    assert progress.total == 430


def test_column_generations_rosters_are_judged_together_and_the_change_heard_once() -> None:
    # A change heard per roster, the dearer one last, would leave a once-a-second display
    # showing a roster that was not kept.
    problem = _a_wanted_swap()
    dearer = Roster.from_rows({"A1": ["L", "E", "E"], "A2": ["E", "L", "L"]})
    cheaper = Roster.from_rows({"A1": ["L"] * 3, "A2": ["E"] * 3})
    start = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})
    totals = [evaluate(problem, r).total for r in (start, dearer, cheaper)]
    assert totals[0] > totals[1] > totals[2]
    heard: list[int] = []
    outcome = column_generation.Outcome(cheaper, None, searched=dearer)
    assert heuristic._cheapest(problem, start, outcome.rosters, heard.append) == cheaper
    assert heard == [totals[2] - totals[0]]


# The forward pass itself (``_Builder``), before the passes that mend what it leaves: each
# rule it ignores leaves rows for a per-agent repair solve, which on a year's horizon took
# longer than the whole time limit (Curtois 12 stretched to 180 agents and 364 days).


def _forward_rows(problem: Problem) -> dict[str, list[str | None]]:
    return _Builder(problem).build()


def test_the_forward_pass_keeps_forbidden_successions():
    late = replace(LATE, not_followed_by=frozenset({"E"}))
    problem = make_problem(
        days=2, agents=1, shifts=(EARLY, late), demand={(0, "L"): 1, (1, "E"): 1}
    )
    assert _forward_rows(problem)["A1"] == ["L", None]


def test_the_forward_pass_keeps_the_most_shifts_of_a_type():
    contract = Contract("C", "Any", max_shifts=(("L", 2),))
    demand = {(day, "L"): 1 for day in range(5)}
    problem = make_problem(days=5, agents=1, contract=contract, demand=demand)
    assert _forward_rows(problem)["A1"].count("L") == 2


def test_the_forward_pass_continues_a_run_to_its_minimum():
    contract = Contract("C", "Any", min_consecutive_days=3)
    problem = make_problem(days=7, agents=1, contract=contract, demand={(0, "E"): 1})
    row = _forward_rows(problem)["A1"]
    assert row[:3] == ["E", "E", "E"]
    assert violations(problem, RuleFamily.WORKING_RUNS, A1="".join(c or "." for c in row)) == []


def test_the_forward_pass_starts_no_run_that_leave_would_cut_short():
    contract = Contract("C", "Any", min_consecutive_days=2)
    problem = make_problem(
        days=4, agents=1, contract=contract, demand={(1, "E"): 1}, leave=(Leave("A1", 2, 2),)
    )
    assert _forward_rows(problem)["A1"][1] is None


def test_the_forward_pass_starts_no_run_into_a_weekend_beyond_the_limit():
    # Monday start: the first weekend (days 5-6) is worked, so a run from Friday 11 into
    # Saturday 12 would make a second.
    contract = Contract("C", "Any", min_consecutive_days=2, max_weekends=1)
    demand = {(5, "E"): 1, (6, "E"): 1, (11, "E"): 1}
    problem = make_problem(days=14, agents=1, contract=contract, demand=demand)
    row = _forward_rows(problem)["A1"]
    assert row[5:7] == ["E", "E"]
    assert row[11] is None


def test_filling_shortfalls_judges_no_more_rows_than_its_budget(monkeypatch: Any):
    problem = build_example()
    judged: list[int] = []
    judge = heuristic._hard_violations

    def counting(*args: Any, **kwargs: Any) -> Any:
        judged.append(1)
        return judge(*args, **kwargs)

    rows = _forward_rows(problem)
    alone = {agent.id: heuristic._alone(problem, agent) for agent in problem.agents}
    monkeypatch.setattr(heuristic, "_hard_violations", counting)
    heuristic._fill_shortfalls(problem, alone, dict(rows))
    unbounded = len(judged) - len(problem.agents)  # less each agent's first count
    assert unbounded > 20
    judged.clear()
    monkeypatch.setattr(heuristic, "FILL_BUDGET", 20 * problem.period.days)
    heuristic._fill_shortfalls(problem, alone, dict(rows))
    assert len(judged) - len(problem.agents) == 20


def test_the_reported_objective_never_goes_blank_or_up_once_a_roster_is_in_hand():
    # CP-SAT reports bounds while it presolves, before its own first roster; the display must
    # keep showing the roster in hand, which the solve keeps unless CP-SAT beats it.
    events: list[Progress] = []
    result = solve(build_example(), SolveOptions(time_limit=8, workers=2), events.append)
    costs = [e.objective for e in events]
    first = next(i for i, cost in enumerate(costs) if cost is not None)
    later = costs[first:]
    assert None not in later, later
    assert later == sorted(later, reverse=True)
    assert later[-1] == result.objective
    assert any(e.bound is not None for e in events[first:])


@pytest.mark.parametrize(("agents", "passes"), [(100, 4), (200, 2)])
def test_large_rosters_leave_the_draws_time_after_two_sweeps(
    monkeypatch: pytest.MonkeyPatch, agents: int, passes: int
):
    # 28 days x 6 shift types: 100 agents make 16,800 cells (small), 200 make 33,600.
    problem = build_hotline(agents, shift_types=6)
    asked: list[int] = []

    class Swept(Exception):
        pass

    def recorded(*arguments: Any) -> None:
        asked.append(arguments[-1])
        raise Swept

    monkeypatch.setattr(heuristic, "sweep", recorded)
    with pytest.raises(Swept):
        swept_roster(problem, Roster(()))
    assert asked == [passes]


def _a_wanted_swap() -> Problem:
    """The swap of two agents none may make alone (``test_group_search``), with four more
    agents who may not work, so that the draws apply."""
    return make_problem(
        days=3,
        agents=6,
        demand={(day, code): 1 for day in range(3) for code in ("E", "L")},
        requests=tuple(
            ShiftRequest(agent, day, code, RequestKind.WANT, 5)
            for day in range(3)
            for agent, code in (("A1", "L"), ("A2", "E"))
        ),
        contract=Contract("C", "Any", min_minutes_period=0),
        agent_overrides={f"A{n}": {"allowed_shifts": frozenset()} for n in range(3, 7)},
    )


def _draws_after_column_generation(
    monkeypatch: pytest.MonkeyPatch, dive: bool, settled: bool = False, workers: int = 8
) -> tuple[Roster, Roster, float | None, Roster]:
    """``swept_roster`` on a small problem with column generation taking a second and its
    dive, when ``dive``, or its settled search, when ``settled``, one evaluator-approved
    row cheaper: the swept roster, the roster the draws started from, their deadline, and
    the result. Column generation may run ``workers`` threads."""
    problem = _a_wanted_swap()
    swept = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})
    cheaper = Roster.from_rows({"A1": ["L"] * 3, "A2": ["E"] * 3})
    assert evaluate(problem, cheaper).total < evaluate(problem, swept).total
    seen: dict[str, Any] = {}

    generating = threading.Event()

    def generate(problem: Problem, roster: Roster, *args: Any) -> column_generation.Outcome:
        limits, _, seen["threads"], seen["on_found"], seen["rough"] = args
        seen["workers"] = limits.workers
        generating.set()
        time.sleep(1.0)
        generating.clear()
        found = cheaper if settled else None
        return column_generation.Outcome(cheaper if dive else roster, None, searched=found)

    def draws(problem: Problem, roster: Roster, limits: SearchLimits, *args: Any):
        seen.update(start=roster, deadline=limits.deadline, beside=generating.wait(0.5))
        return roster

    monkeypatch.setattr(column_generation, "generate", generate)
    monkeypatch.setattr(group_search, "improve", draws)
    now = time.monotonic()
    result = swept_roster(problem, swept, SearchLimits(now + 0.5, workers=workers), now + 60)
    first = heuristic._columns_first(problem, workers)
    assert seen["threads"] == (min(heuristic.PRICING_THREADS, workers) if first else 1)
    assert seen["workers"] == workers and seen["on_found"] is None
    assert seen["beside"] is not first
    assert seen["rough"] is first  # beside the draws its rounds never go on hurried
    return swept, seen["start"], seen["deadline"] - now, result.roster


def test_the_draws_start_from_column_generations_dive_and_share_its_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    swept, start, deadline, result = _draws_after_column_generation(monkeypatch, dive=True)
    assert start != swept and result == start
    assert deadline == pytest.approx(60)


def test_the_draws_start_from_the_settled_searchs_roster_when_it_is_the_cheaper(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    swept, start, deadline, result = _draws_after_column_generation(
        monkeypatch, dive=False, settled=True
    )
    assert start != swept and result == start
    assert deadline == pytest.approx(60)


def test_column_generations_roster_is_swept_before_the_draws(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Its rows come from the relaxation's few: A2's row leaves the early shift short on the
    # last day, which A2 alone may mend, so the draws start from the roster mended.
    problem = replace(_a_wanted_swap(), weights=Weights(under_coverage=10))
    swept = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})
    rounded = Roster.from_rows({"A1": ["L"] * 3, "A2": ["E", "E", None]})
    mended = Roster.from_rows({"A1": ["L"] * 3, "A2": ["E"] * 3})
    costs = [evaluate(problem, roster).total for roster in (mended, rounded, swept)]
    assert costs == sorted(costs) and len(set(costs)) == 3
    started: list[Roster] = []

    def generate(problem: Problem, roster: Roster, *args: Any) -> column_generation.Outcome:
        return column_generation.Outcome(roster, None, searched=rounded)

    def draws(problem: Problem, roster: Roster, *args: Any) -> Roster:
        started.append(roster)
        return roster

    monkeypatch.setattr(column_generation, "generate", generate)
    monkeypatch.setattr(group_search, "improve", draws)
    now = time.monotonic()
    result = swept_roster(problem, swept, SearchLimits(now + 0.5), now + 60)
    assert started == [mended] and result.roster == mended


def test_a_rough_roster_is_swept_on_its_own_and_the_draws_start_from_it_when_cheaper(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The relaxation's rows of largest share leave A2 off (dearer than the swept roster until
    # A2 alone is re-solved); swept, it is the cheapest, and only that change is heard.
    problem = replace(_a_wanted_swap(), weights=Weights(under_coverage=10))
    swept = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})
    rough = Roster.from_rows({"A1": ["L"] * 3, "A2": [None] * 3})
    mended = Roster.from_rows({"A1": ["L"] * 3, "A2": ["E"] * 3})
    costs = [evaluate(problem, roster).total for roster in (mended, swept, rough)]
    assert costs == sorted(costs) and len(set(costs)) == 3
    started: list[tuple[Roster, float | None]] = []

    def generate(problem: Problem, roster: Roster, *args: Any) -> column_generation.Outcome:
        return column_generation.Outcome(roster, None, rough=rough)

    def draws(problem: Problem, roster: Roster, limits: SearchLimits, *args: Any) -> Roster:
        started.append((roster, limits.deadline))
        return roster

    monkeypatch.setattr(column_generation, "generate", generate)
    monkeypatch.setattr(group_search, "improve", draws)
    heard: list[int] = []
    now = time.monotonic()
    result = swept_roster(problem, swept, SearchLimits(now + 0.5), now + 60, heard.append)
    assert started == [(mended, now + 60)] and result.roster == mended
    assert heard == [costs[0] - costs[1]]


def test_column_generation_keeps_to_the_workers_a_solve_has(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # One worker (a what-if scenario beside others): pricing in one thread, and the settled
    # search told so, even where the machine has more cores.
    monkeypatch.setattr(heuristic, "PRICING_THREADS", 4)
    _draws_after_column_generation(monkeypatch, dive=True, workers=1)


def test_column_generation_given_up_leaves_the_draws_the_time_they_had(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Half a second of the sweeps' deadline was left; a second went to column generation.
    swept, start, deadline, result = _draws_after_column_generation(monkeypatch, dive=False)
    assert start == swept == result
    assert 1.4 < deadline < 3.0


def test_on_a_large_roster_column_generation_runs_beside_the_draws_in_one_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The draws start from the swept roster at their own deadline; the dive's cheaper roster,
    # ready after them, is still kept.
    monkeypatch.setattr(heuristic, "SMALL_ROSTER_CELLS", 0)
    swept, start, deadline, result = _draws_after_column_generation(monkeypatch, dive=True)
    assert start == swept and result != swept
    assert deadline == pytest.approx(0.5, abs=0.1)


def test_on_a_large_roster_whose_rows_are_rounded_column_generation_runs_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Its rounding needs the rounds alone on the cores; the draws follow from its roster.
    monkeypatch.setattr(heuristic, "SMALL_ROSTER_CELLS", 0)
    monkeypatch.setattr(column_generation, "rounds_well", lambda *_: True)
    swept, start, deadline, result = _draws_after_column_generation(monkeypatch, dive=True)
    assert start != swept and result == start
    assert deadline == pytest.approx(60)


def test_cp_sat_is_left_out_where_the_day_search_runs_out_its_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Queues, tier rules and a briefing link the skilled hotline's agents beyond heads: the
    # day search follows the sweeps. Still going at its deadline, the roster it reached is
    # the answer, and CP-SAT's model is never built; ended by itself sooner, CP-SAT has the
    # rest of the limit.
    solve_module = importlib.import_module("scheduler.solve")
    problem = build_skilled_hotline(12)
    built: list[bool] = []
    real_build = solve_module.build_model

    def recorded_build(*args: Any, **kwargs: Any) -> Any:
        built.append(True)
        return real_build(*args, **kwargs)

    def day_search_until(ends: float) -> Any:
        def searched(
            problem: Problem, roster: Roster, limits: SearchLimits, *args: Any
        ) -> heuristic.Improved:
            assert limits.deadline is not None
            time.sleep(max(0.0, limits.deadline + ends - time.monotonic()))
            return heuristic.Improved(roster)

        return searched

    monkeypatch.setattr(solve_module, "build_model", recorded_build)
    for ends, cp_sat in ((0.01, False), (-1.5, True)):
        built.clear()
        monkeypatch.setattr(solve_module, "swept_roster", day_search_until(ends))
        result = solve(problem, SolveOptions(time_limit=3, workers=1))
        assert result.roster is not None and bool(built) is cp_sat
        if not cp_sat:
            assert result.status is SolveStatus.FEASIBLE
            assert result.objective == evaluate(problem, greedy_roster(problem)).total


def test_sweeps_that_keep_the_agents_models_build_each_once_and_find_the_same_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    problem = build_skilled_hotline(12)
    start = greedy_roster(problem)
    built: list[str] = []
    real_of = agent_sweeps.RowModel.of.__func__  # type: ignore[attr-defined]

    def counted(cls: Any, problem: Problem, agent: Any, *args: Any) -> Any:
        built.append(agent.id)
        return real_of(cls, problem, agent, *args)

    monkeypatch.setattr(agent_sweeps.RowModel, "of", classmethod(counted))
    models: dict[str, agent_sweeps.RowModel] = {}
    once = agent_sweeps.sweep(problem, start, passes=1, models=models)
    twice = agent_sweeps.sweep(problem, once, passes=1, models=models)
    assert sorted(built) == sorted(agent.id for agent in problem.agents)
    built.clear()
    fresh = agent_sweeps.sweep(problem, agent_sweeps.sweep(problem, start, passes=1), passes=1)
    assert len(built) == 2 * len(problem.agents)
    assert twice == fresh
