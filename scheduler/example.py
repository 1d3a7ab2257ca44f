"""Realistic example hotlines, generated reproducibly from a seed.

``build_example``: sixty agents over four weeks from Monday 7 December 2026: a product launch
doubles the calls in the second week, Christmas and New Year bring public holidays (from the
``holidays`` package) and a wave of leave. Demand is derived from forecast calls the way a
planner would do it by hand: calls per shift divided by the calls one agent handles in a shift.

``build_hotline``: the same month for a larger center planned from a half-hourly call forecast
through Erlang C, with eight staggered shifts and two queues: the forecast-driven workflow.
``build_skilled_hotline`` splits its calls over five queues, each agent serving their skills.

``build_sites``: the same month for a center of sites that share nothing (their own shifts,
demand and teams), the input ``scheduler solve --split-by team`` solves site by site.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import date, timedelta

import holidays

from scheduler.domain import (
    Agent,
    Contract,
    CoverageRequirement,
    DemandMode,
    Event,
    Fairness,
    Forecast,
    ForecastEntry,
    Holiday,
    Leave,
    Period,
    Problem,
    Queue,
    RequestKind,
    ShiftRequest,
    ShiftType,
    Strength,
    Tier,
    TierRules,
    TrainingSession,
    Weights,
)
from scheduler.staffing.requirements import apply_forecast

START = date(2026, 12, 7)
DAYS = 28
LAUNCH_WEEK = range(7, 14)  # Monday 14 to Sunday 20 December
LAUNCH_MULTIPLIER = 2.0
CALLS_PER_AGENT_SHIFT = 60  # about 7 minutes a call over an 8-hour shift

SHIFTS = (
    ShiftType("E", "Early", 6 * 60, 510, 480, "early", "FFE699"),
    ShiftType("D", "Day", 9 * 60, 510, 480, "day", "C6E0B4"),
    ShiftType("L", "Late", 14 * 60, 510, 480, "late", "F8CBAD"),
    ShiftType("N", "Night", 22 * 60, 510, 480, "night", "305496"),
)

CONTRACTS = (
    Contract(
        "FT40",
        "Full time 40 h (flexible 24-48 h a week)",
        24 * 60,
        48 * 60,
        144 * 60,
        160 * 60,
        6,
        2,
        3,
        11 * 60,
    ),
    Contract("PT24", "Part time 24 h", 8 * 60, 32 * 60, 80 * 60, 104 * 60, 5, 2, 2, 11 * 60),
)

# Forecast calls per shift on a normal weekday and on a weekend day or holiday.
WEEKDAY_CALLS = {"E": 660, "D": 480, "L": 660, "N": 120}
WEEKEND_CALLS = {"E": 420, "D": 240, "L": 420, "N": 120}

TEAMS = ("Phones", "Tablets & PCs", "Smart home", "English line")
FIRST_NAMES = (
    "Ana",
    "Ben",
    "Chen",
    "Dara",
    "Eli",
    "Fatima",
    "Gus",
    "Hana",
    "Ivan",
    "Jia",
    "Kofi",
    "Lena",
    "Mateo",
    "Nora",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Uma",
    "Viktor",
    "Wen",
    "Yusuf",
    "Zoe",
)
LAST_NAMES = (
    "Adams",
    "Brown",
    "Costa",
    "Dubois",
    "Evans",
    "Fischer",
    "Garcia",
    "Huang",
    "Ito",
    "Jones",
    "Khan",
    "Lopez",
    "Muller",
    "Novak",
    "Okafor",
    "Patel",
    "Rossi",
    "Silva",
    "Tanaka",
    "Wang",
)


def build_example(seed: int = 7) -> Problem:
    """The bundled example problem; the same seed always gives the same problem."""
    rng = random.Random(seed)
    period = _period()
    agents = _agents(rng, 60, ("E", "D", "L"), ("N",), ("E", "D"))
    return Problem(
        period=period,
        shifts=SHIFTS,
        contracts=CONTRACTS,
        agents=agents,
        demand=_demand(period),
        leave=_leave(rng, agents),
        requests=_requests(rng, agents),
        weights=Weights(under_coverage=100, over_coverage=10),
        name="Example hotline, December 2026",
        fairness=Fairness(),
    )


def build_sites(sites: int, agents_per_site: int, seed: int = 7) -> Problem:
    """A center of independent sites: the example's month, one team per site.

    Each site works its own shifts (E1, D1, L1, N1 at site 1) against its own demand, so no
    agent can cover another site's calls, and fair shares are off: priced, they divide the
    center's duty between teams and would couple the sites (see ``scheduler.split``).
    """
    rng = random.Random(seed)
    period = _period()
    shifts: list[ShiftType] = []
    agents: list[Agent] = []
    demand: list[CoverageRequirement] = []
    for site in range(1, sites + 1):
        suffix = str(site)
        shifts += [replace(s, code=s.code + suffix, name=f"{s.name} {site}") for s in SHIFTS]
        staff = _agents(
            rng,
            agents_per_site,
            ("E" + suffix, "D" + suffix, "L" + suffix),
            ("N" + suffix,),
            ("E" + suffix, "D" + suffix),
        )
        team = f"Site {site}"
        agents += [
            replace(a, id=f"S{site}{a.id}", team=team, skills=frozenset({team.lower()}))
            for a in staff
        ]
        # Same staff at every site, but call volumes differ by up to a fifth either way.
        scale = agents_per_site / 60 * rng.uniform(0.8, 1.2)
        demand += _demand(period, suffix, scale)
    return Problem(
        period=period,
        shifts=tuple(shifts),
        contracts=CONTRACTS,
        agents=tuple(agents),
        demand=tuple(demand),
        leave=_leave(rng, tuple(agents)),
        requests=_requests(rng, tuple(agents)),
        weights=Weights(under_coverage=100, over_coverage=10),
        name=f"{sites} sites, {agents_per_site} agents each, December 2026",
        fairness=Fairness(weight=0),
    )


# Eight staggered starts; each shift is 8.5 hours with a 30-minute unpaid break.
HOTLINE_SHIFTS = (
    ShiftType("S06", "Early 06:00", 6 * 60, 510, 480, "early", "FFE699"),
    ShiftType("S07", "Early 07:00", 7 * 60, 510, 480, "early", "FFD966"),
    ShiftType("S08", "Day 08:00", 8 * 60, 510, 480, "day", "E2EFDA"),
    ShiftType("S09", "Day 09:00", 9 * 60, 510, 480, "day", "C6E0B4"),
    ShiftType("S10", "Day 10:00", 10 * 60, 510, 480, "day", "A9D08E"),
    ShiftType("S12", "Late 12:00", 12 * 60, 510, 480, "late", "FCE4D6"),
    ShiftType("S14", "Late 14:00", 14 * 60, 510, 480, "late", "F8CBAD"),
    ShiftType("N22", "Night 22:00", 22 * 60, 510, 480, "night", "305496"),
)
HOTLINE_QUEUES = (
    Queue("support", 360, 0.8, 20, 0.9, breaks=0.10, training=0.05, absence=0.05),
    Queue("english", 420, 0.8, 30, 0.9, breaks=0.10, training=0.05, absence=0.05),
)
_SKILLED_SHRINKAGE = {"breaks": 0.10, "training": 0.05, "absence": 0.05}
SKILLED_QUEUES = (
    Queue("phones", 360, 0.8, 20, 0.9, **_SKILLED_SHRINKAGE),
    Queue("computers", 480, 0.8, 20, 0.9, **_SKILLED_SHRINKAGE),
    Queue("smart_home", 420, 0.8, 30, 0.9, **_SKILLED_SHRINKAGE),
    Queue("enterprise", 540, 0.9, 20, 0.9, **_SKILLED_SHRINKAGE),
    Queue("english", 420, 0.8, 30, 0.9, **_SKILLED_SHRINKAGE),
)
SKILLED_SHARES = (
    ("phones", 0.35),
    ("computers", 0.25),
    ("smart_home", 0.15),
    ("enterprise", 0.10),
    ("english", 0.15),
)
# Share of a day's calls arriving in each hour (a morning and an afternoon peak).
HOURLY_PROFILE = (
    (0, 0.6), (1, 0.4), (2, 0.3), (3, 0.3), (4, 0.3), (5, 0.6), (6, 2.0), (7, 4.0),
    (8, 7.0), (9, 8.5), (10, 9.0), (11, 8.0), (12, 6.5), (13, 7.0), (14, 8.0),
    (15, 8.0), (16, 7.0), (17, 5.5), (18, 4.0), (19, 3.0), (20, 2.0), (21, 1.5),
    (22, 1.0), (23, 0.8),
)  # fmt: skip
WEEKEND_SHARE = 0.6
ENGLISH_SHARE = 0.15


def build_hotline(agents: int = 200, seed: int = 11, shift_types: int = 8) -> Problem:
    """A forecast-driven hotline of any size; calls scale with the number of agents.

    Two queues, answered by every agent (pooled demand). ``shift_types`` 6 drops the 07:00
    and 09:00 starts (the scale benchmark's shape).
    """
    shares = (("support", 1 - ENGLISH_SHARE), ("english", ENGLISH_SHARE))
    return _hotline(agents, seed, shift_types, HOTLINE_QUEUES, shares)


def build_skilled_hotline(agents: int = 200, seed: int = 11, multi_skilled: float = 0.3) -> Problem:
    """The hotline with five queues counted one by one: each agent has the skill of the queue
    their team answers, and ``multi_skilled`` of them a second queue at proficiency 2 to 4, so
    coverage depends on who serves which queue (issue 7's measure). Tiers count: a lead or
    senior on every shift and at most eight juniors each (soft), QA and trainers half off the
    phones, two juniors starting at the launch beside a trainer, and a launch briefing for
    the computers queue the Friday before."""
    # Five small queues lose the pooling of one large one (Erlang C): the same staff answers
    # fewer calls, so this center gets under half the pooled hotline's calls.
    problem = _hotline(
        agents, seed, 8, SKILLED_QUEUES, SKILLED_SHARES, by_queue=True, calls_per_agent=12
    )
    rng = random.Random(seed)
    names = [name for name, _ in SKILLED_SHARES]
    # Primary queues in proportion to each queue's calls, dealt out in sheet order.
    primary = [
        name for name, share in SKILLED_SHARES for _ in range(round(share * len(problem.agents)))
    ]
    primary = (primary + names * len(problem.agents))[: len(problem.agents)]
    rng.shuffle(primary)
    second = set(rng.sample(range(len(problem.agents)), round(multi_skilled * len(problem.agents))))
    staff = []
    for index, (agent, queue) in enumerate(zip(problem.agents, primary, strict=True)):
        skills, proficiency = {queue}, ()
        if index in second:
            other = rng.choice([name for name in names if name != queue])
            skills.add(other)
            proficiency = ((other, rng.randint(2, 4)),)
        staff.append(replace(agent, skills=frozenset(skills), proficiency=proficiency))
    # Two juniors join at the launch and learn beside a trainer for two weeks.
    juniors = [i for i, a in enumerate(staff) if a.tier is Tier.JUNIOR][-2:]
    for index in juniors:
        staff[index] = replace(staff[index], start_date=START + timedelta(days=LAUNCH_WEEK.start))
    computers = [a.id for a in staff if "computers" in a.skills]
    briefing = TrainingSession(
        "Launch briefing",
        LAUNCH_WEEK.start - 3,
        LAUNCH_WEEK.start - 3,
        10 * 60,
        120,
        frozenset(computers[:2]),
        seats=max(2, len(computers) // 6),
        skill="computers",
    )
    return replace(
        problem,
        agents=tuple(staff),
        name=problem.name.replace("hotline", "skilled hotline"),
        tiers=TierRules(
            supervision=Strength.SOFT,
            junior_ratio=Strength.SOFT,
            max_juniors_per_senior=8,
            off_phone_percent=((Tier.QA, 50), (Tier.TRAINER, 50)),
            onboarding=Strength.SOFT,
            onboarding_weeks=2,
        ),
        training=(briefing,),
    )


def _hotline(
    agents: int,
    seed: int,
    shift_types: int,
    queues: tuple[Queue, ...],
    shares: tuple[tuple[str, float], ...],
    by_queue: bool = False,
    calls_per_agent: int = 28,
) -> Problem:
    if shift_types not in (6, 8):
        raise ValueError(f"the hotline has 6 or 8 shift types, not {shift_types}")
    rng = random.Random(seed)
    period = _period()
    shifts = tuple(s for s in HOTLINE_SHIFTS if shift_types == 8 or s.code not in ("S07", "S09"))
    daytime = tuple(s.code for s in shifts if s.category != "night")
    staff = _agents(rng, agents, daytime, ("N22",), daytime[2:4])
    # 28 calls per agent and day is about 85 % of what a pooled staff answers at 80/20.
    daily_calls = calls_per_agent * agents
    total = sum(weight for _, weight in HOURLY_PROFILE)
    entries = []
    for day in range(DAYS):
        volume = daily_calls * (WEEKEND_SHARE if period.is_weekend(day) else 1.0)
        for hour, weight in HOURLY_PROFILE:
            for half in (0, 30):
                calls = volume * weight / total / 2 * rng.uniform(0.9, 1.1)
                entries += [
                    ForecastEntry(day, queue, round(calls * share, 1), hour * 60 + half)
                    for queue, share in shares
                ]
    forecast = Forecast(
        DemandMode.INTRADAY,
        queues,
        tuple(entries),
        (Event("Phone launch", LAUNCH_WEEK.start, LAUNCH_WEEK.stop - 1, 1.3, shares[0][0]),),
        interval_minutes=30,
        holiday_multiplier=0.5,
        by_queue=by_queue,
    )
    return apply_forecast(
        Problem(
            period=period,
            shifts=shifts,
            contracts=CONTRACTS,
            agents=staff,
            leave=_leave(rng, staff),
            requests=_requests(rng, staff),
            weights=Weights(under_coverage=100, over_coverage=10),
            name=f"Forecast hotline, {agents} agents, December 2026",
            forecast=forecast,
            fairness=Fairness(),
        )
    )


def _period() -> Period:
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=[START.year, START.year + 1])
    period_days = [START + timedelta(days=d) for d in range(DAYS)]
    return Period(
        START,
        DAYS,
        tuple(Holiday(d, calendar[d]) for d in period_days if d in calendar),
        timezone="Europe/London",
    )


def _agents(
    rng: random.Random,
    count: int,
    daytime: tuple[str, ...],
    nights: tuple[str, ...],
    part_time_only: tuple[str, ...],
) -> tuple[Agent, ...]:
    tiers = [Tier.TEAM_LEAD] * 6 + [Tier.SENIOR] * 14 + [Tier.QA] * 3 + [Tier.TRAINER] * 3
    tiers = [tier for tier in tiers for _ in range(max(1, count // 60))][:count]
    tiers += [Tier.JUNIOR] * (count - len(tiers))
    rng.shuffle(tiers)
    agents = []
    for number, tier in enumerate(tiers, start=1):
        part_time = number % 10 in (3, 7, 9)
        allowed = set(daytime)
        if number % 3 == 0 and not part_time:
            allowed.update(nights)  # a third of the full-timers take nights
        if part_time and number % 2:
            allowed = set(part_time_only)  # parents and students: daytime only
        team = TEAMS[number % len(TEAMS)]
        skills = {team.lower()}
        if team == "English line" or rng.random() < 0.2:
            skills.add("english")
        worked_before = rng.choice((0, 0, 1, 2, 3, 4))
        agents.append(
            Agent(
                id=f"A{number:03d}",
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                contract_id="PT24" if part_time else "FT40",
                allowed_shifts=frozenset(allowed),
                team=team,
                skills=frozenset(skills),
                tier=tier,
                worked_days_before=worked_before,
                last_shift_before=rng.choice(sorted(allowed)) if worked_before else None,
            )
        )
    return tuple(agents)


def _demand(
    period: Period, suffix: str = "", scale: float = 1.0
) -> tuple[CoverageRequirement, ...]:
    """Agents per shift from the calls forecast for sixty agents, ``scale`` times as many."""
    demand = []
    for day in range(period.days):
        quiet = period.is_weekend(day) or period.is_holiday(day)
        for code, calls in (WEEKEND_CALLS if quiet else WEEKDAY_CALLS).items():
            forecast = calls * (LAUNCH_MULTIPLIER if day in LAUNCH_WEEK and not quiet else 1)
            required = math.ceil(forecast * scale / CALLS_PER_AGENT_SHIFT)
            demand.append(CoverageRequirement(day, code + suffix, required))
    return tuple(demand)


def _leave(rng: random.Random, agents: tuple[Agent, ...]) -> tuple[Leave, ...]:
    leave = []
    holiday_takers = rng.sample(agents, len(agents) * 14 // 60)
    for agent in holiday_takers:
        first = rng.choice((14, 16, 17, 21, 23))
        leave.append(Leave(agent.id, first, min(first + rng.choice((2, 4, 6)), DAYS - 1)))
    for agent in rng.sample([a for a in agents if a not in holiday_takers], len(agents) // 20):
        first = rng.randrange(0, 10)
        leave.append(Leave(agent.id, first, first + rng.choice((0, 1, 2)), "sick"))
    juniors = [a for a in agents if a.tier is Tier.JUNIOR]
    for agent in rng.sample(juniors, min(len(juniors), len(agents) // 30)):
        leave.append(Leave(agent.id, 2, 3, "training"))
    return tuple(leave)


def _requests(rng: random.Random, agents: tuple[Agent, ...]) -> tuple[ShiftRequest, ...]:
    requests = {}
    for agent in rng.sample(agents, len(agents) // 2):
        day = rng.choice((5, 11, 12, 17, 24, 26))  # Saturdays, Christmas and New Year eves
        requests[agent.id, day] = ShiftRequest(
            agent.id, day, None, RequestKind.WANT, rng.choice((2, 3, 5))
        )
    for agent in rng.sample(agents, len(agents) // 4):
        day = rng.randrange(DAYS)
        shift = rng.choice(sorted(agent.allowed_shifts))
        kind = rng.choice((RequestKind.WANT, RequestKind.AVOID))
        requests.setdefault((agent.id, day), ShiftRequest(agent.id, day, shift, kind, 2))
    return tuple(requests.values())
