"""A few agents' rows re-solved together where agents are linked beyond whole heads: the
trades no one agent and no one day makes, priced as the coverage rule counts them, and
never a worse roster by the evaluator."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, assume, given, settings

from scheduler import crew_search, day_search, group_search, heuristic
from scheduler.agent_sweeps import SweepStopped, sweep
from scheduler.domain import Agent, Contract, Problem, Roster, Tier, TierRules, Weights
from scheduler.evaluate import evaluate
from scheduler.heuristic import greedy_roster
from scheduler.limits import SearchLimits
from tests.builders import EARLY, make_problem
from tests.test_group_search import _searchable
from tests.test_solver_matches_evaluator import problems


def _halves(agents: int = 3) -> tuple[Problem, Roster]:
    # Every agent is QA, half their shift on the phones, and works one shift; day 1 wants one
    # agent, day 0 nobody, and surplus costs nothing. All on day 0 leave day 1 a head short;
    # one alone on day 1 is half a head, still a head short once rounded up; only two moving
    # together cover it.
    shift = EARLY.paid_minutes
    problem = make_problem(
        days=2,
        agents=agents,
        shifts=(EARLY,),
        contract=Contract("C", "One shift", min_minutes_period=shift, max_minutes_period=shift),
        demand={(0, "E"): 0, (1, "E"): 1},
        weights=Weights(over_coverage=0),
        agent_overrides={f"A{n}": {"tier": Tier.QA} for n in range(1, agents + 1)},
    )
    problem = replace(problem, tiers=TierRules(off_phone_percent=((Tier.QA, 50),)))
    return problem, Roster.from_rows({agent.id: ["E", None] for agent in problem.agents})


def test_two_agents_who_gain_only_together_move_together() -> None:
    problem, start = _halves()
    assert crew_search.applies_to(problem, size=2)
    assert evaluate(problem, start).total == problem.weights.under_coverage
    # Neither the sweeps (one agent) nor the day search (who works held fixed) find it.
    assert sweep(problem, start) == start
    assert day_search.improve(problem, start) == start
    changes: list[int] = []
    found = crew_search.improve(problem, start, on_change=changes.append, size=2)
    assert sorted(found.shift_of(agent.id, 1) or "" for agent in problem.agents) == ["", "E", "E"]
    assert evaluate(problem, found).total == 0
    assert changes == [-problem.weights.under_coverage]


def test_the_draws_follow_the_day_search_where_agents_are_linked_beyond_heads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    problem, start = _halves(agents=4)
    drawn: list[Roster] = []

    def recorded(problem: Problem, roster: Roster, *args: object) -> Roster:
        drawn.append(roster)
        return roster

    monkeypatch.setattr(crew_search, "improve", recorded)
    assert crew_search.applies_to(problem)
    heuristic.swept_roster(problem, start)
    assert drawn == [start]


def test_in_a_re_plan_each_draw_starts_from_an_agent_the_change_moved(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    problem, start = _halves(agents=4)
    replan = replace(problem, published=start)
    drawn: list[list[str]] = []

    def recorded(problem: Problem, floor: object, rows: object, few: list[Agent], *args: object):
        drawn.append([agent.id for agent in few])

    monkeypatch.setattr(crew_search, "_best_rows", recorded)
    assert crew_search.improve(replan, start, size=2) == start
    assert drawn == []  # nothing moved: nothing to draw around
    moved = Roster.from_rows({**{a.id: ["E", None] for a in problem.agents}, "A2": [None, "E"]})
    crew_search.improve(replan, moved, size=2)
    # The patience counts the one agent moved, not all four.
    assert len(drawn) == max(1, group_search.PATIENCE // 2)
    assert all(few[0] == "A2" for few in drawn)


def test_ctrl_c_keeps_the_roster_reached() -> None:
    problem, start = _halves()

    def interrupted(*args: object) -> object:
        raise KeyboardInterrupt

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(crew_search, "_best_rows", interrupted)
        with pytest.raises(SweepStopped) as stopped:
            crew_search.improve(problem, start, size=2)
    assert stopped.value.roster == start


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(max_agents=5, max_days=6, max_shifts=3))
def test_the_roster_is_never_worse_and_keeps_the_hard_rules(problem: Problem) -> None:
    """Every kind of demand, tier rule, training session and own rule the generator draws:
    the evaluator judges each draw, so what comes back is never worse than what went in."""
    problem = _searchable(problem)
    assume(crew_search.applies_to(problem, size=2))
    start = greedy_roster(problem)
    before = evaluate(problem, start)
    assume(before.is_feasible)
    found = crew_search.improve(problem, start, SearchLimits(budget=20), size=2)
    after = evaluate(problem, found)
    assert after.is_feasible and after.total <= before.total
