"""The CP-SAT model and the independent evaluator agree on random small problems.

Three checks, from strongest to broadest:
- on problems small enough to enumerate every roster, the solver's optimum equals the best
  score the evaluator gives any roster without hard violations (and infeasible means none);
- on larger random problems, every solver roster has no violations and its objective equals
  the evaluator's total, term by term.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from scheduler.domain import (
    Agent,
    Assignment,
    ChangeWeights,
    Contract,
    CoverageRequirement,
    DemandMode,
    Fairness,
    Forecast,
    HistoryCount,
    Holiday,
    IntervalRequirement,
    Leave,
    Lock,
    Period,
    Problem,
    Queue,
    RequestKind,
    Roster,
    Rotation,
    RotationMode,
    ShiftRequest,
    Strength,
    Tier,
    TierRules,
    TrainingSession,
    Weights,
)
from scheduler.evaluate import evaluate
from scheduler.model import build_model
from scheduler.solve import SolveOptions, SolveStatus, solve
from tests.builders import DAY, EARLY, LATE, NIGHT

ALL_SHIFTS = (EARLY, DAY, LATE, NIGHT)
CATEGORIES = tuple(s.category for s in ALL_SHIFTS)
PAID = 450  # EARLY, DAY and LATE are paid 450 minutes, NIGHT 480


@st.composite
def problems(
    draw: st.DrawFn,
    max_agents: int,
    max_days: int,
    max_shifts: int,
    kinds: tuple[str, ...] | None = None,
    trained: bool = False,
) -> Problem:
    """A small problem of every rule family; ``kinds`` narrows the demand drawn
    (``DEMAND_KINDS``), and ``trained`` always holds a training session."""
    agents = draw(st.integers(1, max_agents))
    days = draw(st.integers(1, max_days))
    shifts = tuple(
        draw(st.lists(st.sampled_from(ALL_SHIFTS), min_size=1, max_size=max_shifts, unique=True))
    )
    codes = [s.code for s in shifts]
    shifts = tuple(
        replace(s, not_followed_by=frozenset(draw(st.sets(st.sampled_from(codes), max_size=1))))
        if draw(st.integers(0, 3)) == 0
        else s
        for s in shifts
    )
    start = date(2026, 12, 7) + timedelta(days=draw(st.integers(0, 6)))
    min_week = draw(st.sampled_from((0, 0, PAID, 2 * PAID)))
    contract = Contract(
        "C",
        "Random",
        min_minutes_week=min_week,
        max_minutes_week=draw(st.sampled_from((None, 2 * PAID, 3 * PAID))),
        min_minutes_period=draw(st.sampled_from((0, 0, PAID))),
        max_minutes_period=draw(st.sampled_from((None, 2 * PAID, 4 * PAID))),
        max_consecutive_days=draw(st.sampled_from((None, 1, 2, 3))),
        min_consecutive_days_off=draw(st.sampled_from((1, 1, 2))),
        max_weekends=draw(st.sampled_from((None, 0, 1))),
        min_rest_minutes=draw(st.sampled_from((0, 11 * 60, 16 * 60))),
        max_late_week=draw(st.sampled_from((None, None, 1, 2))),
        max_night_week=draw(st.sampled_from((None, None, 1))),
        max_category_changes_week=draw(st.sampled_from((None, None, 0, 1))),
        min_consecutive_days=draw(st.sampled_from((1, 1, 2))),
        days_off_after_nights=draw(st.sampled_from((0, 0, 1, 2))),
        max_shifts=tuple(
            (code, draw(st.integers(0, 3))) for code in codes if draw(st.integers(0, 3)) == 0
        ),
    )
    people = []
    for number in range(1, agents + 1):
        allowed = draw(st.sets(st.sampled_from(codes), min_size=1))
        before = draw(st.integers(0, 3))
        people.append(
            Agent(
                f"A{number}",
                f"Agent {number}",
                "C",
                frozenset(allowed),
                team=draw(st.sampled_from(("red", "blue"))),
                worked_days_before=before,
                last_shift_before=draw(st.sampled_from(codes)) if before else None,
                minutes_before=draw(st.sampled_from((0, 0, PAID // 2, 2 * PAID))),
                lates_before=draw(st.sampled_from((0, 0, 1))),
                nights_before=draw(st.sampled_from((0, 0, 1))),
            )
        )
    # Per-queue demand: A1 may know both queues (at a random level in one), the others one.
    queues: tuple[str | None, ...] = (None,)
    if draw(st.integers(0, 2)) == 0:
        queues = ("p", "t")
        people = [
            replace(
                person,
                skills=frozenset(
                    draw(st.sampled_from(((), ("p",), ("t",), ("p", "t") if index == 0 else ())))
                ),
            )
            for index, person in enumerate(people)
        ]
        people[0] = replace(
            people[0],
            proficiency=tuple(
                (skill, draw(st.integers(1, 5))) for skill in sorted(people[0].skills)[:1]
            ),
        )
    # Tiers on the floor: supervision and the junior ratio, soft or hard, and QA part-time
    # on the phones (coverage then counted in hundredths of an agent).
    tier_rules = TierRules()
    if draw(st.integers(0, 2)) == 0:
        people = [
            replace(
                person,
                tier=draw(st.sampled_from((Tier.JUNIOR, Tier.SENIOR, Tier.QA, Tier.TRAINER))),
                # A new agent, starting inside the period or shortly before it.
                start_date=start + timedelta(days=draw(st.integers(-3, 3)))
                if draw(st.integers(0, 2)) == 0
                else None,
            )
            for person in people
        ]
        tier_rules = TierRules(
            draw(st.sampled_from(tuple(Strength))),
            draw(st.integers(1, 50)),
            draw(st.sampled_from(tuple(Strength))),
            draw(st.integers(0, 2)),
            draw(st.integers(1, 20)),
            ((Tier.QA, draw(st.sampled_from((0, 30, 50, 100)))),),
            draw(st.sampled_from(tuple(Strength))),
            draw(st.integers(0, 1)),
            draw(st.integers(1, 50)),
            draw(st.sampled_from((0, 50, 100))),
        )
    ids = [a.id for a in people]
    dates = [start + timedelta(days=d) for d in range(days)]
    # A training session inside the early or day shift, or at 02:00 inside the night shift
    # begun the evening before, with named attendees and free seats.
    training: tuple[TrainingSession, ...] = ()
    if trained or draw(st.integers(0, 3)) == 0:
        begin = draw(st.sampled_from((7 * 60, 10 * 60, 26 * 60) if days > 1 else (7 * 60,)))
        last_shift_day = days - 1 - begin // (24 * 60)
        first = draw(st.integers(0, last_shift_day))
        named = frozenset(draw(st.sets(st.sampled_from(ids), max_size=1)))
        training = (
            TrainingSession(
                "T",
                first,
                draw(st.integers(first, min(first + 1, last_shift_day))),
                begin,
                draw(st.sampled_from((60, 120))),
                named,
                len(named) + draw(st.integers(0, 2)),
                draw(st.none() | st.just("p")),
            ),
        )
    kind = draw(st.sampled_from(kinds or DEMAND_KINDS))
    forecast = None
    intervals: tuple[IntervalRequirement, ...] = ()
    if kind == "calls":
        # Daily forecast demand: call capacity by tier, shortfall in standard agents.
        standard = draw(st.integers(10, 60))
        forecast = Forecast(
            DemandMode.DAILY,
            (Queue("calls"),),
            calls_per_shift=standard,
            tier_calls_per_shift=((Tier.SENIOR, draw(st.integers(5, 90))),),
        )
        people = [
            replace(agent, tier=draw(st.sampled_from((Tier.JUNIOR, Tier.SENIOR, Tier.QA))))
            for agent in people
        ]
    if kind == "intervals":
        # Intraday demand: hours of the day, including the small hours a night shift covers.
        intervals = tuple(
            IntervalRequirement(day, hour * 60, 60, draw(st.integers(0, 2)), queue=queue)
            for day in range(days)
            for hour in (3, 7, 10, 15, 23)
            for queue in queues
            if draw(st.booleans())
        )
    demand = tuple(
        CoverageRequirement(
            day,
            code,
            draw(st.integers(0, 2)),
            draw(st.none() | st.integers(1, 30)),
            draw(st.none() | st.integers(0, 5)),
            draw(st.integers(0, 150)) if forecast else None,
            queue,
        )
        for day in range(days)
        for code in codes
        for queue in queues
        if draw(st.booleans())
    )
    leave = tuple(
        Leave(agent, day, day, "leave")
        for agent in ids
        for day in range(days)
        if draw(st.integers(0, 5)) == 0
    )
    requests = tuple(
        {
            (agent, day): ShiftRequest(
                agent,
                day,
                draw(st.none() | st.sampled_from(codes)),
                draw(st.sampled_from(RequestKind)),
                draw(st.integers(1, 9)),
            )
            for agent in ids
            for day in range(days)
            if draw(st.integers(0, 3)) == 0
        }.values()
    )
    holidays = tuple(Holiday(d, "Holiday") for d in dates if draw(st.integers(0, 6)) == 0)
    published = None
    locks: tuple[Lock, ...] = ()
    if draw(st.booleans()):
        # A re-plan: a published roster to stay close to, and some locked cells.
        published = Roster(
            frozenset(
                Assignment(person.id, day, code, draw(st.sampled_from(_serving(person, queues))))
                for person in people
                for day in range(days)
                if (code := draw(st.none() | st.sampled_from(codes))) is not None
            ),
            # Who held the free seats when it was published.
            frozenset(
                (agent, session.name)
                for session in training
                for agent in ids
                if draw(st.integers(0, 2)) == 0
            ),
        )
        locks = tuple(
            Lock(agent, day, published.shift_of(agent, day))
            for agent in ids
            for day in range(days)
            if draw(st.integers(0, 4)) == 0
        )
    rotation = Rotation(
        draw(st.sampled_from(tuple(RotationMode))),
        tuple(draw(st.lists(st.sampled_from(CATEGORIES), min_size=2, max_size=3, unique=True))),
        draw(st.none() | st.integers(1, 3)),
        draw(st.booleans()),
        draw(st.sampled_from((0, 1, 4))),
        draw(st.none() | st.just(start - timedelta(days=draw(st.integers(0, 20))))),
    )
    if rotation.mode is RotationMode.CYCLIC:
        longest = rotation.weeks or agents
        people = [
            replace(person, rotation_start=draw(st.none() | st.integers(1, longest)))
            for person in people
        ]
    return Problem(
        Period(start, days, holidays),
        shifts,
        (contract,),
        tuple(people),
        demand,
        leave,
        requests,
        Weights(draw(st.integers(1, 20)), draw(st.integers(0, 5)), draw(st.integers(0, 4))),
        interval_demand=intervals,
        forecast=forecast,
        locks=locks,
        published=published,
        # What the demand was at publication: some requirements have risen or fallen since.
        published_demand=tuple(
            replace(item, required=max(0, item.required + draw(st.integers(-1, 1))))
            for item in (*demand, *intervals)
            if draw(st.booleans())
        )
        if published is not None and draw(st.booleans())
        else None,
        replan_from=draw(st.integers(0, days - 1)),
        change_weights=ChangeWeights(
            draw(st.integers(1, 9)), draw(st.integers(1, 9)), draw(st.integers(1, 9)), 1, 2
        ),
        unpublished_agents=frozenset(ids[:1]) if draw(st.booleans()) else frozenset(),
        fairness=Fairness(
            tuple(draw(st.sets(st.sampled_from(("late", "early", "weekend", "holiday"))))),
            draw(st.sampled_from((0, 1, 3))),
            draw(st.booleans()),
        ),
        history=tuple(
            HistoryCount(agent, "late", draw(st.integers(0, 3)))
            for agent in ids
            if draw(st.booleans())
        ),
        rotation=rotation,
        open_start=draw(st.booleans()),
        tiers=tier_rules,
        training=training,
    )


DEMAND_KINDS = ("agents", "agents", "calls", "intervals")


def _serving(agent: Agent, queues: tuple[str | None, ...]) -> list[str | None]:
    """The queues an agent may serve (``None`` alone when demand is pooled or none fits)."""
    return [q for q in queues if q in agent.skills] or [None]


def _all_rosters(problem: Problem) -> list[Roster]:
    """Every roster: each agent and day off or on a shift, serving each queue it may, with
    each choice of who takes a free training seat."""
    cells = [(a, d) for a in problem.agents for d in range(problem.period.days)]
    options = [
        [None, *((s.code, q) for s in problem.shifts for q in _serving(a, problem.queues))]
        for a, _ in cells
    ]
    seated = [
        frozenset((agent, session.name) for agent in chosen)
        for session in problem.training
        for size in range(len(problem.session_candidates(session)) + 1)
        for chosen in itertools.combinations(
            [a.id for a in problem.session_candidates(session)], size
        )
    ] or [frozenset()]
    return [
        Roster(
            frozenset(
                Assignment(agent.id, day, pick[0], pick[1])
                for (agent, day), pick in zip(cells, picks, strict=True)
                if pick is not None
            ),
            attendance,
        )
        for picks in itertools.product(*options)
        for attendance in seated
    ]


EXACT = SolveOptions(time_limit=20, workers=1)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_agents=2, max_days=3, max_shifts=2))
def test_solver_optimum_equals_the_best_roster_by_enumeration(problem: Problem):
    scores = [
        evaluation.total
        for evaluation in (evaluate(problem, r) for r in _all_rosters(problem))
        if evaluation.is_feasible
    ]
    result = solve(problem, EXACT)
    if not scores:
        assert result.status is SolveStatus.INFEASIBLE
    else:
        assert result.status is SolveStatus.OPTIMAL
        assert result.objective == min(scores)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_agents=1, max_days=6, max_shifts=2))
def test_single_agent_optimum_over_a_longer_horizon_equals_enumeration(problem: Problem):
    # One agent over up to six days reaches the sequence rules' windows and week edges.
    scores = [
        e.total for e in (evaluate(problem, r) for r in _all_rosters(problem)) if e.is_feasible
    ]
    result = solve(problem, EXACT)
    assert (result.objective if scores else None) == (min(scores) if scores else None)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_agents=5, max_days=14, max_shifts=4))
def test_every_solver_roster_scores_the_same_in_the_evaluator_term_by_term(problem: Problem):
    built = build_model(problem)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 2  # an unproven roster must agree as well
    status = solver.solve(built.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return
    evaluation = evaluate(problem, built.roster(solver))
    assert evaluation.violations == ()
    model_costs = {
        t.key: t.weight * solver.value(t.amount)
        for t in built.terms
        if t.weight * solver.value(t.amount)
    }
    evaluator_costs = {p.key: p.cost for p in evaluation.penalties if p.cost}
    assert model_costs == evaluator_costs
    # solver.objective_value itself may exceed this after a time limit (see solve.py).
    assert sum(model_costs.values()) == evaluation.total


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_agents=4, max_days=10, max_shifts=3))
def test_soften_always_gives_a_roster_the_evaluator_prices_the_same(problem: Problem):
    # solve() raises EvaluationMismatch unless every break lies in a relaxed rule and the
    # objective equals the evaluator's total plus the price of the breaks.
    result = solve(problem, SolveOptions(time_limit=2, workers=1, soften=True))
    assert result.roster is not None
    # A rule of a whole shift (supervision hard, say) is one group with no agent: "".
    broken = {(v.family, v.agent_id or "") for v in result.evaluation.violations}
    assert broken <= set(result.relaxed)
