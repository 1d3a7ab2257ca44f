"""What CP-SAT is told: workers, presolve and limits follow the options and the roster's size."""

from ortools.sat import sat_parameters_pb2

from scheduler.example import build_hotline
from scheduler.heuristic import SMALL_ROSTER_CELLS
from scheduler.limits import SearchLimits
from scheduler.solve import LARGE_MODEL, SolveOptions, _configure, _sweep_limits, solve
from tests.builders import make_problem


def _parameters(options: SolveOptions, variables: int = 10) -> sat_parameters_pb2.SatParameters:
    parameters = sat_parameters_pb2.SatParameters()
    workers = options.workers_for(make_problem())
    _configure(parameters, options, workers, spent=10.0, variables=variables)
    return parameters


def test_the_default_workers_shrink_on_very_large_rosters_only():
    # 28 days x 6 shift types: 892 agents make 149,856 cells, 893 make 150,024.
    assert SolveOptions().workers_for(build_hotline(892, shift_types=6)) == 8
    assert SolveOptions().workers_for(build_hotline(893, shift_types=6)) == 4
    assert SolveOptions(workers=8).workers_for(build_hotline(1000, shift_types=6)) == 8
    assert SolveOptions(workers=2).workers_for(make_problem()) == 2


def test_the_result_says_how_many_workers_ran():
    result = solve(make_problem(demand={(0, "E"): 1}), SolveOptions(time_limit=5))
    assert result.options.workers == 8
    assert _parameters(SolveOptions()).num_workers == 8
    assert _parameters(SolveOptions(workers=0)).num_workers == 0  # CP-SAT's own choice


def test_the_limit_covers_time_already_spent_and_large_models_skip_probing():
    small = _parameters(SolveOptions(time_limit=60), LARGE_MODEL)
    assert small.max_time_in_seconds == 50 and small.cp_model_probing_level != 0
    large = _parameters(SolveOptions(time_limit=60), LARGE_MODEL + 1)
    assert large.cp_model_probing_level == 0


def test_deterministic_runs_interleave_their_workers():
    one = _parameters(SolveOptions(workers=1, deterministic=True))
    assert not one.interleave_search and one.max_deterministic_time == 60
    assert _parameters(SolveOptions(workers=4, deterministic=True)).interleave_search


def test_the_local_searches_get_a_quarter_of_a_small_rosters_limit_and_half_a_large_ones():
    # Column generation, which the draws follow once it has dived, nine tenths of a small
    # one's.
    small = make_problem(days=28, agents=10)
    large = build_hotline(200, shift_types=6)
    assert small.roster_cells <= SMALL_ROSTER_CELLS < large.roster_cells
    options = SolveOptions(time_limit=60, seed=3)
    assert _sweep_limits(small, options, started=100.0) == (
        SearchLimits(115.0, None, 3, options.workers_for(small)),
        154.0,
    )
    assert _sweep_limits(large, options, started=100.0) == (
        SearchLimits(130.0, None, 3, options.workers_for(large)),
        130.0,
    )
    # Under --deterministic a budget of solves alone, whatever the roster's size.
    deterministic = SolveOptions(time_limit=60, deterministic=True)
    for problem in (small, large):
        limits, columns_deadline = _sweep_limits(problem, deterministic, 100.0)
        assert (limits.deadline, limits.budget, columns_deadline) == (None, 240, None)
