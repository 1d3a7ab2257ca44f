from dataclasses import replace

from scheduler.domain import Assignment, CoverageRequirement, Roster, RuleFamily, Weights
from scheduler.evaluate import CHECKS
from scheduler.solve import SolveOptions, solve
from tests.builders import make_problem

FAMILY = RuleFamily.QUEUE_FIT
QUICK = SolveOptions(time_limit=10, workers=1)


def _problem(phones_needed: int, tablets_needed: int, weight: int = 1):
    # A1 is an expert on phones and a learner (level 2) on tablets; A2 knows only tablets.
    base = make_problem(
        days=1,
        agents=2,
        weights=Weights(queue_fit=weight),
        agent_overrides={
            "A1": {"skills": frozenset({"phones", "tablets"}), "proficiency": (("tablets", 2),)},
            "A2": {"skills": frozenset({"tablets"})},
        },
    )
    return replace(
        base,
        demand=(
            CoverageRequirement(0, "E", phones_needed, queue="phones"),
            CoverageRequirement(0, "E", tablets_needed, queue="tablets"),
        ),
    )


def test_evaluator_charges_the_levels_missing_per_shift():
    roster = Roster(frozenset({Assignment("A1", 0, "E", "tablets")}))
    assert [p.message for p in CHECKS[FAMILY](_problem(0, 1, weight=2), roster)] == [
        "A1 serves tablets on 1 shift at proficiency 2 of 5 (weight 6 each)"
    ]
    expert = Roster(frozenset({Assignment("A1", 0, "E", "phones")}))
    assert CHECKS[FAMILY](_problem(1, 0), expert) == []


def test_solver_sends_the_agent_to_the_queue_they_know_when_coverage_allows():
    # One phone and one tablet needed: A1 takes phones, A2 tablets; nothing is charged.
    result = solve(_problem(1, 1), QUICK)
    assert result.objective == 0
    assert result.roster is not None
    assert {(a.agent_id, a.queue) for a in result.roster.assignments} == {
        ("A1", "phones"),
        ("A2", "tablets"),
    }


def test_coverage_outweighs_proficiency():
    # Two tablets needed and no phones: A1 serves tablets at a cost of 3, far below 100 short.
    result = solve(_problem(0, 2), QUICK)
    assert result.objective == 3
    assert result.evaluation.penalties[0].family is FAMILY
