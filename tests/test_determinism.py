"""Same input, seed and worker count give the same roster when determinism is asked for."""

from scheduler.domain import Contract
from scheduler.example import build_hotline
from scheduler.solve import SolveOptions, solve
from tests.builders import DAY, EARLY, LATE, NIGHT, make_problem


def _problem():
    # Busy enough that the search is cut by the limit rather than finishing.
    demand = {(d, s): 2 + (d + len(s)) % 3 for d in range(14) for s in "EDLN"}
    return make_problem(
        days=14,
        agents=12,
        shifts=(EARLY, DAY, LATE, NIGHT),
        demand=demand,
        contract=Contract(
            "C",
            "Any",
            min_minutes_week=1350,
            max_minutes_week=2400,
            max_consecutive_days=5,
            min_consecutive_days_off=2,
            max_weekends=1,
            min_rest_minutes=660,
        ),
    )


def test_deterministic_runs_repeat_exactly():
    options = SolveOptions(time_limit=1.0, workers=2, seed=11, deterministic=True)
    first = solve(_problem(), options)
    second = solve(_problem(), options)
    assert first.roster is not None
    assert first.roster == second.roster
    assert first.objective == second.objective


def test_a_forecast_hotline_with_fairness_repeats_exactly():
    # The intraday hint (staffing model, repair, retime) and the fairness terms must not
    # depend on the clock either.
    problem = build_hotline(30, seed=2)
    options = SolveOptions(time_limit=1.0, workers=2, seed=3, deterministic=True)
    first, second = solve(problem, options), solve(problem, options)
    assert first.roster is not None
    assert first.roster == second.roster
