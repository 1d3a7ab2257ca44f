"""A ``Problem`` as the rows of the input sheets: the inverse of the reader.

Both the workbook and the CSV writer start from these rows, so the example and the template
are written the same way whatever the format, and reading them back gives the same problem.
"""

from __future__ import annotations

from datetime import time

from scheduler.domain import (
    MINUTES_PER_DAY,
    DemandMode,
    Problem,
    RotationMode,
    Tier,
)
from scheduler.io.schema import HOLIDAY, OFF, SETTINGS, SHEETS, WEEKDAYS, WORKING_DAY
from scheduler.rotation import pattern_starts

Rows = list[list[object]]


def input_tables(problem: Problem | None) -> dict[str, Rows]:
    """Rows per sheet name; ``None`` gives default settings and empty tables (a template)."""
    tables: dict[str, Rows] = {sheet.name: [] for sheet in SHEETS}
    if problem is not None:
        tables.update(_problem_rows(problem))
    tables["Settings"] = _settings_rows(problem)
    return tables


def _settings_rows(problem: Problem | None) -> Rows:
    values: dict[str, object] = {s.name: s.default for s in SETTINGS}
    if problem is not None:
        period = problem.period
        values.update(
            name=problem.name,
            start_date=period.start,
            days=period.days,
            weekend_days=", ".join(WEEKDAYS[d] for d in sorted(period.weekend_days)),
            timezone=period.timezone,
            under_coverage_weight=problem.weights.under_coverage,
            over_coverage_weight=problem.weights.over_coverage,
            split_weekend_weight=problem.weights.split_weekend,
            queue_fit_weight=problem.weights.queue_fit,
            empty_seat_weight=problem.weights.empty_seat,
            fair_categories=", ".join(problem.fairness.categories),
            fairness_weight=problem.fairness.weight,
            fairness_by_team="yes" if problem.fairness.by_team else "no",
            fairness_tolerance=problem.fairness.tolerance,
            rotation=problem.rotation.mode.value,
            rotation_categories=", ".join(problem.rotation.cycle),
            rotation_weeks=problem.rotation.weeks,
            rotation_anchor=problem.rotation.anchor,
            rotation_hard="yes" if problem.rotation.hard else "no",
            rotation_weight=problem.rotation.weight,
            change_move_weight=problem.change_weights.move,
            change_drop_weight=problem.change_weights.drop,
            change_add_weight=problem.change_weights.add,
            change_urgent_days=problem.change_weights.urgent_days,
            change_urgent_extra=problem.change_weights.urgent_extra,
            supervision=problem.tiers.supervision.value,
            supervision_weight=problem.tiers.supervision_weight,
            junior_ratio=problem.tiers.junior_ratio.value,
            max_juniors_per_senior=problem.tiers.max_juniors_per_senior,
            junior_ratio_weight=problem.tiers.junior_ratio_weight,
            onboarding=problem.tiers.onboarding.value,
            onboarding_weeks=problem.tiers.onboarding_weeks,
            onboarding_weight=problem.tiers.onboarding_weight,
            trainee_percent=problem.tiers.trainee_percent,
        )
        forecast = problem.forecast
        if forecast is not None:
            values.update(
                demand_mode=forecast.mode.value,
                interval_minutes=forecast.interval_minutes,
                calls_per_agent_shift=forecast.calls_per_shift,
                holiday_demand_multiplier=forecast.holiday_multiplier,
                coverage_by_queue="yes" if forecast.by_queue else "no",
            )
    return [[s.name, values[s.name], s.help] for s in SETTINGS]


