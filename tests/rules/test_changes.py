from dataclasses import replace

from scheduler.domain import Assignment, ChangeWeights, Roster, RuleFamily, TrainingSession
from scheduler.evaluate import CHECKS
from scheduler.solve import SolveOptions, solve
from tests.builders import make_problem, roster, violations

FAMILY = RuleFamily.CHANGES
WEIGHTS = ChangeWeights(move=10, drop=20, add=30, urgent_days=1, urgent_extra=40)


def _problem(**fields: object):
    base = make_problem(days=3, agents=2, demand={(1, "E"): 1, (2, "L"): 1})
    return replace(base, published=roster(A1="EE.", A2="..L"), change_weights=WEIGHTS, **fields)


def test_unchanged_roster_costs_nothing():
    assert violations(_problem(), FAMILY, A1="EE.", A2="..L") == []


def test_each_kind_of_change_has_its_price_and_near_changes_cost_more():
    found = violations(_problem(replan_from=1), FAMILY, A1="E.L", A2=".EL")
    assert found == [
        "A1 on Tue 2026-12-08: E -> off (dropped, weight 60)",  # urgent: day 1 is day one
        "A1 on Wed 2026-12-09: off -> L (added, weight 30)",
        "A2 on Tue 2026-12-08: off -> E (added, weight 70)",
    ]


def test_moving_a_shift_is_cheaper_than_dropping_one():
    found = violations(_problem(), FAMILY, A1="LE.", A2="..L")
    assert found == ["A1 on Mon 2026-12-07: E -> L (moved, weight 50)"]


def test_new_agents_fill_their_days_for_free():
    problem = _problem(unpublished_agents=frozenset({"A2"}))
    assert violations(problem, FAMILY, A1="EE.", A2="EEE") == []


def test_solver_keeps_the_published_roster_when_nothing_else_is_gained():
    # A1's day 0 shift is not demanded (over-coverage 10) but dropping it costs 20 (urgent 60).
    result = solve(_problem(), SolveOptions(time_limit=10, workers=1))
    assert result.roster == roster(A1="EE.", A2="..L")


def test_a_free_training_seat_that_changes_hands_costs_a_move_for_each_agent():
    # Product training on day 1 (09:00-11:00, fits E): A1 named, one free seat A2 held.
    session = TrainingSession("Product", 1, 1, 9 * 60, 120, frozenset({"A1"}), seats=2)
    published = Roster(
        frozenset(Assignment(a, 1, "E") for a in ("A1", "A2")),
        frozenset({("A1", "Product"), ("A2", "Product")}),
    )
    problem = replace(
        make_problem(days=3, agents=3),
        training=(session,),
        published=published,
        change_weights=WEIGHTS,
    )
    kept = Roster(published.assignments, published.training)
    assert [p.message for p in CHECKS[FAMILY](problem, kept)] == []
    swapped = Roster(
        frozenset(Assignment(a, 1, "E") for a in ("A1", "A3")),
        frozenset({("A1", "Product"), ("A3", "Product")}),
    )
    assert [p.message for p in CHECKS[FAMILY](problem, swapped) if "Product" in p.message] == [
        "A2 no longer attends Product from Tue 2026-12-08 (seat given up, weight 10)",
        "A3 now attends Product from Tue 2026-12-08 (seat taken, weight 10)",
    ]
    # The solver keeps the seat where it was: giving it away costs two moves.
    result = solve(problem, SolveOptions(time_limit=10, workers=1))
    assert result.roster is not None
    assert result.roster.training == published.training
