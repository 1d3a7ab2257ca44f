"""Re-plan a published roster after changes, changing as little of it as possible.

The published workbook carries its problem (see ``io.replan_store``). Changes come from a
changes workbook (rows in the input format, merged into the stored tables) and from the Roster
sheet itself: a leave word typed into a cell is an absence, any other edited cell is a
supervisor's deliberate lock. Days before the re-plan starts are locked as published, so
rules that span that boundary (rest after the last frozen shift, runs of days that began
before it) are judged on the real sequence; the ``changes`` rule family prices every other
difference from the published roster.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time
from pathlib import Path

from openpyxl.utils.cell import coordinate_from_string

from scheduler.domain import FROZEN, NOT_STARTED, Leave, Lock, Problem, Roster
from scheduler.evaluate.rules.leave import away
from scheduler.io.errors import InputError, InputIssue
from scheduler.io.input_reader import problem_from_tables
from scheduler.io.replan_store import PREFIX, ROSTER_SHEET, PublishedWorkbook, RosterCell
from scheduler.io.schema import OFF, SHEETS
from scheduler.io.tables import RawTable, SourcedRow, normalise_header, read_tables

LEAVE_WORDS = ("leave", "sick", "training", "day off", "departed")
_SEVERAL = re.compile(r"[+,;/&\s]")
EDITED = "edited by hand"
PERIOD_SETTINGS = ("start_date", "days", "weekend_days", "timezone")
# Rows that replace a stored row with the same key; other sheets' rows are added.
_MERGE_KEYS = {
    "Settings": ("setting",),
    "Demand": ("date", "shift"),
    "Forecast": ("date", "interval_start", "queue"),
}


@dataclass(frozen=True)
class CellChange:
    agent_id: str
    day: int
    old: str | None
    new: str | None
    reason: str


@dataclass(frozen=True)
class SeatChange:
    """A training seat an agent took or gave up since publication (``day``: the session's
    own first date, the one the Training sheet shows)."""

    agent_id: str
    session: str
    day: int
    taken: bool


@dataclass(frozen=True)
class Replan:
    """What to solve: the changed problem with locks and the published roster to stay near.

    ``first_day`` is ``None`` when nothing changed (the published roster stands as it is).
    ``released`` lists hand edits given up because they broke a rule (with ``--release``).
    """

    problem: Problem
    published: Roster
    first_day: int | None
    released: tuple[str, ...]
    absences: frozenset[tuple[str, int]]

    def reason(self, agent_id: str, day: int) -> str:
        lock = self.problem.lock_by_cell.get((agent_id, day))
        if (agent_id, day) in self.absences or day in self.problem.leave_days(agent_id):
            kind = self.problem.leave_days(agent_id).get(day, "absence")
            return f"absent ({kind})"
        if lock is not None:
            return lock.reason
        return "re-planned to restore coverage"

    def changes(self, roster: Roster) -> list[CellChange]:
        """Every cell of an agent who was published that now differs, with its reason."""
        found = []
        for agent in self.problem.agents:
            if agent.id in self.problem.unpublished_agents:
                continue
            for day in range(self.problem.period.days):
                old = self.published.shift_of(agent.id, day)
                new = roster.shift_of(agent.id, day)
                if old != new:
                    found.append(CellChange(agent.id, day, old, new, self.reason(agent.id, day)))
        return found

    def new_agent_shifts(self, roster: Roster) -> tuple[tuple[str, tuple[CellChange, ...]], ...]:
        """Each agent new since publication with the shifts they work: their whole roster is
        news to them, though no published cell changed."""
        days = range(self.problem.period.days)
        return tuple(
            (
                agent.id,
                tuple(
                    CellChange(agent.id, day, None, shift, "new agent")
                    for day in days
                    if (shift := roster.shift_of(agent.id, day)) is not None
                ),
            )
            for agent in self.problem.agents
            if agent.id in self.problem.unpublished_agents
        )

    def seat_changes(self, roster: Roster) -> list[SeatChange]:
        """Every published agent whose free seat in a session differs, so they can be told
        (named attendees are the supervisor's own choice, told by them)."""
        # The session's own first date, which for one in the small hours is the day after
        # its night shift's.
        first_day = {
            session.name: session.first_day + session.day_offset
            for session in self.problem.training
        }
        named = self.problem.named_attendance
        return [
            SeatChange(agent_id, session, first_day[session], taken=key in roster.training)
            for key in sorted((self.published.training ^ roster.training) - named)
            if (agent_id := key[0]) not in self.problem.unpublished_agents
            and (session := key[1]) in first_day
        ]


@dataclass(frozen=True)
class ReplanReport:
    """What the output workbook says about a re-plan."""

    replan: Replan
    changes: tuple[CellChange, ...]
    scratch_changes: int | None
    seats: tuple[SeatChange, ...] = ()
    new_agents: tuple[tuple[str, tuple[CellChange, ...]], ...] = ()  # (agent, their shifts)

    @property
    def beyond_absences(self) -> int:
        """Changed cells other than the absent agents' own days."""
        return sum(1 for c in self.changes if not c.reason.startswith("absent"))


def merged_problem(stored: Path, changes: Path | None) -> Problem:
    """The stored problem with a changes workbook's rows merged in, validated as one.

    The period itself cannot change in a re-plan: the published cells are read by date.
    """
    tables = read_tables(stored, PREFIX)
    if changes is not None:
        extra_tables = read_tables(changes)
        settings = extra_tables.get("Settings")
        for number, cells in settings.rows if settings is not None else ():
            name = normalise_header(cells.get("setting"))
            if name in PERIOD_SETTINGS:
                raise InputError(
                    [
                        InputIssue(
                            f"{changes.name}: Settings",
                            number,
                            "setting",
                            name,
                            "a setting other than the period's "
                            f"({', '.join(PERIOD_SETTINGS)}): a re-plan keeps the published "
                            "period; solve the new period instead",
                        )
                    ]
                )
        for name, extra in extra_tables.items():
            extra.rows = [(SourcedRow(n, changes.name), cells) for n, cells in extra.rows]
            tables[name] = _merge(tables.get(name), extra)
    return problem_from_tables(tables, stored.stem)


def _merge(base: RawTable | None, extra: RawTable) -> RawTable:
    if base is None or base.columns is None or extra.columns is None:
        return extra
    sheet = next(s for s in SHEETS if s.name == extra.sheet)
    key = _MERGE_KEYS.get(sheet.name) or ((sheet.key,) if sheet.key else None)
    rows = list(base.rows)
    if key is not None:
        replaced = {_key(cells, key) for _, cells in extra.rows}
        rows = [(n, cells) for n, cells in rows if _key(cells, key) not in replaced]
    columns = base.columns + [c for c in extra.columns if c not in base.columns]
    return RawTable(base.sheet, columns, rows + list(extra.rows), base.issues + extra.issues)


def _key(cells: dict[str, object], columns: tuple[str, ...]) -> tuple[object, ...]:
    """A row's key as comparable values: a CSV's text '2026-12-07' equals a workbook's date."""

    def plain(value: object) -> object:
        if isinstance(value, datetime):
            return value.date() if value.time() == datetime.min.time() else value
        if not isinstance(value, str):
            return value
        text = value.strip()
        for parse in (date.fromisoformat, time.fromisoformat):
            try:
                return parse(text)
            except ValueError:
                pass
        return normalise_header(text)

    return tuple(plain(cells.get(column)) for column in columns)


def plan(
    stored: PublishedWorkbook,
    problem: Problem,
    start: date | None = None,
    release: bool = False,
) -> Replan:
    """Read the Roster sheet's edits against ``problem`` (the changed problem) and lock what
    must not move. Raises ``InputError`` naming every cell that cannot be taken as it is."""
    published = stored.published
    issues: list[InputIssue] = []
    released: list[str] = []
    leave = list(problem.leave)
    absences: set[tuple[str, int]] = set()
    locks: dict[tuple[str, int], Lock] = {}
    words = {w for w in LEAVE_WORDS} | {item.kind.lower() for item in problem.leave}
    for cell in stored.cells:
        if cell.agent_id not in problem.agent_by_id:
            continue  # the agent left: the changes file removed them
        value = _cell_text(cell)
        was = published.shift_of(cell.agent_id, cell.day)
        shown = stored.problem.leave_days(cell.agent_id).get(cell.day)
        if value is not None and shown is not None and value.lower() == shown.lower():
            continue  # the leave as published ("not started" before a start date too)
        if value is not None and value.lower() in words:
            if cell.day not in problem.leave_days(cell.agent_id):
                leave.append(Leave(cell.agent_id, cell.day, cell.day, value.lower()))
                absences.add((cell.agent_id, cell.day))
            continue
        code = None if value is None or value.upper() == OFF else _shift_code(problem, value)
        if code == was or (code is None and cell.day in problem.leave_days(cell.agent_id)):
            continue
        problem_text = _edit_problem(problem, cell, code)
        if problem_text is None:
            locks[cell.agent_id, cell.day] = Lock(cell.agent_id, cell.day, code, EDITED)
        elif release and code is not None and code in problem.shift_by_code:
            released.append(f"{ROSTER_SHEET}!{cell.reference} ({code}): {problem_text}; released")
        else:
            column, row = coordinate_from_string(cell.reference)
            issues.append(InputIssue(ROSTER_SHEET, row, column, cell.value, problem_text))
    if issues:
        raise InputError(issues)
    changed = replace(problem, leave=_paid_as_published(leave, published, problem))
    first = _first_changed_day(stored.problem, changed, locks)
    if start is not None:
        first = changed.period.index_of(start)
        if first is None:
            raise InputError(
                [
                    InputIssue(
                        "command line",
                        None,
                        "--from",
                        start.isoformat(),
                        f"a date inside the period {changed.period.start} to {changed.period.end}",
                    )
                ]
            )
    unpublished = frozenset(a.id for a in changed.agents) - {a.id for a in stored.problem.agents}
    frozen_until = changed.period.days if first is None else first
    for agent in changed.agents:
        if agent.id in unpublished:
            continue
        for day in range(frozen_until):
            key = (agent.id, day)
            if key in locks:
                continue
            shift = published.shift_of(agent.id, day)
            if shift is not None and day in changed.leave_days(agent.id):
                continue  # an absence before the re-plan start is a fact: the shift goes
            locks[key] = Lock(agent.id, day, shift, FROZEN)
    problem_with_locks = replace(
        changed,
        locks=tuple(locks.values()),
        published=published,
        published_demand=stored.problem.demand + stored.problem.interval_demand,
        replan_from=0 if first is None else first,
        unpublished_agents=unpublished,
    )
    return Replan(problem_with_locks, published, first, tuple(released), frozenset(absences))


def _paid_as_published(
    leave: list[Leave], published: Roster, problem: Problem
) -> tuple[Leave, ...]:
    """Leave as given, except that each paid day on which the published roster had the
    agent on a shift is paid that shift's minutes (``Leave.paid_minutes``), unless the row
    says otherwise.

    The agent was due to work those hours, so the rest of their roster still meets the
    contract's minimum: a contract's daily share would leave a sick agent owing the
    difference, and the re-plan would add shifts on their other days to make it up. The
    credit is stored with the leave, so the next re-plan, whose published roster has the
    day off, still counts it.
    """
    kept: list[Leave] = []
    for item in leave:
        if not item.prorates_hours or item.paid_minutes is not None:
            kept.append(item)
            continue
        run_start = item.first_day
        for day in item.days:
            code = published.shift_of(item.agent_id, day)
            shift = None if code is None else problem.shift_by_code.get(code)
            if shift is None:
                continue
            if run_start < day:
                kept.append(replace(item, first_day=run_start, last_day=day - 1))
            kept.append(replace(item, first_day=day, last_day=day, paid_minutes=shift.paid_minutes))
            run_start = day + 1
        if run_start <= item.last_day:
            kept.append(replace(item, first_day=run_start))
    return tuple(kept)


def _shift_code(problem: Problem, text: str) -> str:
    """``text`` as the shift code it names in any case ("e" for E), where only one does."""
    if text in problem.shift_by_code:
        return text
    matches = [code for code in problem.shift_by_code if code.casefold() == text.casefold()]
    return matches[0] if len(matches) == 1 else text


def _cell_text(cell: RosterCell) -> str | None:
    value = cell.value
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _edit_problem(problem: Problem, cell: RosterCell, code: str | None) -> str | None:
    """Why a hand-edited cell cannot stand as typed, or ``None`` if it can."""
    if code is None:
        return None
    codes = sorted(problem.shift_by_code)
    if code not in problem.shift_by_code:
        if _SEVERAL.search(code) and all(
            part in problem.shift_by_code for part in _SEVERAL.split(code) if part
        ):
            return "one shift per cell (an agent works at most one shift a day)"
        return (
            f"a shift code ({', '.join(codes)}), a leave word ({', '.join(LEAVE_WORDS)}), "
            f"{OFF} or blank"
        )
    agent = problem.agent_by_id[cell.agent_id]
    kind = problem.leave_days(cell.agent_id).get(cell.day)
    if kind == NOT_STARTED:
        return f"no work: {cell.agent_id} starts on {agent.start_date}"
    if kind is not None:
        return f"no work: {cell.agent_id} {away(kind)}"
    if code not in agent.allowed_shifts:
        return f"a shift {cell.agent_id} may work ({', '.join(sorted(agent.allowed_shifts))})"
    return None


def _first_changed_day(
    old: Problem, new: Problem, locks: dict[tuple[str, int], Lock]
) -> int | None:
    """The earliest day the changed problem differs from the stored one, or a cell was
    edited; ``None`` when nothing changed at all.

    A new agent counts from their first day without leave, a holiday from its date; a change
    to rules that hold over the whole period (contracts, shift types, weights) from day 0.
    """
    days: list[int] = [day for _, day in locks]
    old_agents = {a.id: a for a in old.agents}
    for agent in new.agents:
        if agent.id not in old_agents:
            leave = new.leave_days(agent.id)
            days.append(next((d for d in range(new.period.days) if d not in leave), 0))
            continue
        if old_agents[agent.id] != agent:
            days.append(0)
            continue
        before, after = old.leave_days(agent.id), new.leave_days(agent.id)
        days += list(set(before) ^ set(after))
    if set(old_agents) - {a.id for a in new.agents}:
        days.append(0)
    days += [r.day for r in set(old.requests) ^ set(new.requests)]
    demand = old.queue_requirements.keys() | new.queue_requirements.keys()
    days += [
        key[0]
        for key in demand
        if old.queue_requirements.get(key) != new.queue_requirements.get(key)
    ]
    days += [i.day for i in set(old.interval_demand) ^ set(new.interval_demand)]
    calendar = set(old.period.holidays + old.period.working_days)
    changed = calendar ^ set(new.period.holidays + new.period.working_days)
    days += [new.period.index_of(h.date) or 0 for h in changed]
    days += [session.first_day for session in set(old.training) ^ set(new.training)]
    if _whole_period(old) != _whole_period(new):
        days.append(0)
    return min(days) if days else None


# Compared day by day above, or the re-plan's own state, not input.
_BY_DAY = {"agents", "leave", "requests", "demand", "interval_demand", "period", "training"}
_REPLAN_STATE = {"name", "locks", "published", "published_demand", "replan_from"}


def _whole_period(problem: Problem) -> dict[str, object]:
    """Everything else in the problem (contracts, shift types, weights, tier rules, the
    rotation, fairness, the forecast's settings, ...): a change there counts from day 0.
    Listed by exclusion, so a setting added later is never silently ignored."""
    found = {
        item.name: getattr(problem, item.name)
        for item in fields(problem)
        if item.name not in _BY_DAY | _REPLAN_STATE | {"unpublished_agents"}
    }
    if problem.forecast is not None:
        found["forecast"] = replace(problem.forecast, entries=(), events=())
    return found
