"""A re-plan's own output: changed cells marked in the Roster, a Changes sheet listing each
change and who must be told what, and the re-plan's figures in the Summary."""

from __future__ import annotations

from openpyxl.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Problem
from scheduler.io import styles
from scheduler.rerun import CellChange, ReplanReport

_ORANGE = Side(style="medium", color="C55A11")
CHANGED_BORDER = Border(left=_ORANGE, right=_ORANGE, top=_ORANGE, bottom=_ORANGE)
CHANGE_HEADERS = ("Agent id", "Name", "Date", "Weekday", "Was", "Now", "Reason")
TELL_HEADERS = ("Agent id", "Name", "Changes", "What to tell them")


def mark_changed_cell(cell: Cell, change: CellChange) -> None:
    """An orange frame, bold text and a note saying what the cell was."""
    cell.border = CHANGED_BORDER
    cell.font = Font(bold=True, color=cell.font.color, italic=cell.font.italic)
    cell.comment = Comment(f"was {change.old or 'off'}: {change.reason}", "scheduler")


def write_changes_sheet(sheet: Worksheet, problem: Problem, report: ReplanReport) -> None:
    styles.header_row(sheet, 1, 1, CHANGE_HEADERS)
    dates = problem.period.dates
    for row, change in enumerate(report.changes, start=2):
        agent = problem.agent_by_id[change.agent_id]
        when = dates[change.day]
        values = (
            agent.id,
            agent.name,
            when,
            f"{when:%a}",
            change.old or "off",
            change.new or "off",
            change.reason,
        )
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row, column, value)
            cell.border = styles.GRID_BORDER
        sheet.cell(row, 3).number_format = "yyyy-mm-dd"
    for row, seat in enumerate(report.seats, start=len(report.changes) + 2):
        agent = problem.agent_by_id[seat.agent_id]
        when = dates[seat.day]
        place = f"seat in {seat.session}"
        values = (
            agent.id,
            agent.name,
            when,
            f"{when:%a}",
            "no seat" if seat.taken else place,
            place if seat.taken else "no seat",
            "training seat re-assigned",
        )
        for column, value in enumerate(values, start=1):
            sheet.cell(row, column, value).border = styles.GRID_BORDER
        sheet.cell(row, 3).number_format = "yyyy-mm-dd"
    if not report.changes and not report.seats:
        stands = "new agents aside, " if report.new_agents else ""
        sheet.cell(2, 1, f"No cell changed: {stands}the published roster stands.")
    if report.replan.released:
        # Below the changes: the edits a supervisor typed that the re-plan did not keep.
        row = max(len(report.changes) + len(report.seats), 1) + 3
        sheet.cell(row, 1, "Hand edits given up (--release)").font = styles.HEADER_FONT
        for offset, line in enumerate(report.replan.released, start=1):
            sheet.cell(row + offset, 1, line)
    first = len(CHANGE_HEADERS) + 2
    styles.header_row(sheet, 1, first, TELL_HEADERS)
    by_agent: dict[str, list[str]] = {}
    for change in report.changes:
        by_agent.setdefault(change.agent_id, []).append(
            f"{dates[change.day]:%a %d %b}: {change.old or 'off'} -> {change.new or 'off'}"
        )
    for seat in report.seats:
        by_agent.setdefault(seat.agent_id, []).append(
            f"{'now attends' if seat.taken else 'no longer attends'} {seat.session} from "
            f"{dates[seat.day]:%a %d %b}"
        )
    for agent_id, shifts in report.new_agents:
        by_agent[agent_id] = [
            f"{dates[shift.day]:%a %d %b}: {shift.new} (new on the roster)" for shift in shifts
        ]
    for row, (agent_id, told) in enumerate(by_agent.items(), start=2):
        agent = problem.agent_by_id[agent_id]
        values = (agent.id, agent.name, len(told), "; ".join(told))
        for column, value in enumerate(values, start=first):
            sheet.cell(row, column, value).border = styles.GRID_BORDER
    sheet.freeze_panes = "A2"
    styles.set_widths(sheet, [10, 22, 12, 9, 7, 7, 30, 3, 10, 22, 9, 80])


def add_replan_summary(sheet: Worksheet, problem: Problem, report: ReplanReport) -> None:
    """The re-plan's figures below the Summary's own sections."""
    row = sheet.max_row + 2
    sheet.cell(row, 1, "Re-plan").font = styles.HEADER_FONT
    first = report.replan.first_day
    items = [
        ("Re-planned from", "nothing changed" if first is None else problem.period.dates[first]),
        ("Changed cells", len(report.changes)),
        ("Training seats taken or given up", len(report.seats)),
        ("Changed beyond absent agents' own days", report.beyond_absences),
        (
            "A from-scratch solve would change",
            "not run" if report.scratch_changes is None else report.scratch_changes,
        ),
        ("Hand edits released (--release)", len(report.replan.released)),
    ]
    for offset, (label, value) in enumerate(items, start=1):
        sheet.cell(row + offset, 1, label)
        cell = sheet.cell(row + offset, 2, value)
        if label == "Re-planned from" and first is not None:
            cell.number_format = "yyyy-mm-dd"
