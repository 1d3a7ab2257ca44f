"""Weekly blocks and cyclic patterns: the definition of a break from the rotation.

The model and the evaluator both judge a roster against these units, so the rule's meaning
lives in one place (like ``fairness.py`` for fair shares). A unit is something that must keep
to one of several options, and its breaks are those of its *best* option, so nobody has to say
which option a roster took: the roster shows it.

* Weekly blocks: one unit per agent. An option is the cycle's phase, i.e. which category the
  period's first week has; every later week takes the next category of the cycle. A shift of a
  cycle category other than the week's is a break. Days off never break a block, and shifts of
  categories outside the cycle (a day shift when early and late rotate) are free. An agent
  allowed shifts of fewer than two cycle categories cannot rotate and is left out; one allowed
  two of three rotates through those two.
* Cyclic: one unit per contract, pattern week and weekday (a cell of the pattern). Each agent
  of the contract works pattern week ``(start + w) mod N`` in the ``w``-th week since the
  anchor, so the cell gathers the agent-days that should look alike. An option is what the
  cell says: a shift, or a day off. Each agent-day without the cell's shift is a break, and
  on a day off each shift worked is; leave days are left out, since leave is not a break.
  Starts are the agents' ``rotation_start`` or, left out, their order within the contract, so
  agents are staggered across the pattern and its weeks are worked side by side.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from scheduler.domain import Agent, Problem, Roster, RotationMode


@dataclass(frozen=True, slots=True)
class Expectation:
    """One agent-day under one option: the ``expected`` shift must be worked, or, when no
    shift is expected, none of the ``counted`` shifts may be. Each miss is one break."""

    agent_id: str
    day: int
    expected: str | None
    counted: frozenset[str] = frozenset()

    def breaks(self, worked: Sequence[str]) -> int:
        if self.expected is not None:
            return int(self.expected not in worked)
        return sum(1 for code in worked if code in self.counted)


@dataclass(frozen=True, slots=True)
class RotationOption:
    label: str  # a category (weekly blocks: the first week's) or a shift code or OFF (cyclic)
    expectations: tuple[Expectation, ...]

    def breaks(self, roster: Roster) -> int:
        return sum(e.breaks(roster.shifts_on(e.agent_id, e.day)) for e in self.expectations)


@dataclass(frozen=True, slots=True)
class RotationUnit:
    """An agent (weekly blocks) or a pattern cell (cyclic) that must keep to one option."""

    agent_id: str | None
    contract_id: str | None
    pattern_week: int | None  # cyclic: 0-based week of the pattern
    weekday: int | None  # cyclic: 0 = Monday
    options: tuple[RotationOption, ...]

    @property
    def detail(self) -> str:
        """The unit's key in reports and penalties: empty for an agent, the cell for a pattern."""
        if self.pattern_week is None or self.weekday is None:
            return ""
        return f"{self.contract_id} week {self.pattern_week + 1} {calendar.day_abbr[self.weekday]}"

    def best(self, roster: Roster) -> tuple[RotationOption, int]:
        """The option the roster keeps to best, and its breaks (the first of equals)."""
        scored = [(option.breaks(roster), index) for index, option in enumerate(self.options)]
        breaks, index = min(scored)
        return self.options[index], breaks


OFF_LABEL = "off"


def rotation_units(problem: Problem) -> tuple[RotationUnit, ...]:
    mode = problem.rotation.mode
    if mode is RotationMode.WEEKLY_BLOCKS:
        return tuple(
            unit for agent in problem.agents if (unit := _block_unit(problem, agent)) is not None
        )
    if mode is RotationMode.CYCLIC:
        return _pattern_cells(problem)
    return ()


def agent_cycle(problem: Problem, agent: Agent) -> tuple[str, ...]:
    """The cycle's categories this agent may work, in cycle order."""
    worked = {problem.shift_by_code[code].category for code in agent.allowed_shifts}
    return tuple(category for category in problem.rotation.cycle if category in worked)


def pattern_starts(problem: Problem) -> dict[str, int]:
    """Each agent's 0-based pattern week on the anchor's week (cyclic mode)."""
    starts: dict[str, int] = {}
    position: dict[str, int] = {}
    for agent in problem.agents:
        order = position.get(agent.contract_id, 0)
        position[agent.contract_id] = order + 1
        given = agent.rotation_start
        weeks = problem.pattern_weeks(agent.contract_id)
        starts[agent.id] = (given - 1) if given is not None else order % weeks
    return starts


def pattern_week(problem: Problem, agent: Agent, start: int, week_index: int) -> int:
    """The 0-based pattern week the agent works in the period's week ``week_index``.

    Weeks count from the anchor's week (by default the period's first), so with the same
    anchor an agent's pattern week numbers run on from one period to the next; the pattern
    itself is built anew each period.
    """
    first = problem.period.start
    anchor = problem.rotation.anchor or first
    elapsed = (_monday(first) - _monday(anchor)).days // 7
    return (start + elapsed + week_index) % problem.pattern_weeks(agent.contract_id)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _block_unit(problem: Problem, agent: Agent) -> RotationUnit | None:
    cycle = agent_cycle(problem, agent)
    if len(cycle) < 2:
        return None
    category_of = {code: problem.shift_by_code[code].category for code in agent.allowed_shifts}
    options = []
    for phase, first in enumerate(cycle):
        expectations = []
        for week_index, week in enumerate(problem.period.weeks):
            block = cycle[(phase + week_index) % len(cycle)]
            counted = frozenset(
                code
                for code, category in category_of.items()
                if category in cycle and category != block
            )
            expectations += [Expectation(agent.id, day, None, counted) for day in week]
        options.append(RotationOption(first, tuple(expectations)))
    return RotationUnit(agent.id, agent.contract_id, None, None, tuple(options))


def _pattern_cells(problem: Problem) -> tuple[RotationUnit, ...]:
    starts = pattern_starts(problem)
    cells: dict[tuple[str, int, int], list[tuple[str, int]]] = {}
    for agent in problem.agents:
        leave = problem.leave_days(agent.id)
        for week_index, week in enumerate(problem.period.weeks):
            row = pattern_week(problem, agent, starts[agent.id], week_index)
            for day in week:
                if day in leave:
                    continue
                weekday = problem.period.dates[day].weekday()
                cells.setdefault((agent.contract_id, row, weekday), []).append((agent.id, day))
    every = frozenset(s.code for s in problem.shifts)
    units = []
    for (contract_id, row, weekday), members in sorted(cells.items()):
        options = [
            RotationOption(s.code, tuple(Expectation(a, day, s.code) for a, day in members))
            for s in problem.shifts
        ]
        options.append(
            RotationOption(OFF_LABEL, tuple(Expectation(a, day, None, every) for a, day in members))
        )
        units.append(RotationUnit(None, contract_id, row, weekday, tuple(options)))
    return tuple(units)
