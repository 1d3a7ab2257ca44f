"""Free training seats in the constructive roster, judged by the evaluator."""

from dataclasses import replace

from scheduler.agent_sweeps import with_demand
from scheduler.domain import CoverageRequirement, IntervalRequirement, TrainingSession, Weights
from scheduler.evaluate import evaluate
from scheduler.training_seats import fill_seats
from tests.builders import make_problem, roster

# Tuesday-Wednesday 07:00-13:00, three quarters of the early shift (06:00-14:00): A1 named,
# one seat free at 7.
SESSION = TrainingSession("Product", 1, 2, 7 * 60, 360, frozenset({"A1"}), seats=2)
ALL_EARLY = {"A1": ".EE", "A2": ".EE", "A3": ".EE"}


def _problem(required: int):
    demand = {(day, "E"): required for day in (1, 2)}
    base = make_problem(days=3, agents=3, demand=demand, weights=Weights(empty_seat=7))
    return replace(base, training=(SESSION,))


def test_a_seat_is_taken_where_the_floor_can_spare_the_time():
    # One needed, three at work: with A1 and A2 in training three quarters of their shift,
    # the early still has 1.5 agents, so the seat saves its 7 and the surplus head (10) on
    # each of the two days.
    problem = _problem(required=1)
    before = roster(**ALL_EARLY)
    after = fill_seats(problem, before)
    assert after.training == {("A1", "Product"), ("A2", "Product")}
    assert evaluate(problem, after).total == evaluate(problem, before).total - 7 - 2 * 10


def test_a_seat_is_left_empty_where_taking_it_leaves_a_shift_short():
    # Two needed: a second agent in training would leave the early with 1.5, short a head.
    problem = _problem(required=2)
    assert fill_seats(problem, roster(**ALL_EARLY)).training == {("A1", "Product")}


def test_only_agents_at_work_on_a_fitting_shift_every_session_day_are_seated():
    problem = _problem(required=1)
    after = fill_seats(problem, roster(A1=".EE", A2=".EL", A3="..E"))
    assert after.training == {("A1", "Product")}  # named: listed whatever they work


def test_rows_per_shift_beside_intervals_count_for_nothing_when_seats_are_judged():
    # Coverage counted per interval ignores the rows per shift, and the queues are the
    # intervals' ("t"): a row per shift naming another queue ("p") must not stop the judge
    # (it once raised "demand for queues ['p'] not in the center's").
    shift_row = CoverageRequirement(1, "E", 1, queue="p")
    interval = IntervalRequirement(1, 8 * 60, 60, 1, queue="t")
    problem = replace(_problem(required=1), demand=(shift_row,), interval_demand=(interval,))
    judged = with_demand(problem, [shift_row, interval])
    assert judged.queues == ("t",) and judged.demand == () and judged.counts_intervals
    seated = fill_seats(problem, roster(**ALL_EARLY))
    assert evaluate(problem, seated).total <= evaluate(problem, roster(**ALL_EARLY)).total
