"""The Pattern sheet: the rotation the roster keeps to, as agents and supervisors read it.

A cyclic rotation is shown the classic way, one grid per contract: pattern weeks down,
weekdays across, and who starts on which week. Weekly blocks are shown per agent: each week's
category. Both come from the roster itself (each unit's best option, as the evaluator judges
it), with the breaks beside them, so the sheet can never disagree with the Violations sheet.
"""

from __future__ import annotations

import calendar

from openpyxl.cell import Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Problem, Roster, RotationMode
from scheduler.io import styles
from scheduler.rotation import (
    OFF_LABEL,
    RotationUnit,
    agent_cycle,
    pattern_starts,
    pattern_week,
    rotation_units,
)

NO_AGENT = "-"  # a pattern cell nobody works this period (too few agents, leave, edge weeks)


def write_pattern_sheet(sheet: Worksheet, problem: Problem, roster: Roster) -> None:
    units = rotation_units(problem)
    if problem.rotation.mode is RotationMode.CYCLIC:
        _write_cyclic(sheet, problem, roster, units)
    else:
        _write_blocks(sheet, problem, roster, units)
    styles.fit_to_page_width(sheet, landscape=True)


def _write_cyclic(
    sheet: Worksheet, problem: Problem, roster: Roster, units: tuple[RotationUnit, ...]
) -> None:
    starts = pattern_starts(problem)
    cells = {(u.contract_id, u.pattern_week, u.weekday): u.best(roster) for u in units}
    row = 1
    for contract in problem.contracts:
        members = [a for a in problem.agents if a.contract_id == contract.id]
        if not members:
            continue
        weeks = problem.pattern_weeks(contract.id)
        title = f"{contract.name} ({contract.id}): {weeks}-week pattern"
        sheet.cell(row, 1, title).font = styles.TITLE_FONT
        first_week = f"On it in the week of {problem.describe_day(0)}"
        headers = ["Pattern week", *calendar.day_abbr, first_week, "Breaks"]
        styles.header_row(sheet, row + 1, 1, headers)
        for week in range(weeks):
            line = row + 2 + week
            sheet.cell(line, 1, f"Week {week + 1}").border = styles.GRID_BORDER
            breaks = 0
            for weekday in range(7):
                cell = sheet.cell(line, 2 + weekday)
                found = cells.get((contract.id, week, weekday))
                if found is None:
                    _label(cell, NO_AGENT, problem)
                    continue
                option, count = found
                breaks += count
                _label(cell, option.label, problem)
            starting = [a.id for a in members if pattern_week(problem, a, starts[a.id], 0) == week]
            sheet.cell(line, 9, ", ".join(starting)).alignment = styles.WRAPPED
            sheet.cell(line, 10, breaks).border = styles.GRID_BORDER
            if breaks:
                styles.mark_short(sheet.cell(line, 10))
        row += weeks + 4
    anchor = problem.rotation.anchor or problem.period.start
    _note(
        sheet,
        row,
        f"Agents work their starting week in the week of {anchor:%a %Y-%m-%d}, then the "
        "next pattern week each week, back to week 1 after the last.",
    )
    styles.set_widths(sheet, [14, *([8] * 7), 40, 9])


def _write_blocks(
    sheet: Worksheet, problem: Problem, roster: Roster, units: tuple[RotationUnit, ...]
) -> None:
    weeks = problem.period.weeks
    sheet.cell(1, 1, "Weekly blocks").font = styles.TITLE_FONT
    week_labels = [f"Week of {problem.describe_day(week[0])}" for week in weeks]
    styles.header_row(sheet, 2, 1, ["Agent id", "Name", *week_labels, "Breaks"])
    by_agent = {u.agent_id: u for u in units}
    for line, agent in enumerate(problem.agents, start=3):
        sheet.cell(line, 1, agent.id).border = styles.GRID_BORDER
        sheet.cell(line, 2, agent.name).border = styles.GRID_BORDER
        unit = by_agent.get(agent.id)
        if unit is None:
            sheet.cell(line, 3, "does not rotate (allowed fewer than two cycle categories)")
            continue
        option, breaks = unit.best(roster)
        cycle = agent_cycle(problem, agent)
        first = cycle.index(option.label)
        for index in range(len(weeks)):
            category = cycle[(first + index) % len(cycle)]
            _category_cell(sheet.cell(line, 3 + index), category)
        total = sheet.cell(line, 3 + len(weeks), breaks)
        total.border = styles.GRID_BORDER
        if breaks:
            styles.mark_short(total)
    sheet.freeze_panes = "C3"
    _note(
        sheet,
        len(problem.agents) + 4,
        "Shifts of categories outside rotation_categories are free in any week.",
    )
    styles.set_widths(sheet, [10, 22, *([16] * len(weeks)), 9])


def _label(cell: Cell, label: str, problem: Problem) -> None:
    cell.value = label
    cell.alignment = styles.CENTRED
    cell.border = styles.GRID_BORDER
    shift = problem.shift_by_code.get(label)
    if shift is not None:
        cell.fill = styles.shift_fill(shift)
        cell.font = styles.shift_font(shift)
    elif label == OFF_LABEL:
        cell.font = styles.LEAVE_FONT


def _category_cell(cell: Cell, category: str) -> None:
    colour = styles.CATEGORY_COLOURS.get(category, styles.OTHER_CATEGORY_COLOUR)
    cell.value = category
    cell.fill = styles.solid(colour)
    text = styles.LIGHT_TEXT if styles.is_dark(colour) else styles.DARK_TEXT
    cell.font = Font(bold=True, color=text)
    cell.alignment = styles.CENTRED
    cell.border = styles.GRID_BORDER


def _note(sheet: Worksheet, row: int, text: str) -> None:
    sheet.cell(row, 1, text).font = styles.NOTE_FONT
