"""Write an input workbook: empty as a template, or filled from a ``Problem`` (the example).

Every header carries a comment from the schema and columns get drop-downs where the values
come from a list (shift codes, agent ids, contracts, yes-or-no style words), so a planner can
fill the template without reading the README.
"""

from __future__ import annotations

from datetime import time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import MINUTES_PER_DAY, Problem
from scheduler.io.files import save_workbook
from scheduler.io.schema import (
    OFF,
    SETTINGS,
    SETTINGS_SHEET,
    SHEETS,
    WEEKDAYS,
    Column,
    Kind,
    Sheet,
)
from scheduler.io.styles import HEADER_FILL, HEADER_FONT, TITLE_FONT

VALIDATED_ROWS = 2000
Rows = list[list[object]]


def write_input(problem: Problem | None, output: Path) -> None:
    """Write the input workbook; ``None`` gives an empty template with default settings."""
    workbook = Workbook()
    guide = workbook.active
    assert guide is not None
    guide.title = "Guide"
    _write_guide(guide)
    rows = _problem_rows(problem) if problem is not None else {}
    for sheet in SHEETS:
        ws = workbook.create_sheet(sheet.name)
        if sheet is SETTINGS_SHEET:
            _write_table(ws, sheet, _settings_rows(problem))
        else:
            _write_table(ws, sheet, rows.get(sheet.name, []))
    save_workbook(workbook, output)


def _write_guide(ws: Worksheet) -> None:
    ws.append(["How to fill this workbook"])
    ws["A1"].font = TITLE_FONT
    ws.append(["Fill the sheets below, then run: scheduler solve THIS_FILE.xlsx -o roster.xlsx"])
    ws.append(
        [
            "Hover over a column header to see what it expects. Blank optional cells take "
            "their default."
        ]
    )
    ws.append([])
    ws.append(["Sheet", "Column", "Required", "Expects", "Meaning"])
    _style_header(ws, 5)
    for sheet in SHEETS:
        ws.append([sheet.name, "", "yes" if sheet.required else "no", "", sheet.help])
        ws.cell(ws.max_row, 1).font = HEADER_FONT
        for column in sheet.columns:
            ws.append(
                ["", column.name, "yes" if column.required else "", column.expected, column.help]
            )
    for letter, width in zip("ABCDE", (12, 26, 10, 36, 90), strict=True):
        ws.column_dimensions[letter].width = width


def _write_table(ws: Worksheet, sheet: Sheet, rows: Rows) -> None:
    ws.append([c.name for c in sheet.columns])
    _style_header(ws, 1)
    for index, column in enumerate(sheet.columns, start=1):
        required = " (required)" if column.required else ""
        ws.cell(1, index).comment = Comment(
            f"{column.help}{required}\nExpects {column.expected}.", "scheduler", 120, 320
        )
        ws.column_dimensions[get_column_letter(index)].width = max(12, len(column.name) + 4)
    for row in rows:
        ws.append(row)
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        for cell in ws[letter][1:]:
            if column.kind is Kind.DATE:
                cell.number_format = "yyyy-mm-dd"
            elif column.kind is Kind.TIME:
                cell.number_format = "hh:mm"
        validation = _validation(column)
        if validation is not None:
            ws.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
    ws.freeze_panes = "A2"


def _validation(column: Column) -> DataValidation | None:
    """A drop-down or number check for the column, or None where free text is right."""
    if column.kind is Kind.CODES:
        return None  # comma-separated lists cannot be checked by a list validation
    if column.lookup is not None:
        # Ids live in column A of the referenced sheet; where other words are valid too the
        # drop-down only suggests.
        formula = f"{column.lookup}!$A$2:$A${VALIDATED_ROWS}"
        return _list_validation(column, formula, strict=not column.also)
    if column.choices:
        return _list_validation(column, f'"{",".join(column.choices)}"', not column.open_choices)
    if column.kind in (Kind.INTEGER, Kind.NUMBER) and column.minimum is not None:
        validation = DataValidation(
            type="whole" if column.kind is Kind.INTEGER else "decimal",
            operator="greaterThanOrEqual",
            formula1=f"{column.minimum:g}",
            allow_blank=True,
            showErrorMessage=True,
            error=f"Expected {column.expected}.",
            errorTitle=f"Invalid {column.name}",
        )
        return validation
    return None


def _list_validation(column: Column, formula: str, strict: bool) -> DataValidation:
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=strict,
        error=f"Expected {column.expected}.",
        errorTitle=f"Invalid {column.name}",
    )


def _style_header(ws: Worksheet, row: int) -> None:
    for cell in ws[row]:
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT


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
