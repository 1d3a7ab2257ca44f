from dataclasses import replace

from scheduler.domain import Rotation, RotationMode, RuleFamily
from scheduler.evaluate import evaluate
from scheduler.solve import SolveOptions, solve
from tests.builders import make_problem, roster, violations

FAMILY = RuleFamily.ROTATION_BREAKS


def test_each_shift_off_the_best_block_costs_the_weight():
    blocks = replace(
        make_problem(days=14, agents=1), rotation=Rotation(RotationMode.WEEKLY_BLOCKS, weight=7)
    )
    assert violations(blocks, FAMILY, A1="EEEEE..LLLLL..") == []
    # Starting late would break four shifts, starting early breaks one: the best option counts.
    assert violations(blocks, FAMILY, A1="EEEEE..LLLLE..") == [
        "A1: 1 break(s) from the rotation (weekly blocks starting with an early week; weight 7)"
    ]
    cost = evaluate(blocks, roster(A1="EEEEE..EEEEE..")).cost_by_family()[FAMILY]
    assert cost == 5 * 7


def test_a_pattern_cell_costs_every_agent_day_that_differs_from_its_most_common_value():
    cyclic = replace(
        make_problem(days=7, agents=3), rotation=Rotation(RotationMode.CYCLIC, weeks=1, weight=3)
    )
    # One pattern week shared by all three: Monday is E for two and L for one.
    assert violations(cyclic, FAMILY, A1="E......", A2="E......", A3="L......") == [
        "agents: 1 break(s) from the rotation (pattern C week 1 Mon is E; weight 3)"
    ]


def test_solver_breaks_a_block_only_when_coverage_is_worth_more():
    # Week 1 needs a late on Wednesday; the agent's blocks could start late, but week 2 needs
    # an early then too, so one of the two weeks must break the block once.
    problem = replace(
        make_problem(days=14, agents=1, demand={(2, "L"): 1, (9, "E"): 1, (0, "E"): 1}),
        rotation=Rotation(RotationMode.WEEKLY_BLOCKS, weight=30),
    )
    result = solve(problem, SolveOptions(time_limit=10, workers=1))
    assert result.evaluation is not None and result.roster is not None
    # Every requirement met (3 x 100 saved) for one break (30): cheaper than a missed shift.
    assert result.evaluation.cost_by_family()[FAMILY] == 30
    assert result.objective == result.evaluation.total == 30
    heavier = replace(problem, rotation=Rotation(RotationMode.WEEKLY_BLOCKS, weight=500))
    result = solve(heavier, SolveOptions(time_limit=10, workers=1))
    assert result.evaluation is not None
    assert result.evaluation.cost_by_family()[FAMILY] == 0
    assert result.objective == 100
