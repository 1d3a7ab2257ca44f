"""The settled search: the whole model solved with the cells column generation's master
settles held fixed, every other cell free."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from ortools.sat.python import cp_model

from scheduler import settled_search
from scheduler.column_generation import _start
from scheduler.domain import Assignment, Roster
from scheduler.evaluate import evaluate
from scheduler.example import build_example
from scheduler.model import build_model
from tests.test_group_search import _swap_problem

START = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})


def _rows(roster: Roster) -> dict[str, list[str | None]]:
    return {agent: [roster.shift_of(agent, day) for day in range(3)] for agent in ("A1", "A2")}


def test_the_settled_cells_stay_and_the_free_ones_are_solved() -> None:
    # A1 wants late and A2 early, one of each wanted a day (5 a broken request). With A1
    # settled early on day 0, A2 must be late that day; on days 1 and 2 they swap: 10.
    problem = _swap_problem()
    found = settled_search.improve(problem, {("A1", 0): "E"}, time.monotonic() + 30)
    assert found is not None
    assert _rows(found) == {"A1": ["E", "L", "L"], "A2": ["L", "E", "E"]}
    assert evaluate(problem, found).total == 10


def test_each_roster_found_is_heard_as_it_comes() -> None:
    problem = _swap_problem()
    heard: list[int] = []
    found = settled_search.improve(problem, {}, time.monotonic() + 30, on_found=heard.append)
    assert found is not None
    assert heard and heard == sorted(heard, reverse=True)
    assert heard[-1] == evaluate(problem, found).total == 0


def test_a_day_off_settled_stays_off() -> None:
    problem = _swap_problem()
    found = settled_search.improve(problem, {("A2", 1): None}, time.monotonic() + 30)
    assert found is not None
    assert _rows(found)["A2"][1] is None
    # Day 1 is a head short whichever shift A1 works, so A1 keeps the late they want.
    assert _rows(found)["A1"] == ["L", "L", "L"]


def test_a_stop_asked_ends_the_search_long_before_its_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The bundled example with nothing settled is the whole model: unstopped, with no
    # patience, its search would run to the two-minute deadline.
    monkeypatch.setattr(settled_search, "PATIENCE", float("inf"))
    stop = threading.Event()
    stop.set()
    began = time.monotonic()
    settled_search.improve(build_example(), {}, began + 120, stop=stop)
    assert time.monotonic() - began < 60


def test_the_search_runs_the_workers_it_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[int] = []

    class Recording(cp_model.CpSolver):
        def solve(self, *args: Any, **kwargs: Any) -> Any:
            used.append(self.parameters.num_workers)
            return super().solve(*args, **kwargs)

    monkeypatch.setattr(cp_model, "CpSolver", Recording)
    found = settled_search.improve(_swap_problem(), {}, time.monotonic() + 30, workers=2)
    # The heaviest terms alone (heads short), then the whole cost.
    assert found is not None and used == [2, 2]


def test_the_heaviest_terms_alone_hint_the_whole_search() -> None:
    # With A1 early on day 0, A2 must work late that day: no head short costs 10 in
    # requests (see above). The heaviest terms alone are the heads short (100 each, against
    # 5 a request), so the hint has none short; the objective is the whole cost again.
    problem = _swap_problem()
    built = build_model(problem)
    assigned = built.variables.assigned
    built.model.add(assigned["A1", 0, "E"] == 1)
    assert max(t.weight for t in built.terms) > max(r.weight for r in problem.requests)
    settled_search._heaviest_first(built, time.monotonic() + 30, 0, None, 2)
    proto = built.model.proto
    hint = dict(zip(proto.solution_hint.vars, proto.solution_hint.values, strict=True))
    assert len(hint) == len(proto.variables)  # complete: the search starts from it
    hinted = Roster(
        frozenset(Assignment(*key) for key, var in assigned.items() if hint[var.index]),
        frozenset(),
    )
    short = [p for p in evaluate(problem, hinted).penalties if p.detail.startswith("under")]
    assert short == [] and hinted.shift_of("A1", 0) == "E"
    solver = cp_model.CpSolver()
    assert solver.solve(built.model) == cp_model.OPTIMAL
    found = built.roster(solver)
    assert solver.objective_value == evaluate(problem, found).total == 10


def test_one_weight_throughout_is_searched_once() -> None:
    problem = _swap_problem()
    built = build_model(problem)
    heaviest = max(t.weight for t in built.terms)
    built.terms = [t for t in built.terms if t.weight == heaviest]
    built.minimize()
    settled_search._heaviest_first(built, time.monotonic() + 30, 0, None, 2)
    assert not built.model.proto.solution_hint.vars


def test_no_time_no_search() -> None:
    assert settled_search.improve(_swap_problem(), {}, time.monotonic() - 1) is None


def test_the_master_settles_the_cells_where_its_rows_agree() -> None:
    # Two rows for A1 at shares 0.6 and 0.4 that differ on day 2 alone, A2's at share one.
    problem = _swap_problem()
    started = _start(problem, START, None, None)
    assert started is not None
    master = started[1]
    columns = master.columns
    other = type(columns[0])(0, (("E", None), ("E", None), ("L", None)), 0, {})
    master.add(other)
    shares = {0: 0.6, 1: 1.0, 2: 0.0, len(master.columns) - 1: 0.4}
    master.shares = lambda: [shares.get(i, 0.0) for i in range(len(master.columns))]  # type: ignore[method-assign]
    assert [master.columns[i].agent for i in (0, 1, 2)] == [0, 1, 2]
    assert master.settled() == {
        (0, 0): "E", (0, 1): "E",
        (1, 0): "L", (1, 1): "L", (1, 2): "L",
    }  # fmt: skip


def test_a_roster_at_the_bound_ends_the_search(monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing cheaper exists than a bound proven on every roster: no need to search on.
    stops: list[float] = []
    for cost in (6.0, 5.0):
        patience = settled_search.Patience(enough=5)
        found = property(lambda _, cost=cost: cost)
        monkeypatch.setattr(settled_search.Patience, "objective_value", found)
        monkeypatch.setattr(patience, "stop_search", lambda cost=cost: stops.append(cost))
        patience.on_solution_callback()
        assert patience.last is not None and not patience.idle()
    assert stops == [5.0]


def test_the_heaviest_terms_alone_have_a_patience_of_their_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Where their least is as hard to find as the whole cost's (Curtois 9), they give the
    # time back sooner than the whole search would.
    monkeypatch.setattr(settled_search.Patience, "objective_value", property(lambda _: 7.0))
    clock = [100.0]
    monkeypatch.setattr(settled_search.time, "monotonic", lambda: clock[0])
    heaviest = settled_search.Patience(None, patience=settled_search.HEAVIEST_PATIENCE)
    whole = settled_search.Patience(None)
    for patience in (heaviest, whole):
        patience.on_solution_callback()
    clock[0] += settled_search.HEAVIEST_PATIENCE + 0.1
    assert heaviest.idle() and not whole.idle()
    clock[0] += settled_search.PATIENCE
    assert whole.idle()


def test_a_least_not_proven_leaves_the_whole_search_unhinted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Unproven, it may be a worse start than the whole search finds alone (Curtois 9: five
    # heads short, where the whole search finds four).
    class Unproven(cp_model.CpSolver):
        def solve(self, *args: Any, **kwargs: Any) -> Any:
            super().solve(*args, **kwargs)
            return cp_model.FEASIBLE

    monkeypatch.setattr(cp_model, "CpSolver", Unproven)
    built = build_model(_swap_problem())
    settled_search._heaviest_first(built, time.monotonic() + 30, 0, None, 2)
    assert not built.model.proto.solution_hint.vars
