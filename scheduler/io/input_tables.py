"""A ``Problem`` as the rows of the input sheets: the inverse of the reader.

Both the workbook and the CSV writer start from these rows, so the example and the template
are written the same way whatever the format, and reading them back gives the same problem.
"""

from __future__ import annotations

from datetime import time

from scheduler.domain import MINUTES_PER_DAY, Problem
from scheduler.io.schema import OFF, SETTINGS, SHEETS, WEEKDAYS

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
        )
    return [[s.name, values[s.name], s.help] for s in SETTINGS]


def _problem_rows(problem: Problem) -> dict[str, Rows]:
    dates = problem.period.dates
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
                ", ".join(sorted(a.skills)) or None,
                a.tier.value,
                a.worked_days_before or None,
                a.last_shift_before,
            ]
            for a in problem.agents
        ],
        "Demand": [
            [dates[r.day], r.shift, r.required, r.under_weight, r.over_weight]
            for r in problem.demand
        ],
        "Leave": [
            [item.agent_id, dates[item.first_day], dates[item.last_day], item.kind, None]
            for item in problem.leave
        ],
        "Requests": [
            [r.agent_id, dates[r.day], r.shift or OFF, r.kind.value, r.weight]
            for r in problem.requests
        ],
        "Holidays": [[h.date, h.name] for h in problem.period.holidays],
    }


def _clock(minute: int) -> time:
    return time(minute // 60, minute % 60)


def _hours(minutes: int | None) -> float | None:
    return None if minutes is None else minutes / 60
