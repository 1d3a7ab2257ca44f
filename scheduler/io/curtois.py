"""The Employee Shift Scheduling Benchmark's text format (Curtois & Qu), in and out.

An instance maps onto the project's own domain, so the benchmark measures the model every
user gets: each employee has a contract of their own (total minutes, runs, weekends, maxima
per shift type), days off are leave that keeps the minimum minutes whole (the benchmark's
minimum is absolute), on/off requests are want/avoid requests, and cover rows
are coverage requirements with their own weights. Shift types have a length but no clock
time, so they start at midnight (they never overlap) and successions are forbidden outright.
The days before the horizon are unknown (``open_start``): runs touching the first day are
not judged, as the benchmark's rules say.

A roster file has one line per employee, in the instance's order, with a tab-separated cell
per day: the shift ID, or nothing for a day off. Reading it back (``parse_roster``) lets the
evaluator score exactly what was written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scheduler.domain import (
    Agent,
    Assignment,
    Contract,
    CoverageRequirement,
    Leave,
    Period,
    Problem,
    RequestKind,
    Roster,
    ShiftRequest,
    ShiftType,
    Weights,
)
from scheduler.io.errors import InputError, InputIssue

START = date(2024, 1, 1)  # any Monday: every instance starts on a Monday
SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)


@dataclass(frozen=True)
class _Line:
    number: int
    fields: list[str]


class _Reader:
    """Collects every problem in the file, like the workbook reader, before giving up."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.issues: list[InputIssue] = []

    def issue(self, line: _Line | None, value: object, expected: str) -> None:
        self.issues.append(
            InputIssue(self.path.name, None if line is None else line.number, None, value, expected)
        )

    def integer(self, line: _Line, text: str, what: str, low: int = 0) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if value < low:
            self.issue(line, text, f"{what} as a whole number of at least {low}")
            return low
        return value

    def sections(self) -> dict[str, list[_Line]]:
        found: dict[str, list[_Line]] = {}
        current: list[_Line] | None = None
        for number, raw in enumerate(self.path.read_text(encoding="utf-8").splitlines(), 1):
            text = raw.strip()
            if not text or text.startswith("#"):
                continue
            if text.startswith("SECTION_"):
                if text not in SECTIONS:
                    self.issue(_Line(number, [text]), text, f"one of {', '.join(SECTIONS)}")
                current = found.setdefault(text, [])
                continue
            if current is None:
                self.issue(_Line(number, [text]), text, "a SECTION_ line before any data")
                continue
            current.append(_Line(number, [field.strip() for field in text.split(",")]))
        return found


def read_instance(path: Path) -> Problem:
    """Raises ``InputError`` naming the line of every problem found."""
    reader = _Reader(path)
    try:
        sections = reader.sections()
    except (OSError, UnicodeDecodeError) as error:
        issue = InputIssue(path.name, None, None, None, f"a readable text file ({error})")
        raise InputError([issue]) from None
    for name in ("SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF"):
        if not sections.get(name):
            reader.issue(None, None, f"a {name} section with data")
    if reader.issues:
        raise InputError(reader.issues)
    horizon = sections["SECTION_HORIZON"][0]
    days = reader.integer(horizon, horizon.fields[0], "the horizon in days", 1)
    shifts = list(_shifts(reader, sections["SECTION_SHIFTS"]))
    codes = {s.code for s in shifts}
    contracts, agents = _staff(reader, sections["SECTION_STAFF"], codes)
    staff = {a.id for a in agents}
    within = _Checks(reader, days, codes, staff)
    leave = [
        Leave(line.fields[0], day, day, "day off", prorates_hours=False)
        for line in sections.get("SECTION_DAYS_OFF", [])
        if within.agent(line)
        for text in line.fields[1:]
        if text and (day := within.day(line, text)) is not None
    ]
    requests = []
    for section, kind in (
        ("SECTION_SHIFT_ON_REQUESTS", RequestKind.WANT),
        ("SECTION_SHIFT_OFF_REQUESTS", RequestKind.AVOID),
    ):
        for line in sections.get(section, []):
            if within.fields(line, 4) and within.agent(line):
                day, shift = within.day(line, line.fields[1]), within.shift(line, line.fields[2])
                weight = reader.integer(line, line.fields[3], "a weight")
                if day is not None and shift is not None:
                    requests.append(ShiftRequest(line.fields[0], day, shift, kind, weight))
    demand = []
    for line in sections.get("SECTION_COVER", []):
        if within.fields(line, 5):
            day, shift = within.day(line, line.fields[0]), within.shift(line, line.fields[1])
            required, under, over = (
                reader.integer(line, text, what)
                for text, what in zip(
                    line.fields[2:5],
                    ("a requirement", "an under weight", "an over weight"),
                    strict=True,
                )
            )
            if day is not None and shift is not None:
                demand.append(CoverageRequirement(day, shift, required, under, over))
    if reader.issues:
        raise InputError(reader.issues)
    return Problem(
        Period(START, days),
        tuple(shifts),
        tuple(contracts),
        tuple(agents),
        tuple(demand),
        tuple(leave),
        tuple(requests),
        # Cells the instance leaves out of the cover cost nothing either way.
        Weights(under_coverage=0, over_coverage=0),
        name=path.stem,
        open_start=True,
    )


