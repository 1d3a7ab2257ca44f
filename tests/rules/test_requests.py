from scheduler.domain import RequestKind, RuleFamily, ShiftRequest
from scheduler.solve import SolveOptions, solve
from tests.builders import make_problem, violations

FAMILY = RuleFamily.REQUESTS
QUICK = SolveOptions(time_limit=10, workers=1)
OFF_ON_MONDAY = ShiftRequest("A1", 0, None, RequestKind.WANT, 5)


def test_a_day_off_request_is_granted_when_it_costs_nothing():
    problem = make_problem(days=1, agents=2, demand={(0, "E"): 1}, requests=(OFF_ON_MONDAY,))
    result = solve(problem, QUICK)
    assert result.objective == 0
    assert result.roster is not None and not result.roster.works("A1", 0)


def test_coverage_outweighs_a_light_request():
    # The only agent asks for the day off (5) but a missing agent costs 100: she works.
    problem = make_problem(days=1, agents=1, demand={(0, "E"): 1}, requests=(OFF_ON_MONDAY,))
    assert solve(problem, QUICK).objective == 5
    assert violations(problem, FAMILY, A1="E") == [
        "A1 asked for Mon 2026-12-07 off: not granted (works E) (weight 5)"
    ]


def test_every_kind_of_request_explains_itself():
    problem = make_problem(
        days=4,
        agents=1,
        requests=(
            ShiftRequest("A1", 0, None, RequestKind.AVOID, 2),
            ShiftRequest("A1", 1, "E", RequestKind.WANT, 3),
            ShiftRequest("A1", 2, "L", RequestKind.AVOID, 4),
            ShiftRequest("A1", 3, "L", RequestKind.WANT, 1),
        ),
    )
    assert violations(problem, FAMILY, A1=".LLL") == [
        "A1 asked for work on Mon 2026-12-07: given a day off (weight 2)",
        "A1 asked for shift E on Tue 2026-12-08: not granted (has L) (weight 3)",
        "A1 asked for no L shift on Wed 2026-12-09: assigned anyway (weight 4)",
    ]
