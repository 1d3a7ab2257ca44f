"""Infeasibility explained in words, and --soften as the way out."""

from dataclasses import replace

import pytest
from ortools.sat.python import cp_model

from scheduler.domain import (
    Contract,
    Leave,
    Rotation,
    RotationMode,
    RuleFamily,
    Strength,
    Tier,
    TierRules,
    TrainingSession,
)
from scheduler.explain import HARD_FAMILIES, build_guarded, explain_infeasibility, obvious_conflicts
from scheduler.model import build_model
from scheduler.solve import SolveOptions, SolveStatus, solve
from tests.builders import EARLY, LATE, NIGHT, make_problem
from tests.conftest import report

F = RuleFamily


def _feasible(problem, families) -> bool:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return solver.solve(build_model(problem, families).model) == cp_model.OPTIMAL


# Five hand-made infeasible inputs, each with the rules that must be named.
CASES = {
    "hours_after_leave": (
        make_problem(
            days=28,
            agents=1,
            contract=Contract("FT", "Full", min_minutes_period=240 * 60),
            leave=(Leave("A1", 0, 9, "vacation"),),
        ),
        None,  # found by the pre-check, before any model
    ),
    "weekly_hours_vs_runs": (
        make_problem(
            days=7,
            agents=1,
            contract=Contract(
                "C",
                "Any",
                min_minutes_week=6 * 450,
                max_consecutive_days=5,
                min_consecutive_days_off=2,
            ),
        ),
        {F.ONE_SHIFT_PER_DAY, F.CONSECUTIVE_DAYS, F.DAYS_OFF, F.WORKING_TIME},
    ),
    "rest_after_previous_night": (
        make_problem(
            days=3,
            agents=1,
            shifts=(EARLY, LATE, NIGHT),
            contract=Contract("C", "Any", min_minutes_period=3 * 450, min_rest_minutes=11 * 60),
            agent_overrides={
                "A1": {
                    "allowed_shifts": frozenset("E"),
                    "last_shift_before": "N",
                    "worked_days_before": 1,
                }
            },
        ),
        {F.ALLOWED_SHIFTS, F.REST, F.WORKING_TIME},
    ),
    "no_weekends_but_every_day": (
        make_problem(
            days=7,
            agents=1,
            contract=Contract("C", "Any", min_minutes_period=7 * 450, max_weekends=0),
        ),
        {F.ONE_SHIFT_PER_DAY, F.WEEKENDS, F.WORKING_TIME},
    ),
    # An unavailable day is a day off like any other (paid leave is an absence instead).
    "single_unavailable_day_vs_days_off": (
        make_problem(
            days=7,
            agents=1,
            leave=(Leave("A1", 3, 3, "unavailable", prorates_hours=False),),
            contract=Contract("C", "Any", min_minutes_period=6 * 450, min_consecutive_days_off=2),
        ),
        {F.ONE_SHIFT_PER_DAY, F.LEAVE, F.DAYS_OFF, F.WORKING_TIME},
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_each_infeasible_case_is_explained_by_its_smallest_rule_set(name, pytestconfig):
    problem, expected = CASES[name]
    assert solve(problem, SolveOptions(time_limit=10, workers=1)).status is SolveStatus.INFEASIBLE
    conflicts = explain_infeasibility(problem)
    assert [c.agent_id for c in conflicts] == ["A1"]
    report(pytestconfig, f"explained {name}: {conflicts[0].message}")
    if expected is None:
        assert obvious_conflicts(problem) == conflicts
        return
    assert set(conflicts[0].families) == expected
    # Minimal: the named rules clash, and dropping any one of them makes room.
    assert not _feasible(problem, expected)
    for family in expected:
        assert _feasible(problem, expected - {family}), family


def test_the_pre_check_speaks_in_hours_and_days():
    problem, _ = CASES["hours_after_leave"]
    # 240 h pro-rated for 10 leave days of 28 is 154.3 h; 18 days of 7.5 h give 135 h.
    assert obvious_conflicts(problem)[0].message.startswith(
        "A1 needs at least 154.3 h in the period but has only 18 working days left after "
        "leave, at most 7.5 h each (135 h in all)"
    )


def test_the_explanation_names_the_limits():
    problem, _ = CASES["weekly_hours_vs_runs"]
    message = explain_infeasibility(problem)[0].message
    assert "at most 5 working days in a row" in message
    assert "days off at least 2 in a row" in message
    assert "at least 45 h a week" in message
    assert "--soften" in message


def test_the_model_cores_come_from_has_no_objective():
    # Cores (sufficient assumptions) are unreliable while an objective is set, and minimising
    # an empty sum counts as one.
    problem = CASES["hours_after_leave"][0]
    assert build_model(problem, HARD_FAMILIES, guarded=True).model.has_objective()
    assert not build_guarded(problem).model.has_objective()


def test_a_feasible_problem_has_no_conflicts():
    problem = make_problem(days=7, agents=2, contract=Contract("C", "Any", max_weekends=1))
    assert explain_infeasibility(problem) == []


def test_soften_returns_a_roster_that_breaks_only_relaxed_rules():
    problem, _ = CASES["no_weekends_but_every_day"]
    result = solve(problem, SolveOptions(time_limit=10, workers=1, soften=True))
    assert result.roster is not None
    assert result.relaxed  # something had to give
    broken = {(v.family, v.agent_id) for v in result.evaluation.violations}
    assert broken and broken <= set(result.relaxed)


def test_soften_changes_nothing_when_the_rules_can_hold():
    problem = make_problem(
        days=7,
        agents=2,
        demand={(d, "E"): 1 for d in range(7)},
        contract=Contract("C", "Any", max_consecutive_days=4),
    )
    plain = solve(problem, SolveOptions(time_limit=10, workers=1))
    softened = solve(problem, SolveOptions(time_limit=10, workers=1, soften=True))
    assert softened.relaxed == ()
    assert softened.objective == plain.objective


def test_soften_prices_working_time_by_the_minute_and_comes_as_close_as_it_can():
    # Six shifts a week are required but runs and days off allow at most five: the softened
    # roster works those five (450 minutes short), not fewer.
    problem, _ = CASES["weekly_hours_vs_runs"]
    result = solve(problem, SolveOptions(time_limit=10, workers=1, soften=True))
    assert result.roster is not None
    assert sum(result.roster.works("A1", d) for d in range(7)) == 5
    assert [(v.family, v.amount) for v in result.evaluation.violations] == [(F.WORKING_TIME, 450)]
    assert result.relaxed == ((F.WORKING_TIME, "A1"),)


def test_a_hard_cyclic_pattern_no_agent_can_share_is_named_as_the_conflict():
    # One pattern week for both: whatever A1 (earlies only) works, A2 (lates only) must too.
    problem = replace(
        make_problem(
            days=7,
            contract=Contract("C", "Any", min_minutes_period=450),
            agent_overrides={
                "A1": {"allowed_shifts": frozenset({"E"})},
                "A2": {"allowed_shifts": frozenset({"L"})},
            },
        ),
        rotation=Rotation(RotationMode.CYCLIC, weeks=1, hard=True),
    )
    assert solve(problem, SolveOptions(time_limit=10, workers=1)).status is SolveStatus.INFEASIBLE
    (conflict,) = explain_infeasibility(problem)
    assert conflict.families == (RuleFamily.ROTATION,)
    assert "cannot share one cyclic pattern" in conflict.message
    # Under --soften some rule gives way (a break costs as much as relaxing a rule group).
    softened = solve(problem, SolveOptions(time_limit=10, workers=1, soften=True))
    assert softened.roster is not None and softened.relaxed


def test_hard_supervision_no_lead_can_give_is_named_as_the_conflict():
    # Both agents must work (a period minimum) but neither is a lead or senior.
    problem = replace(
        make_problem(days=3, contract=Contract("C", "Any", min_minutes_period=450)),
        tiers=TierRules(supervision=Strength.HARD),
    )
    assert solve(problem, SolveOptions(time_limit=10, workers=1)).status is SolveStatus.INFEASIBLE
    (conflict,) = explain_infeasibility(problem)
    assert conflict.families == (RuleFamily.SUPERVISION,)
    assert "team lead or senior on every shift" in conflict.message
    # With a senior among them, the same rules hold.
    led = replace(
        problem, agents=(replace(problem.agents[0], tier=Tier.SENIOR), *problem.agents[1:])
    )
    assert explain_infeasibility(led) == []


def test_a_named_attendee_on_leave_for_their_session_is_caught_before_solving():
    problem = replace(
        make_problem(days=3, leave=(Leave("A1", 1, 1, "leave"),)),
        training=(TrainingSession("Product", 1, 1, 9 * 60, 60, frozenset({"A1"}), seats=1),),
    )
    assert solve(problem, SolveOptions(time_limit=10, workers=1)).status is SolveStatus.INFEASIBLE
    (conflict,) = explain_infeasibility(problem)
    assert conflict.families == (RuleFamily.TRAINING, RuleFamily.LEAVE)
    assert conflict.message.startswith(
        "A1 is named to attend Product but is on leave on Tue 2026-12-08;"
    )
    assert obvious_conflicts(problem) == [conflict]  # `scheduler solve` refuses it up front


def test_weekly_minimums_above_the_period_maximum_are_seen_without_a_solver():
    # Four weeks of at least 24 h cannot fit in 90 h: the contract contradicts itself.
    contract = Contract("C", "Any", min_minutes_week=24 * 60, max_minutes_period=90 * 60)
    problem = make_problem(days=28, agents=1, contract=contract)
    (conflict,) = obvious_conflicts(problem)
    assert conflict.families == (RuleFamily.WORKING_TIME,)
    assert "weekly minimums add up to 96 h over the period, above the contract's 90 h" in (
        conflict.message
    )
    # And the other way round: a period minimum the weekly maximums cannot reach.
    capped = Contract("C", "Any", max_minutes_week=20 * 60, min_minutes_period=90 * 60)
    (conflict,) = obvious_conflicts(make_problem(days=28, agents=1, contract=capped))
    assert "needs 90 h in the period, above the 80 h the weekly maximums allow" in (
        conflict.message
    )
    fine = Contract("C", "Any", min_minutes_week=20 * 60, max_minutes_period=90 * 60)
    assert obvious_conflicts(make_problem(days=28, agents=1, contract=fine)) == []
