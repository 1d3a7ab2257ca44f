"""Re-solves of a few agents together: the demand the others leave prices their rows exactly,
so a kept draw lowers the whole roster's cost by what the evaluator finds."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scheduler import group_search
from scheduler.agent_prices import Floor
from scheduler.agent_sweeps import SweepStopped, roster_of, rows_of, sweep
from scheduler.domain import (
    Contract,
    Fairness,
    IntervalRequirement,
    Problem,
    RequestKind,
    Roster,
    RotationMode,
    ShiftRequest,
    Strength,
    Tier,
    TrainingSession,
    Weights,
)
from scheduler.evaluate import evaluate
from scheduler.fairness import fair_groups
from scheduler.group_search import _verdict, applies, improve
from scheduler.limits import SearchLimits
from tests.builders import EARLY, LATE, make_problem
from tests.test_solver_matches_evaluator import problems


def _searchable(problem: Problem) -> Problem:
    """The drawn problem as the search takes it: a free rotation, no re-plan."""
    return replace(
        problem,
        published=None,
        rotation=replace(problem.rotation, mode=RotationMode.FREE),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(max_agents=4, max_days=6, max_shifts=3), st.data())
def test_a_draws_verdict_differs_by_what_the_evaluator_finds(
    problem: Problem, data: st.DataObject
) -> None:
    # Any two sets of rows for a few agents, the others fixed: the verdicts on the few's
    # problem (demand less what the others supply, fairness against the whole roster's
    # shares) differ exactly as the whole roster's evaluations do.
    problem = _searchable(problem)
    assume(applies(problem, size=1))
    days = problem.period.days

    def rows() -> dict[str, list[str | None]]:
        codes = [None, *(s.code for s in problem.shifts)]
        return {
            a.id: data.draw(st.lists(st.sampled_from(codes), min_size=days, max_size=days))
            for a in problem.agents
        }

    few = data.draw(st.lists(st.sampled_from(problem.agents), min_size=1, unique=True))
    ids = {agent.id for agent in few}
    start = rows_of(problem, Roster.from_rows(rows()))
    other = rows_of(problem, Roster.from_rows(rows()))
    floor = Floor(problem, roster_of(start, frozenset()))
    for agent in few:
        floor.remove(agent, start[agent.id])
    alone = group_search._alone(problem, few, floor.demand_left())
    groups = fair_groups(problem) if problem.fairness.weight else []
    mixed = {**start, **{i: other[i] for i in ids}}
    whole = [evaluate(problem, roster_of(side, frozenset())) for side in (start, mixed)]
    judged = [
        _verdict(problem, alone, groups, {i: side[i] for i in ids}) for side in (start, mixed)
    ]
    assert judged[1][1] - judged[0][1] == whole[1].total - whole[0].total
    assert judged[1][0] - judged[0][0] == len(whole[1].violations) - len(whole[0].violations)


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(max_agents=4, max_days=8, max_shifts=3), st.integers(0, 3))
def test_the_search_never_makes_the_roster_worse(problem: Problem, seed: int) -> None:
    # Starting from the swept roster, every draw kept lowers the evaluator's total by what
    # it reports, and no hard rule breaks that did not before.
    problem = _searchable(problem)
    assume(applies(problem, size=2))
    swept = sweep(problem, Roster(frozenset()))
    before = evaluate(problem, swept)
    changes: list[int] = []
    found = improve(
        problem, swept, SearchLimits(budget=12, seed=seed), on_change=changes.append, size=2
    )
    after = evaluate(problem, found)
    assert len(after.violations) <= len(before.violations)
    assert all(change < 0 for change in changes)
    if len(after.violations) == len(before.violations):
        assert after.total == before.total + sum(changes)


def _swap_problem() -> Problem:
    # One early and one late agent wanted on each of three days. A1 works early and wants
    # late; A2 works late and wants early; A3 is off and must stay off (no shift allowed,
    # the third agent the search needs to draw from). Neither A1 nor A2 can switch alone: the
    # shift they leave goes short. Together they swap.
    demand = {(day, code): 1 for day in range(3) for code in ("E", "L")}
    requests = tuple(
        ShiftRequest(agent, day, code, RequestKind.WANT, 5)
        for day in range(3)
        for agent, code in (("A1", "L"), ("A2", "E"))
    )
    return make_problem(
        days=3,
        agents=3,
        demand=demand,
        requests=requests,
        contract=Contract("C", "Any", min_minutes_period=0),
        agent_overrides={"A3": {"allowed_shifts": frozenset()}},
    )


def test_two_agents_swap_what_neither_could_change_alone() -> None:
    problem = _swap_problem()
    start = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})
    assert evaluate(problem, start).total == 30
    swept = sweep(problem, start)
    assert swept == start  # no single agent's move pays
    assert applies(problem, size=2)
    found = improve(problem, swept, size=2)
    assert [found.shift_of("A1", day) for day in range(3)] == ["L"] * 3
    assert [found.shift_of("A2", day) for day in range(3)] == ["E"] * 3
    assert evaluate(problem, found).total == 0


def test_the_same_seed_draws_the_same_roster() -> None:
    problem = _swap_problem()
    start = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})
    rosters = {improve(problem, start, SearchLimits(budget=2, seed=7), size=2) for _ in range(3)}
    assert len(rosters) == 1


def test_fairness_is_priced_against_the_whole_rosters_shares() -> None:
    # Six agents share late duty: two lates a day over six days make twelve, two each. A1
    # and A2 work all of them. Re-solved with A3, each late above a share of two costs 100 in
    # fairness and saves only 50 of shortfall, so the three work two each and leave six
    # short. Shared among the three alone (four each), they would have worked all twelve.
    problem = replace(
        make_problem(
            days=6,
            agents=6,
            demand={(day, "L"): 2 for day in range(6)},
            contract=Contract("C", "Any", min_minutes_period=0),
            weights=Weights(under_coverage=50),
        ),
        fairness=Fairness(categories=("late",), weight=10),
    )
    start = rows_of(
        problem,
        Roster.from_rows(
            {"A1": ["L"] * 6, "A2": ["L"] * 6} | {f"A{n}": ["E"] * 6 for n in (4, 5, 6)}
        ),
    )
    few = list(problem.agents[:3])
    floor = Floor(problem, roster_of(start, frozenset()))
    for agent in few:
        floor.remove(agent, start[agent.id])
    alone = group_search._alone(problem, few, floor.demand_left())
    found = group_search._best_rows(problem, alone, fair_groups(problem), start)
    assert found is not None
    rows, change = found
    lates = {a: sum(cell == ("L", None) for cell in row) for a, row in rows.items()}
    assert lates == {"A1": 2, "A2": 2, "A3": 2}
    after = evaluate(problem, roster_of({**start, **rows}, frozenset())).total
    assert after - evaluate(problem, roster_of(start, frozenset())).total == change


def test_applies_only_where_the_demand_left_is_exact() -> None:
    problem = make_problem(days=2, agents=3, demand={(0, "E"): 1})
    assert applies(problem, size=2)
    assert not applies(problem, size=3)  # a draw would be everyone
    tiers = replace(problem.tiers, supervision=Strength.SOFT)
    qa = replace(problem, agents=(replace(problem.agents[0], tier=Tier.QA), *problem.agents[1:]))
    session = TrainingSession("Intro", 0, 0, 600, 60, frozenset({"A1"}), seats=1)
    for changed in (
        replace(problem, tiers=tiers),  # the few's crews are not the shift's
        replace(qa, tiers=replace(problem.tiers, off_phone_percent=((Tier.QA, 50),))),
        replace(problem, training=(session,)),  # counted in hundredths of a head
        replace(problem, published=Roster(frozenset())),  # shortfall depends on the published
        replace(problem, rotation=replace(problem.rotation, mode=RotationMode.CYCLIC)),
    ):
        assert not applies(changed, size=2)


def test_intraday_demand_is_left_by_interval() -> None:
    # An interval needing two agents, one of the others there: the few's problem needs one.
    problem = replace(
        make_problem(days=1, agents=3, shifts=(EARLY, LATE)),
        interval_demand=(IntervalRequirement(0, 8 * 60, 60, 2),),
    )
    floor = Floor(problem, Roster.from_rows({"A1": ["E"], "A2": ["E"]}))
    floor.remove(problem.agents[1], [("E", None)])
    assert [item.required for item in floor.demand_left()] == [1]


def test_no_draw_starts_after_the_deadline_and_ctrl_c_keeps_the_rows_reached() -> None:
    problem = _swap_problem()
    start = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})
    assert improve(problem, start, SearchLimits(deadline=time.monotonic() - 1), size=2) == start
    calls = []
    real = group_search._best_rows

    def interrupted(*args: object) -> object:
        calls.append(1)
        if len(calls) > 1:
            raise KeyboardInterrupt
        return real(*args)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(group_search, "_best_rows", interrupted)
        with pytest.raises(SweepStopped) as stopped:
            improve(problem, start, SearchLimits(seed=3), size=2)
    assert stopped.value.roster == improve(problem, start, SearchLimits(budget=1, seed=3), size=2)
