"""What a planner varies in a sweep, named after the input they already fill in.

``demand=0.9,1.2`` scales every demand (agents per shift, or forecast calls); ``headcount=-10,+5``
removes the last agents of the Agents sheet or adds new ones; ``rule.COLUMN`` sets a Contracts
column for every contract (``rule.min_rest_hours=11,12``); ``queue.COLUMN`` a Queues column for
every queue; ``setting.NAME`` (or the bare NAME) a Settings row. Table changes are made to the
raw input rows, so every scenario goes through the ordinary reader and its validation: a bad
value is reported with its sheet and column like any input mistake.
"""

from __future__ import annotations

import copy
import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from enum import StrEnum

from scheduler.domain import DemandMode, Problem
from scheduler.io.schema import AGENTS, CONTRACTS, QUEUES, SETTINGS, SETTINGS_SHEET, SHEETS
from scheduler.io.tables import RawTable
from scheduler.staffing.requirements import apply_forecast

Tables = dict[str, RawTable]

_NAME = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*=\s*(.*?)\s*$")
_HEADCOUNT = re.compile(r"^[+-]?\d+$")
# Columns a variation may not set: ids and names identify rows, they are not rules.
_FIXED = {"id", "name", "queue"}
# Agents columns that describe the person's past, not a new hire's.
_PERSONAL = {
    "id",
    "name",
    "worked_days_before",
    "last_shift_before",
    "hours_worked_before",
    "lates_worked_before",
    "nights_worked_before",
    "rotation_start",
}


class VariationError(Exception):
    """A ``--vary`` option that cannot be read; the message says what was expected."""


class Kind(StrEnum):
    DEMAND = "demand"
    HEADCOUNT = "headcount"
    RULE = "rule"
    QUEUE = "queue"
    SETTING = "setting"


@dataclass(frozen=True)
class Variation:
    """One ``--vary NAME=V1,V2,...``: the name as typed and its values as typed."""

    name: str
    kind: Kind
    column: str  # the Contracts/Queues column or Settings name; blank for demand, headcount
    values: tuple[str, ...]


@dataclass(frozen=True)
class NewAgents:
    """Who is added when headcount grows: copies of the current agents in sheet order (the
    team's mix), or agents on ``contract`` (default: the most common) with ``skills``, working
    the shifts that contract's agents most often may."""

    contract: str | None = None
    skills: tuple[str, ...] = ()
    team: str = ""
    copies_current: bool = False

    def check(self, problem: Problem) -> None:
        """Raise ``VariationError`` for a contract or skill the input does not have, named
        by its option (the reader would blame a row of Agents the user never wrote)."""
        contracts = sorted(c.id for c in problem.contracts)
        if self.contract is not None and self.contract not in contracts:
            raise VariationError(
                f"--contract {self.contract!r}: expected a contract id from Contracts "
                f"({', '.join(contracts)})"
            )
        known = {skill for agent in problem.agents for skill in agent.skills} | set(problem.queues)
        for skill in self.skills:
            if skill not in known:
                raise VariationError(
                    f"--skill {skill!r}: expected a skill some agent or queue has "
                    f"({', '.join(sorted(known)) or 'none'})"
                )

    def describe(self) -> str:
        if self.copies_current:
            return "copies of the current agents, in sheet order"
        parts = [f"contract {self.contract}" if self.contract else "the most common contract"]
        if self.skills:
            parts.append("skills " + ", ".join(self.skills))
        if self.team:
            parts.append(f"team {self.team}")
        return ", ".join(parts)


def parse_variation(text: str) -> Variation:
    match = _NAME.match(text)
    if match is None or not match.group(2):
        raise VariationError(
            f"--vary {text!r}: expected NAME=VALUE,VALUE,... such as demand=0.9,1.2 or "
            "headcount=-5,0,+5"
        )
    name, raw = match.group(1), match.group(2)
    values = tuple(v.strip() for v in raw.split(","))
    if any(not v for v in values):
        raise VariationError(f"--vary {text!r}: a value is empty; separate values by commas")
    kind, column = _kind(name)
    for value in values:
        _check_value(kind, name, value)
    if len(set(values)) != len(values):
        raise VariationError(f"--vary {text!r}: a value is given twice")
    return Variation(name, kind, column, values)


def _kind(name: str) -> tuple[Kind, str]:
    lowered = name.lower()
    if lowered in (Kind.DEMAND, Kind.HEADCOUNT):
        return Kind(lowered), ""
    prefix, _, rest = lowered.partition(".")
    settings = {s.name for s in SETTINGS}
    columns = {
        Kind.RULE: [c.name for c in CONTRACTS.columns if c.name not in _FIXED],
        Kind.QUEUE: [c.name for c in QUEUES.columns if c.name not in _FIXED],
    }
    if rest and prefix in (Kind.RULE, Kind.QUEUE) and rest in columns[Kind(prefix)]:
        return Kind(prefix), rest
    if rest and prefix == Kind.SETTING and rest in settings:
        return Kind.SETTING, rest
    if not rest and lowered in settings:
        return Kind.SETTING, lowered
    raise VariationError(
        f"--vary {name}: unknown name; expected demand, headcount, "
        f"rule.COLUMN with a Contracts column ({', '.join(columns[Kind.RULE])}), "
        f"queue.COLUMN with a Queues column ({', '.join(columns[Kind.QUEUE])}), "
        f"or setting.NAME with a setting ({', '.join(sorted(settings))})"
    )


