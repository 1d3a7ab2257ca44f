from dataclasses import replace
from datetime import timedelta

from scheduler.domain import Contract, Leave, Problem, Rotation, RotationMode, RuleFamily
from scheduler.rotation import pattern_starts, pattern_week
from scheduler.solve import SolveOptions, solve
from tests.builders import (
    DAY,
    EARLY,
    LATE,
    MONDAY,
    NIGHT,
    make_problem,
    model_allows,
    violations,
)

FAMILY = RuleFamily.ROTATION


def rotating(problem: Problem, mode: RotationMode, **fields: object) -> Problem:
    return replace(problem, rotation=Rotation(mode, hard=True, **fields))  # type: ignore[arg-type]


BLOCKS = rotating(make_problem(days=14, agents=1), RotationMode.WEEKLY_BLOCKS)


def test_weekly_blocks_alternate_early_and_late_weeks_from_either_start():
    for week_pair in (
        "EEEEE..LLLLL..",
        "LLLLL..EEEEE..",
        "EE.EE..L..LL.L",
        "..............",
        "E......L......",
    ):
        assert model_allows(BLOCKS, FAMILY, A1=week_pair), week_pair
        assert violations(BLOCKS, FAMILY, A1=week_pair) == []


def test_weekly_blocks_forbid_a_mixed_week_and_a_repeated_block():
    assert not model_allows(BLOCKS, FAMILY, A1="EELEE..LLLLL..")
    assert not model_allows(BLOCKS, FAMILY, A1="EEEEE..EEEEE..")
    assert violations(BLOCKS, FAMILY, A1="EEEEE..EEEEE..") == [
        "A1: 5 break(s) from the rotation, first on Mon 2026-12-14 (weekly blocks starting "
        "with an early week)"
    ]


def test_categories_outside_the_cycle_are_free_and_agents_who_cannot_rotate_are_left_out():
    with_days = rotating(
        make_problem(
            days=14,
            agents=2,
            shifts=(EARLY, DAY, LATE),
            agent_overrides={"A2": {"allowed_shifts": frozenset({"E", "D"})}},
        ),
        RotationMode.WEEKLY_BLOCKS,
    )
    assert model_allows(with_days, FAMILY, A1="EEDEE..LDLLL..", A2="EEEEE..EEEEE..")
    assert violations(with_days, FAMILY, A1="EEDEE..LDLLL..", A2="EEEEE..EEEEE..") == []


def test_an_agent_rotates_through_the_cycle_categories_it_may_work():
    three = rotating(
        make_problem(
            days=21,
            agents=1,
            shifts=(EARLY, LATE, NIGHT),
            agent_overrides={"A1": {"allowed_shifts": frozenset({"E", "N"})}},
        ),
        RotationMode.WEEKLY_BLOCKS,
        cycle=("early", "late", "night"),
    )
    assert model_allows(three, FAMILY, A1="EEEEE..NNNNN..EEEEE..")
    assert not model_allows(three, FAMILY, A1="EEEEE..NNNNN..NNNNN..")


CYCLIC = rotating(make_problem(days=14, agents=2), RotationMode.CYCLIC, weeks=2)


def test_cyclic_agents_work_the_pattern_staggered_by_a_week():
    assert model_allows(CYCLIC, FAMILY, A1="EEEEE..LLLLL..", A2="LLLLL..EEEEE..")
    assert violations(CYCLIC, FAMILY, A1="EEEEE..LLLLL..", A2="LLLLL..EEEEE..") == []
    assert not model_allows(CYCLIC, FAMILY, A1="EEEEE..LLLLL..", A2="LLLLL..EEEEL..")


def test_cyclic_names_the_agent_who_left_the_pattern():
    # A1 and A3 start on pattern week 1, A2 on week 2: each cell has three agent-days.
    three = rotating(make_problem(days=14, agents=3), RotationMode.CYCLIC, weeks=2)
    assert violations(
        three, FAMILY, A1="EEEEE..LLLLL..", A2="LLLLL..EEEEE..", A3="EEEE.E.LLLLL.."
    ) == [
        "A3: 1 break(s) from the rotation, first on Fri 2026-12-11 (pattern C week 1 Fri is E)",
        "A3: 1 break(s) from the rotation, first on Sat 2026-12-12 (pattern C week 1 Sat is off)",
    ]


def test_leave_days_are_not_breaks_and_explicit_starts_share_a_pattern_week():
    on_leave = replace(CYCLIC, leave=(Leave("A2", 7, 9, "holiday"),))
    assert model_allows(on_leave, FAMILY, A1="EEEEE..LLLLL..", A2="LLLLL.....EE..")
    same_start = rotating(
        make_problem(days=14, agents=2, agent_overrides={"A2": {"rotation_start": 1}}),
        RotationMode.CYCLIC,
        weeks=2,
    )
    assert model_allows(same_start, FAMILY, A1="EEEEE..LLLLL..", A2="EEEEE..LLLLL..")
    assert not model_allows(same_start, FAMILY, A1="EEEEE..LLLLL..", A2="LLLLL..EEEEE..")


def test_a_pattern_has_a_week_per_agent_by_default_and_continues_from_its_anchor():
    problem = rotating(make_problem(days=7, agents=5), RotationMode.CYCLIC)
    assert problem.pattern_weeks("C") == 5
    starts = pattern_starts(problem)
    assert [starts[f"A{n}"] for n in range(1, 6)] == [0, 1, 2, 3, 4]
    agent = problem.agents[0]
    assert pattern_week(problem, agent, 0, 0) == 0
    # Four weeks later, with the period's first Monday as the anchor, A1 is on pattern week 5.
    later = replace(
        problem,
        period=replace(problem.period, start=MONDAY + timedelta(weeks=4)),
        rotation=replace(problem.rotation, anchor=MONDAY + timedelta(days=2)),
    )
    assert pattern_week(later, agent, 0, 0) == 4
    assert pattern_week(later, agent, 0, 1) == 0


def test_a_cyclic_pattern_rotates_two_consecutive_days_off_through_the_week():
    # Three agents, two needed on every day, at most five shifts a week and days off in runs
    # of at least two: a three-week pattern whose days off each agent meets in turn.
    contract = Contract("C", "Five days", max_minutes_week=5 * 450, min_consecutive_days_off=2)
    demand = {(day, "E"): 2 for day in range(21)}
    base = make_problem(days=21, agents=3, shifts=(EARLY,), contract=contract, demand=demand)
    problem = rotating(base, RotationMode.CYCLIC)
    result = solve(problem, SolveOptions(time_limit=20, workers=2, seed=1))
    assert result.roster is not None and result.evaluation is not None
    assert result.evaluation.is_feasible and result.objective == 0
    for agent in ("A1", "A2", "A3"):
        off = [
            {
                day % 7
                for day in range(week * 7, week * 7 + 7)
                if not result.roster.works(agent, day)
            }
            for week in range(3)
        ]
        # Each weekday off exactly once in the three weeks: the days off rotate.
        assert sorted(day for week in off for day in week) == list(range(7)), (agent, off)
