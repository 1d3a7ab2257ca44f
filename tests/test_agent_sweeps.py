"""Agent-by-agent re-solves of the constructive roster: each move is exact for shift demand
and intraday demand, per queue, in heads or parts of one, and for the tier rules of a shift."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scheduler.agent_prices import Floor, Row
from scheduler.agent_sweeps import (
    RowModel,
    _Judge,
    applies,
    cheapest_row,
    own_cost,
    roster_of,
    sweep,
)
from scheduler.domain import (
    Agent,
    Assignment,
    Contract,
    CoverageRequirement,
    DemandMode,
    Fairness,
    Forecast,
    IntervalRequirement,
    Leave,
    Problem,
    Queue,
    Roster,
    RotationMode,
    Strength,
    Tier,
    TierRules,
    TrainingSession,
    Weights,
)
from scheduler.evaluate import evaluate
from scheduler.fairness import fair_groups
from scheduler.limits import SearchLimits
from scheduler.solve import SolveOptions, SolveStatus, solve
from tests.builders import EARLY, LATE, MONDAY, NIGHT, make_problem
from tests.test_solver_matches_evaluator import problems

EXACT = SolveOptions(time_limit=10, workers=1, deterministic=True)
NO_FAIRNESS = Fairness(weight=0)


def _swept(problem: Problem, rows: dict[str, list[str | None]]) -> Roster:
    return sweep(problem, Roster.from_rows(rows))


def _swept_as_reported(problem: Problem, start: Roster) -> Roster:
    """Swept, checking that the changes reported along the way add up to the evaluator's
    difference between the rosters before and after (the solver shows that running total)."""
    before = evaluate(problem, start)
    assert before.is_feasible
    changes: list[int] = []
    swept = sweep(problem, start, on_change=changes.append)
    assert changes and all(change < 0 for change in changes)
    assert before.total + sum(changes) == evaluate(problem, swept).total
    return swept


def _assert_each_row_is_best(problem: Problem, swept: Roster) -> None:
    """No row of any agent (shift and queue each day; the others as swept) scores better
    in the evaluator: each re-solve priced what the evaluator counts."""
    total = evaluate(problem, swept).total
    for agent in problem.agents:
        others = frozenset(a for a in swept.assignments if a.agent_id != agent.id)
        cells: list[tuple[str, str | None] | None] = [None]
        cells += [(s.code, q) for s in problem.shifts for q in problem.serving_queues(agent)]
        if not problem.serving_queues(agent):
            cells += [(s.code, None) for s in problem.shifts]
        best = min(
            evaluation.total
            for trial in itertools.product(cells, repeat=problem.period.days)
            if (
                evaluation := evaluate(
                    problem,
                    Roster(
                        others | {Assignment(agent.id, d, *c) for d, c in enumerate(trial) if c},
                        swept.training,
                    ),
                )
            ).is_feasible
        )
        assert total == best, agent.id


def _days_off(problem: Problem) -> dict[str, list[str | None]]:
    return {agent.id: [None] * problem.period.days for agent in problem.agents}


def _sweepable(problem: Problem) -> Problem:
    """The drawn problem as the sweeps take it: no shared rotation, and training seats for
    the named attendees only (the sweeps keep seats as they are)."""
    return replace(
        problem,
        fairness=NO_FAIRNESS,
        training=tuple(replace(s, seats=len(s.attendees)) for s in problem.training),
        rotation=replace(problem.rotation, mode=RotationMode.FREE),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(max_agents=1, max_days=6, max_shifts=2))
def test_one_agent_swept_from_days_off_reaches_the_solver_optimum(problem: Problem):
    problem = _sweepable(problem)
    assume(applies(problem))
    result = solve(problem, EXACT)
    assume(result.status is SolveStatus.OPTIMAL)
    swept = evaluate(problem, _swept(problem, _days_off(problem)))
    assert swept.is_feasible
    assert swept.total == result.objective


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(max_agents=4, max_days=10, max_shifts=3))
def test_a_sweep_never_makes_the_roster_worse(problem: Problem):
    # Each move is priced exactly by the demand the others leave, so the whole roster's cost
    # never rises and no agent breaks more of their own rules.
    _assert_never_worse(_sweepable(problem))


def test_an_agent_fills_what_the_others_leave_and_no_more() -> None:
    # Each day's early shift needs one agent. A1 works days 0 and 1 and is on leave after;
    # A2, swept from nothing, takes days 2 and 3 and leaves A1's days alone (a second agent
    # there would only be surplus).
    problem = make_problem(
        days=4,
        agents=2,
        demand={(day, "E"): 1 for day in range(4)},
        contract=Contract("C", "Any", min_minutes_period=0),
        leave=(Leave("A1", 2, 3),),
    )
    rows: dict[str, list[str | None]] = {"A1": ["E", "E", None, None], "A2": [None] * 4}
    roster = _swept(problem, rows)
    assert [roster.shift_of("A2", day) for day in range(4)] == [None, None, "E", "E"]
    assert evaluate(problem, roster).total == 0


def test_each_agent_ends_on_their_best_row_given_the_others_fair_shares_included():
    # Four days, early and late shifts, fair shares of late duty: after the sweeps, no row of
    # either agent (the other held as swept) scores better in the evaluator, so each re-solve
    # priced coverage, requests and fairness exactly as the evaluator does.
    problem = replace(
        make_problem(
            days=4,
            agents=2,
            demand={(0, "E"): 1, (1, "E"): 2, (1, "L"): 1, (2, "L"): 1, (3, "E"): 1},
            contract=Contract("C", "Any", min_minutes_period=0, max_minutes_period=3 * 450),
        ),
        fairness=Fairness(categories=("late",), weight=40),
    )
    assert applies(problem)
    start = Roster.from_rows({"A1": ["L", "L", "L", None]})
    _assert_each_row_is_best(problem, _swept_as_reported(problem, start))


def test_each_agent_ends_on_their_best_row_under_intraday_demand():
    # Two-hour intervals over three days, the night shift covering the next morning: after
    # the sweeps no row of either agent scores better in the evaluator, so pricing each shift
    # by the residual intervals it covers is what the evaluator counts.
    # Day 0's night is worth working only for the hours after midnight.
    needs = {(0, 8): 1, (0, 16): 2, (1, 10): 1, (2, 2): 1, (2, 16): 1}
    needs |= {(1, hour): 1 for hour in range(6)}
    problem = replace(
        make_problem(
            days=3,
            agents=2,
            shifts=(EARLY, LATE, NIGHT),
            contract=Contract("C", "Any", min_minutes_period=0),
            weights=Weights(under_coverage=10, over_coverage=3),
        ),
        interval_demand=tuple(
            IntervalRequirement(day, hour * 60, 60, needs.get((day, hour), 0))
            for day in range(3)
            for hour in range(0, 24)
        ),
        fairness=Fairness(categories=("night",), weight=4),
    )
    assert applies(problem) and problem.counts_intervals
    _assert_each_row_is_best(
        problem, _swept_as_reported(problem, Roster.from_rows({"A1": ["E"] * 3}))
    )


def test_each_agent_ends_on_their_best_row_with_queues_tiers_and_training():
    # Two queues, a multi-skilled senior, juniors (one of them new, counting half), QA and a
    # trainer half off the phones, a training session on day 1 inside the early shift, and
    # the three tier rules soft: after the sweeps no row of any agent, queues included,
    # scores better in the evaluator. So the cells' prices (heads in hundredths, rounded as
    # the coverage rule rounds them; supervision, the junior ratio and onboarding per shift)
    # are what the evaluator counts, and the session's hour comes off its attendee's count.
    needs = {(0, "E", "p"): 2, (0, "L", "t"): 1, (1, "E", "t"): 2, (1, "L", "p"): 1}
    needs |= {(2, "E", "p"): 1, (2, "E", "t"): 1, (2, "L", "p"): 1}
    people = {
        "A1": {"tier": Tier.SENIOR, "skills": frozenset("pt"), "proficiency": (("t", 3),)},
        "A2": {"tier": Tier.JUNIOR, "skills": frozenset("p")},
        "A3": {"tier": Tier.QA, "skills": frozenset("t")},
        "A4": {"tier": Tier.JUNIOR, "skills": frozenset("p"), "start_date": MONDAY},
        "A5": {"tier": Tier.TRAINER, "skills": frozenset("t")},
    }
    problem = replace(
        make_problem(
            days=3,
            agents=5,
            contract=Contract("C", "Any", min_minutes_period=0, max_minutes_period=2 * 450),
            weights=Weights(under_coverage=20, over_coverage=3, queue_fit=2),
            agent_overrides=people,
        ),
        demand=tuple(CoverageRequirement(d, code, n, queue=q) for (d, code, q), n in needs.items()),
        tiers=TierRules(
            supervision=Strength.SOFT,
            supervision_weight=7,
            junior_ratio=Strength.SOFT,
            max_juniors_per_senior=1,
            junior_ratio_weight=5,
            off_phone_percent=((Tier.QA, 50), (Tier.TRAINER, 50)),
            onboarding=Strength.SOFT,
            onboarding_weeks=1,
            onboarding_weight=11,
        ),
        training=(TrainingSession("S", 1, 1, 10 * 60, 60, frozenset({"A3"}), 1),),
    )
    assert applies(problem) and problem.counts_phone_time
    start = Roster(frozenset({Assignment("A3", 1, "E", "t")}))
    _assert_each_row_is_best(problem, _swept_as_reported(problem, start))


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(max_agents=4, max_days=10, max_shifts=3))
def test_a_sweep_with_fair_shares_never_makes_the_roster_worse(problem: Problem):
    _assert_never_worse(replace(_sweepable(problem), fairness=Fairness(weight=2)))


def _assert_never_worse(problem: Problem) -> None:
    assume(applies(problem))
    start = _days_off(problem)
    before = evaluate(problem, Roster.from_rows(start))
    after = evaluate(problem, _swept(problem, {a: list(row) for a, row in start.items()}))
    assert len(after.violations) <= len(before.violations)
    if len(after.violations) == len(before.violations):
        assert after.total <= before.total


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(max_agents=4, max_days=7, max_shifts=3), st.data())
def test_the_judges_verdicts_differ_by_what_the_evaluator_finds(
    problem: Problem, data: st.DataObject
):
    # Any two rows of one agent, the others' rows and the training seats drawn: the judge,
    # which looks only at the days that change and the demand their cells serve, finds the
    # difference in violations and cost that the evaluator finds on the whole roster.
    problem = replace(problem, rotation=replace(problem.rotation, mode=RotationMode.FREE))

    def row(agent: Agent) -> Row:
        cells: list[tuple[str, str | None] | None] = [None]
        cells += [(s.code, q) for s in problem.shifts for q in problem.serving_queues(agent)]
        if not problem.serving_queues(agent):
            cells += [(s.code, None) for s in problem.shifts]
        days = problem.period.days
        return data.draw(st.lists(st.sampled_from(cells), min_size=days, max_size=days))

    seats = frozenset(
        (agent.id, session.name)
        for session in problem.training
        for agent in problem.session_candidates(session)
        if agent.id not in session.attendees and data.draw(st.booleans())
    )
    rows = {agent.id: row(agent) for agent in problem.agents}
    agent = data.draw(st.sampled_from(problem.agents))
    _assert_judged_as_evaluated(problem, rows, agent.id, row(agent), seats)


def _assert_judged_as_evaluated(
    problem: Problem,
    rows: dict[str, Row],
    agent_id: str,
    new: Row,
    seats: frozenset[tuple[str, str]] = frozenset(),
) -> None:
    agent = problem.agent_by_id[agent_id]
    old = rows[agent_id]
    roster = roster_of(rows, seats)
    floor = Floor(problem, roster)
    judge = _Judge(problem, floor, rows)
    groups = fair_groups(problem) if problem.fairness.weight else []
    model = RowModel.of(problem, agent, groups, seats)
    floor.remove(agent, old)  # as the sweep does before it judges
    before, after = judge.compare(model, old, new)
    whole_before = evaluate(problem, roster)
    whole_after = evaluate(problem, roster_of({**rows, agent_id: new}, seats))
    violations = len(whole_after.violations) - len(whole_before.violations)
    assert (after[0] - before[0], after[1] - before[1]) == (
        violations,
        whole_after.total - whole_before.total,
    )


def test_a_change_that_serves_no_interval_costs_no_coverage():
    # The only interval is 16:00-17:00, which the late shift covers: A1 leaving the early
    # shift changes no coverage (judged without intervals, coverage would count shifts).
    problem = replace(
        make_problem(days=1, agents=2, contract=Contract("C", "Any", min_minutes_period=0)),
        interval_demand=(IntervalRequirement(0, 16 * 60, 60, 1),),
    )
    rows: dict[str, Row] = {"A1": [("E", None)], "A2": [("L", None)]}
    _assert_judged_as_evaluated(problem, rows, "A1", [None])


def test_calls_are_judged_as_calls_when_a_standard_agent_takes_one_call_a_shift():
    # Units of one, as heads are, but the coverage rule counts calls, not heads left.
    problem = replace(
        make_problem(days=1, agents=2, shifts=(EARLY,)),
        demand=(CoverageRequirement(0, "E", 0, calls=1),),
        forecast=Forecast(DemandMode.DAILY, (Queue("calls"),), calls_per_shift=1),
    )
    rows: dict[str, Row] = {"A1": [("E", None)], "A2": [None]}
    _assert_judged_as_evaluated(problem, rows, "A2", [("E", None)])


def test_a_day_with_two_shifts_counts_as_the_one_the_sweep_keeps():
    # A1 works both shifts on day 0 (a hand edit); the sweep holds one shift a day, so A2 is
    # priced against that one and takes the other.
    problem = make_problem(days=1, agents=2, demand={(0, "E"): 1, (0, "L"): 1})
    both = Roster(frozenset({Assignment("A1", 0, "E"), Assignment("A1", 0, "L")}))
    swept = evaluate(problem, sweep(problem, both))
    assert swept.is_feasible and swept.total == 0


def test_an_attendee_with_no_shift_for_the_session_is_still_swept():
    # A1 may work only late shifts; the session fits only the early one. Their training
    # day stays broken (the evaluator reports it), and their other days are still re-solved.
    problem = replace(
        make_problem(
            days=3,
            agents=2,
            contract=Contract("C", "Any", min_minutes_period=0),
            demand={(day, "L"): 2 for day in range(3)},
            agent_overrides={"A1": {"allowed_shifts": frozenset({"L"})}},
        ),
        training=(TrainingSession("S", 1, 1, 10 * 60, 60, frozenset({"A1"}), 1),),
    )
    swept = sweep(problem, Roster(frozenset()))
    assert {a.day for a in swept.assignments if a.agent_id == "A1"} == {0, 1, 2}


def test_no_solve_starts_after_the_deadline_or_beyond_the_budget() -> None:
    problem = make_problem(days=4, agents=2, demand={(day, "E"): 1 for day in range(4)})
    assert applies(problem)
    nobody = Roster(frozenset())
    for limits in (SearchLimits(deadline=0.0), SearchLimits(budget=0)):
        assert sweep(problem, nobody, limits) == nobody
    swept = sweep(problem, nobody, SearchLimits(budget=1))
    assert {a.agent_id for a in swept.assignments} == {"A1"}  # one solve: A1's row only


# A drawn problem of one agent and prices for each day's shifts (``_one_agent_priced``).
_ONE_AGENT_PRICED = given(
    problems(max_agents=1, max_days=8, max_shifts=3),
    st.lists(st.integers(-5_000, 5_000), min_size=24, max_size=24),
)


def _one_agent_priced(
    problem: Problem, drawn: list[int]
) -> tuple[RowModel, dict[tuple[int, str, None], int], Row]:
    """The drawn problem's one agent's row model, ``drawn`` prices for each day's shifts, and
    a row of days off to start from."""
    problem = _sweepable(problem)
    model = RowModel.of(problem, problem.agents[0], [], frozenset())
    codes = sorted(shift.code for shift in problem.shifts)
    prices = {
        (day, code, None): drawn[day * len(codes) + n]
        for day in range(problem.period.days)
        for n, code in enumerate(codes)
    }
    return model, prices, [None] * problem.period.days


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@_ONE_AGENT_PRICED
def test_a_row_proven_without_cuts_is_as_cheap_as_with_them(
    problem: Problem, drawn: list[int]
) -> None:
    # Column generation prices rows without the LP's cuts where that proves them: a row so
    # proven must cost what the solve with the cuts proves least, or its bound would be off.
    model, prices, start = _one_agent_priced(problem, drawn)
    with_cuts = cheapest_row(model, prices, start, scale=10)
    without = cheapest_row(model, prices, start, scale=10, cuts=False)
    assume(with_cuts.proven and without.proven)
    if math.isinf(with_cuts.bound):  # no row keeps the agent's rules: both say so
        assert without.bound == with_cuts.bound and without.row is with_cuts.row is None
        return
    assert math.ceil(without.bound) == math.ceil(with_cuts.bound)
    assert with_cuts.effort > 0 and without.effort > 0


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@_ONE_AGENT_PRICED
def test_the_rows_found_on_the_way_keep_the_agents_rules_and_cost_no_less(
    problem: Problem, drawn: list[int]
) -> None:
    # Column generation adds every row a pricing solve passes through: each must be a row the
    # agent may work, other than the cheapest and from each other, and no cheaper than it.
    model, prices, start = _one_agent_priced(problem, drawn)
    found = cheapest_row(model, prices, start, along=True)
    assert cheapest_row(model, prices, start).along == ()  # only where asked for
    assume(found.proven and found.row is not None)

    def priced(row: Row) -> int:
        worked = sum(prices[day, cell[0], None] for day, cell in enumerate(row) if cell)
        return own_cost(model, row)[1] + worked

    assert own_cost(model, found.row)[0] == 0
    for row in found.along:
        assert own_cost(model, row)[0] == 0
        assert priced(row) >= priced(found.row)
    rows = [found.row, *found.along]
    assert all(a != b for a, b in itertools.combinations(rows, 2))