def _check_value(kind: Kind, name: str, value: str) -> None:
    if kind is Kind.DEMAND:
        try:
            factor = float(value)
        except ValueError:
            factor = -1.0
        if not math.isfinite(factor) or factor < 0:
            raise VariationError(
                f"--vary {name}: {value!r} is not a demand multiplier; expected a number of at "
                "least 0 such as 0.9 or 1.5"
            )
    elif kind is Kind.HEADCOUNT and not _HEADCOUNT.match(value):
        raise VariationError(
            f"--vary {name}: {value!r} is not a headcount change; expected a whole number "
            "such as -10, 0 or +10"
        )


def scale_demand(problem: Problem, factor: float) -> Problem:
    """Every demand times ``factor``: forecast calls (then staffed again through Erlang C or
    calls per agent), or agents per shift rounded half up."""
    forecast = problem.forecast
    if forecast is not None and forecast.mode is not DemandMode.SHIFTS:
        entries = tuple(replace(e, calls=e.calls * factor) for e in forecast.entries)
        return apply_forecast(replace(problem, forecast=replace(forecast, entries=entries)))
    scaled = tuple(
        replace(r, required=math.floor(r.required * factor + 0.5)) for r in problem.demand
    )
    return replace(problem, demand=scaled)


def apply_to_tables(tables: Tables, variation: Variation, value: str, hires: NewAgents) -> Tables:
    """A copy of the raw input rows with one variation's value applied (demand is applied to
    the read problem instead, by ``scale_demand``)."""
    changed = copy.deepcopy(tables)
    if variation.kind is Kind.HEADCOUNT:
        _change_headcount(changed, int(value), hires, variation.name)
    elif variation.kind is Kind.RULE:
        _set_column(changed, CONTRACTS.name, variation.column, value, variation.name)
    elif variation.kind is Kind.QUEUE:
        _set_column(changed, QUEUES.name, variation.column, value, variation.name)
    elif variation.kind is Kind.SETTING:
        _set_setting(changed, variation.column, value)
    return changed


def _set_column(tables: Tables, sheet: str, column: str, value: str, name: str) -> None:
    table = tables.get(sheet)
    if table is None or table.columns is None or not table.rows:
        raise VariationError(f"--vary {name}: the input has no {sheet} rows to set {column} on")
    if column not in table.columns:
        table.columns.append(column)
    for _, cells in table.rows:
        cells[column] = value


def _set_setting(tables: Tables, name: str, value: str) -> None:
    table = tables.setdefault(
        SETTINGS_SHEET.name, RawTable(SETTINGS_SHEET.name, ["setting", "value"])
    )
    if table.columns is None:
        return  # the unreadable sheet is reported by the reader
    for _, cells in table.rows:
        if str(cells.get("setting", "")).strip().lower() == name:
            cells["value"] = value
            return
    last = max((number for number, _ in table.rows), default=1)
    table.rows.append((last + 1, {"setting": name, "value": value}))


def _change_headcount(tables: Tables, change: int, hires: NewAgents, name: str) -> None:
    agents = tables.get(AGENTS.name)
    if agents is None or agents.columns is None:
        return  # the reader reports the missing sheet
    rows = agents.rows
    if change < 0:
        if -change >= len(rows):
            raise VariationError(
                f"--vary {name}: {change} would remove all {len(rows)} agents; expected a "
                f"change above -{len(rows)}"
            )
        removed = {str(cells.get("id", "")).strip() for _, cells in rows[change:]}
        del rows[change:]
        _drop_rows_of(tables, removed)
        return
    taken = {str(cells.get("id", "")).strip() for _, cells in rows}
    templates = _templates(tables, hires)
    last = max((number for number, _ in rows), default=1)
    serial = 0
    for index in range(change):
        serial += 1
        while f"NEW{serial:03d}" in taken:
            serial += 1
        cells = dict(templates[index % len(templates)])
        cells.update(id=f"NEW{serial:03d}", name=f"New hire {index + 1}")
        rows.append((last + index + 1, cells))
    for column in ("id", "name", *(c for c in templates[0] if c not in agents.columns)):
        if column not in agents.columns:
            agents.columns.append(column)


def _templates(tables: Tables, hires: NewAgents) -> list[dict[str, object]]:
    rows = [cells for _, cells in tables[AGENTS.name].rows]
    if hires.copies_current:
        return [{k: v for k, v in cells.items() if k not in _PERSONAL} for cells in rows] or [{}]
    contracts = Counter(str(c.get("contract", "")).strip() for c in rows)
    contract = hires.contract or (contracts.most_common(1)[0][0] if contracts else "")
    shifts = Counter(
        str(c.get("allowed_shifts", "")).strip()
        for c in rows
        if str(c.get("contract", "")).strip() == contract
    )
    template: dict[str, object] = {"contract": contract}
    if shifts and shifts.most_common(1)[0][0]:
        template["allowed_shifts"] = shifts.most_common(1)[0][0]
    if hires.skills:
        template["skills"] = ", ".join(hires.skills)
    if hires.team:
        template["team"] = hires.team
    return [template]


def _drop_rows_of(tables: Tables, agent_ids: set[str]) -> None:
    """Leave, requests and history of removed agents go with them."""
    for sheet in SHEETS:
        table = tables.get(sheet.name)
        refers = [c.name for c in sheet.columns if c.lookup == AGENTS.name]
        if table is None or not refers:
            continue
        table.rows = [
            (number, cells)
            for number, cells in table.rows
            if all(str(cells.get(c, "")).strip() not in agent_ids for c in refers)
        ]
