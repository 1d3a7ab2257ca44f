from dataclasses import replace

from scheduler.domain import (
    Assignment,
    IntervalRequirement,
    Roster,
    RuleFamily,
    TrainingSession,
    Weights,
)
from scheduler.evaluate import CHECKS
from scheduler.solve import SolveOptions, solve
from tests.builders import EARLY, LATE, NIGHT, make_problem, model_allows, roster, violations

FAMILY = RuleFamily.TRAINING
QUICK = SolveOptions(time_limit=10, workers=1)
# Product training Tue-Wed 09:00-11:00 fits the early shift (06:00-14:00) only.
PRODUCT = TrainingSession("Product", 1, 2, 9 * 60, 120, frozenset({"A1"}), seats=2)
# A briefing at 02:00-03:00 on Wednesday, inside the night shift (22:00-06:30) begun Tuesday.
BRIEFING = TrainingSession("Briefing", 1, 1, 26 * 60, 60, frozenset({"A1"}), seats=1)


def _problem(session: TrainingSession = PRODUCT, **kwargs: object):
    base = make_problem(days=3, agents=3, weights=Weights(empty_seat=7), **kwargs)
    return replace(base, training=(session,))


def test_a_named_attendee_works_a_shift_the_session_fits_in_on_each_day():
    problem = _problem()
    assert model_allows(problem, FAMILY, A1=".EE", A2="???", A3="???")
    assert not model_allows(problem, FAMILY, A1=".EL", A2="???", A3="???")
    assert not model_allows(problem, FAMILY, A1=".E.", A2="???", A3="???")


def test_evaluator_names_the_day_and_what_the_attendee_does_instead():
    assert violations(_problem(), FAMILY, A1=".EL", A2="...", A3="...") == [
        "A1 attends Product (09:00-11:00) on Wed 2026-12-09 but works L (it fits in E)",
        "Product (09:00-11:00): 1 of 2 seats empty (weight 7 each)",
    ]


def test_free_seats_are_filled_by_the_solver_and_capped_by_the_room():
    full = Roster(
        frozenset(Assignment(a, d, "E") for a in ("A1", "A2", "A3") for d in (1, 2)),
        frozenset({("A2", "Product"), ("A3", "Product")}),
    )
    assert [f.message for f in CHECKS[FAMILY](_problem(), full)] == [
        "Product (09:00-11:00): 3 attend but the room seats 2"
    ]
    # Two agents needed on the early shifts of the session days: three agents at work cover
    # them even with two in training (0.75 + 0.75 + 1), so the free seat is taken for free.
    result = solve(_problem(demand={(1, "E"): 2, (2, "E"): 2}), QUICK)
    assert result.objective == 0
    assert result.roster is not None and len(result.roster.training) == 2
    assert ("A1", "Product") in result.roster.training


def test_the_session_comes_off_the_attendees_coverage():
    # One agent needed on Tuesday's early; A1 (in training 2 of 8 hours) counts 75 %, so a
    # second agent is still needed; with no session, A1 alone covers it.
    session = replace(PRODUCT, first_day=1, last_day=1, seats=1)
    problem = _problem(session, demand={(1, "E"): 1})
    coverage = CHECKS[RuleFamily.COVERAGE]
    assert [p.amount for p in coverage(problem, roster(A1=".E.", A2="...", A3="..."))] == [1]
    assert coverage(problem, roster(A1=".E.", A2=".E.", A3="...")) == []
    result = solve(problem, QUICK)
    assert result.roster is not None
    assert result.roster.count(1, "E") == 2
    assert result.objective == result.evaluation.total


def test_a_small_hours_session_is_held_in_the_night_shift_begun_the_evening_before():
    problem = _problem(BRIEFING, shifts=(EARLY, LATE, NIGHT))
    assert problem.session_shifts(BRIEFING) == {"N"}
    assert model_allows(problem, FAMILY, A1=".N.", A2="???", A3="???")
    assert not model_allows(problem, FAMILY, A1="..N", A2="???", A3="???")
    assert violations(problem, FAMILY, A1="..N", A2="...", A3="...") == [
        "A1 attends Briefing (02:00-03:00) on Wed 2026-12-09 but is off on Tue 2026-12-08 "
        "(it fits in N)"
    ]


def test_a_small_hours_session_comes_off_the_night_coverage_at_its_own_time():
    # One agent needed 02:00-03:00 and 03:00-04:00 on Wednesday: A1's night covers both but
    # the first hour is spent in the briefing, so a second night worker is needed then.
    demand = tuple(IntervalRequirement(2, hour * 60, 60, 1) for hour in (2, 3))
    problem = replace(_problem(BRIEFING, shifts=(EARLY, LATE, NIGHT)), interval_demand=demand)
    coverage = CHECKS[RuleFamily.COVERAGE]
    short = coverage(problem, roster(A1=".N.", A2="...", A3="..."))
    assert [(f.amount, "02:00" in f.message) for f in short] == [(1, True)]
    result = solve(problem, QUICK)
    assert result.roster is not None and result.evaluation is not None
    assert result.roster.count(1, "N") == 2
    assert result.objective == result.evaluation.total
