"""The Training sheet: who sits in which session, on which shift, and the seats left empty.

Seats beyond the named attendees are the optimizer's choice, so a planner needs the list
to tell people; sessions are shown with their days so an absence is easy to spot.
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Problem, Roster
from scheduler.io import styles
from scheduler.io.styles import ISO_DATE

SESSION_HEADERS = ("Session", "First day", "Last day", "Time", "Seats", "Attending", "Empty")
ATTENDANCE_HEADERS = ("Date", "Session", "Time", "Agent id", "Name", "Place", "Shift worked")


def write_training_sheet(sheet: Worksheet, problem: Problem, roster: Roster) -> None:
    """Sessions with their seats, then one line per attendee and session day."""
    dates = problem.period.dates
    styles.header_row(sheet, 1, 1, SESSION_HEADERS)
    attending = {
        session.name: sorted(
            session.attendees | {agent for agent, name in roster.training if name == session.name}
        )
        for session in problem.training
    }
    for row, session in enumerate(problem.training, start=2):
        people = attending[session.name]
        empty = max(session.seats - len(people), 0)
        values = (
            session.name,
            dates[session.first_day + session.day_offset],
            dates[session.last_day + session.day_offset],
            session.time_text,
            session.seats,
            len(people),
            empty,
        )
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row, column, value)
            cell.border = styles.GRID_BORDER
            if column in (2, 3):
                cell.number_format = ISO_DATE
        if empty:
            sheet.cell(row, len(values)).fill = styles.SURPLUS_FILL
    row = len(problem.training) + 3
    styles.header_row(sheet, row, 1, ATTENDANCE_HEADERS)
    for session in problem.training:
        fits = problem.session_shifts(session)
        for day in session.days:
            for agent_id in attending[session.name]:
                row += 1
                worked = roster.shifts_on(agent_id, day)
                agent = problem.agent_by_id[agent_id]
                values = (
                    dates[day + session.day_offset],
                    session.name,
                    session.time_text,
                    agent_id,
                    agent.name,
                    "named" if agent_id in session.attendees else "seat",
                    "+".join(worked) or "off",
                )
                for column, value in enumerate(values, start=1):
                    sheet.cell(row, column, value).border = styles.GRID_BORDER
                sheet.cell(row, 1).number_format = ISO_DATE
                if not fits & set(worked):
                    for column in range(1, len(values) + 1):
                        sheet.cell(row, column).fill = styles.SHORTFALL_FILL
    sheet.freeze_panes = "A2"
    styles.set_widths(sheet, [22, 12, 22, 12, 22, 10, 12])
