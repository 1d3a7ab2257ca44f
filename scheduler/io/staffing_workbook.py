"""Forecast-driven sheets: the staffing workbook, and interval coverage in the roster workbook.

Planners check a forecast's staffing before rostering (``scheduler staffing``) and, after it,
whether the roster meets each interval; both show the same Erlang C figures from
``scheduler.staffing``, as values with native charts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import MINUTES_PER_DAY, DemandMode, Problem, Roster
from scheduler.io import styles
from scheduler.io.files import save_workbook
from scheduler.io.styles import ISO_DATE, PERCENT
from scheduler.staffing.requirements import (
    QueueInterval,
    adjusted_entries,
    interval_service,
    queue_intervals,
    shift_calls,
    unattended_calls,
)

INTERVAL_HEADERS = (
    "Date",
    "Weekday",
    "Interval",
    "Queue",
    "Calls",
    "Agents on phones",
    "Agents exact",
    "Agents required",
    "Service level",
    "Occupancy",
)
SHIFT_HEADERS = ("Date", "Weekday", "Shift", "Calls", "Calls grossed up", "Agents required")
COVERAGE_HEADERS = (
    "Date",
    "Weekday",
    "Interval",
    "Calls",
    "Required exact",
    "Required",
    "Scheduled",
    "Short",
    "Surplus",
    "Estimated service level",
)


def write_staffing(problem: Problem, output: Path) -> None:
    """Raises ``ValueError`` when the problem has no forecast to staff."""
    save_workbook(build_staffing_workbook(problem), output)


def build_staffing_workbook(problem: Problem) -> Workbook:
    forecast = problem.forecast
    if forecast is None or forecast.mode is DemandMode.SHIFTS:
        raise ValueError(
            "staffing needs a forecast: set demand_mode to daily or intraday in Settings "
            "and fill the Forecast sheet"
        )
    workbook = styles.new_workbook()
    workbook.remove(workbook.worksheets[0])
    if forecast.mode is DemandMode.INTRADAY:
        details = queue_intervals(problem.period, forecast)
        _write_intervals(workbook.create_sheet("Intervals"), problem, details)
        _write_interval_totals(workbook.create_sheet("Chart data"), problem, details)
    else:
        _write_shifts(workbook.create_sheet("Shifts"), problem)
    _write_inputs(workbook.create_sheet("Inputs"), problem)
    return workbook


def _interval_text(start: int, minutes: int) -> str:
    end = (start + minutes) % MINUTES_PER_DAY
    return f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


def _write_intervals(sheet: Worksheet, problem: Problem, details: Sequence[QueueInterval]) -> None:
    styles.header_row(sheet, 1, 1, INTERVAL_HEADERS)
    dates = problem.period.dates
    row = 1
    for item in details:
        if not item.calls:
            continue  # closed hours: nothing to staff, and the table stays readable
        row += 1
        when = dates[item.day]
        values = (
            when,
            f"{when:%a}",
            _interval_text(item.start_minute, item.minutes),
            item.queue,
            round(item.calls, 2),
            item.on_phones,
            round(item.exact, 2),
            item.required,
            item.service_level,
            item.occupancy,
        )
        formats = ("", "", "", "", "0.0", "0", "0.00", "0", PERCENT, PERCENT)
        _write_row(sheet, row, values, formats)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(INTERVAL_HEADERS))}{max(row, 2)}"
    styles.set_widths(sheet, [12, 9, 13, 12, 9, 10, 10, 10, 10, 10])


def _write_interval_totals(
    sheet: Worksheet, problem: Problem, details: Sequence[QueueInterval]
) -> None:
    """All queues per interval, and the chart of calls against required agents."""
    totals: dict[tuple[int, int], list[float]] = {}
    for item in details:
        calls, required = totals.setdefault((item.day, item.start_minute), [0.0, 0])
        totals[item.day, item.start_minute] = [calls + item.calls, required + item.required]
    styles.header_row(sheet, 1, 1, ("Interval", "Calls", "Agents required"))
    dates = problem.period.dates
    for row, ((day, start), (calls, required)) in enumerate(sorted(totals.items()), start=2):
        label = f"{dates[day]:%a %d %b} {start // 60:02d}:{start % 60:02d}"
        _write_row(sheet, row, (label, round(calls, 1), int(required)), ("", "0.0", "0"))
    last = len(totals) + 1
    _add_calls_chart(sheet, last, "Forecast calls and required agents per interval", "E2")
    styles.set_widths(sheet, [18, 10, 12])


def _write_shifts(sheet: Worksheet, problem: Problem) -> None:
    """Daily mode: calls per day and shift, grossed up for shrinkage, and agents required."""
    assert problem.forecast is not None
    calls = shift_calls(problem.period, problem.shifts, problem.forecast)
    requirement = {(r.day, r.shift): r for r in problem.demand}
    styles.header_row(sheet, 1, 1, SHIFT_HEADERS)
    row = 1
    for day, when in enumerate(problem.period.dates):
        for shift in problem.shifts:
            row += 1
            found = requirement.get((day, shift.code))
            total = sum(calls[day, shift.code, q.name] for q in problem.forecast.queues)
            values = (
                when,
                f"{when:%a}",
                shift.code,
                round(total, 1),
                found.calls if found else 0,
                found.required if found else 0,
            )
            _write_row(sheet, row, values, ("", "", "", "0.0", "0", "0"))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(SHIFT_HEADERS))}{row}"
    # The chart reads the calls and agents columns (D and F) against the date-shift rows.
    chart_sheet = sheet.parent.create_sheet("Chart data")
    styles.header_row(chart_sheet, 1, 1, ("Day and shift", "Calls", "Agents required"))
    for index in range(2, row + 1):
        label = f"{sheet.cell(index, 1).value:%a %d %b} {sheet.cell(index, 3).value}"
        chart_row = (label, sheet.cell(index, 4).value, sheet.cell(index, 6).value)
        _write_row(chart_sheet, index, chart_row, ("", "0.0", "0"))
    _add_calls_chart(chart_sheet, row, "Forecast calls and required agents per shift", "E2")
    styles.set_widths(sheet, [12, 9, 8, 10, 14, 14])


def _write_inputs(sheet: Worksheet, problem: Problem) -> None:
    """The parameters behind the numbers, so the workbook explains itself."""
    forecast = problem.forecast
    assert forecast is not None
    sheet.cell(1, 1, f"Staffing: {problem.name}").font = styles.TITLE_FONT
    sheet.cell(2, 1, f"Demand mode: {forecast.mode.value}")
    sheet.cell(3, 1, f"Interval: {forecast.interval_minutes} minutes")
    unattended = unattended_calls(problem.period, problem.shifts, forecast)
    sheet.cell(4, 1, f"Calls outside every shift's hours (cannot be answered): {unattended:.0f}")
    total = sum(entry.calls for entry in adjusted_entries(problem.period, forecast))
    sheet.cell(5, 1, f"Calls in the period after events and holidays: {total:.0f}")
    headers = (
        "Queue",
        "Handle time (s)",
        "Target",
        "Answer within (s)",
        "Max occupancy",
        "Shrinkage",
    )
    styles.header_row(sheet, 7, 1, headers)
    for row, queue in enumerate(forecast.queues, start=8):
        values = (
            queue.name,
            queue.handle_seconds,
            queue.service_target,
            queue.answer_seconds,
            queue.max_occupancy,
            queue.shrinkage,
        )
        _write_row(sheet, row, values, ("", "0", PERCENT, "0", PERCENT, PERCENT))
    row = 9 + len(forecast.queues)
    styles.header_row(sheet, row, 1, ("Event", "First day", "Last day", "Multiplier", "Queue"))
    dates = problem.period.dates
    for offset, event in enumerate(forecast.events, start=1):
        values = (
            event.name,
            dates[event.first_day],
            dates[event.last_day],
            event.multiplier,
            event.queue or "all",
        )
        _write_row(sheet, row + offset, values, ("", ISO_DATE, ISO_DATE, "0.00", ""))
    if forecast.mode is DemandMode.DAILY:
        row += len(forecast.events) + 2
        styles.header_row(sheet, row, 1, ("Tier", "Calls per shift"))
        standard = ("standard (calls_per_agent_shift)", forecast.calls_per_shift)
        rows = [standard, *((tier.value, calls) for tier, calls in forecast.tier_calls_per_shift)]
        for offset, values in enumerate(rows, start=1):
            _write_row(sheet, row + offset, values, ("", "0"))
    styles.set_widths(sheet, [30, 14, 10, 14, 12, 10])


def add_interval_coverage(workbook: Workbook, problem: Problem, roster: Roster) -> None:
    """The roster's Coverage sheet for intraday demand: each interval, its calls, required
    and scheduled agents and the service level those agents should reach, with a chart per
    week of required against scheduled agents.
    """
    sheet = workbook.create_sheet("Coverage")
    styles.header_row(sheet, 1, 1, COVERAGE_HEADERS)
    dates = problem.period.dates
    week_rows: dict[tuple[int, int], list[int]] = {}
    # The floor as a whole; per-queue demand has its own sheet (Queue coverage).
    for row, served in enumerate(interval_service(problem, roster, by_queue=False), start=2):
        interval = served.interval
        when: date = dates[interval.day]
        values = (
            when,
            f"{when:%a}",
            _interval_text(interval.start_minute, interval.minutes),
            round(served.calls, 1),
            round(interval.exact, 2),
            interval.required,
            served.serving,
            served.short,
            served.surplus,
            "" if served.level is None else served.level,
        )
        formats = (ISO_DATE, "", "", "0.0", "0.00", "0", "General", "0", "0", PERCENT)
        _write_row(sheet, row, values, formats)
        if served.short:
            styles.mark_short(sheet.cell(row, 8))
        week_rows.setdefault(when.isocalendar()[:2], []).append(row)
    last = len(problem.interval_totals) + 1
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COVERAGE_HEADERS))}{last}"
    for index, rows in enumerate(week_rows.values()):
        _add_week_chart(sheet, rows, index)
    styles.set_widths(sheet, [12, 9, 13, 9, 10, 10, 10, 8, 8, 12])


def _add_week_chart(sheet: Worksheet, rows: list[int], index: int) -> None:
    chart = LineChart()
    first, last = rows[0], rows[-1]
    chart.title = f"Week of {sheet.cell(first, 1).value:%d %b}: required and scheduled agents"
    chart.y_axis.title = "Agents"
    chart.x_axis.title = "Interval"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    for column in (6, 7):
        series = Reference(sheet, min_col=column, min_row=first, max_row=last)
        chart.add_data(series)
    chart.set_categories(Reference(sheet, min_col=3, min_row=first, max_row=last))
    for series, title, colour in zip(
        chart.series, ("Required", "Scheduled"), ("A6A6A6", "2F5597"), strict=True
    ):
        series.tx = SeriesLabel(v=title)
        series.graphicalProperties.line.solidFill = colour
        series.smooth = False
    chart.width = 30.0
    chart.height = 8.0
    sheet.add_chart(chart, f"L{2 + index * 18}")


def _add_calls_chart(sheet: Worksheet, last_row: int, title: str, anchor: str) -> None:
    """Calls as columns, required agents as a line on a second axis."""
    calls = BarChart()
    calls.title = title
    calls.y_axis.title = "Calls"
    calls.x_axis.delete = False
    calls.y_axis.delete = False
    calls.add_data(Reference(sheet, min_col=2, min_row=1, max_row=last_row), titles_from_data=True)
    calls.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last_row))
    calls.series[0].graphicalProperties.solidFill = "9BC2E6"
    agents = LineChart()
    agents.add_data(Reference(sheet, min_col=3, min_row=1, max_row=last_row), titles_from_data=True)
    agents.y_axis.axId = 200
    agents.y_axis.title = "Agents"
    agents.y_axis.crosses = "max"
    agents.y_axis.delete = False
    agents.series[0].graphicalProperties.line.solidFill = "C00000"
    calls += agents
    calls.width = 32.0
    calls.height = 10.0
    sheet.add_chart(calls, anchor)


def _write_row(
    sheet: Worksheet, row: int, values: Sequence[object], formats: Sequence[str]
) -> None:
    for column, (value, number_format) in enumerate(zip(values, formats, strict=False), start=1):
        cell = sheet.cell(row, column, value)
        cell.border = styles.GRID_BORDER
        if isinstance(value, date):
            cell.number_format = ISO_DATE
        elif number_format:
            cell.number_format = number_format
