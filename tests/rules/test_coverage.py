from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.domain import (
    Agent,
    Assignment,
    Contract,
    CoverageRequirement,
    Problem,
    Roster,
    RuleFamily,
    Tier,
    TierRules,
    Weights,
)
from scheduler.evaluate import CHECKS
from scheduler.evaluate.rules import coverage
from scheduler.solve import SolveOptions, solve
from tests.builders import EARLY, make_problem, roster, violations
from tests.test_solver_matches_evaluator import _serving, problems

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


def test_a_weekly_minimum_is_worked_on_shifts_with_demand_not_in_closed_hours():
    # Exactly five shifts a week are owed and only the early shift has demand, one a day:
    # all five land on earlies (two days stay short), none on a late nobody needs.
    contract = Contract(
        "C", "Any", min_minutes_week=5 * EARLY.paid_minutes, max_minutes_week=5 * EARLY.paid_minutes
    )
    problem = make_problem(
        days=7, agents=1, contract=contract, demand={(d, "E"): 1 for d in range(7)}
    )
    result = solve(problem, QUICK)
    assert result.roster is not None
    worked = [result.roster.shift_of("A1", day) for day in range(7)]
    assert worked.count("E") == 5 and "L" not in worked
    assert result.objective == 2 * problem.weights.under_coverage


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


def _queued(**demand: int):
    """A1 knows phones and tablets, A2 phones only; ``demand`` is agents per queue on day 0 E."""
    base = make_problem(
        days=1,
        agents=2,
        agent_overrides={
            "A1": {"skills": frozenset({"phones", "tablets"})},
            "A2": {"skills": frozenset({"phones"})},
        },
    )
    return replace(
        base,
        demand=tuple(CoverageRequirement(0, "E", n, queue=q) for q, n in demand.items()),
    )


def test_a_multi_skilled_agent_counts_toward_one_queue_only():
    problem = _queued(phones=1, tablets=1)
    # A1 serves tablets and A2 phones: both queues covered.
    both = Roster(
        frozenset({Assignment("A1", 0, "E", "tablets"), Assignment("A2", 0, "E", "phones")})
    )
    assert [p.message for p in CHECKS[FAMILY](problem, both)] == []
    # A1 alone on the shift cannot fill both queues at once.
    alone = Roster(frozenset({Assignment("A1", 0, "E", "phones")}))
    assert [p.message for p in CHECKS[FAMILY](problem, alone)] == [
        "Mon 2026-12-07 shift E queue tablets: 1 agent short of the 1 required (weight 100 each)"
    ]
    result = solve(problem, QUICK)
    assert result.objective == 0
    assert result.roster is not None
    assert {(a.agent_id, a.queue) for a in result.roster.assignments} == {
        ("A1", "tablets"),
        ("A2", "phones"),
    }


def test_two_tablet_needs_leave_one_short_however_many_phones_agents_work():
    # Only A1 can serve tablets: the solver cannot cover two, and counting A2 would be wrong.
    # (A2 knows no demand queue, so whether A2 works is free: that is nobody's coverage.)
    result = solve(_queued(tablets=2), QUICK)
    assert result.objective == 100
    assert result.roster is not None
    assert {a.queue for a in result.roster.assignments if a.agent_id == "A2"} <= {None}


def test_agents_off_the_phones_part_time_count_for_their_phone_time():
    # Two QA agents at 50 % on the phones cover one agent's need; one alone leaves half an
    # agent missing, which rounds up to one.
    problem = replace(
        make_problem(
            days=1,
            agents=2,
            demand={(0, "E"): 1},
            agent_overrides={"A1": {"tier": Tier.QA}, "A2": {"tier": Tier.QA}},
        ),
        tiers=TierRules(off_phone_percent=((Tier.QA, 50),)),
    )
    assert violations(problem, FAMILY, A1="E", A2="E") == []
    assert violations(problem, FAMILY, A1="E", A2=".") == [
        "Mon 2026-12-07 shift E: 1 agent short of the 1 required (weight 100 each)"
    ]
    assert solve(problem, QUICK).objective == 0


@settings(max_examples=60, deadline=None)
@given(
    problems(max_agents=4, max_days=4, max_shifts=3, kinds=("intervals",), trained=True), st.data()
)
def test_each_interval_counts_what_the_agents_on_its_shifts_supply(
    problem: Problem, data: st.DataObject
):
    # Each shift's supply is counted once per evaluation; an interval must still find what
    # counting its agents one by one finds, training sessions' cuts at its moment included.

    def options(agent: Agent) -> list[tuple[str, str | None] | None]:
        queues = _serving(agent, problem.queues)
        return [None, *((shift.code, queue) for shift in problem.shifts for queue in queues)]

    picks = {
        (agent.id, day): data.draw(st.sampled_from(options(agent)))
        for agent in problem.agents
        for day in range(problem.period.days)
    }
    seats = frozenset(
        (agent.id, session.name)
        for session in problem.training
        for agent in problem.session_candidates(session)
        if data.draw(st.booleans())
    )
    drawn = Roster(
        frozenset(
            Assignment(agent_id, day, pick[0], pick[1])
            for (agent_id, day), pick in picks.items()
            if pick is not None
        ),
        seats,
    )
    supply = coverage._ShiftSupply(problem, drawn)
    for interval in problem.interval_demand:
        pairs = problem.shifts_covering(interval)
        working = [a for day, code in pairs for a in drawn.on_shift(day, code)]
        for priced in {0, interval.required}:
            one_by_one = coverage.head_gaps(
                problem,
                drawn,
                working,
                interval.queue,
                priced,
                interval.required,
                interval.midpoint,
            )
            assert supply.gaps(interval, priced) == one_by_one
