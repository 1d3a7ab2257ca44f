from dataclasses import replace

from scheduler.domain import RuleFamily, Weights
from scheduler.solve import SolveOptions, solve
from tests.builders import make_problem, roster, violations

FAMILY = RuleFamily.COVERAGE
QUICK = SolveOptions(time_limit=10, workers=1)


def test_shortfall_costs_the_under_weight_per_missing_agent():
    # Two agents needed on one early shift, only one agent exists: one missing, 100 each.
    problem = make_problem(days=1, agents=1, demand={(0, "E"): 2})
    result = solve(problem, QUICK)
    assert result.objective == 100
    assert violations(problem, FAMILY, A1="E") == [
        "Mon 2026-12-07 shift E: 1 agent short of the 2 required (weight 100 each)"
    ]


def test_unrequired_shifts_stay_empty():
    # Nothing is demanded: the optimum staffs nobody (closed hours are not filled).
    problem = make_problem(days=3, agents=2)
    result = solve(problem, QUICK)
    assert result.objective == 0
    assert result.roster is not None and not result.roster.assignments


def test_surplus_costs_the_over_weight():
    problem = make_problem(
        days=1, agents=3, demand={(0, "E"): 1}, weights=Weights(under_coverage=50, over_coverage=7)
    )
    assert violations(problem, FAMILY, A1="E", A2="E", A3="L") == [
        "Mon 2026-12-07 shift E: 1 agent more than the 1 required (weight 7 each)",
        "Mon 2026-12-07 shift L: 1 agent more than the 0 required (weight 7 each)",
    ]


def test_exact_cover_scores_zero():
    problem = make_problem(days=2, agents=2, demand={(0, "E"): 1, (0, "L"): 1, (1, "E"): 2})
    assert violations(problem, FAMILY, A1="EE", A2="LE") == []
    assert solve(problem, QUICK).objective == 0


def test_a_replan_restores_published_coverage_without_chasing_old_shortfalls():
    # Two earlies required each day; the published roster had only one on day 1.
    base = make_problem(days=2, agents=3, demand={(0, "E"): 2, (1, "E"): 2})
    replan = replace(base, published=roster(A1="EE", A2="E.", A3=".."), replan_from=0)
    # Day 1 stays one short as published: not priced. Day 0 losing A2 is priced.
    assert violations(replan, FAMILY, A1="EE", A2="E.", A3="..") == []
    assert violations(replan, FAMILY, A1="EE", A2="..", A3="..") == [
        "Mon 2026-12-07 shift E: 1 agent short of the 2 required (weight 100 each)"
    ]
    short_on_day_1 = replace(base, published=roster(A1="EE", A2="E.", A3=".."), replan_from=0)
    assert violations(short_on_day_1, FAMILY, A1="E.", A2="E.", A3="..") == [
        "Tue 2026-12-08 shift E: 1 agent short of the 1 published (of 2 required; a re-plan "
        "restores what was published) (weight 100 each)"
    ]
    # The solver keeps the published roster: filling day 1 would cost a change (60+30).
    result = solve(replan, QUICK)
    assert result.roster == roster(A1="EE", A2="E.", A3="..")