def _problem_rows(problem: Problem) -> dict[str, Rows]:
    dates = problem.period.dates
    # Cyclic starts are written out, so a re-plan that reorders or edits agents keeps them.
    starts = (
        {agent_id: start + 1 for agent_id, start in pattern_starts(problem).items()}
        if problem.rotation.mode is RotationMode.CYCLIC
        else {}
    )
    all_codes = {s.code for s in problem.shifts}
    return {
        "Shifts": [
            [
                s.code,
                s.name,
                _clock(s.start_minute),
                _clock((s.start_minute + s.duration_minutes) % MINUTES_PER_DAY),
                s.duration_minutes - s.paid_minutes,
                s.category,
                s.colour,
                ", ".join(sorted(s.not_followed_by)) or None,
            ]
            for s in problem.shifts
        ],
        "Contracts": [
            [
                c.id,
                c.name,
                _hours(c.min_minutes_week),
                _hours(c.max_minutes_week),
                _hours(c.min_minutes_period),
                _hours(c.max_minutes_period),
                c.max_consecutive_days,
                c.min_consecutive_days_off,
                c.max_weekends,
                _hours(c.min_rest_minutes),
                c.max_late_week,
                c.max_night_week,
                c.max_category_changes_week,
                c.min_consecutive_days,
                c.days_off_after_nights,
                ", ".join(f"{code}={limit}" for code, limit in c.max_shifts) or None,
            ]
            for c in problem.contracts
        ],
        "Agents": [
            [
                a.id,
                a.name,
                a.team or None,
                a.contract_id,
                None if a.allowed_shifts == all_codes else ", ".join(sorted(a.allowed_shifts)),
                ", ".join(a.skill_text(skill) for skill in sorted(a.skills)) or None,
                a.tier.value,
                a.worked_days_before or None,
                a.last_shift_before,
                starts.get(a.id, a.rotation_start),
                a.start_date,
                _hours(a.minutes_before or None),
                a.lates_before or None,
                a.nights_before or None,
            ]
            for a in problem.agents
        ],
        "Demand": [
            [dates[r.day], r.shift, r.required, r.under_weight, r.over_weight, r.queue]
            for r in problem.demand
            if problem.forecast is None or problem.forecast.mode is DemandMode.SHIFTS
        ],
        "Leave": [
            [
                item.agent_id,
                dates[item.first_day],
                dates[item.last_day],
                item.kind,
                "yes" if item.prorates_hours else "no",
                None if item.paid_minutes is None else item.paid_minutes / 60,
                None,
            ]
            for item in problem.leave
        ],
        "Requests": [
            [r.agent_id, dates[r.day], r.shift or OFF, r.kind.value, r.weight]
            for r in problem.requests
        ],
        "Holidays": [[h.date, h.name, HOLIDAY] for h in problem.period.holidays]
        + [[h.date, h.name, WORKING_DAY] for h in problem.period.working_days],
        "History": [[h.agent_id, h.category, h.count] for h in problem.history],
        "Tiers": _tier_rows(problem),
        "Training": [
            [
                t.name,
                dates[t.first_day + t.day_offset],
                dates[t.last_day + t.day_offset],
                _clock(t.start_minute % MINUTES_PER_DAY),
                _clock(t.end_minute % MINUTES_PER_DAY),
                ", ".join(sorted(t.attendees)) or None,
                t.seats,
                t.skill,
            ]
            for t in problem.training
        ],
        **_forecast_rows(problem),
    }


def _forecast_rows(problem: Problem) -> dict[str, Rows]:
    forecast = problem.forecast
    if forecast is None:
        return {}
    dates = problem.period.dates
    return {
        "Queues": [
            [
                q.name,
                q.handle_seconds / 60,
                q.service_target * 100,
                q.answer_seconds,
                q.max_occupancy * 100,
                q.breaks * 100,
                q.training * 100,
                q.absence * 100,
            ]
            for q in forecast.queues
        ],
        "Forecast": [
            [
                dates[e.day],
                None if e.start_minute is None else _clock(e.start_minute),
                e.queue,
                e.calls,
            ]
            for e in forecast.entries
        ],
        "Events": [
            [e.name, dates[e.first_day], dates[e.last_day], e.multiplier, e.queue]
            for e in forecast.events
        ],
    }


def _tier_rows(problem: Problem) -> Rows:
    calls = dict(problem.forecast.tier_calls_per_shift) if problem.forecast else {}
    off_phone = dict(problem.tiers.off_phone_percent)
    return [
        [tier.value, calls.get(tier), off_phone.get(tier)]
        for tier in Tier
        if tier in calls or tier in off_phone
    ]


def _clock(minute: int) -> time:
    return time(minute // 60, minute % 60)


def _hours(minutes: int | None) -> float | None:
    return None if minutes is None else minutes / 60
