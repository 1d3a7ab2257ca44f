"""Splitting a center into independent teams: which teams couple, and that the split is exact.

Exact means the whole problem's optimum is the sum of the parts' optima: every roster merged
from the parts scores in the full evaluation what the parts scored (``merge`` raises
otherwise), and solving team by team reaches the same optimum as solving the whole.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.domain import (
    Contract,
    CoverageRequirement,
    Fairness,
    IntervalRequirement,
    Leave,
    Lock,
    Problem,
    RequestKind,
    Roster,
    Rotation,
    RotationMode,
    ShiftRequest,
    TrainingSession,
    Weights,
)
from scheduler.evaluate import evaluate
from scheduler.example import build_sites
from scheduler.io.input_reader import load_problem
from scheduler.io.input_workbook import write_input
from scheduler.io.replan_store import read_published
from scheduler.solve import EvaluationMismatch, SolveOptions, SolveResult, SolveStatus, solve
from scheduler.split import TeamGroup, merge, sub_problem, team_groups
from tests.builders import EARLY, LATE, NIGHT, make_problem, roster, run_cli
from tests.test_solver_matches_evaluator import problems

QUICK = SolveOptions(time_limit=3, workers=2)
EXACT = SolveOptions(time_limit=5, workers=2)


def _north_and_south(north: set[str], south: set[str], **changes: object) -> Problem:
    """A1, A2 in North may work ``north``; A3, A4 in South ``south``; every shift needs one
    agent a day."""
    problem = make_problem(
        days=3,
        agents=4,
        shifts=(EARLY, LATE, NIGHT),
        demand={(day, code): 1 for day in range(3) for code in "ELN"},
        agent_overrides={
            "A1": {"team": "North", "allowed_shifts": frozenset(north)},
            "A2": {"team": "North", "allowed_shifts": frozenset(north)},
            "A3": {"team": "South", "allowed_shifts": frozenset(south)},
            "A4": {"team": "South", "allowed_shifts": frozenset(south)},
        },
    )
    return replace(problem, **changes)  # type: ignore[arg-type]


def _teams(problem: Problem, soften: bool = False) -> list[tuple[str, ...]]:
    return [group.teams for group in team_groups(problem, soften).groups]


def _solve_by_team(
    problem: Problem, options: SolveOptions
) -> tuple[list[SolveResult], SolveResult]:
    parts = [solve(sub_problem(problem, g), options) for g in team_groups(problem).groups]
    return parts, merge(problem, parts, sum(part.wall_time for part in parts))


def test_teams_with_their_own_shifts_are_solved_apart():
    split = team_groups(_north_and_south({"E"}, {"L"}))
    assert [(g.teams, g.agent_ids) for g in split.groups] == [
        (("North",), ("A1", "A2")),
        (("South",), ("A3", "A4")),
    ]
    assert split.reasons == ()


def test_a_shift_both_teams_work_couples_them_and_says_so():
    split = team_groups(_north_and_south({"E", "L"}, {"L"}))
    assert [g.agent_ids for g in split.groups] == [("A1", "A2", "A3", "A4")]
    assert split.reasons == ("teams North and South both work shift L",)


def test_agents_without_a_team_are_a_team_of_their_own():
    problem = _north_and_south({"E"}, {"L"})
    loner = replace(problem.agents[3], team="", allowed_shifts=frozenset({"N"}))
    alone = replace(problem, agents=(*problem.agents[:3], loner))
    assert _teams(alone) == [("North",), ("South",), ("",)]
    early = replace(loner, allowed_shifts=frozenset({"E"}))
    joined = replace(problem, agents=(*problem.agents[:3], early))
    assert _teams(joined) == [("", "North"), ("South",)]
    assert team_groups(joined).reasons == ("teams (no team) and North both work shift E",)


def test_interval_demand_couples_every_team():
    intervals = (IntervalRequirement(0, 8 * 60, 60, 1),)
    problem = _north_and_south({"E"}, {"L"}, interval_demand=intervals)
    assert _teams(problem) == [("North", "South")]
    assert team_groups(problem).reasons == (
        "demand is per interval (forecast), shared by every shift",
    )


def test_priced_fairness_couples_every_team_even_by_team():
    # A team's part of the duty is its weight's share of the center's: it depends on the other.
    for by_team in (False, True):
        problem = _north_and_south({"E"}, {"L"}, fairness=Fairness(weight=1, by_team=by_team))
        assert _teams(problem) == [("North", "South")]
    unpriced = _north_and_south({"E"}, {"L"}, fairness=Fairness(weight=0))
    assert _teams(unpriced) == [("North",), ("South",)]
    assert (
        "fairness compares agents across teams (fairness weight 1 > 0)"
        in team_groups(_north_and_south({"E"}, {"L"}, fairness=Fairness(weight=1))).reasons
    )


def test_a_cyclic_pattern_couples_teams_on_one_contract_only():
    cyclic = Rotation(RotationMode.CYCLIC)
    shared = _north_and_south({"E"}, {"L"}, rotation=cyclic)
    assert team_groups(shared).reasons == (
        "cyclic rotation shares one pattern per contract across teams (contract C: North, South)",
    )
    own = Contract("S", "South's")
    apart = replace(
        shared,
        contracts=(*shared.contracts, own),
        agents=(*shared.agents[:2], *(replace(a, contract_id="S") for a in shared.agents[2:])),
    )
    assert _teams(apart) == [("North",), ("South",)]
    # Each part keeps its contracts' pattern: as long, and the same starts.
    south = sub_problem(apart, team_groups(apart).groups[1])
    assert south.pattern_weeks("S") == apart.pattern_weeks("S") == 2
    blocks = replace(shared, rotation=Rotation(RotationMode.WEEKLY_BLOCKS))
    assert _teams(blocks) == [("North",), ("South",)]  # blocks are per agent


def test_soften_couples_every_team():
    # Under --soften an agent may break allowed_shifts and cover another team's shift.
    problem = _north_and_south({"E"}, {"L"})
    assert _teams(problem, soften=True) == [("North", "South")]


def test_a_part_keeps_its_agents_records_and_the_unstaffable_demand_is_counted_once():
    problem = _north_and_south(
        {"E"},
        {"L"},
        leave=(Leave("A1", 0, 1), Leave("A4", 2, 2, "sick")),
        requests=(
            ShiftRequest("A2", 1, None, RequestKind.WANT, 3),
            ShiftRequest("A3", 0, "L", RequestKind.AVOID, 2),
        ),
        locks=(Lock("A3", 2, None),),
        published=roster(A1="EE.", A2=".EE", A3="LLL", A4="L.L"),
        replan_from=1,
    )
    north, south = (sub_problem(problem, g) for g in team_groups(problem).groups)
    assert [a.id for a in north.agents] == ["A1", "A2"]
    assert north.leave_days("A1") == {0: "leave", 1: "leave"}
    assert south.leave_days("A4") == {2: "sick"}
    assert [r.agent_id for r in north.requests] == ["A2"]
    assert [r.agent_id for r in south.requests] == ["A3"]
    assert north.locks == () and south.locks == problem.locks
    # Nobody may work N: its demand is North's (the first group's), and only North's.
    assert {r.shift for r in north.demand} == {"E", "N"}
    assert {r.shift for r in south.demand} == {"L"}
    assert north.requirements[0, "N"].required == 1 and south.requirements[0, "N"].required == 0
    # Every roster scores in the whole what it scores in the parts, term by term: an empty one
    # (all demand short), and one breaking A1's leave, A3's lock and A4's leave.
    for rows in ({}, {"A1": "E.E", "A3": "LLL", "A4": "LLL"}):
        whole = evaluate(problem, roster(**rows))
        parts = [
            evaluate(part, roster(**{a: row for a, row in rows.items() if a in part.agent_by_id}))
            for part in (north, south)
        ]
        assert Counter(whole.penalties) == Counter(p for part in parts for p in part.penalties)
        assert Counter(whole.violations) == Counter(v for part in parts for v in part.violations)
    assert len(whole.violations) == 3


def test_a_part_keeps_its_agents_published_training_seats():
    # TN fits North's early shift only, TS South's late shift; both were published with an
    # attendee, whom the re-plan does not send: each part must price its own seat given up.
    published = roster(A1="EEE", A3="LLL")
    problem = _north_and_south(
        {"E"},
        {"L"},
        training=(
            TrainingSession("TN", 0, 0, 7 * 60, 60, frozenset(), 1),
            TrainingSession("TS", 0, 0, 15 * 60, 60, frozenset(), 1),
        ),
        published=Roster(published.assignments, frozenset({("A1", "TN"), ("A3", "TS")})),
        replan_from=0,
    )
    north, south = (sub_problem(problem, g) for g in team_groups(problem).groups)
    assert north.published is not None and south.published is not None
    assert north.published.training == {("A1", "TN")}
    assert south.published.training == {("A3", "TS")}
    whole = evaluate(problem, published)
    parts = [
        evaluate(part, roster(**{"A1": "EEE"} if part is north else {"A3": "LLL"}))
        for part in (north, south)
    ]
    given_up = [p for p in whole.penalties if "no longer attends" in p.message]
    assert len(given_up) == 2
    assert Counter(whole.penalties) == Counter(p for part in parts for p in part.penalties)


def test_a_part_whose_demand_names_no_queue_still_counts_per_queue():
    # Found by hypothesis: only shift E has demand, on queue "p"; South works L alone. In the
    # whole, A3 on L serves no queue (no skill "p") and so is no surplus; South's part has no
    # demand rows, and used to count pooled heads, pricing A3 as surplus the whole never saw.
    problem = replace(
        _north_and_south({"E"}, {"L"}),
        demand=(CoverageRequirement(0, "E", 1, queue="p"),),
        weights=Weights(under_coverage=7, over_coverage=5),
    )
    south = sub_problem(problem, team_groups(problem).groups[1])
    rows = {"A3": "L.."}
    assert evaluate(south, roster(**rows)).total == 0
    assert south.demand == () and south.queues == ("p",)
    assert evaluate(problem, roster(**rows)).total == 7  # E short on day 0, North's part


def test_build_sites_solved_site_by_site_scores_the_same_as_a_whole():
    problem = build_sites(2, 5)
    assert _teams(problem) == [("Site 1",), ("Site 2",)]
    parts, merged = _solve_by_team(problem, QUICK)
    assert merged.roster is not None and merged.evaluation is not None
    assert merged.evaluation.violations == ()
    assert merged.objective == merged.evaluation.total == sum(p.objective or 0 for p in parts)
    assert merged.best_bound == sum(p.best_bound or 0 for p in parts)


@st.composite
def two_team_problems(draw: st.DrawFn) -> Problem:
    """Random small problems whose teams red and blue each own some shift codes (and blue a
    contract of its own), so most of them split; fairness is priced only now and then."""
    problem = draw(problems(max_agents=4, max_days=4, max_shifts=3))
    codes = [s.code for s in problem.shifts]
    owner = {code: draw(st.sampled_from(("red", "blue"))) for code in codes}
    red = problem.contracts[0]
    blue = replace(red, id="B")
    agents = []
    for agent in problem.agents:
        team = draw(st.sampled_from(("red", "blue")))
        own = [code for code in codes if owner[code] == team]
        allowed = draw(st.sets(st.sampled_from(own), min_size=1)) if own else set()
        agents.append(
            replace(
                agent,
                team=team,
                allowed_shifts=frozenset(allowed),
                contract_id=blue.id if team == "blue" else red.id,
                # A start is checked against the contract's pattern, now shared by fewer agents.
                rotation_start=agent.rotation_start if problem.rotation.weeks else None,
            )
        )
    weight = problem.fairness.weight if draw(st.integers(0, 3)) == 0 else 0
    allowed_by = {agent.id: agent.allowed_shifts for agent in agents}
    return replace(
        problem,
        agents=tuple(agents),
        # Locks to a shift the agent may no longer work would make most problems infeasible.
        locks=tuple(
            lock
            for lock in problem.locks
            if lock.shift is None or lock.shift in allowed_by[lock.agent_id]
        ),
        contracts=(red, blue),
        fairness=replace(problem.fairness, weight=weight),
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_team_problems())
def test_solving_team_by_team_reaches_the_optimum_of_the_whole(problem: Problem):
    # Random re-plans (published shifts a team may no longer work included), locks, rotations,
    # daily and intraday forecasts, leave and requests.
    whole = solve(problem, EXACT)
    _, merged = _solve_by_team(problem, EXACT)
    assert merged.status == whole.status
    assert merged.objective == whole.objective
    if merged.evaluation is not None:
        assert merged.evaluation.violations == ()


def test_soften_prices_of_the_parts_add_up():
    # Three paid shifts needed in two days: each agent's period minimum is 450 minutes short,
    # priced per minute in each part; the merged objective keeps both prices.
    problem = make_problem(
        days=2,
        agents=2,
        contract=Contract("C", "Too much", min_minutes_period=3 * 450),
        agent_overrides={
            "A1": {"team": "North", "allowed_shifts": frozenset({"E"})},
            "A2": {"team": "South", "allowed_shifts": frozenset({"L"})},
        },
    )
    soften = replace(EXACT, soften=True)
    parts = [solve(sub_problem(problem, g), soften) for g in team_groups(problem).groups]
    merged = merge(problem, parts, 0.0)
    assert merged.objective == sum(p.objective or 0 for p in parts) > merged.evaluation.total
    assert {agent for _, agent in merged.relaxed} == {"A1", "A2"}


def test_merge_without_a_roster_in_one_part_gives_no_roster():
    problem = _north_and_south({"E"}, {"L"})
    north, _ = team_groups(problem).groups
    solved = solve(sub_problem(problem, north), EXACT)
    for status in (SolveStatus.NO_ROSTER_IN_TIME, SolveStatus.INFEASIBLE):
        failed = SolveResult(status, None, None, None, None, 1.0, EXACT)
        merged = merge(problem, [solved, failed], 2.0)
        assert (merged.status, merged.roster, merged.objective) == (status, None, None)
    late = SolveResult(SolveStatus.NO_ROSTER_IN_TIME, None, None, None, None, 1.0, EXACT)
    proof = replace(late, status=SolveStatus.INFEASIBLE)
    assert merge(problem, [late, proof], 2.0).status is SolveStatus.INFEASIBLE


def test_merge_is_optimal_only_when_every_part_is():
    problem = _north_and_south({"E"}, {"L"})
    parts, merged = _solve_by_team(problem, EXACT)
    assert merged.status is SolveStatus.OPTIMAL
    unproven = [parts[0], replace(parts[1], status=SolveStatus.FEASIBLE)]
    assert merge(problem, unproven, 0.0).status is SolveStatus.FEASIBLE


def test_merge_refuses_a_split_that_ignored_a_shared_shift():
    # Both teams may work L, needed once: each part staffs it, the whole has one too many.
    problem = make_problem(
        days=1,
        agents=2,
        shifts=(LATE,),
        demand={(0, "L"): 1},
        agent_overrides={"A1": {"team": "North"}, "A2": {"team": "South"}},
    )
    wrong = [
        TeamGroup(("North",), ("A1",), frozenset({"L"}), ()),
        TeamGroup(("South",), ("A2",), frozenset({"L"}), ()),
    ]
    parts = [solve(sub_problem(problem, group), EXACT) for group in wrong]
    assert all(part.objective == 0 for part in parts)
    with pytest.raises(EvaluationMismatch, match="more than the 1 required"):
        merge(problem, parts, 0.0)


# The command line ---------------------------------------------------------------------------


def test_solve_split_by_team_solves_sites_apart_and_writes_one_roster(tmp_path: Path):
    pytest.importorskip("ray")
    source, output = tmp_path / "sites.xlsx", tmp_path / "roster.xlsx"
    write_input(build_sites(2, 12), source)
    code, text = run_cli("solve",
        str(source), "-o", str(output), "--split-by", "team", "--time-limit", "3",
        "--workers", "1", "--quiet",
    )  # fmt: skip
    assert code == 0, text
    assert "Solving 2 groups of teams apart: teams Site 1; teams Site 2" in text
    problem = load_problem(source)
    published = read_published(output).published
    teams = {problem.agent_by_id[a.agent_id].team for a in published.assignments}
    assert teams == {"Site 1", "Site 2"}
    assert evaluate(problem, published).is_feasible


def test_solve_split_by_team_says_why_coupled_teams_stay_one_model(tmp_path: Path):
    problem = make_problem(
        agents=2,
        demand={(0, "E"): 1},
        agent_overrides={"A1": {"team": "North"}, "A2": {"team": "South"}},
    )
    source, output = tmp_path / "two.xlsx", tmp_path / "roster.xlsx"
    write_input(problem, source)
    code, text = run_cli(
        "solve", str(source), "-o", str(output), "--split-by", "team", "--time-limit", "3"
    )
    assert code == 0, text
    assert "Teams are solved as one model: teams North and South both work shift E" in text
    assert output.exists()
