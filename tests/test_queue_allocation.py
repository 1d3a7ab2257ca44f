from dataclasses import replace

from scheduler.domain import Assignment, CoverageRequirement, Roster, RuleFamily
from scheduler.evaluate import evaluate
from scheduler.model import RosterModel, build_model
from scheduler.queue_allocation import allocate_queues
from scheduler.solve import _hint
from tests.builders import make_problem

# Phones and tablets each need one agent on the early shift; nobody is needed for english.
# A1 knows phones and tablets, A2 phones and english: only A1 on tablets and A2 on phones
# covers both queues.
PROBLEM = replace(
    make_problem(
        days=1,
        agents=2,
        agent_overrides={
            "A1": {"skills": frozenset({"phones", "tablets"})},
            "A2": {"skills": frozenset({"phones", "english"})},
        },
    ),
    demand=(
        CoverageRequirement(0, "E", 1, queue="phones"),
        CoverageRequirement(0, "E", 1, queue="tablets"),
        CoverageRequirement(0, "E", 0, queue="english"),
    ),
)
BOTH_EARLY = Roster(frozenset({Assignment("A1", 0, "E"), Assignment("A2", 0, "E")}))


def _queues(roster: Roster) -> dict[str, str | None]:
    return {a.agent_id: a.queue for a in roster.assignments}


def test_agents_are_moved_until_every_queue_that_can_be_covered_is():
    # Placed one at a time, A1 goes to phones (both queues are short, phones comes first) and
    # A2 has no short queue left; a pass then moves A1 to tablets, as A2 covers phones.
    allocated = allocate_queues(PROBLEM, BOTH_EARLY)
    assert _queues(allocated) == {"A1": "tablets", "A2": "phones"}
    assert evaluate(PROBLEM, allocated).cost_by_family()[RuleFamily.COVERAGE] == 0


def test_a_move_that_uncovers_a_queue_is_not_made_for_a_better_known_queue():
    # A1 knows tablets at level 2 only: queue fit costs, but far less than a queue left short.
    problem = replace(
        PROBLEM,
        agents=tuple(
            replace(a, proficiency=(("tablets", 2),)) if a.id == "A1" else a for a in PROBLEM.agents
        ),
    )
    assert _queues(allocate_queues(problem, BOTH_EARLY)) == {"A1": "tablets", "A2": "phones"}


def test_the_hint_is_the_roster_given_queues_included():
    # A plan that leaves tablets short: the hint is that roster, not one the hint's
    # completion re-optimised (which once took 70 s of a 120 s limit on the hotline).
    given = Roster(
        frozenset({Assignment("A1", 0, "E", "phones"), Assignment("A2", 0, "E", "english")})
    )
    built, hinted = _hinted(given)
    serves = built.variables.serves
    assert hinted[serves["A1", 0, "E", "phones"].index] == 1
    assert hinted[serves["A1", 0, "E", "tablets"].index] == 0
    assert hinted[serves["A2", 0, "E", "english"].index] == 1
    # Complete: every variable has one value, penalties and helpers too, so CP-SAT starts
    # from the roster rather than repairing a partial hint.
    assert sorted(hinted) == list(range(len(built.model.proto.variables)))


def test_a_roster_breaking_a_hard_rule_is_hinted_partly_and_still_as_given() -> None:
    # A1 on an early on day 0 and a late the same day: no completion exists, so the hint is
    # the decisions alone.
    broken = Roster(
        frozenset({Assignment("A1", 0, "E", "phones"), Assignment("A1", 0, "L", "phones")})
    )
    built, hinted = _hinted(broken)
    assert len(hinted) < len(built.model.proto.variables)
    assert hinted[built.variables.serves["A1", 0, "E", "phones"].index] == 1


def _hinted(roster: Roster) -> tuple[RosterModel, dict[int, int]]:
    """The whole model of ``PROBLEM`` hinted with ``roster``, and each hinted variable's
    value by index."""
    built = build_model(PROBLEM)
    _hint(built, roster)
    hint = built.model.proto.solution_hint
    return built, dict(zip(hint.vars, hint.values, strict=True))