def _shifts(reader: _Reader, lines: list[_Line]) -> Iterator[ShiftType]:
    codes = {line.fields[0] for line in lines}
    for line in lines:
        code, length = line.fields[0], reader.integer(line, line.fields[1], "a length", 1)
        if length > 24 * 60:
            reader.issue(line, length, "a shift length of at most 1440 minutes")
            continue
        following = (
            {text for text in line.fields[2].split("|") if text} if len(line.fields) > 2 else set()
        )
        for text in sorted(following - codes):
            reader.issue(line, text, f"a shift ID from SECTION_SHIFTS ({', '.join(sorted(codes))})")
        yield ShiftType(
            code, code, 0, length, length, "day", not_followed_by=frozenset(following & codes)
        )


def _staff(
    reader: _Reader, lines: list[_Line], codes: set[str]
) -> tuple[list[Contract], list[Agent]]:
    contracts, agents = [], []
    for line in lines:
        if len(line.fields) != 8:
            reader.issue(
                line,
                ",".join(line.fields),
                "8 fields: ID, MaxShifts, MaxTotalMinutes, "
                "MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts, "
                "MinConsecutiveDaysOff, MaxWeekends",
            )
            continue
        staff_id, maxima_text, *numbers = line.fields
        maxima = []
        for item in maxima_text.split("|"):
            code, _, count = item.partition("=")
            if code not in codes:
                reader.issue(line, item, f"shift=max with a shift ID ({', '.join(sorted(codes))})")
                continue
            maxima.append((code, reader.integer(line, count, f"the maximum of {code}")))
        most, least, longest, shortest, rest, weekends = (
            reader.integer(line, text, "a staff limit") for text in numbers
        )
        contracts.append(
            Contract(
                staff_id,
                f"Employee {staff_id}",
                min_minutes_period=least,
                max_minutes_period=max(most, least),
                max_consecutive_days=max(longest, 1),
                min_consecutive_days_off=max(rest, 1),
                max_weekends=weekends,
                min_consecutive_days=max(shortest, 1),
                max_shifts=tuple(maxima),
            )
        )
        allowed = frozenset(code for code, count in maxima if count > 0)
        agents.append(Agent(staff_id, f"Employee {staff_id}", staff_id, allowed))
    return contracts, agents


@dataclass
class _Checks:
    reader: _Reader
    days: int
    codes: set[str]
    staff: set[str]

    def fields(self, line: _Line, count: int) -> bool:
        if len(line.fields) < count:
            self.reader.issue(line, ",".join(line.fields), f"{count} comma-separated fields")
            return False
        return True

    def agent(self, line: _Line) -> bool:
        if line.fields[0] not in self.staff:
            self.reader.issue(line, line.fields[0], "an employee ID from SECTION_STAFF")
            return False
        return True

    def day(self, line: _Line, text: str) -> int | None:
        day = self.reader.integer(line, text, "a day index")
        if day >= self.days:
            self.reader.issue(line, text, f"a day index from 0 to {self.days - 1}")
            return None
        return day

    def shift(self, line: _Line, text: str) -> str | None:
        if text not in self.codes:
            self.reader.issue(line, text, "a shift ID from SECTION_SHIFTS")
            return None
        return text


def roster_text(problem: Problem, roster: Roster) -> str:
    lines = [
        "\t".join(roster.shift_of(agent.id, day) or "" for day in range(problem.period.days))
        for agent in problem.agents
    ]
    return "\n".join(lines) + "\n"


def parse_roster(problem: Problem, text: str, name: str) -> Roster:
    """A roster file's text as a ``Roster``; raises ``InputError`` on unknown shifts or shape."""
    issues = []
    rows = text.splitlines()
    if len(rows) != len(problem.agents):
        issues.append(
            InputIssue(
                name, None, None, len(rows), f"{len(problem.agents)} lines, one per employee"
            )
        )
    assignments = set()
    for number, (agent, row) in enumerate(zip(problem.agents, rows, strict=False), 1):
        cells = row.split("\t")
        if len(cells) != problem.period.days:
            issues.append(
                InputIssue(name, number, None, len(cells), f"{problem.period.days} cells")
            )
            continue
        for day, cell in enumerate(cells):
            if not cell.strip():
                continue
            if cell.strip() not in problem.shift_by_code:
                issues.append(InputIssue(name, number, None, cell, "a shift ID or nothing"))
                continue
            assignments.add(Assignment(agent.id, day, cell.strip()))
    if issues:
        raise InputError(issues)
    return Roster(frozenset(assignments))
