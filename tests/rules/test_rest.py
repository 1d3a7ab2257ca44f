from datetime import date

from scheduler.domain import Contract, Period, Problem, RuleFamily
from tests.builders import DAY, EARLY, LATE, NIGHT, make_problem, model_allows, violations

FAMILY = RuleFamily.REST
ELEVEN_HOURS = Contract("C", "Any", min_rest_minutes=11 * 60)
SHIFTS = (EARLY, DAY, LATE, NIGHT)


def _problem(**agent: object) -> Problem:
    return make_problem(
        days=3, agents=1, shifts=SHIFTS, contract=ELEVEN_HOURS, agent_overrides={"A1": agent}
    )


def test_late_then_early_is_too_short_a_rest():
    # L ends 22:00, E starts 06:00: 8 hours.
    assert not model_allows(_problem(), FAMILY, A1="LE?")
    assert violations(_problem(), FAMILY, A1="LE.") == [
        "A1 rests 8 h between L on Mon 2026-12-07 and E on Tue 2026-12-08; the minimum is 11 h"
    ]


def test_early_then_late_and_night_then_night_are_fine():
    # Banning Night->Early must not ban Night->Night (a bug reported in a peer tool).
    assert model_allows(_problem(), FAMILY, A1="ELN")
    assert model_allows(_problem(), FAMILY, A1="NN?")
    assert violations(_problem(), FAMILY, A1="NNN") == []


def test_night_then_late_next_day_counts_clock_time_across_midnight():
    # N ends 06:30 on day 1; L starts 14:00 that day: 7.5 hours.
    assert not model_allows(_problem(), FAMILY, A1="NL?")
    assert len(violations(_problem(), FAMILY, A1="NL.")) == 1


def test_a_day_off_between_restores_rest():
    assert model_allows(_problem(), FAMILY, A1="L.E")
    assert violations(_problem(), FAMILY, A1="L.E") == []


def test_last_shift_of_the_previous_period_counts():
    carried = _problem(last_shift_before="L", worked_days_before=1)
    assert not model_allows(carried, FAMILY, A1="E??")
    assert model_allows(carried, FAMILY, A1="D??")
    assert "the previous period" in violations(carried, FAMILY, A1="E..")[0]


def test_daylight_saving_change_shortens_the_night():
    # Clocks go forward in Berlin on 2027-03-28: L ends 22:00 on the 27th and D starts 09:00
    # on the 28th, 11 hours on the wall clock but only 10 real hours.
    naive, berlin = _naive_and_in_berlin(ELEVEN_HOURS, date(2027, 3, 27))
    assert model_allows(naive, FAMILY, A1="LD")
    assert not model_allows(berlin, FAMILY, A1="LD")
    assert violations(naive, FAMILY, A1="LD") == []
    assert "rests 10 h" in violations(berlin, FAMILY, A1="LD")[0]


def test_shifts_never_overlap_even_without_a_rest_rule():
    # A night ending 06:30 overlaps an early starting 06:00 the same morning.
    problem = make_problem(days=2, agents=1, shifts=SHIFTS)
    assert not model_allows(problem, FAMILY, A1="NE")
    assert model_allows(problem, FAMILY, A1="NL")
    assert violations(problem, FAMILY, A1="NE") == [
        "A1 works overlapping shifts (0.5 h overlap): N on Mon 2026-12-07 and E on Tue 2026-12-08"
    ]
    carried = make_problem(
        days=1, agents=1, shifts=SHIFTS, agent_overrides={"A1": {"last_shift_before": "N"}}
    )
    assert not model_allows(carried, FAMILY, A1="E")


def test_daylight_saving_end_lengthens_the_night():
    # Clocks go back in Berlin on 2027-10-31: L ends 22:00 on the 30th and D starts 09:00
    # on the 31st, 11 hours on the wall clock but 12 real hours.
    twelve_hours = Contract("C", "Any", min_rest_minutes=12 * 60)
    naive, berlin = _naive_and_in_berlin(twelve_hours, date(2027, 10, 30))
    assert not model_allows(naive, FAMILY, A1="LD")
    assert model_allows(berlin, FAMILY, A1="LD")
    assert "rests 11 h" in violations(naive, FAMILY, A1="LD")[0]
    assert violations(berlin, FAMILY, A1="LD") == []


def _naive_and_in_berlin(contract: Contract, start: date) -> tuple[Problem, Problem]:
    """One agent over two days from ``start``, on the wall clock alone and in Berlin time."""
    naive = make_problem(days=2, agents=1, shifts=SHIFTS, contract=contract, start=start)
    berlin = Problem(
        Period(naive.period.start, 2, timezone="Europe/Berlin"),
        naive.shifts,
        naive.contracts,
        naive.agents,
    )
    return naive, berlin
