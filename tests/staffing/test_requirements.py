"""Forecast to requirements: multipliers, the split of calls over shifts, rounding once."""

from datetime import date

import pytest

from scheduler.domain import (
    DemandMode,
    Event,
    Forecast,
    ForecastEntry,
    Holiday,
    Period,
    Queue,
    Tier,
)
from scheduler.staffing.requirements import (
    daily_demand,
    estimated_service_level,
    interval_demand,
    multiplier,
    queue_intervals,
    shift_calls,
    unattended_calls,
)
from tests.builders import DAY, EARLY, LATE, MONDAY, NIGHT

PERIOD = Period(MONDAY, 3, (Holiday(date(2026, 12, 9), "Holiday"),))


def _forecast(*entries: ForecastEntry, **fields: object) -> Forecast:
    queues = fields.pop("queues", (Queue("calls"),))
    mode = fields.pop("mode", DemandMode.INTRADAY)
    return Forecast(mode, queues, entries, **fields)  # type: ignore[arg-type]


def test_events_multiply_and_holidays_add_their_own_factor():
    forecast = _forecast(
        events=(
            Event("Launch", 0, 2, 2.0),
            Event("Promo", 1, 1, 1.5),
            Event("Other queue", 0, 2, 3.0, "english"),
        ),
        queues=(Queue("calls"), Queue("english")),
        holiday_multiplier=0.5,
    )
    assert multiplier(PERIOD, forecast, 0, "calls") == 2.0
    assert multiplier(PERIOD, forecast, 1, "calls") == 3.0  # both events
    assert multiplier(PERIOD, forecast, 2, "calls") == 1.0  # holiday 0.5 x launch 2
    assert multiplier(PERIOD, forecast, 0, "english") == 6.0


def test_interval_requirement_is_erlang_c_grossed_up_once_per_queue():
    # 80 calls in 30 min at 6 min AHT, 80/20, 30 % shrinkage: 21 on the phones -> 30, not 31.
    queue = Queue("calls", 360, 0.8, 20, absence=0.3)
    forecast = _forecast(ForecastEntry(0, "calls", 80.0, 9 * 60), queues=(queue,))
    details = [i for i in queue_intervals(PERIOD, forecast) if i.calls]
    assert [(d.on_phones, d.required) for d in details] == [(21, 30)]
    assert details[0].exact == pytest.approx(30.0)
    demand = interval_demand(queue_intervals(PERIOD, forecast))
    assert len(demand) == 3 * 48  # every interval of the period, zero where no calls
    assert sum(i.required for i in demand) == 30


def test_queues_in_one_interval_add_up():
    queues = (Queue("calls"), Queue("english", 420, 0.9, 30))
    forecast = _forecast(
        ForecastEntry(0, "calls", 100.0, 600),
        ForecastEntry(0, "english", 20.0, 600),
        queues=queues,
    )
    details = [i for i in queue_intervals(PERIOD, forecast) if i.calls]
    (total,) = [i for i in interval_demand(queue_intervals(PERIOD, forecast)) if i.required]
    assert total.required == sum(d.required for d in details) == 25 + details[1].required
    assert total.exact == pytest.approx(sum(d.exact for d in details))


def test_whole_day_calls_spread_over_open_minutes_and_are_shared_where_shifts_overlap():
    # EARLY 06-14, DAY 09-17: 06-09 early only (180 min), 09-14 both (300), 14-17 day (180).
    forecast = _forecast(ForecastEntry(0, "calls", 660.0), mode=DemandMode.DAILY)
    calls = shift_calls(PERIOD, (EARLY, DAY), forecast)
    per_minute = 660 / 660
    assert calls[0, "E", "calls"] == pytest.approx(180 * per_minute + 300 * per_minute / 2)
    assert calls[0, "D", "calls"] == pytest.approx(180 * per_minute + 300 * per_minute / 2)
    assert calls[1, "E", "calls"] == 0


def test_night_shift_takes_the_small_hours_of_the_next_day():
    forecast = _forecast(ForecastEntry(1, "calls", 30.0, 2 * 60), mode=DemandMode.DAILY)
    calls = shift_calls(PERIOD, (EARLY, NIGHT), forecast)
    assert calls[0, "N", "calls"] == pytest.approx(30.0)
    assert calls[1, "N", "calls"] == 0


def test_calls_when_no_shift_is_on_are_reported_as_unattended():
    forecast = _forecast(ForecastEntry(0, "calls", 40.0, 3 * 60), mode=DemandMode.DAILY)
    assert unattended_calls(PERIOD, (EARLY, LATE), forecast) == pytest.approx(40.0)


def test_daily_demand_grosses_up_calls_and_rounds_once():
    # 300 calls on the early shift alone, 20 % shrinkage: 375 calls of capacity; at 60 calls
    # per agent 6.25 -> 7 agents (not ceil(300/60)=5 grossed up to 7 by a second rounding).
    queue = Queue("calls", absence=0.2)
    forecast = _forecast(
        ForecastEntry(0, "calls", 300.0, 7 * 60),
        mode=DemandMode.DAILY,
        queues=(queue,),
        tier_calls_per_shift=((Tier.SENIOR, 80),),
    )
    (requirement,) = daily_demand(PERIOD, (EARLY,), forecast)
    assert (requirement.day, requirement.shift) == (0, "E")
    assert requirement.calls == 375
    assert requirement.required == 7
    assert forecast.capacity(Tier.SENIOR) == 80 and forecast.capacity(Tier.JUNIOR) == 60


def test_estimated_service_level_follows_the_agents_scheduled():
    queue = Queue("calls", 180)
    forecast = _forecast(ForecastEntry(0, "calls", 100.0, 540), queues=(queue,))
    details = [i for i in queue_intervals(PERIOD, forecast) if i.calls]
    assert details[0].required == 14
    assert round(estimated_service_level(forecast, details, 14) * 100, 1) == 88.8
    assert estimated_service_level(forecast, details, 10) == 0.0  # at or below the traffic
    assert estimated_service_level(forecast, [], 5) is None


def test_queues_are_added_unrounded_and_the_interval_is_rounded_once():
    # Each queue needs 14 on the phones (100 calls, 180 s): 17.5 scheduled at 20 % absence.
    queues = (Queue("a", 180, absence=0.2), Queue("b", 180, absence=0.2))
    forecast = _forecast(
        ForecastEntry(0, "a", 100.0, 540), ForecastEntry(0, "b", 100.0, 540), queues=queues
    )
    details = [i for i in queue_intervals(PERIOD, forecast) if i.calls]
    assert [d.required for d in details] == [18, 18]
    (total,) = [i for i in interval_demand(queue_intervals(PERIOD, forecast)) if i.required]
    assert total.exact == pytest.approx(35.0)
    assert total.required == 35
