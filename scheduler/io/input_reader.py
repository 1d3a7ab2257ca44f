"""Read an input workbook (or CSV folder) into a ``Problem``, reporting every problem at once."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, time, timedelta
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scheduler.calendars import public_calendar
from scheduler.domain import (
    HOLIDAY,
    MAX_PROFICIENCY,
    MINUTES_PER_DAY,
    WEEKEND,
    Agent,
    ChangeWeights,
    Contract,
    CoverageRequirement,
    DemandMode,
    Event,
    Fairness,
    Forecast,
    ForecastEntry,
    HistoryCount,
    Holiday,
    Leave,
    Period,
    Problem,
    Queue,
    RequestKind,
    Rotation,
    RotationMode,
    ShiftRequest,
    ShiftType,
    Strength,
    Tier,
    TierRules,
    TrainingSession,
    Weights,
)
from scheduler.io.cells import CellError, FaultyCell, is_blank, parse_cell
from scheduler.io.errors import InputError, InputIssue
from scheduler.io.schema import (
    AGENTS,
    CATEGORIES,
    CONTRACTS,
    DEMAND,
    EVENTS,
    FORECAST,
    HISTORY,
    HOLIDAYS,
    INTERVALS,
    LEAVE,
    MAX_DAYS,
    OFF,
    QUEUES,
    REQUESTS,
    SETTINGS,
    SETTINGS_SHEET,
    SHEETS,
    SHIFTS,
    TIERS,
    TRAINING,
    WEEKDAYS,
    WORKING_DAY,
    Column,
    Sheet,
)
from scheduler.io.tables import RawTable, SourcedRow, normalise_header, read_tables
from scheduler.staffing.requirements import apply_forecast

Row = dict[str, object]
_COLOUR = re.compile(r"#?[0-9A-Fa-f]{6}")
_CODE_SEPARATORS = re.compile(r"[,;]")

# Sat, Satur or Saturday (three letters or more of the name, any case), and Weds; "Sat Sun"
# (no comma) is none of them.
_WEEKDAY_NAMES = {
    full.lower()[:length]: index
    for index, full in enumerate(calendar.day_name)
    for length in range(len(WEEKDAYS[index]), len(full) + 1)
} | {"weds": 2}


def load_problem(
    source: Path | str, holidays_country: str | None = None, sheet_prefix: str = ""
) -> Problem:
    """Read and validate the input. Raises ``InputError`` listing every problem found.

    ``holidays_country`` (the ``--holidays`` option) overrides the Settings value of the same
    name: that country's public holidays and make-up working days join the Holidays sheet.
    ``sheet_prefix`` reads sheets stored under prefixed names (a roster's hidden copy).
    """
    source = Path(source)
    return problem_from_tables(read_tables(source, sheet_prefix), source.stem, holidays_country)


def problem_from_tables(
    tables: dict[str, RawTable], default_name: str, holidays_country: str | None = None
) -> Problem:
    """Validate raw tables (from a file, or merged from several) into a ``Problem``."""
    reader = _Reader(tables, holidays_country)
    problem = reader.problem(default_name)
    if reader.issues:
        raise InputError(reader.issues)
    assert problem is not None
    return problem


class _Reader:
    def __init__(self, tables: dict[str, RawTable], holidays_country: str | None) -> None:
        self.tables = tables
        self.holidays_country = holidays_country
        self.issues: list[InputIssue] = [i for table in tables.values() for i in table.issues]
        # The Settings row each setting was given on, for issues found after parsing it.
        self.setting_rows: dict[str, int] = {}
        # Ids of every keyed row, valid or not, so that one bad row is reported once rather
        # than again at every reference to it.
        self.ids: dict[str, set[str]] = {sheet.name: set() for sheet in SHEETS if sheet.key}
        # Where each unique value was first seen, for the message on a repeat.
        self._first_rows: dict[tuple[str, str, object], int] = {}
        for sheet in SHEETS:
            if sheet.required and sheet.name not in tables:
                self.issue(sheet.name, None, None, None, f"a sheet named {sheet.name}")

    def _has_columns(self, sheet: Sheet, columns: list[str]) -> bool:
        missing = [c.name for c in sheet.columns if c.required and c.name not in columns]
        for name in missing:
            self.issue(sheet.name, 1, name, None, f"a column headed '{name}'")
        return not missing

    def _none_in(self, sheet: Sheet) -> bool:
        """Whether ``sheet`` has no row at all (valid or not). Every later sheet refers to
        its ids, so reading on would bury this one cause under a message per reference:
        only the later sheets' missing columns, causes of their own, are reported too."""
        if self.ids[sheet.name]:
            return False
        table = self.tables.get(sheet.name)
        if table is not None and table.columns is not None and not table.rows:
            # Missing, misnamed, unreadable or without its key column: reported already.
            self.issue(sheet.name, None, None, None, "at least one row below the header row")
        for later in SHEETS[SHEETS.index(sheet) + 1 :]:
            table = self.tables.get(later.name)
            if table is not None and table.columns is not None:
                self._has_columns(later, table.columns)
        return True

    def issue(
        self, sheet: str, row: int | None, column: str | None, value: object, expected: str
    ) -> None:
        where = f"{row.source}: {sheet}" if isinstance(row, SourcedRow) else sheet
        self.issues.append(InputIssue(where, row, column, value, expected))

    def problem(self, default_name: str) -> Problem | None:
        settings = self.settings()
        period = self.period(settings)
        shifts = self.shifts()
        codes = self.ids[SHIFTS.name]
        if self._none_in(SHIFTS):
            return None
        contracts = self.contracts(set(codes))
        if self._none_in(CONTRACTS):
            return None
        rotation = self.rotation(settings, {s.category for s in shifts})
        monday = period is not None and period.start.weekday() == 0
        agents = self.agents(self.ids[CONTRACTS.name], codes, rotation, monday)
        if self._none_in(AGENTS):
            return None
        if period is None:
            # Without a period the dates cannot be placed, but every cell can still be checked.
            for sheet in (DEMAND, LEAVE, REQUESTS):
                for _ in self.rows(sheet):
                    pass
            return None
        ids = self.ids[AGENTS.name]
        mode = DemandMode(str(settings["demand_mode"]))
        demand = self.demand(period, codes, mode)
        forecast = self.forecast(settings, period, mode)
        leave = self.leave(period, ids)
        requests = self.requests(period, ids, codes, int(settings["request_weight"]))
        fairness = self.fairness(settings, {s.category for s in shifts})
        tier_rules = self.tier_rules(settings)
        training = self.training(period, shifts, agents)
        history = self.history(ids, fairness)
        if self.issues:
            return None
        weights = Weights(
            int(settings["under_coverage_weight"]),
            int(settings["over_coverage_weight"]),
            int(settings["split_weekend_weight"]),
            int(settings["queue_fit_weight"]),
            int(settings["empty_seat_weight"]),
        )
        try:
            problem = apply_forecast(
                Problem(
                    period,
                    tuple(shifts),
                    tuple(contracts),
                    tuple(agents),
                    tuple(demand),
                    tuple(leave),
                    tuple(requests),
                    weights,
                    str(settings["name"] or default_name),
                    forecast=forecast,
                    change_weights=ChangeWeights(
                        *(int(settings[f"change_{name}"]) for name in CHANGE_SETTINGS)
                    ),
                    fairness=fairness,
                    history=tuple(history),
                    rotation=rotation,
                    tiers=tier_rules,
                    training=tuple(training),
                )
            )
        except ValueError as error:
            self.issue("workbook", None, None, None, f"a consistent problem ({error})")
            return None
        skilled = {skill for agent in problem.agents for skill in agent.skills}
        for queue in problem.queues:
            if queue not in skilled:
                self.issue(
                    AGENTS.name,
                    None,
                    "skills",
                    queue,
                    f"at least one agent with skill {queue} (demand is counted per queue, and "
                    f"only agents with a queue's skill serve it); skills listed: "
                    f"{', '.join(sorted(skilled)) or 'none'}",
                )
        return None if self.issues else problem

    # --- generic row handling -------------------------------------------------------------

    def rows(self, sheet: Sheet) -> Iterator[tuple[int, Row]]:
        """Typed rows whose required cells are all valid; every bad cell becomes an issue."""
        table = self.tables.get(sheet.name)
        if table is None or table.columns is None:
            return
        if not self._has_columns(sheet, table.columns):
            return
        for number, cells in table.rows:
            row: Row = {}
            complete = True
            for column in sheet.columns:
                value = cells.get(column.name)
                if is_blank(value):
                    if column.required:
                        self.issue(sheet.name, number, column.name, None, "a value (required)")
                        complete = False
                    continue
                try:
                    row[column.name] = parse_cell(column, value)
                except CellError as error:
                    self.issue(sheet.name, number, column.name, value, _expected(column, error))
                    complete = complete and not column.required
            if sheet.key is not None and sheet.key in row:
                key = str(row[sheet.key])
                if not self.unique(sheet, sheet.key, self.ids[sheet.name], number, key):
                    continue
            if complete:
                yield number, row

    def unique(
        self, sheet: Sheet, column: str, seen: set[object], number: int, key: object
    ) -> bool:
        where = (sheet.name, column, key)
        if key in seen:
            first = self._first_rows[where]
            # A re-plan's changes are read after the stored sheet: their rows restart at 2.
            earlier = f"row {first} above" if first < number else "an earlier row"
            self.issue(sheet.name, number, column, key, f"a value not used in {earlier}")
            return False
        seen.add(key)
        self._first_rows[where] = number
        return True

    def in_period(
        self, sheet: Sheet, column: str, number: int, when: date, period: Period
    ) -> int | None:
        day = period.index_of(when)
        if day is None:
            self.issue(
                sheet.name,
                number,
                column,
                when.isoformat(),
                f"a date inside the period {period.start} to {period.end}",
            )
        return day

    def clipped_span(
        self, sheet: Sheet, number: int, first: date, last: date, period: Period
    ) -> tuple[int, int] | None:
        """A date range's days inside the period, or ``None`` if it misses the period (a
        vacation or promotion may span two rosters) or runs backwards (reported)."""
        if last < first:
            self.issue(
                sheet.name,
                number,
                "last_date",
                last.isoformat(),
                f"a date on or after first_date ({first.isoformat()})",
            )
            return None
        if last < period.start or first > period.end:
            return None
        return (
            period.index_of(max(first, period.start)) or 0,
            period.index_of(min(last, period.end)) or 0,
        )

    # --- sheets ------------------------------------------------------------------------------

    def settings(self) -> dict[str, object]:
        """Name/value rows; values are read raw so a date or number keeps its Excel type."""
        known = {s.name: s for s in SETTINGS}
        values: dict[str, object] = dict.fromkeys(known)
        given: dict[str, tuple[int, object]] = {}
        table = self.tables.get(SETTINGS_SHEET.name)
        if table is not None and table.columns is not None:
            for name in ("setting", "value"):
                if name not in table.columns:
                    self.issue("Settings", 1, name, None, f"a column headed '{name}'")
            for number, cells in table.rows:
                raw_name = cells.get("setting")
                if isinstance(raw_name, FaultyCell):
                    self.issue("Settings", number, "setting", raw_name, raw_name.expected)
                    continue
                name = normalise_header(raw_name)
                if name not in known:
                    self.issue(
                        "Settings",
                        number,
                        "setting",
                        cells.get("setting"),
                        "one of " + ", ".join(known),
                    )
                elif name in given:
                    self.issue("Settings", number, "setting", name, "each setting once")
                else:
                    given[name] = (number, cells.get("value"))
        for name, setting in known.items():
            number, raw = given.get(name, (None, None))
            if number is not None:
                self.setting_rows[name] = number
            if is_blank(raw):
                raw = setting.default  # defaults go through the same parser as typed values
            if is_blank(raw):
                if setting.required:
                    self.issue("Settings", number, "value", None, f"a value for {name}")
                continue
            column = setting.as_column()
            try:
                values[name] = parse_cell(column, raw)
            except CellError as error:
                self.issue(
                    "Settings", number, "value", raw, f"{name} as {_expected(column, error)}"
                )
                # The default (if any) lets the other sheets be checked; the issue stands.
                if setting.default is not None:
                    values[name] = parse_cell(column, setting.default)
        return values

    def setting_issue(self, name: str, value: object, expected: str) -> None:
        """An issue with a setting's value found after parsing it, at the row it was given on."""
        row = self.setting_rows.get(name)
        self.issue("Settings", row, "value" if row else None, value, f"{name} as {expected}")

    def period(self, settings: dict[str, object]) -> Period | None:
        start, days = settings["start_date"], int(settings["days"])
        if not isinstance(start, date):
            return None
        if start > date.max - timedelta(days=days - 1):
            self.setting_issue(
                "start_date", start.isoformat(), f"a date whose {days} days end by {date.max}"
            )
            return None
        weekend = set()
        for word in settings["weekend_days"] or ():
            index = _WEEKDAY_NAMES.get(str(word).strip().lower())
            if index is None:
                self.setting_issue(
                    "weekend_days", word, "weekday names like Sat, Sun, separated by commas"
                )
            else:
                weekend.add(index)
        timezone = settings["timezone"]
        if timezone is not None:
            try:
                ZoneInfo(str(timezone))
            except (ZoneInfoNotFoundError, ValueError):
                self.setting_issue("timezone", timezone, "an IANA time zone like Europe/Berlin")
                timezone = None
        period = Period(
            start,
            days,
            (),
            frozenset(weekend),
            str(timezone) if timezone else None,
        )
        holidays: list[Holiday] = []
        working: list[Holiday] = []
        seen: set[object] = set()
        for number, row in self.rows(HOLIDAYS):
            when = row["date"]
            assert isinstance(when, date)
            if self.in_period(HOLIDAYS, "date", number, when, period) is not None and (
                self.unique(HOLIDAYS, "date", seen, number, when)
            ):
                listed = working if row.get("kind") == WORKING_DAY else holidays
                listed.append(Holiday(when, str(row.get("name", "Public holiday"))))
        country = self.holidays_country or settings["holidays_country"]
        if country:
            try:
                found, makeup = public_calendar(str(country), period.start, period.end)
            except ValueError:
                expected = "a country code the holidays package knows, e.g. CN, GB-ENG, US-CA"
                if self.holidays_country:
                    self.issue("command line", None, "--holidays", country, expected)
                else:
                    self.setting_issue("holidays_country", country, expected)
                found, makeup = [], []
            # Rows typed in the Holidays sheet win over the calendar for the same date.
            holidays += [h for h in found if h.date not in seen]
            working += [h for h in makeup if h.date not in seen]
        return Period(
            period.start,
            period.days,
            tuple(sorted(holidays, key=lambda h: h.date)),
            period.weekend_days,
            period.timezone,
            tuple(sorted(working, key=lambda h: h.date)),
        )

    def shifts(self) -> list[ShiftType]:
        shifts = []
        rows_of: dict[str, int] = {}
        for number, row in self.rows(SHIFTS):
            code = str(row["code"])
            if code.upper() == OFF:
                self.issue("Shifts", number, "code", code, f"a code other than {OFF}")
                continue
            if _CODE_SEPARATORS.search(code):
                # allowed_shifts lists codes separated by these, so such a code is unreachable.
                self.issue("Shifts", number, "code", code, "a code without commas or semicolons")
                continue
            start, end = row["start"], row["end"]
            assert isinstance(start, time) and isinstance(end, time)
            begin = start.hour * 60 + start.minute
            duration = (end.hour * 60 + end.minute - begin) % MINUTES_PER_DAY or MINUTES_PER_DAY
            unpaid = int(row.get("break_minutes", 0))
            if unpaid >= duration:
                self.issue(
                    "Shifts",
                    number,
                    "break_minutes",
                    unpaid,
                    f"less than the shift's length of {duration} minutes",
                )
                continue
            colour = row.get("colour")
            if colour is not None and not _COLOUR.fullmatch(str(colour)):
                self.issue("Shifts", number, "colour", colour, "a hex colour like FFE699")
                colour = None
            shifts.append(
                ShiftType(
                    code,
                    str(row.get("name", code)),
                    begin,
                    duration,
                    duration - unpaid,
                    str(row["category"]).lower(),
                    str(colour).lstrip("#").upper() if colour else None,
                    frozenset(str(c) for c in row.get("not_followed_by", ())),
                )
            )
            rows_of[code] = number
        # Successions may name shifts further down the sheet, so they are checked at the end.
        codes = {shift.code for shift in shifts}
        for index, shift in enumerate(shifts):
            unknown = sorted(shift.not_followed_by - codes)
            if unknown:
                self.issue(
                    "Shifts",
                    rows_of[shift.code],
                    "not_followed_by",
                    ", ".join(unknown),
                    _one_of("shift codes from Shifts", codes),
                )
                shifts[index] = replace(shift, not_followed_by=shift.not_followed_by & codes)
        return shifts

    def contracts(self, codes: set[str]) -> list[Contract]:
        contracts = []
        for number, row in self.rows(CONTRACTS):
            minutes = {
                k: round(float(v) * 60)
                for k, v in row.items()
                if k.endswith("_hours_week") or k.endswith("_hours_period") or k == "min_rest_hours"
            }
            valid = True
            for span in ("week", "period"):
                low, high = minutes.get(f"min_hours_{span}"), minutes.get(f"max_hours_{span}")
                if low is not None and high is not None and low > high:
                    self.issue(
                        "Contracts",
                        number,
                        f"min_hours_{span}",
                        low / 60,
                        f"at most max_hours_{span} ({high / 60:g})",
                    )
                    valid = False
            if not valid:
                continue
            contracts.append(
                Contract(
                    id=str(row["id"]),
                    name=str(row.get("name", row["id"])),
                    min_minutes_week=minutes.get("min_hours_week", 0),
                    max_minutes_week=minutes.get("max_hours_week"),
                    min_minutes_period=minutes.get("min_hours_period", 0),
                    max_minutes_period=minutes.get("max_hours_period"),
                    max_consecutive_days=row.get("max_consecutive_days"),
                    min_consecutive_days_off=row.get("min_consecutive_days_off", 1),
                    max_weekends=row.get("max_weekends"),
                    min_rest_minutes=minutes.get("min_rest_hours", 0),
                    max_late_week=row.get("max_late_week"),
                    max_night_week=row.get("max_night_week"),
                    max_category_changes_week=row.get("max_category_changes_week"),
                    min_consecutive_days=row.get("min_consecutive_days", 1),
                    days_off_after_nights=row.get("days_off_after_nights", 0),
                    max_shifts=self.shift_maxima(number, row.get("max_shifts", ()), codes),
                )
            )
        return contracts

    def shift_maxima(
        self, number: int, items: tuple[str, ...], codes: set[str]
    ) -> tuple[tuple[str, int], ...]:
        maxima = []
        for item in items:
            code, _, count = str(item).partition("=")
            code, count = code.strip(), count.strip()
            if code not in codes:
                self.issue(
                    "Contracts",
                    number,
                    "max_shifts",
                    item,
                    _one_of("code=count with a shift code", codes),
                )
            elif not count.isdigit() or int(count) > MAX_DAYS:
                self.issue(
                    "Contracts",
                    number,
                    "max_shifts",
                    item,
                    f"code=count with a count from 0 to {MAX_DAYS}",
                )
            else:
                maxima.append((code, int(count)))
        return tuple(maxima)

    def agents(
        self, contracts: set[str], codes: set[str], rotation: Rotation, monday: bool
    ) -> list[Agent]:
        """The Agents sheet; ``monday`` when the period starts on one, so that none of its
        first week's hours come before it."""
        agents = []
        rows_of: dict[str, int] = {}
        for number, row in self.rows(AGENTS):
            agent_id = str(row["id"])
            valid = True
            if row["contract"] not in contracts:
                self.issue(
                    "Agents",
                    number,
                    "contract",
                    row["contract"],
                    _one_of("a contract id from Contracts", contracts),
                )
                valid = False
            allowed = row.get("allowed_shifts") or tuple(sorted(codes))
            for code in allowed:
                if code not in codes:
                    self.issue(
                        "Agents",
                        number,
                        "allowed_shifts",
                        code,
                        _one_of("shift codes from Shifts", codes),
                    )
                    valid = False
            skills, proficiency = self.skills(number, row.get("skills", ()))
            first = row.get("start_date")
            valid = valid and skills is not None
            last = row.get("last_shift_before")
            if last is not None and last not in codes:
                self.issue(
                    "Agents",
                    number,
                    "last_shift_before",
                    last,
                    _one_of("a shift code from Shifts", codes),
                )
                valid = False
            for column in ("hours_worked_before", "lates_worked_before", "nights_worked_before"):
                before = row.get(column)
                if before and monday:
                    self.issue(
                        "Agents",
                        number,
                        column,
                        before,
                        "0 or empty: the period starts on a Monday, so none of its first "
                        "week comes before it",
                    )
                    valid = False
            start = row.get("rotation_start")
            cyclic = rotation.mode is RotationMode.CYCLIC
            if cyclic and start is not None and rotation.weeks and int(start) > rotation.weeks:
                self.issue(
                    "Agents",
                    number,
                    "rotation_start",
                    start,
                    f"a pattern week from 1 to rotation_weeks ({rotation.weeks})",
                )
                valid = False
            if valid:
                agents.append(
                    Agent(
                        id=agent_id,
                        name=str(row.get("name", agent_id)),
                        contract_id=str(row["contract"]),
                        allowed_shifts=frozenset(allowed),
                        team=str(row.get("team", "")),
                        skills=frozenset(skills or ()),
                        proficiency=proficiency,
                        start_date=first if isinstance(first, date) else None,
                        tier=Tier(row.get("tier", Tier.JUNIOR.value)),
                        worked_days_before=int(row.get("worked_days_before", 0)),
                        last_shift_before=str(last) if last is not None else None,
                        minutes_before=round(float(row.get("hours_worked_before", 0)) * 60),
                        lates_before=int(row.get("lates_worked_before", 0)),
                        nights_before=int(row.get("nights_worked_before", 0)),
                        rotation_start=int(start) if start is not None else None,
                    )
                )
                rows_of[agent_id] = number
        if rotation.mode is RotationMode.CYCLIC and rotation.weeks is None:
            # One pattern week per agent: a start cannot lie beyond the contract's head count.
            size = Counter(agent.contract_id for agent in agents)
            for agent in agents:
                if (
                    agent.rotation_start is not None
                    and agent.rotation_start > size[agent.contract_id]
                ):
                    self.issue(
                        "Agents",
                        rows_of[agent.id],
                        "rotation_start",
                        agent.rotation_start,
                        f"a pattern week from 1 to {size[agent.contract_id]} (one week per agent "
                        f"of contract {agent.contract_id}, as rotation_weeks is blank)",
                    )
        return agents

    def skills(
        self, number: int, texts: object
    ) -> tuple[list[str] | None, tuple[tuple[str, int], ...]]:
        """Skills as ``queue`` or ``queue:level`` (proficiency 1-5); ``None`` if any is bad."""
        skills, proficiency = [], []
        for text in texts if isinstance(texts, (list, tuple)) else ():
            name, _, level = str(text).partition(":")
            name, level = name.strip(), level.strip()
            if not name or (level and level not in {str(n) for n in range(1, 6)}):
                self.issue(
                    "Agents",
                    number,
                    "skills",
                    text,
                    "a skill, optionally with a proficiency from 1 (learning) to "
                    f"{MAX_PROFICIENCY} (expert) like phones:3",
                )
                return None, ()
            skills.append(name)
            if level and int(level) < MAX_PROFICIENCY:
                proficiency.append((name, int(level)))
        return skills, tuple(proficiency)

    def demand(
        self, period: Period, codes: set[str], mode: DemandMode
    ) -> list[CoverageRequirement]:
        if mode is DemandMode.SHIFTS and DEMAND.name not in self.tables:
            self.issue(DEMAND.name, None, None, None, "a sheet named Demand (demand_mode shifts)")
        demand = []
        seen: set[object] = set()
        rows = list(self.rows(DEMAND))
        # Queues on every row or on none: the rows against the majority (on a tie, against
        # the first row) are the mistakes: one mistyped queue on a sheet without queues is
        # one row to fix, not all the others.
        with_queue = sum(1 for _, row in rows if row.get("queue") is not None)
        first_queued = bool(rows) and rows[0][1].get("queue") is not None
        queued = with_queue * 2 > len(rows) or (with_queue * 2 == len(rows) and first_queued)
        for number, row in rows:
            if mode is not DemandMode.SHIFTS:
                self.issue(
                    DEMAND.name,
                    number,
                    "date",
                    row["date"],
                    f"no rows while demand_mode is {mode} (requirements then come from the "
                    "Forecast sheet): clear the sheet or set demand_mode to shifts",
                )
                break
            when, code = row["date"], str(row["shift"])
            assert isinstance(when, date)
            day = self.in_period(DEMAND, "date", number, when, period)
            if code not in codes:
                self.issue("Demand", number, "shift", code, _one_of("a shift code", codes))
                continue
            queue = row.get("queue")
            if queued != (queue is not None):
                self.issue(
                    DEMAND.name,
                    number,
                    "queue",
                    queue,
                    "a queue on every row or on none (an agent counts toward one queue at a "
                    f"time, or toward the shift as a whole); {with_queue} of {len(rows)} rows "
                    "name one",
                )
                continue
            key = (when, code) if queue is None else (when, code, queue)
            if day is None or not self.unique(DEMAND, "date", seen, number, key):
                continue
            demand.append(
                CoverageRequirement(
                    day,
                    code,
                    int(row["required"]),
                    row.get("under_weight"),
                    row.get("over_weight"),
                    queue=None if queue is None else str(queue),
                )
            )
        return demand

    def leave(self, period: Period, agents: set[str]) -> list[Leave]:
        """Leave rows, clipped to the period: a vacation may well span two rosters."""
        leave = []
        for number, row in self.rows(LEAVE):
            first, last = row["first_date"], row.get("last_date", row["first_date"])
            assert isinstance(first, date) and isinstance(last, date)
            if row["agent"] not in agents:
                self.issue("Leave", number, "agent", row["agent"], "an agent id from Agents")
                continue
            span = self.clipped_span(LEAVE, number, first, last, period)
            if span is None:
                continue
            kind, prorates = str(row.get("kind", "leave")), row.get("prorate_hours") != "no"
            hours = row.get("paid_hours")
            if hours is not None and not prorates:
                self.issue(
                    "Leave",
                    number,
                    "paid_hours",
                    hours,
                    "blank where prorate_hours is no (unpaid days credit no hours)",
                )
                continue
            paid = None if hours is None else round(float(hours) * 60)
            leave.append(Leave(str(row["agent"]), *span, kind, prorates, paid))
        return leave

    def requests(
        self, period: Period, agents: set[str], codes: set[str], default_weight: int
    ) -> list[ShiftRequest]:
        requests = []
        seen: set[object] = set()
        for number, row in self.rows(REQUESTS):
            when, code = row["date"], str(row["shift"])
            assert isinstance(when, date)
            day = self.in_period(REQUESTS, "date", number, when, period)
            valid = day is not None
            if row["agent"] not in agents:
                self.issue("Requests", number, "agent", row["agent"], "an agent id from Agents")
                valid = False
            if code.upper() != OFF and code not in codes:
                self.issue(
                    "Requests", number, "shift", code, _one_of(f"{OFF} or a shift code", codes)
                )
                valid = False
            key = (row["agent"], when, code.upper() if code.upper() == OFF else code)
            if valid and self.unique(REQUESTS, "date", seen, number, key):
                requests.append(
                    ShiftRequest(
                        str(row["agent"]),
                        day,
                        None if code.upper() == OFF else code,
                        RequestKind(row["want"]),
                        int(row.get("weight", default_weight)),
                    )
                )
        return requests

    # --- fairness and rotation ---------------------------------------------------------------

    def category_words(
        self, settings: dict[str, object], name: str, known: set[str], expected: str
    ) -> list[str]:
        """A setting's list of categories, lower-cased; a word not ``known`` is an issue."""
        chosen = []
        for word in settings[name] or ():
            category = str(word).lower()
            if category in known:
                chosen.append(category)
            else:
                self.setting_issue(name, word, _one_of(expected, known))
        return chosen

    def fairness(self, settings: dict[str, object], categories: set[str]) -> Fairness:
        # The standard words are fine even where no shift has them (no night shifts: no
        # night duty to share); other words must be a category from Shifts, to catch typos.
        known = categories | {WEEKEND, HOLIDAY} | set(CATEGORIES)
        chosen = self.category_words(
            settings, "fair_categories", known, "shift categories, weekend or holiday"
        )
        tolerance = settings["fairness_tolerance"]
        return Fairness(
            tuple(chosen),
            int(settings["fairness_weight"]),
            settings["fairness_by_team"] == "yes",
            None if tolerance is None else float(str(tolerance)),
        )

    def rotation(self, settings: dict[str, object], categories: set[str]) -> Rotation:
        known = categories | set(CATEGORIES)
        cycle = self.category_words(
            settings, "rotation_categories", known, "shift categories from Shifts"
        )
        mode = RotationMode(str(settings["rotation"]))
        if mode is RotationMode.WEEKLY_BLOCKS and len(set(cycle) & categories) < 2:
            self.setting_issue(
                "rotation_categories",
                ", ".join(cycle),
                "at least two different categories that shifts in Shifts have (weekly_blocks)",
            )
        return Rotation(
            mode,
            tuple(dict.fromkeys(cycle)),
            None if settings["rotation_weeks"] is None else int(settings["rotation_weeks"]),
            settings["rotation_hard"] == "yes",
            int(settings["rotation_weight"]),
            settings["rotation_anchor"] if isinstance(settings["rotation_anchor"], date) else None,
        )

    def training(
        self, period: Period, shifts: list[ShiftType], agents: list[Agent]
    ) -> list[TrainingSession]:
        """Training sessions: inside the period, inside some shift, seats for the attendees."""
        found = []
        seen: set[object] = set()
        ids = {a.id for a in agents}
        skills = {skill for a in agents for skill in a.skills}
        for number, row in self.rows(TRAINING):
            name = str(row["session"])
            first, last = row["first_date"], row.get("last_date", row["first_date"])
            start, end = row["start"], row["end"]
            assert isinstance(first, date) and isinstance(last, date)
            assert isinstance(start, time) and isinstance(end, time)
            first_day = self.in_period(TRAINING, "first_date", number, first, period)
            last_day = self.in_period(TRAINING, "last_date", number, last, period)
            begin, finish = start.hour * 60 + start.minute, end.hour * 60 + end.minute
            attendees = [str(a) for a in row.get("attendees", ())]
            seats = int(row.get("seats", len(attendees)))
            skill = row.get("skill")
            checks = [
                (first_day is not None and last_day is not None and last_day < first_day)
                and ("last_date", last, "a date on or after first_date"),
                finish == begin and ("end", f"{end:%H:%M}", "a time other than the start"),
                seats < len(attendees)
                and ("seats", seats, f"at least the {len(attendees)} attendees named"),
                (skill is not None and skill not in skills)
                and ("skill", skill, _one_of("a skill some agent has", skills)),
                *(
                    ("attendees", agent, "agent ids from Agents")
                    for agent in attendees
                    if agent not in ids
                ),
            ]
            problems = [c for c in checks if c]
            for column, value, expected in problems:
                self.issue(TRAINING.name, number, column, value, expected)
            if problems or first_day is None or last_day is None:
                continue
            if finish < begin:
                finish += MINUTES_PER_DAY  # an end before the start is the next morning
            # The shift it sits in starts that day, or (for a night shift) the day before.
            offset = next(
                (
                    days
                    for days in (0, 1)
                    if any(
                        s.start_minute <= begin + days * MINUTES_PER_DAY
                        and finish + days * MINUTES_PER_DAY <= s.start_minute + s.duration_minutes
                        for s in shifts
                    )
                ),
                None,
            )
            if offset == 1 and first_day == 0:
                self.issue(
                    TRAINING.name,
                    number,
                    "first_date",
                    first.isoformat(),
                    "a date after the period's first day (the session sits in a night shift "
                    "begun the day before, which the period does not hold)",
                )
                continue
            if offset is None:
                self.issue(
                    TRAINING.name,
                    number,
                    "start",
                    f"{start:%H:%M}",
                    "a session time inside some shift ("
                    + ", ".join(f"{s.code} {s.start_text}-{s.end_text}" for s in shifts)
                    + ")",
                )
                continue
            if self.unique(TRAINING, "session", seen, number, name):
                found.append(
                    TrainingSession(
                        name,
                        first_day - offset,
                        last_day - offset,
                        begin + offset * MINUTES_PER_DAY,
                        finish - begin,
                        frozenset(attendees),
                        seats,
                        None if skill is None else str(skill),
                    )
                )
        return found

    def history(self, agents: set[str], fairness: Fairness) -> list[HistoryCount]:
        found = []
        seen: set[object] = set()
        for number, row in self.rows(HISTORY):
            agent, category = str(row["agent"]), str(row["category"]).lower()
            valid = True
            if agent not in agents:
                self.issue(HISTORY.name, number, "agent", agent, "an agent id from Agents")
                valid = False
            if category not in fairness.categories:
                self.issue(
                    HISTORY.name,
                    number,
                    "category",
                    row["category"],
                    _one_of("a duty from fair_categories", set(fairness.categories)),
                )
                valid = False
            if valid and self.unique(HISTORY, "category", seen, number, (agent, category)):
                found.append(HistoryCount(agent, category, int(row["count"])))
        return found

    # --- forecast -----------------------------------------------------------------------------

    def forecast(
        self, settings: dict[str, object], period: Period, mode: DemandMode
    ) -> Forecast | None:
        """The Queues, Forecast, Events and Tiers sheets, checked whatever the demand mode."""
        step = int(settings["interval_minutes"])
        if step not in INTERVALS:
            self.setting_issue(
                "interval_minutes", step, "15, 30 or 60 (an interval that divides the day)"
            )
            step = 30
        queues = self.queues()
        names = {q.name for q in queues}
        entries = self.forecast_entries(period, queues[0].name, names, step, mode)
        events = self.events(period, names)
        tiers = self.tiers()
        if mode is not DemandMode.SHIFTS and not entries:
            self.issue(FORECAST.name, None, None, None, f"forecast rows (demand_mode is {mode})")
        if mode is DemandMode.SHIFTS and not entries:
            return None
        return Forecast(
            mode,
            tuple(queues),
            tuple(entries),
            tuple(events),
            step,
            float(settings["holiday_demand_multiplier"]),
            int(settings["calls_per_agent_shift"]),
            tuple(tiers),
            by_queue=settings["coverage_by_queue"] == "yes",
        )

    def queues(self) -> list[Queue]:
        queues = []
        for _, row in self.rows(QUEUES):
            breaks, training, absence = (
                float(row.get(f"{part}_percent", 0)) / 100 for part in SHRINKAGE_PARTS
            )
            queues.append(
                Queue(
                    str(row["queue"]),
                    handle_seconds=float(row.get("handle_minutes", 6)) * 60,
                    service_target=float(row.get("service_level_percent", 80)) / 100,
                    answer_seconds=float(row.get("answer_seconds", 20)),
                    max_occupancy=float(row.get("max_occupancy_percent", 100)) / 100,
                    breaks=breaks,
                    training=training,
                    absence=absence,
                )
            )
        return queues or [Queue(DEFAULT_QUEUE)]

    def forecast_entries(
        self, period: Period, first: str, queues: set[str], step: int, mode: DemandMode
    ) -> list[ForecastEntry]:
        entries = []
        seen: set[object] = set()
        for number, row in self.rows(FORECAST):
            when = row["date"]
            assert isinstance(when, date)
            day = self.in_period(FORECAST, "date", number, when, period)
            queue = str(row.get("queue", first))
            valid = day is not None
            if queue not in queues:
                self.issue(
                    FORECAST.name, number, "queue", queue, _one_of("a queue from Queues", queues)
                )
                valid = False
            start = row.get("interval_start")
            minute = None
            if isinstance(start, time):
                minute = start.hour * 60 + start.minute
                if minute % step or start.second:
                    self.issue(
                        FORECAST.name,
                        number,
                        "interval_start",
                        start.strftime("%H:%M"),
                        f"a start on the {step}-minute grid (interval_minutes), e.g. "
                        f"{_clock(minute - minute % step)}",
                    )
                    valid = False
            elif mode is DemandMode.INTRADAY:
                self.issue(
                    FORECAST.name,
                    number,
                    "interval_start",
                    None,
                    "an interval start (demand_mode intraday needs calls per interval)",
                )
                valid = False
            key = (when, minute, queue)
            if valid and self.unique(FORECAST, "date", seen, number, key):
                assert day is not None
                entries.append(ForecastEntry(day, queue, float(row["calls"]), minute))
        return entries

    def events(self, period: Period, queues: set[str]) -> list[Event]:
        """Events, clipped to the period: a promotion may run across two rosters."""
        events = []
        for number, row in self.rows(EVENTS):
            first, last = row["first_date"], row["last_date"]
            assert isinstance(first, date) and isinstance(last, date)
            queue = row.get("queue")
            if queue is not None and queue not in queues:
                self.issue(
                    EVENTS.name, number, "queue", queue, _one_of("a queue from Queues", queues)
                )
                continue
            span = self.clipped_span(EVENTS, number, first, last, period)
            if span is not None:
                events.append(
                    Event(
                        str(row["name"]),
                        *span,
                        float(row.get("multiplier", 2.0)),
                        str(queue) if queue is not None else None,
                    )
                )
        return events

    def tiers(self) -> list[tuple[Tier, int]]:
        """Calls per shift of the tiers that give one (daily forecast mode)."""
        return [
            (Tier(row["tier"]), int(row["calls_per_shift"]))
            for row in self.tier_rows
            if "calls_per_shift" in row
        ]

    @cached_property
    def tier_rows(self) -> list[Row]:
        """The Tiers sheet, read once: its columns feed both the forecast and the tier rules."""
        return [row for _, row in self.rows(TIERS)]

    def tier_rules(self, settings: dict[str, object]) -> TierRules:
        """Supervision and junior ratio from Settings, time off the phones from Tiers."""
        off_phone = [
            (Tier(row["tier"]), int(row["off_phone_percent"]))
            for row in self.tier_rows
            if "off_phone_percent" in row
        ]
        return TierRules(
            Strength(str(settings["supervision"])),
            int(settings["supervision_weight"]),
            Strength(str(settings["junior_ratio"])),
            int(settings["max_juniors_per_senior"]),
            int(settings["junior_ratio_weight"]),
            tuple(off_phone),
            Strength(str(settings["onboarding"])),
            int(settings["onboarding_weeks"]),
            int(settings["onboarding_weight"]),
            int(settings["trainee_percent"]),
        )


DEFAULT_QUEUE = "calls"
CHANGE_SETTINGS = ("move_weight", "drop_weight", "add_weight", "urgent_days", "urgent_extra")
SHRINKAGE_PARTS = ("breaks", "training", "absence")


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _expected(column: Column, error: CellError) -> str:
    return error.expected or column.expected


def _one_of(what: str, allowed: set[str]) -> str:
    listed = sorted(allowed)
    shown = ", ".join(listed[:12]) + (" ..." if len(listed) > 12 else "")
    return f"{what} ({shown})" if listed else what
