"""The domain records check themselves, and the period knows its weeks and weekends."""

import dataclasses
import pickle
from datetime import date

import pytest

from scheduler.domain import (
    Agent,
    Contract,
    CoverageRequirement,
    IntervalRequirement,
    Leave,
    Period,
    Roster,
    ShiftType,
)
from scheduler.example import build_example
from scheduler.heuristic import greedy_roster
from tests.builders import DAY, EARLY, LATE, NIGHT, make_problem


def test_weeks_and_weekends_follow_the_calendar_even_when_cut_by_the_period():
    # Saturday 12 December to Tuesday 22 December 2026.
    period = Period(date(2026, 12, 12), 11)
    assert period.weeks == ((0, 1), (2, 3, 4, 5, 6, 7, 8), (9, 10))
    assert period.weekends == ((0, 1), (7, 8))


def test_wall_clock_instants_follow_daylight_saving_time():
    # Europe/Berlin springs forward on 2027-03-28: that day has 23 hours.
    period = Period(date(2027, 3, 27), 3, timezone="Europe/Berlin")
    assert period.instant(1, 0) == 24 * 60
    assert period.instant(2, 0) == 47 * 60


def test_a_skill_listed_without_a_level_is_known_at_expert_level():
    agent = Agent(
        "A1", "A1", "C", frozenset({"E"}), skills=frozenset({"phones", "tablets"}),
        proficiency=(("tablets", 2),),
    )  # fmt: skip
    assert [agent.levels_short(skill) for skill in ("phones", "tablets")] == [0, 3]
    assert [agent.skill_text(skill) for skill in ("phones", "tablets")] == ["phones", "tablets:2"]


def test_contracts_refuse_a_minimum_above_the_maximum():
    with pytest.raises(ValueError, match="minutes per week minimum above maximum"):
        Contract("C", "Any", min_minutes_week=600, max_minutes_week=300)


def test_shift_colours_must_be_hex():
    with pytest.raises(ValueError, match="colour"):
        ShiftType("E", "Early", 360, 480, 450, "early", "yellow")


def test_problems_name_every_broken_reference_at_once():
    problem = make_problem(agents=1)
    with pytest.raises(ValueError) as raised:
        dataclasses.replace(problem, leave=(Leave("A9", 0, 0), Leave("A1", 5, 9)))
    assert "unknown agent A9" in str(raised.value)
    assert "leave outside the period" in str(raised.value)


def test_problems_refuse_texts_a_workbook_cannot_hold():
    problem = make_problem(agents=1)
    agent = dataclasses.replace(problem.agents[0], name="Bob\x01")
    with pytest.raises(ValueError, match=r"agent A1: 'Bob\\x01' contains a control character"):
        dataclasses.replace(problem, agents=(agent,))


def test_records_pickle_without_their_cached_lookups():
    """Scenarios and teams are solved in other processes: the problem travels by pickle."""
    problem = build_example()
    roster = greedy_roster(problem)
    assert problem.agent_by_id and roster.shifts_on(problem.agents[0].id, 0) is not None
    assert "agent_by_id" in vars(problem)  # a cached lookup, and a read-only view
    copy = pickle.loads(pickle.dumps(problem))
    assert copy == problem and "agent_by_id" not in vars(copy)
    assert copy.agent_by_id == problem.agent_by_id  # rebuilt on first use
    assert pickle.loads(pickle.dumps(roster)) == roster


def test_an_interval_counts_the_shifts_on_at_its_midpoint_last_nights_included():
    # Early 06:00-14:00, day 09:00-17:00, late 14:00-22:00, night 22:00-06:30. Hourly
    # intervals over two days: the night of day 0 covers day 1 until 06:30, the early shift
    # from 06:00, a shift counts up to, not at, its end, and overlapping shifts all count.
    problem = dataclasses.replace(
        make_problem(days=2, shifts=(EARLY, DAY, LATE, NIGHT)),
        interval_demand=tuple(
            IntervalRequirement(day, hour * 60, 60, 1) for day in range(2) for hour in range(24)
        ),
    )
    covering = {
        (i.day, i.start_minute // 60): problem.shifts_covering(i) for i in problem.interval_demand
    }
    assert covering[0, 5] == ()
    assert covering[0, 6] == ((0, "E"),)
    assert covering[0, 10] == ((0, "E"), (0, "D"))
    assert covering[0, 14] == ((0, "D"), (0, "L"))
    assert covering[0, 23] == ((0, "N"),)
    assert covering[1, 5] == ((0, "N"),)
    assert covering[1, 6] == ((1, "E"),)  # the midpoint 06:30 is the night's end
    assert covering[1, 22] == ((1, "N"),)


def test_paid_leave_pro_rates_the_minimum_hours_and_unavailable_days_do_not():
    contract = Contract("C", "Full", min_minutes_week=2100, min_minutes_period=2100)
    leave = (
        Leave("A1", 0, 1, "vacation"),  # paid: the minimum shrinks by 2/7
        Leave("A2", 0, 1, "unavailable", prorates_hours=False),
        Leave("A2", 1, 1, "sick"),  # paid wins where both cover a day
    )
    problem = make_problem(agents=2, contract=contract, leave=leave)
    paid, unavailable = problem.agents
    week = problem.period.weeks[0]
    assert problem.weekly_minimum(paid, week) == problem.period_minimum(paid) == 1500
    assert problem.weekly_minimum(unavailable, week) == 1800  # only the sick day pro-rates
    assert problem.period_minimum(unavailable) == 1800


def test_leave_with_paid_minutes_takes_them_off_the_minimum_instead_of_a_daily_share():
    contract = Contract("C", "Full", min_minutes_week=2100, min_minutes_period=2100)
    leave = (
        Leave("A1", 0, 1, "sick", paid_minutes=450),  # 2100 - 2 * 450, not 2100 * 5/7
        Leave("A2", 0, 1, "vacation"),
        Leave("A2", 1, 1, "sick", paid_minutes=450),  # the credit wins where both cover a day
        Leave("A3", 0, 6, "sick", paid_minutes=450),  # never below nothing
    )
    problem = make_problem(agents=3, contract=contract, leave=leave)
    credited, both, whole_week = problem.agents
    week = problem.period.weeks[0]
    assert problem.weekly_minimum(credited, week) == problem.period_minimum(credited) == 1200
    assert problem.weekly_minimum(both, week) == 2100 * 6 // 7 - 450
    assert problem.weekly_minimum(whole_week, week) == problem.period_minimum(whole_week) == 0
    with pytest.raises(ValueError, match="paid minutes need paid leave"):
        Leave("A1", 0, 0, "unavailable", prorates_hours=False, paid_minutes=450)


def test_a_re_plan_chases_what_a_requirement_rose_by_and_no_older_shortfall():
    before = CoverageRequirement(0, "E", 2)
    published = Roster.from_rows({"A1": ["E"], "A2": [None], "A3": [None]})  # one of two
    problem = dataclasses.replace(
        make_problem(days=1, agents=3), published=published, published_demand=(before,)
    )
    risen, same = CoverageRequirement(0, "E", 3), CoverageRequirement(0, "E", 2)
    # One agent was published against two: the one short then stays unpriced, the new one
    # needed is priced, and a requirement new since publication is priced whole.
    assert problem.priced_requirement(same, 1) == 1
    assert problem.priced_requirement(risen, 1) == 2
    assert problem.priced_requirement(CoverageRequirement(0, "L", 2), 0) == 2
    # Without the demand as published, nothing has risen.
    assert dataclasses.replace(problem, published_demand=None).priced_requirement(risen, 1) == 1
