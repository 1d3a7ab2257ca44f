"""The problem a roster was solved from, stored inside the roster workbook, and read back.

A re-plan (``scheduler rerun``) needs nothing but the published workbook: its hidden sheets
hold the input tables (the same rows an input workbook has, so the ordinary reader and its
validation read them) and the roster as the tool wrote it, so cells a supervisor has since
edited by hand can be told apart from the tool's own.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from scheduler.domain import Problem, Roster
from scheduler.io.errors import InputError, InputIssue
from scheduler.io.input_reader import load_problem
from scheduler.io.input_tables import input_tables
from scheduler.io.schema import SHEETS

PREFIX = "_"
MARKER_SHEET = "_scheduler"
PUBLISHED_SHEET = "_Published"
# The queue each agent served, when demand is per queue: a re-plan prices coverage lost per
# queue against what was published.
PUBLISHED_QUEUES_SHEET = "_PublishedQueues"
# Who takes each training session's seats, one (agent, session) row each: a re-plan keeps them.
PUBLISHED_TRAINING_SHEET = "_PublishedTraining"
MARKER = "Roster written by scheduler; the hidden sheets let `scheduler rerun` re-plan it."
FORMAT_VERSION = 1
ROSTER_SHEET = "Roster"
AGENT_HEADER = "Agent id"


@dataclass(frozen=True)
class RosterCell:
    """What a supervisor sees in one Roster cell, with its address for messages."""

    agent_id: str
    day: int
    value: object
    reference: str


@dataclass(frozen=True)
class PublishedWorkbook:
    """A roster workbook read back: the problem, the roster as written, the cells as seen."""

    problem: Problem
    published: Roster
    cells: tuple[RosterCell, ...]


def write_hidden_problem(workbook: Workbook, problem: Problem, roster: Roster) -> None:
    """Add the hidden sheets (input tables, the roster as written, a marker)."""
    tables = input_tables(problem)
    for sheet in SHEETS:
        hidden = workbook.create_sheet(PREFIX + sheet.name)
        hidden.append([column.name for column in sheet.columns])
        for row in tables[sheet.name]:
            hidden.append(list(row))
        hidden.sheet_state = "hidden"
    _write_hidden_grid(workbook, PUBLISHED_SHEET, problem, roster.shift_of)
    if problem.queues:
        _write_hidden_grid(workbook, PUBLISHED_QUEUES_SHEET, problem, roster.queue_of)
    if problem.training:
        seats = workbook.create_sheet(PUBLISHED_TRAINING_SHEET)
        seats.append(["agent", "session"])
        for agent_id, session in sorted(roster.training):
            seats.append([agent_id, session])
        seats.sheet_state = "hidden"
    marker = workbook.create_sheet(MARKER_SHEET)
    marker.append([MARKER])
    marker.append(["format", FORMAT_VERSION])
    marker.sheet_state = "hidden"


def _write_hidden_grid(
    workbook: Workbook, name: str, problem: Problem, cell: Callable[[str, int], str | None]
) -> None:
    """A hidden agents-by-dates sheet holding ``cell(agent, day)``."""
    sheet = workbook.create_sheet(name)
    sheet.append(["agent", *(d.isoformat() for d in problem.period.dates)])
    for agent in problem.agents:
        sheet.append([agent.id, *(cell(agent.id, day) for day in range(problem.period.days))])
    sheet.sheet_state = "hidden"


def read_published(path: Path) -> PublishedWorkbook:
    """Raises ``InputError`` for a workbook not written by this tool or with damaged data.

    Read only, and only the sheets needed: loading the whole workbook with its styles and
    coverage sheets took 1.4 s of a re-plan of the skilled example (80 agents).
    """
    name = path.name
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise InputError([_issue(name, f"a readable .xlsx workbook ({error})")]) from error
    try:
        return _read(workbook, path)
    finally:
        workbook.close()


def _read(workbook: Workbook, path: Path) -> PublishedWorkbook:
    name = path.name
    if MARKER_SHEET not in workbook.sheetnames or PUBLISHED_SHEET not in workbook.sheetnames:
        raise InputError(
            [
                _issue(
                    name,
                    "a roster workbook written by `scheduler solve` or `scheduler rerun` "
                    "(its hidden sheets hold the problem to re-plan); this one has none",
                )
            ]
        )
    try:
        problem = load_problem(path, sheet_prefix=PREFIX)
    except InputError as error:
        damaged = [
            InputIssue(
                f"hidden sheet {PREFIX}{issue.sheet}",
                issue.row,
                issue.column,
                issue.value,
                issue.expected,
            )
            for issue in error.issues
        ]
        raise InputError(damaged) from error
    published = _published_roster(_grid(workbook, PUBLISHED_SHEET), problem)
    if PUBLISHED_QUEUES_SHEET in workbook.sheetnames:
        queues = _grid(workbook, PUBLISHED_QUEUES_SHEET)
        published = _with_queues(queues, problem, published)
    if PUBLISHED_TRAINING_SHEET in workbook.sheetnames:
        seats = _grid(workbook, PUBLISHED_TRAINING_SHEET)
        published = _with_training(seats, problem, published)
    if ROSTER_SHEET not in workbook.sheetnames:
        raise InputError([_issue(name, "a sheet named Roster")])
    cells = _visible_cells(_grid(workbook, ROSTER_SHEET), problem)
    return PublishedWorkbook(problem, published, cells)


Grid = list[tuple[object, ...]]


def _grid(workbook: Workbook, name: str) -> Grid:
    """A sheet's values, row by row, each row as long as its last cell. The size a sheet
    states is not trusted: a workbook re-saved elsewhere may state it wrong."""
    sheet = workbook[name]
    sheet.reset_dimensions()
    return list(sheet.iter_rows(values_only=True))


def _issue(where: str, expected: str) -> InputIssue:
    return InputIssue(where, None, None, None, expected)


def _published_roster(grid: Grid, problem: Problem) -> Roster:
    rows: dict[str, list[str | None]] = {}
    days = problem.period.days
    for number, values in enumerate(grid[1:], start=2):
        agent_id = values[0] if values else None
        codes = [None if v in (None, "") else str(v) for v in values[1 : days + 1]]
        codes += [None] * (days - len(codes))
        if agent_id not in problem.agent_by_id or any(
            c is not None and c not in problem.shift_by_code for c in codes
        ):
            raise InputError(
                [
                    InputIssue(
                        f"hidden sheet {PUBLISHED_SHEET}",
                        number,
                        None,
                        agent_id,
                        "the roster as written by the tool (this hidden data was damaged; "
                        "solve again instead of re-planning)",
                    )
                ]
            )
        rows[str(agent_id)] = codes
    return Roster.from_rows(rows)


def _with_queues(grid: Grid, problem: Problem, roster: Roster) -> Roster:
    """The published roster with the queues it served; a queue no longer among the agent's
    demand queues (skills edited since) is dropped, so it counts toward nothing."""
    served: dict[tuple[str, int], str] = {}
    for values in grid[1:]:
        agent = problem.agent_by_id.get(str(values[0])) if values else None
        if agent is None:
            continue
        queues = problem.serving_queues(agent)
        for day, queue in enumerate(values[1 : problem.period.days + 1]):
            if queue in queues:
                served[agent.id, day] = str(queue)
    return Roster(
        frozenset(replace(a, queue=served.get((a.agent_id, a.day))) for a in roster.assignments)
    )


def _with_training(grid: Grid, problem: Problem, roster: Roster) -> Roster:
    """The published roster with who attended which session; a session or agent no longer in
    the problem is dropped, as nobody can keep a seat there."""
    sessions = {session.name for session in problem.training}
    seats = frozenset(
        (str(values[0]), str(values[1]))
        for values in grid[1:]
        if len(values) >= 2 and values[0] in problem.agent_by_id and values[1] in sessions
    )
    return replace(roster, training=seats)


def _visible_cells(grid: Grid, problem: Problem) -> tuple[RosterCell, ...]:
    """Every agent's day cells in the Roster sheet, found by agent id and date headers, so a
    supervisor's inserted rows or columns do not shift what is read."""

    def value(row: int, column: int) -> object:
        values = grid[row - 1]
        return values[column - 1] if column <= len(values) else None

    header_row = next(
        (r for r in range(1, min(len(grid), 20) + 1) if value(r, 1) == AGENT_HEADER), None
    )
    if header_row is None:
        raise InputError([InputIssue(ROSTER_SHEET, None, "A", None, f"a header '{AGENT_HEADER}'")])
    columns: dict[int, int] = {}
    for column in range(1, len(grid[header_row - 1]) + 1):
        header = value(header_row, column)
        when = header.date() if isinstance(header, datetime) else header
        if isinstance(when, date):
            day = problem.period.index_of(when)
            if day is not None:
                columns.setdefault(day, column)
    missing = [d for d in range(problem.period.days) if d not in columns]
    if missing:
        raise InputError(
            [
                InputIssue(
                    ROSTER_SHEET,
                    header_row,
                    None,
                    None,
                    "a date header for every day of the period "
                    f"({problem.period.dates[missing[0]]} is missing)",
                )
            ]
        )
    rows: dict[str, int] = {}
    for row in range(header_row + 1, len(grid) + 1):
        agent_id = value(row, 1)
        if isinstance(agent_id, str) and agent_id in problem.agent_by_id:
            rows.setdefault(agent_id, row)
    absent = [a.id for a in problem.agents if a.id not in rows]
    if absent:
        raise InputError(
            [InputIssue(ROSTER_SHEET, None, "A", absent[0], "a row for every agent of the roster")]
        )
    return tuple(
        RosterCell(
            agent.id,
            day,
            value(rows[agent.id], column),
            f"{get_column_letter(column)}{rows[agent.id]}",
        )
        for agent in problem.agents
        for day, column in sorted(columns.items())
    )
