from dataclasses import replace

from ortools.sat.python import cp_model

from scheduler.domain import Assignment, CoverageRequirement, Roster, RuleFamily
from scheduler.evaluate import CHECKS
from scheduler.model import build_model
from tests.builders import make_problem

FAMILY = RuleFamily.QUEUES
# A1 answers phones only, A2 phones and tablets, A3 has no skill the demand names.
PROBLEM = replace(
    make_problem(
        days=1,
        agents=3,
        agent_overrides={
            "A1": {"skills": frozenset({"phones"})},
            "A2": {"skills": frozenset({"phones", "tablets"})},
            "A3": {"skills": frozenset({"english"})},
        },
    ),
    demand=(
        CoverageRequirement(0, "E", 1, queue="phones"),
        CoverageRequirement(0, "E", 1, queue="tablets"),
    ),
)


def _serving_counts(fix: dict[tuple[str, str], int]) -> bool:
    """Whether the queues rule accepts A2 on the early shift with these serve values."""
    built = build_model(PROBLEM, [FAMILY])
    v = built.variables
    built.model.add(v.assigned["A2", 0, "E"] == 1)
    for (agent, queue), value in fix.items():
        built.model.add(v.serves[agent, 0, "E", queue] == value)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return solver.solve(built.model) == cp_model.OPTIMAL


def test_model_has_serve_variables_only_for_skills_the_demand_names():
    v = build_model(PROBLEM, [FAMILY]).variables
    assert {key for key in v.serves if key[1:3] == (0, "E")} == {
        ("A1", 0, "E", "phones"),
        ("A2", 0, "E", "phones"),
        ("A2", 0, "E", "tablets"),
    }
    # A single-queue agent serves it whenever at work: the shift variable stands in.
    assert v.serves["A1", 0, "E", "phones"] is v.assigned["A1", 0, "E"]


def test_model_makes_a_multi_skilled_agent_serve_exactly_one_queue():
    assert not _serving_counts({("A2", "phones"): 1, ("A2", "tablets"): 1})
    assert not _serving_counts({("A2", "phones"): 0, ("A2", "tablets"): 0})
    assert _serving_counts({("A2", "phones"): 0, ("A2", "tablets"): 1})


def _messages(*assignments: Assignment) -> list[str]:
    return [v.message for v in CHECKS[FAMILY](PROBLEM, Roster(frozenset(assignments)))]


def test_evaluator_accepts_queues_within_skills_and_agents_without_demand_skills():
    assert (
        _messages(
            Assignment("A1", 0, "E", "phones"),
            Assignment("A2", 0, "E", "tablets"),
            Assignment("A3", 0, "L"),
        )
        == []
    )


def test_evaluator_reports_a_queue_outside_the_skills_and_a_missing_queue():
    assert _messages(
        Assignment("A1", 0, "E", "tablets"),
        Assignment("A2", 0, "L"),
        Assignment("A3", 0, "E", "phones"),
    ) == [
        "A1 serves tablets on E on Mon 2026-12-07 but can serve phones",
        "A2 serves no queue on L on Mon 2026-12-07 (skills phones, tablets)",
        "A3 serves phones on E on Mon 2026-12-07 but can serve no queue of the demand",
    ]
