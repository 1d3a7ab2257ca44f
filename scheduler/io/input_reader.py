"""Read an input workbook (or CSV folder) into a ``Problem``, reporting every problem at once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scheduler.domain import (
    MINUTES_PER_DAY,
    Agent,
    Contract,
    CoverageRequirement,
    Holiday,
    Leave,
    Period,
    Problem,
    RequestKind,
    ShiftRequest,
    ShiftType,
    Tier,
    Weights,
)
from scheduler.io.cells import CellError, FaultyCell, is_blank, parse_cell
from scheduler.io.errors import InputError, InputIssue
from scheduler.io.schema import (
    AGENTS,
    CONTRACTS,
    DEMAND,
    HOLIDAYS,
    LEAVE,
    OFF,
    REQUESTS,
    SETTINGS,
    SETTINGS_SHEET,
    SHEETS,
    SHIFTS,
    WEEKDAYS,
    Column,
    Sheet,
)
from scheduler.io.tables import RawTable, normalise_header, read_tables

Row = dict[str, object]
_COLOUR = re.compile(r"#?[0-9A-Fa-f]{6}")
_CODE_SEPARATORS = re.compile(r"[,;]")


def load_problem(source: Path | str) -> Problem:
    """Read and validate the input. Raises ``InputError`` listing every problem found."""
    source = Path(source)
    reader = _Reader(read_tables(source))
    problem = reader.problem(source.stem)
    if reader.issues:
        raise InputError(reader.issues)
    assert problem is not None
    return problem


class _Reader:
    def __init__(self, tables: dict[str, RawTable]) -> None:
        self.tables = tables
        self.issues: list[InputIssue] = [i for table in tables.values() for i in table.issues]
        # The Settings row each setting was given on, for issues found after parsing it.
        self.setting_rows: dict[str, int] = {}
        # Ids of every keyed row, valid or not, so that one bad row is reported once rather
        # than again at every reference to it.
        self.ids: dict[str, set[str]] = {sheet.name: set() for sheet in SHEETS if sheet.key}
        for sheet in SHEETS:
            if sheet.required and sheet.name not in tables:
                self.issue(sheet.name, None, None, None, f"a sheet named {sheet.name}")

    def issue(
        self, sheet: str, row: int | None, column: str | None, value: object, expected: str
    ) -> None:
        self.issues.append(InputIssue(sheet, row, column, value, expected))

    def problem(self, default_name: str) -> Problem | None:
        settings = self.settings()
        period = self.period(settings)
        shifts = self.shifts()
        codes = self.ids[SHIFTS.name]
        contracts = self.contracts()
        agents = self.agents(self.ids[CONTRACTS.name], codes)
        if period is None:
            # Without a period the dates cannot be placed, but every cell can still be checked.
            for sheet in (DEMAND, LEAVE, REQUESTS):
                for _ in self.rows(sheet):
                    pass
            return None
        ids = self.ids[AGENTS.name]
        demand = self.demand(period, codes)
        leave = self.leave(period, ids)
        requests = self.requests(period, ids, codes, int(settings["request_weight"]))
        if self.issues:
            return None
        weights = Weights(
            int(settings["under_coverage_weight"]),
            int(settings["over_coverage_weight"]),
        )
        try:
            return Problem(
                period,
                tuple(shifts),
                tuple(contracts),
                tuple(agents),
                tuple(demand),
                tuple(leave),
                tuple(requests),
                weights,
                str(settings["name"] or default_name),
            )
        except ValueError as error:
            self.issue("workbook", None, None, None, f"a consistent problem ({error})")
            return None

    # --- generic row handling -------------------------------------------------------------

    def rows(self, sheet: Sheet) -> Iterator[tuple[int, Row]]:
        """Typed rows whose required cells are all valid; every bad cell becomes an issue."""
        table = self.tables.get(sheet.name)
        if table is None or table.columns is None:
            return
        missing = [c.name for c in sheet.columns if c.required and c.name not in table.columns]
        for name in missing:
            self.issue(sheet.name, 1, name, None, f"a column headed '{name}'")
        if missing:
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
        if key in seen:
            self.issue(sheet.name, number, column, key, "a value not used in an earlier row")
            return False
        seen.add(key)
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
            key = str(word)[:3].title()
            if key in WEEKDAYS:
                weekend.add(WEEKDAYS.index(key))
            else:
                self.setting_issue("weekend_days", word, "weekday names like Sat, Sun")
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
        holidays = []
        seen: set[object] = set()
        for number, row in self.rows(HOLIDAYS):
            when = row["date"]
            assert isinstance(when, date)
            if self.in_period(HOLIDAYS, "date", number, when, period) is not None and (
                self.unique(HOLIDAYS, "date", seen, number, when)
            ):
                holidays.append(Holiday(when, str(row.get("name", "Public holiday"))))
        return Period(
            period.start,
            period.days,
            tuple(sorted(holidays, key=lambda h: h.date)),
            period.weekend_days,
            period.timezone,
        )

    def shifts(self) -> list[ShiftType]:
        shifts = []
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
                )
            )
        return shifts

    def contracts(self) -> list[Contract]:
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
                )
            )
        return contracts

    def agents(self, contracts: set[str], codes: set[str]) -> list[Agent]:
        agents = []
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
            if valid:
                agents.append(
                    Agent(
                        id=agent_id,
                        name=str(row.get("name", agent_id)),
                        contract_id=str(row["contract"]),
                        allowed_shifts=frozenset(allowed),
                        team=str(row.get("team", "")),
                        skills=frozenset(row.get("skills", ())),
                        tier=Tier(row.get("tier", Tier.JUNIOR.value)),
                        worked_days_before=int(row.get("worked_days_before", 0)),
                        last_shift_before=str(last) if last is not None else None,
                    )
                )
        return agents

    def demand(self, period: Period, codes: set[str]) -> list[CoverageRequirement]:
        demand = []
        seen: set[object] = set()
        for number, row in self.rows(DEMAND):
            when, code = row["date"], str(row["shift"])
            assert isinstance(when, date)
            day = self.in_period(DEMAND, "date", number, when, period)
            if code not in codes:
                self.issue("Demand", number, "shift", code, _one_of("a shift code", codes))
                continue
            if day is None or not self.unique(DEMAND, "date", seen, number, (when, code)):
                continue
            demand.append(
                CoverageRequirement(
                    day,
                    code,
                    int(row["required"]),
                    row.get("under_weight"),
                    row.get("over_weight"),
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
            if last < first:
                self.issue(
                    "Leave",
                    number,
                    "last_date",
                    last.isoformat(),
                    f"a date on or after first_date ({first.isoformat()})",
                )
                continue
            if last < period.start or first > period.end:
                continue
            leave.append(
                Leave(
                    str(row["agent"]),
                    period.index_of(max(first, period.start)) or 0,
                    period.index_of(min(last, period.end)) or 0,
                    str(row.get("kind", "leave")),
                )
            )
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


def _expected(column: Column, error: CellError) -> str:
    return error.expected or column.expected


def _one_of(what: str, allowed: set[str]) -> str:
    listed = sorted(allowed)
    shown = ", ".join(listed[:12]) + (" ..." if len(listed) > 12 else "")
    return f"{what} ({shown})" if listed else what
