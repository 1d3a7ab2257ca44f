"""Reduced-cost fixing: each excess is what the agent's rows cost by the evaluator, no roster
below T takes a shift ruled out at T, and the search proves only what is so."""

from __future__ import annotations

import itertools
import math
import time

import pytest
from hypothesis import HealthCheck, assume, given, settings

from scheduler import column_generation, reduced_cost_fixing
from scheduler.agent_prices import Row
from scheduler.agent_sweeps import linked_by_heads_alone, own_cost, rows_of
from scheduler.column_generation import SCALE
from scheduler.domain import Problem, Roster
from scheduler.evaluate import evaluate
from scheduler.heuristic import greedy_roster
from scheduler.reduced_cost_fixing import Margins, Priced
from tests.test_column_generation import _optimal, _optimum
from tests.test_group_search import _searchable, _swap_problem
from tests.test_solver_matches_evaluator import problems


def _converged(problem: Problem) -> tuple[Problem, list[Priced], Margins]:
    """A drawn problem linked by heads alone, each agent priced at its converged master's
    duals, and the margins at them; the example is left out where the constructive roster
    breaks a hard rule."""
    problem = _searchable(problem)
    assume(linked_by_heads_alone(problem) and not problem.queues)
    started = column_generation._start(problem, greedy_roster(problem), None, None)
    assume(started is not None)
    assert started is not None
    floor, master, models, rows, *_ = started
    search = column_generation._Search(problem, floor, master, models, rows, None, None, None)
    search.converge(track_bound=True)
    assert search.converged
    found = search._priced(time.monotonic() + 60)
    assert found is not None
    priced, least = found
    margins = reduced_cost_fixing.margins(priced, least, SCALE, time.monotonic() + 60)
    assert margins is not None
    return problem, priced, margins


def _rows(problem: Problem, agent: Priced) -> dict[tuple[Row, ...], float]:
    """Every row the agent may work that keeps their hard rules by the evaluator, with its
    cost at the agent's prices (their own cost times ``SCALE`` plus each cell's price)."""
    days = problem.period.days
    cells = [None, *((shift.code, None) for shift in problem.shifts)]
    found: dict[tuple[Row, ...], float] = {}
    for cells_worked in itertools.product(cells, repeat=days):
        row: Row = list(cells_worked)
        violations, cost = own_cost(agent.model, row)
        if not violations:
            priced = sum(agent.prices.get((day, *cell), 0) for day, cell in enumerate(row) if cell)
            found[tuple(cells_worked)] = SCALE * cost + priced
    return found


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(max_agents=3, max_days=4, max_shifts=2))
def test_each_excess_is_the_cheapest_row_taking_that_shift_less_the_cheapest(
    problem: Problem,
) -> None:
    # Every row enumerated and judged by the evaluator, not by the agent's model.
    problem, priced, margins = _converged(problem)
    for agent in priced:
        rows = _rows(problem, agent)
        assert rows, "the constructive roster kept their rules, so some row does"
        cheapest = min(rows.values())
        assert agent.cheapest.proven and agent.cheapest.bound == pytest.approx(cheapest)
        for option, _ in agent.options():
            _, day, code = option
            taking = [
                cost
                for row, cost in rows.items()
                if (row[day] is None if code is None else row[day] is not None
                    and row[day][0] == code)
            ]  # fmt: skip
            expected = (min(taking) - cheapest) / SCALE if taking else math.inf
            assert margins.excess[option] == pytest.approx(expected, abs=1e-9)


def _taken_excess(margins: Margins, roster: Roster, problem: Problem) -> float:
    """The roster's agents' largest excess each, summed: what it costs above the bound at
    least."""
    total = 0.0
    for agent_id, row in rows_of(problem, roster).items():
        taken = [
            margins.excess.get((agent_id, day, None if cell is None else cell[0]), 0.0)
            for day, cell in enumerate(row)
        ]
        total += max(taken, default=0.0)
    return total


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(max_agents=4, max_days=6, max_shifts=3))
def test_no_roster_costs_less_than_the_bound_and_its_agents_excesses(problem: Problem) -> None:
    # The optimum above all: a shift ruled out at its cost would cut it off.
    problem, _, margins = _converged(problem)
    found = _optimal(problem)
    assume(found is not None)
    assert found is not None
    optimal, cost = found
    for roster in (optimal, greedy_roster(problem)):
        total = evaluate(problem, roster).total
        assert total >= margins.bound + _taken_excess(margins, roster, problem) - 1e-6
    ruled_out = set(margins.ruled_out(cost))
    worked = {(a.agent_id, a.day, a.shift) for a in optimal.assignments}
    assert not worked & ruled_out


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(max_agents=4, max_days=6, max_shifts=3))
def test_the_search_proves_no_more_than_the_optimum_and_finds_what_it_says(
    problem: Problem,
) -> None:
    problem, _, margins = _converged(problem)
    optimum = _optimum(problem)
    assume(optimum is not None)
    assert optimum is not None
    start = evaluate(problem, greedy_roster(problem)).total
    found, lower = reduced_cost_fixing.search(problem, margins, start, time.monotonic() + 60)
    assert lower <= optimum
    if found is not None:
        cost = evaluate(problem, found).total
        assert optimum <= cost < start
        assert lower == cost  # the deadline is far: the search ends only at a proof
    else:
        assert lower == start == optimum


def test_two_agents_swap_and_the_search_proves_it_optimal() -> None:
    # Neither agent's cheapest row is its start's; the swap costs nothing.
    problem = _swap_problem()
    start = Roster.from_rows({"A1": ["E"] * 3, "A2": ["L"] * 3})
    assert evaluate(problem, start).total == 30
    started = column_generation._start(problem, start, None, None)
    assert started is not None
    floor, master, models, rows, *_ = started
    search = column_generation._Search(problem, floor, master, models, rows, None, None, None)
    search.converge(track_bound=True)
    margins = search.margins(time.monotonic() + 60)
    assert margins is not None and math.ceil(margins.bound - 1e-6) == 0
    # Their start's shifts cost 10 above the swap's each day, at any prices of the two:
    # at T = 0 one of them at least is ruled out.
    ruled_out = set(margins.ruled_out(0))
    assert all(("A1", day, "E") in ruled_out or ("A2", day, "L") in ruled_out for day in range(3))
    found, lower = reduced_cost_fixing.search(problem, margins, 30, time.monotonic() + 60)
    assert found is not None and evaluate(problem, found).total == 0 and lower == 0
