"""The rostering problem and its answer as plain, immutable records.

Everything else in the package (readers, the CP-SAT model, the evaluator, the workbook writer)
speaks in these terms, so this module depends on nothing but the standard library. Days are
indexed from 0 (the period's first date); shift times are minutes after midnight.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType
from zoneinfo import ZoneInfo

MINUTES_PER_DAY = 24 * 60
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class _CachedLookups:
    """A record with cached lookups ships only its fields when pickled (scenarios and teams
    are solved in other processes): the caches are derived, rebuilt on first use there, and
    their read-only views cannot be pickled anyway."""

    def __getstate__(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]


class RuleFamily(StrEnum):
    """Every rule has one name used by the model, the evaluator, the tests and the reports."""

    ONE_SHIFT_PER_DAY = "one_shift_per_day"
    LEAVE = "leave"
    ALLOWED_SHIFTS = "allowed_shifts"
    REST = "rest"
    CONSECUTIVE_DAYS = "consecutive_days"
    DAYS_OFF = "days_off"
    WORKING_TIME = "working_time"
    WEEKENDS = "weekends"
    SHIFTS_PER_WEEK = "shifts_per_week"
    CATEGORY_CHANGES = "category_changes"
    WORKING_RUNS = "working_runs"
    NIGHT_RECOVERY = "night_recovery"
    SUCCESSIONS = "successions"
    SHIFT_LIMITS = "shift_limits"
    LOCKS = "locks"
    COVERAGE = "coverage"
    REQUESTS = "requests"
    SPLIT_WEEKENDS = "split_weekends"
    FAIRNESS = "fairness"
    CHANGES = "changes"
    ROTATION = "rotation"
    ROTATION_BREAKS = "rotation_breaks"
    QUEUES = "queues"
    QUEUE_FIT = "queue_fit"
    SUPERVISION = "supervision"
    JUNIOR_RATIO = "junior_ratio"
    ONBOARDING = "onboarding"
    TRAINING = "training"

    @property
    def is_soft(self) -> bool:
        return self in SOFT_FAMILIES

    @property
    def title(self) -> str:
        return _FAMILY_TITLES[self]


SOFT_FAMILIES = frozenset(
    {
        RuleFamily.COVERAGE,
        RuleFamily.REQUESTS,
        RuleFamily.SPLIT_WEEKENDS,
        RuleFamily.FAIRNESS,
        RuleFamily.CHANGES,
        RuleFamily.ROTATION_BREAKS,
        RuleFamily.QUEUE_FIT,
        # Shift-level tier rules: soft or hard by setting, and never one agent's own rule.
        RuleFamily.SUPERVISION,
        RuleFamily.JUNIOR_RATIO,
        RuleFamily.ONBOARDING,
        RuleFamily.TRAINING,
    }
)

_FAMILY_TITLES = {
    RuleFamily.ONE_SHIFT_PER_DAY: "At most one shift per day",
    RuleFamily.LEAVE: "No work on leave days",
    RuleFamily.ALLOWED_SHIFTS: "Only shifts the agent may work",
    RuleFamily.REST: "Minimum rest between shifts",
    RuleFamily.CONSECUTIVE_DAYS: "Maximum consecutive working days",
    RuleFamily.DAYS_OFF: "Minimum consecutive days off",
    RuleFamily.WORKING_TIME: "Minimum and maximum working minutes",
    RuleFamily.WEEKENDS: "Maximum weekends worked",
    RuleFamily.SHIFTS_PER_WEEK: "Maximum late and night shifts per week",
    RuleFamily.CATEGORY_CHANGES: "Maximum changes of shift category per week",
    RuleFamily.WORKING_RUNS: "Minimum working days in a row",
    RuleFamily.NIGHT_RECOVERY: "Days off after a run of nights",
    RuleFamily.SUCCESSIONS: "No forbidden shift the next day",
    RuleFamily.SHIFT_LIMITS: "Maximum shifts of each type",
    RuleFamily.LOCKS: "Locked cells keep their shift",
    RuleFamily.COVERAGE: "Demand coverage",
    RuleFamily.REQUESTS: "Shift and day-off requests",
    RuleFamily.SPLIT_WEEKENDS: "Whole weekends off or on",
    RuleFamily.FAIRNESS: "Fair shares of unpopular duty",
    RuleFamily.CHANGES: "Changes to the published roster",
    RuleFamily.ROTATION: "Rotation followed",
    RuleFamily.ROTATION_BREAKS: "Breaks from the rotation",
    RuleFamily.QUEUES: "One queue at a time, within the agent's skills",
    RuleFamily.QUEUE_FIT: "Agents on the queues they know best",
    RuleFamily.SUPERVISION: "A team lead or senior on every open shift",
    RuleFamily.JUNIOR_RATIO: "Juniors per senior on a shift",
    RuleFamily.ONBOARDING: "New agents work beside a trainer",
    RuleFamily.TRAINING: "Training sessions inside attendees' shifts",
}

# The leave kind of the days before a new agent's start date.
NOT_STARTED = "not started"

# Proficiency in a skill: 1 (learning) to 5 (expert, the level of a skill listed without one).
MAX_PROFICIENCY = 5


class Tier(StrEnum):
    JUNIOR = "junior"
    SENIOR = "senior"
    QA = "qa"
    TRAINER = "trainer"
    TEAM_LEAD = "team_lead"


class RequestKind(StrEnum):
    """A request either wants something to happen or wants it not to happen."""

    WANT = "want"
    AVOID = "avoid"


@dataclass(frozen=True, slots=True)
class ShiftType:
    """A kind of shift. ``start_minute`` may be any time of day; the shift may cross midnight.

    ``not_followed_by`` lists shifts an agent may not work the next day, for sites whose
    rules name forbidden successions outright rather than a minimum rest.
    """

    code: str
    name: str
    start_minute: int
    duration_minutes: int
    paid_minutes: int
    category: str
    colour: str | None = None
    not_followed_by: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not 0 <= self.start_minute < MINUTES_PER_DAY:
            raise ValueError(f"shift {self.code}: start must be within the day")
        if not 0 < self.duration_minutes <= MINUTES_PER_DAY:
            raise ValueError(f"shift {self.code}: duration must be 1..1440 minutes")
        if not 0 <= self.paid_minutes <= self.duration_minutes:
            raise ValueError(f"shift {self.code}: paid minutes must be 0..duration")
        if self.colour is not None and not re.fullmatch(r"[0-9A-F]{6}", self.colour):
            raise ValueError(f"shift {self.code}: colour must be six upper-case hex digits")

    @property
    def start_text(self) -> str:
        return _clock(self.start_minute)

    @property
    def end_text(self) -> str:
        return _clock((self.start_minute + self.duration_minutes) % MINUTES_PER_DAY)


@dataclass(frozen=True, slots=True)
class Contract:
    """Working-time limits shared by a group of agents. ``None`` means no limit."""

    id: str
    name: str
    min_minutes_week: int = 0
    max_minutes_week: int | None = None
    min_minutes_period: int = 0
    max_minutes_period: int | None = None
    max_consecutive_days: int | None = None
    min_consecutive_days_off: int = 1
    max_weekends: int | None = None
    min_rest_minutes: int = 0
    max_late_week: int | None = None
    max_night_week: int | None = None
    max_category_changes_week: int | None = None
    min_consecutive_days: int = 1
    days_off_after_nights: int = 0
    max_shifts: tuple[tuple[str, int], ...] = ()  # (shift code, most in the period)

    def __post_init__(self) -> None:
        for low, high, what in (
            (self.min_minutes_week, self.max_minutes_week, "minutes per week"),
            (self.min_minutes_period, self.max_minutes_period, "minutes per period"),
        ):
            if low < 0 or (high is not None and high < low):
                raise ValueError(f"contract {self.id}: {what} minimum above maximum")
        if self.max_consecutive_days is not None and self.max_consecutive_days < 1:
            raise ValueError(f"contract {self.id}: max consecutive days must be at least 1")
        if self.min_consecutive_days_off < 1 or self.min_consecutive_days < 1:
            raise ValueError(f"contract {self.id}: minimum runs must be at least 1 day")


@dataclass(frozen=True, slots=True)
class Agent:
    """A person on the roster.

    ``worked_days_before`` and ``last_shift_before`` describe the end of the previous period,
    so rest and consecutive-day rules hold across the boundary instead of restarting at day 0;
    ``minutes_before``, ``lates_before`` and ``nights_before`` are the paid minutes, late
    shifts and night shifts worked in the calendar week the period starts in, before it
    starts, which that week's maximums count (``Problem.weekly_maximum``,
    ``Problem.weekly_category_maximum``).
    ``rotation_start`` is the week of a cyclic pattern (1-based) the agent works in the week
    of the rotation's anchor (by default the period's first week); left out, agents are
    staggered across the pattern in sheet order. ``proficiency`` lists the skills known below
    expert level (``MAX_PROFICIENCY``), so a multi-skilled agent is sent to the queue they
    know best unless coverage needs them elsewhere. ``start_date`` is a new agent's first day:
    they do not work before it, and are in training for ``TierRules.onboarding_weeks`` after.
    """

    id: str
    name: str
    contract_id: str
    allowed_shifts: frozenset[str]
    team: str = ""
    skills: frozenset[str] = frozenset()
    tier: Tier = Tier.JUNIOR
    worked_days_before: int = 0
    last_shift_before: str | None = None
    minutes_before: int = 0
    lates_before: int = 0
    nights_before: int = 0
    rotation_start: int | None = None
    proficiency: tuple[tuple[str, int], ...] = ()
    start_date: date | None = None

    def __post_init__(self) -> None:
        for skill, level in self.proficiency:
            if skill not in self.skills or not 1 <= level <= MAX_PROFICIENCY:
                raise ValueError(f"agent {self.id}: proficiency {skill}:{level} is not a skill 1-5")

    def level(self, skill: str) -> int:
        """Proficiency in a skill the agent has (expert unless listed lower)."""
        return dict(self.proficiency).get(skill, MAX_PROFICIENCY)

    def levels_short(self, skill: str) -> int:
        """Levels below expert in a skill: what the queue-fit penalty counts per shift served
        on its queue, wherever a roster is priced (model, evaluator, local searches)."""
        return MAX_PROFICIENCY - self.level(skill)

    def skill_text(self, skill: str) -> str:
        """The skill as the Agents sheet lists it: a level only below expert."""
        level = self.level(skill)
        return skill if level == MAX_PROFICIENCY else f"{skill}:{level}"


@dataclass(frozen=True, slots=True)
class Holiday:
    date: date
    name: str


@dataclass(frozen=True)
class Period(_CachedLookups):
    """The planning horizon: consecutive dates, their weekends and public holidays.

    With a ``timezone`` shift times are wall-clock times there, so rest across a daylight-saving
    change is measured in real elapsed minutes (a 23- or 25-hour day). ``working_days`` are
    make-up working days: weekend dates a calendar turns into ordinary working days (China
    moves weekends next to its long holidays), so they do not count as weekend.
    """

    start: date
    days: int
    holidays: tuple[Holiday, ...] = ()
    weekend_days: frozenset[int] = frozenset({5, 6})
    timezone: str | None = None
    working_days: tuple[Holiday, ...] = ()

    def __post_init__(self) -> None:
        if self.days < 1:
            raise ValueError("the period needs at least one day")
        for holiday in (*self.holidays, *self.working_days):
            if not self.start <= holiday.date <= self.end:
                raise ValueError(f"holiday {holiday.date} lies outside the period")

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.days - 1)

    @cached_property
    def dates(self) -> tuple[date, ...]:
        return tuple(self.start + timedelta(days=d) for d in range(self.days))

    def index_of(self, when: date) -> int | None:
        offset = (when - self.start).days
        return offset if 0 <= offset < self.days else None

    def is_weekend(self, day: int) -> bool:
        when = self.dates[day]
        return when.weekday() in self.weekend_days and when not in self._working_dates

    @cached_property
    def _working_dates(self) -> frozenset[date]:
        return frozenset(h.date for h in self.working_days)

    @cached_property
    def holiday_names(self) -> Mapping[int, str]:
        return MappingProxyType({(h.date - self.start).days: h.name for h in self.holidays})

    def is_holiday(self, day: int) -> bool:
        return day in self.holiday_names

    @cached_property
    def weeks(self) -> tuple[tuple[int, ...], ...]:
        """Day indices grouped by calendar week (Monday to Sunday); edge weeks may be partial."""
        return _group_days(range(self.days), lambda d: self.dates[d].isocalendar()[:2])

    @cached_property
    def weekends(self) -> tuple[tuple[int, ...], ...]:
        """Weekend day indices grouped per calendar week; a weekend cut by the period is partial."""
        days = [d for d in range(self.days) if self.is_weekend(d)]
        return _group_days(days, lambda d: self.dates[d].isocalendar()[:2])

    def instant(self, day: int, minute_of_day: int) -> int:
        """Minutes from the period's first midnight to a wall-clock time, in real elapsed time."""
        if self.timezone is None:
            return day * MINUTES_PER_DAY + minute_of_day
        # Time-zone arithmetic is slow and rules ask for the same few shift starts endlessly.
        key = (day, minute_of_day)
        if key not in self._instants:
            self._instants[key] = self._zoned_instant(day, minute_of_day)
        return self._instants[key]

    @cached_property
    def _instants(self) -> dict[tuple[int, int], int]:
        return {}

    def _zoned_instant(self, day: int, minute_of_day: int) -> int:
        assert self.timezone is not None
        zone = ZoneInfo(self.timezone)
        origin = datetime.combine(self.start, datetime.min.time(), zone).astimezone(UTC)
        local = datetime.combine(self.start + timedelta(days=day), datetime.min.time(), zone)
        moment = (local + timedelta(minutes=minute_of_day)).astimezone(UTC)
        return int((moment - origin).total_seconds() // 60)


@dataclass(frozen=True, slots=True)
class CoverageRequirement:
    """How many agents a shift on a day needs; weights override the Settings defaults.

    With ``calls`` set (daily forecast mode) the shift needs that much call capacity, agents
    count by their tier's calls per shift, and ``required`` is the same need in agents of the
    standard capacity; shortfall and surplus are then counted in such agents, rounded up.
    With ``queue`` set only agents serving that queue count (see ``Problem.queues``).
    """

    day: int
    shift: str
    required: int
    under_weight: int | None = None
    over_weight: int | None = None
    calls: int | None = None
    queue: str | None = None


def interval_detail(kind: str, interval: IntervalRequirement) -> str:
    """The key detail naming an interval's under/over term, shared by model and evaluator."""
    return queue_detail(f"{kind} {_clock(interval.start_minute)}", interval.queue)


def queue_detail(detail: str, queue: str | None) -> str:
    """A coverage key detail, told apart per queue when demand is per queue."""
    return detail if queue is None else f"{detail} {queue}"


@dataclass(frozen=True, slots=True)
class IntervalRequirement:
    """How many agents must be at work during one interval of a day (intraday demand).

    An agent counts for the interval when a shift of theirs covers its midpoint, which is
    exact for shifts aligned to the interval grid and never counts one agent twice.
    ``exact`` is the unrounded figure (agents after shrinkage) that reports show beside it.
    With ``queue`` set only agents serving that queue count.
    """

    day: int
    start_minute: int
    minutes: int
    required: int
    exact: float = 0.0
    queue: str | None = None

    @property
    def midpoint(self) -> int:
        """Minutes from the period's first midnight (wall clock) to the interval's middle."""
        return self.day * MINUTES_PER_DAY + self.start_minute + self.minutes // 2


@dataclass(frozen=True, slots=True)
class Leave:
    """Days an agent must not work (vacation, sick leave, training, fixed day off).

    Leave is paid time, so by default it pro-rates the contract's minimum hours: a week of
    vacation must not force the other weeks' hours up. Each day takes the contract's daily
    share off the minimum (a seventh of the week's), or ``paid_minutes`` when given: a sick
    day on a published eight-hour shift is paid those eight hours, and a daily share of a
    five-day week would leave the agent owing the difference on their other days. A day
    that is merely unavailable (``prorates_hours=False``, the benchmark's fixed days off)
    leaves the minimum whole: the hours must then be worked on the other days.
    """

    agent_id: str
    first_day: int
    last_day: int
    kind: str = "leave"
    prorates_hours: bool = True
    paid_minutes: int | None = None

    def __post_init__(self) -> None:
        if self.paid_minutes is not None and (self.paid_minutes < 0 or not self.prorates_hours):
            raise ValueError(
                f"leave of {self.agent_id}: paid minutes need paid leave and must be at least 0"
            )

    @property
    def days(self) -> range:
        return range(self.first_day, self.last_day + 1)


@dataclass(frozen=True, slots=True)
class ShiftRequest:
    """An agent's wish about one day. ``shift`` ``None`` means the day off."""

    agent_id: str
    day: int
    shift: str | None
    kind: RequestKind
    weight: int

    def describe(self) -> str:
        target = "the day off" if self.shift is None else f"shift {self.shift}"
        return f"{'wants' if self.kind is RequestKind.WANT else 'does not want'} {target}"


class DemandMode(StrEnum):
    """Where coverage requirements come from."""

    SHIFTS = "shifts"  # the Demand sheet: agents per date and shift
    DAILY = "daily"  # forecast calls in each shift / calls one agent handles per shift
    INTRADAY = "intraday"  # forecast calls per interval through Erlang C


@dataclass(frozen=True, slots=True)
class Queue:
    """A call queue (a skill) and its service parameters; times are in seconds, shares are
    fractions (0.8, not 80)."""

    name: str
    handle_seconds: float = 360.0
    service_target: float = 0.8
    answer_seconds: float = 20.0
    max_occupancy: float = 1.0
    breaks: float = 0.0
    training: float = 0.0
    absence: float = 0.0

    def __post_init__(self) -> None:
        if self.handle_seconds <= 0:
            raise ValueError(f"queue {self.name}: handle time must be positive")
        if not 0 < self.service_target <= 1 or not 0 < self.max_occupancy <= 1:
            raise ValueError(f"queue {self.name}: targets must lie in (0, 1]")
        if not all(0 <= part < 1 for part in (self.breaks, self.training, self.absence)):
            raise ValueError(f"queue {self.name}: shrinkage must lie in [0, 1)")

    @property
    def shrinkage(self) -> float:
        """Share of scheduled time not on the phones. Parts multiply, they do not add: 10 %
        breaks and 10 % absence leave 0.9 * 0.9 = 81 % on the phones, a shrinkage of 19 %.

        Rounded to 12 places: 1 - 0.7 is 0.30000000000000004 in floats, which would cost a
        whole agent when the requirement is rounded up (21 / 0.7 = 30, not 31)."""
        return round(1 - (1 - self.breaks) * (1 - self.training) * (1 - self.absence), 12)


@dataclass(frozen=True, slots=True)
class ForecastEntry:
    """Expected calls of one queue on one day, or in one interval when ``start_minute`` is set."""

    day: int
    queue: str
    calls: float
    start_minute: int | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A launch or promotion: the forecast of its days (and queue, if named) is multiplied."""

    name: str
    first_day: int
    last_day: int
    multiplier: float = 2.0
    queue: str | None = None

    @property
    def days(self) -> range:
        return range(self.first_day, self.last_day + 1)


@dataclass(frozen=True)
class Forecast(_CachedLookups):
    """Forecast calls and how they turn into coverage requirements.

    ``calls_per_shift`` is how many calls an agent handles in a shift in daily mode;
    ``tier_calls_per_shift`` overrides it per tier (a junior takes fewer calls than a senior),
    so the coverage rule counts call capacity, not heads. With ``by_queue`` each queue gets
    requirements of its own, served by agents with its skill (see ``Problem.queues``);
    otherwise every agent answers every queue and the queues' needs are added.
    """

    mode: DemandMode
    queues: tuple[Queue, ...]
    entries: tuple[ForecastEntry, ...] = ()
    events: tuple[Event, ...] = ()
    interval_minutes: int = 30
    holiday_multiplier: float = 1.0
    calls_per_shift: int = 60
    tier_calls_per_shift: tuple[tuple[Tier, int], ...] = ()
    by_queue: bool = False

    def __post_init__(self) -> None:
        if MINUTES_PER_DAY % self.interval_minutes:
            raise ValueError("the interval must divide the day")
        if self.calls_per_shift < 1 or any(c < 1 for _, c in self.tier_calls_per_shift):
            raise ValueError("calls per shift must be at least 1")
        names = {q.name for q in self.queues}
        for item in (*self.entries, *(e for e in self.events if e.queue is not None)):
            if item.queue not in names:
                raise ValueError(f"unknown queue {item.queue}")

    @cached_property
    def queue_by_name(self) -> Mapping[str, Queue]:
        return MappingProxyType({q.name: q for q in self.queues})

    def capacity(self, tier: Tier) -> int:
        """Calls an agent of this tier handles in one shift (daily mode)."""
        return dict(self.tier_calls_per_shift).get(tier, self.calls_per_shift)


FROZEN = "before the re-plan"  # the reason of locks on days a re-plan leaves as published


@dataclass(frozen=True, slots=True)
class TrainingSession:
    """A session held on each of its days from ``start_minute`` for ``minutes`` (clock time),
    inside each attendee's shift of that day; attendees are off the phones meanwhile.

    Days are the days the attendees' shifts start, and ``start_minute`` counts from that
    day's midnight, so a session at 02:00 inside a night shift begun at 22:00 the day before
    starts at minute 1,560 of the night's day: every rule that pairs a session with the shift
    it sits in then pairs it with that shift's own day. ``day_offset`` gives the calendar
    date the planner sees.

    ``attendees`` must attend. ``seats`` is the room's size: places the named attendees leave
    free are filled by the optimizer with agents who have ``skill`` (anyone when ``None``),
    and each place left empty costs ``Weights.empty_seat``.
    """

    name: str
    first_day: int
    last_day: int
    start_minute: int
    minutes: int
    attendees: frozenset[str] = frozenset()
    seats: int = 0
    skill: str | None = None

    def __post_init__(self) -> None:
        if self.minutes < 1 or self.first_day > self.last_day:
            raise ValueError(f"session {self.name}: it must last and end after it starts")
        if self.seats < len(self.attendees):
            raise ValueError(f"session {self.name}: more attendees than seats")
        if not 0 <= self.start_minute < 2 * MINUTES_PER_DAY:
            raise ValueError(f"session {self.name}: it must start within a day of its shift's day")
        if self.minutes > MINUTES_PER_DAY:
            raise ValueError(f"session {self.name}: it must last a day at most")

    @property
    def days(self) -> range:
        return range(self.first_day, self.last_day + 1)

    @property
    def day_offset(self) -> int:
        """1 when the session starts the day after its shifts' day (in a night shift)."""
        return self.start_minute // MINUTES_PER_DAY

    @property
    def end_minute(self) -> int:
        return self.start_minute + self.minutes

    @property
    def time_text(self) -> str:
        start = self.start_minute % MINUTES_PER_DAY
        return f"{_clock(start)}-{_clock(self.end_minute % MINUTES_PER_DAY)}"


@dataclass(frozen=True, slots=True)
class Lock:
    """A cell a re-plan must keep: a day before the re-plan starts, or a supervisor's edit.

    ``shift`` ``None`` locks the day off.
    """

    agent_id: str
    day: int
    shift: str | None
    reason: str = "frozen"


@dataclass(frozen=True, slots=True)
class ChangeWeights:
    """What changing a published cell costs in a re-plan (the ``changes`` family).

    Moving a shift disturbs an agent less than dropping one, and dropping less than taking a
    day off away; changes within ``urgent_days`` of the first re-planned day cost
    ``urgent_extra`` more, because agents have the least notice of them. The defaults keep
    every single change below a missing agent (100), so coverage lost to an absence is
    restored; a day off given up together with a shift dropped elsewhere (110) costs more than
    the agent it gains, so such swaps happen only where they restore more than one.
    """

    move: int = 30
    drop: int = 50
    add: int = 60
    urgent_days: int = 3
    urgent_extra: int = 30


WEEKEND = "weekend"
HOLIDAY = "holiday"


@dataclass(frozen=True, slots=True)
class Fairness:
    """Which duties rotate fairly, and what a tenth of a shift away from a fair share costs.

    ``categories`` are shift categories (late, night, or one a planner names in Shifts) and
    the pseudo-categories ``weekend`` (weekend days worked) and ``holiday`` (public holidays
    worked). With ``by_team`` each team shares its own duty.
    """

    categories: tuple[str, ...] = ("late", "night", WEEKEND, HOLIDAY)
    weight: int = 1
    by_team: bool = False
    tolerance: float | None = None


class RotationMode(StrEnum):
    """How shifts rotate: as the optimizer sees fit, in weekly blocks, or on a cyclic pattern."""

    FREE = "free"
    WEEKLY_BLOCKS = "weekly_blocks"
    CYCLIC = "cyclic"


@dataclass(frozen=True, slots=True)
class Rotation:
    """A predictable rotation, which agents can plan their lives around.

    *Weekly blocks*: each week an agent works shifts of one category of ``cycle`` only, and the
    weeks follow the cycle in order (early week, late week, early week, ...). *Cyclic*: each
    contract's agents follow one ``weeks``-week pattern, each from their own starting week, the
    classic rotating roster; by default the pattern has a week per agent, so each agent has a
    line of their own. Each period builds its pattern anew; ``anchor`` ties the numbering of
    pattern weeks to the calendar, so agents keep their week numbers from one period to the
    next. ``hard`` forbids breaks; otherwise each break costs ``weight``.
    """

    mode: RotationMode = RotationMode.FREE
    cycle: tuple[str, ...] = ("early", "late")
    weeks: int | None = None  # cyclic: None gives each contract one week per agent
    hard: bool = False
    weight: int = 20
    anchor: date | None = None  # cyclic: a date in the week agents work their start week

    def __post_init__(self) -> None:
        if self.weeks is not None and self.weeks < 1:
            raise ValueError("a cyclic pattern needs at least one week")


@dataclass(frozen=True, slots=True)
class HistoryCount:
    """Duty an agent did in earlier periods, so fairness accumulates across rosters."""

    agent_id: str
    category: str
    count: int


class Strength(StrEnum):
    """How a rule that may be soft or hard is applied."""

    OFF = "off"
    SOFT = "soft"
    HARD = "hard"


SUPERVISING_TIERS = frozenset({Tier.TEAM_LEAD, Tier.SENIOR})


@dataclass(frozen=True, slots=True)
class TierRules:
    """What tiers mean on the floor.

    ``supervision``: an open shift (anyone working it) has a team lead or senior on it; soft,
    each unsupervised shift costs ``supervision_weight``. ``junior_ratio``: at most
    ``max_juniors_per_senior`` juniors per team lead or senior on a shift; soft, each junior
    over costs ``junior_ratio_weight``. ``off_phone_percent``: the share of a shift agents of
    a tier spend off the phones (QA reviews, training others), so they count for the rest only.
    ``onboarding``: an agent in the first ``onboarding_weeks`` weeks from their start date
    works only shifts a trainer works too (soft: ``onboarding_weight`` per shift without one),
    and counts as ``trainee_percent`` of an agent (of their tier's phone time).
    """

    supervision: Strength = Strength.OFF
    supervision_weight: int = 200
    junior_ratio: Strength = Strength.OFF
    max_juniors_per_senior: int = 4
    junior_ratio_weight: int = 50
    off_phone_percent: tuple[tuple[Tier, int], ...] = ()
    onboarding: Strength = Strength.HARD
    onboarding_weeks: int = 4
    onboarding_weight: int = 200
    trainee_percent: int = 50

    def __post_init__(self) -> None:
        if self.max_juniors_per_senior < 0:
            raise ValueError("the junior ratio cannot be negative")
        if any(not 0 <= share <= 100 for _, share in self.off_phone_percent):
            raise ValueError("a tier's time off the phones must be 0-100 %")
        if self.onboarding_weeks < 0 or not 0 <= self.trainee_percent <= 100:
            raise ValueError("onboarding weeks cannot be negative, trainees count 0-100 %")

    def phone_percent(self, tier: Tier) -> int:
        """The share of a shift an agent of this tier counts toward coverage."""
        return 100 - dict(self.off_phone_percent).get(tier, 0)


@dataclass(frozen=True, slots=True)
class Weights:
    """Default soft-rule weights, from the Settings sheet."""

    under_coverage: int = 100
    over_coverage: int = 10
    split_weekend: int = 0
    queue_fit: int = 1
    empty_seat: int = 30


@dataclass(frozen=True)
class Problem(_CachedLookups):
    """One rostering problem, checked for internal consistency when built."""

    period: Period
    shifts: tuple[ShiftType, ...]
    contracts: tuple[Contract, ...]
    agents: tuple[Agent, ...]
    demand: tuple[CoverageRequirement, ...] = ()
    leave: tuple[Leave, ...] = ()
    requests: tuple[ShiftRequest, ...] = ()
    weights: Weights = field(default_factory=Weights)
    name: str = "roster"
    interval_demand: tuple[IntervalRequirement, ...] = ()
    forecast: Forecast | None = None
    locks: tuple[Lock, ...] = ()
    published: Roster | None = None
    # In a re-plan, the demand the published roster was solved against: coverage is chased
    # up to what was published plus what a requirement has risen by since (``None``: as
    # now, nothing has risen).
    published_demand: tuple[CoverageRequirement | IntervalRequirement, ...] | None = None
    replan_from: int = 0
    change_weights: ChangeWeights = field(default_factory=ChangeWeights)
    unpublished_agents: frozenset[str] = frozenset()
    fairness: Fairness = field(default_factory=lambda: Fairness(weight=0))
    history: tuple[HistoryCount, ...] = ()
    rotation: Rotation = field(default_factory=Rotation)
    tiers: TierRules = field(default_factory=TierRules)
    training: tuple[TrainingSession, ...] = ()
    # The days before the period are unknown (a benchmark, a first roster without history):
    # a working run touching the first day may then be shorter than the minimum. An agent's
    # ``worked_days_before`` still counts: those days are known.
    open_start: bool = False
    # The center's queues when this problem is one team's part of it (``split``): its own
    # demand rows may name fewer, or none, and an agent must still serve the queues they would
    # serve in the whole. Empty: the queues are those the demand names.
    center_queues: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        problems = list(self._reference_problems())
        if problems:
            raise ValueError("; ".join(problems))

    def _reference_problems(self) -> Iterator[str]:
        yield from self._unprintable_texts()
        codes = [s.code for s in self.shifts]
        for kind, ids in (
            ("shift", codes),
            ("contract", [c.id for c in self.contracts]),
            ("agent", [a.id for a in self.agents]),
        ):
            seen: set[str] = set()
            for item in ids:
                if item in seen:
                    yield f"duplicate {kind} {item}"
                seen.add(item)
        for shift in self.shifts:
            if shift.not_followed_by - set(codes):
                yield f"shift {shift.code}: unknown shifts {sorted(shift.not_followed_by)}"
        for contract in self.contracts:
            if {code for code, _ in contract.max_shifts} - set(codes):
                yield f"contract {contract.id}: maximum for unknown shift {contract.max_shifts}"
        contracts = {c.id for c in self.contracts}
        for agent in self.agents:
            if agent.contract_id not in contracts:
                yield f"agent {agent.id}: unknown contract {agent.contract_id}"
            unknown = agent.allowed_shifts - set(codes)
            if unknown:
                yield f"agent {agent.id}: unknown shifts {sorted(unknown)}"
            if agent.last_shift_before is not None and agent.last_shift_before not in codes:
                yield f"agent {agent.id}: unknown last shift {agent.last_shift_before}"
            if agent.rotation_start is not None and self.rotation.mode is RotationMode.CYCLIC:
                weeks = self.pattern_weeks(agent.contract_id)
                if not 1 <= agent.rotation_start <= weeks:
                    yield f"agent {agent.id}: rotation start beyond pattern week {weeks}"
        agents = {a.id for a in self.agents}
        for item in (*self.leave, *self.requests):
            if item.agent_id not in agents:
                yield f"{type(item).__name__}: unknown agent {item.agent_id}"
        days = range(self.period.days)
        for requirement in self.demand:
            if requirement.shift not in codes or requirement.day not in days:
                yield f"demand for unknown shift or day: {requirement}"
        for rows in (self.demand, self.interval_demand):
            if len({r.queue is None for r in rows}) > 1:
                yield "demand names a queue on some rows only (each agent counts once)"
        named = {r.queue for r in (*self.demand, *self.interval_demand)} - {None}
        if self.center_queues and named - set(self.center_queues):
            yield f"demand for queues {sorted(named - set(self.center_queues))} not in the center's"
        seen_keys: set[tuple[object, ...]] = set()
        for item in (*self.demand, *self.interval_demand):
            key = (
                (item.day, item.shift, item.queue)
                if isinstance(item, CoverageRequirement)
                else (item.day, item.start_minute, item.queue)
            )
            if key in seen_keys:
                yield f"demand listed twice: {item}"
            seen_keys.add(key)
        for leave in self.leave:
            if leave.first_day not in days or leave.last_day not in days:
                yield f"leave outside the period: {leave}"
        for request in self.requests:
            if request.day not in days or (
                request.shift is not None and request.shift not in codes
            ):
                yield f"request for unknown shift or day: {request}"
        for lock in self.locks:
            if (
                lock.agent_id not in agents
                or lock.day not in days
                or (lock.shift is not None and lock.shift not in codes)
            ):
                yield f"lock for unknown agent, shift or day: {lock}"
        names = [session.name for session in self.training]
        for session in self.training:
            if names.count(session.name) > 1:
                yield f"duplicate training session {session.name}"
            held = range(session.first_day, session.last_day + session.day_offset + 1)
            if session.attendees - agents or not set(held) <= set(days):
                yield f"session {session.name}: unknown attendees or days outside the period"

    def pattern_weeks(self, contract_id: str) -> int:
        """The length of a contract's cyclic pattern: as set, or one week per agent."""
        if self.rotation.weeks is not None:
            return self.rotation.weeks
        return max(1, self._contract_sizes.get(contract_id, 0))

    @cached_property
    def _contract_sizes(self) -> Mapping[str, int]:
        return MappingProxyType(Counter(a.contract_id for a in self.agents))

    @cached_property
    def lock_by_cell(self) -> Mapping[tuple[str, int], Lock]:
        """(agent, day) -> its lock, for reports (the rule applies every lock)."""
        return MappingProxyType({(lock.agent_id, lock.day): lock for lock in self.locks})

    def priced_requirement(
        self, item: CoverageRequirement | IntervalRequirement, published_count: int
    ) -> int:
        """The part of a requirement whose shortfall is priced.

        In a re-plan, shortfalls the published roster already had are not chased: only
        coverage below what was published, plus what the requirement has risen by since
        (``published_demand``), costs, at most the requirement. So an absence's lost coverage
        is restored, and a raised forecast is worked toward, without reshuffling agents to fix
        what the supervisor had already accepted. Outside re-plans (and before the re-plan
        start) it is the requirement.
        """
        if self.published is None or item.day < self.replan_from:
            return item.required
        if self.published_demand is None:
            return min(item.required, published_count)
        risen = item.required - self._published_required.get(_demand_key(item), 0)
        return min(item.required, published_count + max(risen, 0))

    @cached_property
    def _published_required(self) -> Mapping[tuple[object, ...], int]:
        """Requirement by ``_demand_key``; one missing from it needed nobody."""
        return MappingProxyType(
            {_demand_key(item): item.required for item in self.published_demand or ()}
        )

    def change_weight(self, day: int, old: str | None, new: str | None) -> int:
        """The price of turning a published ``old`` into ``new`` on a day (0 if unchanged)."""
        if old == new:
            return 0
        weights = self.change_weights
        base = weights.add if old is None else weights.drop if new is None else weights.move
        return base + self._urgency(day)

    def seat_change_weight(self, day: int) -> int:
        """The price of a free training seat changing hands for a session starting on ``day``:
        a move, as the agent's day is changed but not taken away or added."""
        return self.change_weights.move + self._urgency(day)

    def _urgency(self, day: int) -> int:
        weights = self.change_weights
        urgent = self.replan_from <= day < self.replan_from + weights.urgent_days
        return weights.urgent_extra if urgent else 0

    def for_agent(self, agent_id: str) -> Problem:
        """The same problem with one agent and no demand or requests.

        Every hard rule concerns one agent, so an agent's rules can be checked (and their
        conflicts explained) on this much smaller problem.
        """
        agent = self.agent_by_id[agent_id]
        return replace(
            self,
            agents=(agent,),
            # The agent keeps its place in its contract's pattern, however long that is.
            rotation=replace(self.rotation, weeks=self.pattern_weeks(agent.contract_id)),
            demand=(),
            interval_demand=(),
            locks=tuple(lock for lock in self.locks if lock.agent_id == agent_id),
            published=None,
            leave=tuple(item for item in self.leave if item.agent_id == agent_id),
            requests=(),
            training=(),  # sessions seat several agents: a rule of the whole roster
        )

    def _unprintable_texts(self) -> Iterator[str]:
        """Control characters cannot be stored in a workbook; refuse them before a solve."""
        texts = [("problem name", self.name)]
        texts += [(f"shift {s.code}", t) for s in self.shifts for t in (s.code, s.name, s.category)]
        texts += [(f"contract {c.id}", t) for c in self.contracts for t in (c.id, c.name)]
        texts += [
            (f"agent {a.id}", t)
            for a in self.agents
            for t in (a.id, a.name, a.team, a.contract_id, *a.skills)
        ]
        texts += [(f"holiday {h.date}", h.name) for h in self.period.holidays]
        texts += [(f"leave of {item.agent_id}", item.kind) for item in self.leave]
        for owner, text in texts:
            if _CONTROL.search(text):
                yield f"{owner}: {text!r} contains a control character"

    @cached_property
    def shift_by_code(self) -> Mapping[str, ShiftType]:
        return MappingProxyType({s.code: s for s in self.shifts})

    @cached_property
    def agent_by_id(self) -> Mapping[str, Agent]:
        return MappingProxyType({a.id: a for a in self.agents})

    @cached_property
    def _contract_by_id(self) -> Mapping[str, Contract]:
        return MappingProxyType({c.id: c for c in self.contracts})

    def contract_of(self, agent: Agent) -> Contract:
        return self._contract_by_id[agent.contract_id]

    @cached_property
    def _leave_by_agent(self) -> Mapping[str, Mapping[int, str]]:
        by_agent: dict[str, dict[int, str]] = {}
        for agent_id, start in self._start_day.items():
            for day in range(min(max(start, 0), self.period.days)):
                by_agent.setdefault(agent_id, {})[day] = NOT_STARTED
        for leave in self.leave:
            for day in leave.days:
                by_agent.setdefault(leave.agent_id, {})[day] = leave.kind
        return MappingProxyType(by_agent)

    def leave_days(self, agent_id: str) -> Mapping[int, str]:
        """Day index -> kind of leave, for the days this agent must not work (days before a
        new agent's start date count as leave of their own kind)."""
        return self._leave_by_agent.get(agent_id, {})

    def absence_days(self, agent_id: str) -> frozenset[int]:
        """Days of paid leave (vacation, sickness, training: ``Leave.prorates_hours``).

        An absence is not rest the roster plans, so a run of days off or of work it cuts
        short keeps no minimum length: one sick day between shifts must not force a second
        day off, nor cost the shift before it. A day that is merely unavailable (the
        benchmark's fixed days off) is a day off like any other.
        """
        return self._absence_days.get(agent_id, frozenset())

    @cached_property
    def _absence_days(self) -> Mapping[str, frozenset[int]]:
        days: dict[str, set[int]] = {}
        for leave in self.leave:
            if leave.prorates_hours:
                days.setdefault(leave.agent_id, set()).update(leave.days)
        return MappingProxyType({agent: frozenset(found) for agent, found in days.items()})

    @property
    def counts_intervals(self) -> bool:
        """True when coverage is judged per interval of the day rather than per shift."""
        return bool(self.interval_demand)

    @cached_property
    def queues(self) -> tuple[str, ...]:
        """The queues demand is counted for, in order; empty when demand is pooled.

        With queues, each working agent serves one queue they have the skill for and counts
        toward that queue alone; agents with none of these skills count toward no queue.
        """
        if self.center_queues:
            return self.center_queues
        rows = self.interval_demand or self.demand
        return tuple(dict.fromkeys(r.queue for r in rows if r.queue is not None))

    def serving_queues(self, agent: Agent) -> tuple[str, ...]:
        """The demand queues an agent can serve, best known first (ties in queue order)."""
        known = [q for q in self.queues if q in agent.skills]
        return tuple(sorted(known, key=lambda q: -agent.level(q)))

    @cached_property
    def queue_requirements(self) -> Mapping[tuple[int, str, str | None], CoverageRequirement]:
        """Every (day, shift, queue) with its requirement (queue ``None`` for pooled demand);
        pairs missing from Demand need nobody. Empty when coverage is counted per interval."""
        if self.counts_intervals:
            return MappingProxyType({})
        listed = {(r.day, r.shift, r.queue): r for r in self.demand}
        return MappingProxyType(
            {
                (day, shift.code, queue): listed.get(
                    (day, shift.code, queue),
                    CoverageRequirement(day, shift.code, 0, queue=queue),
                )
                for day in range(self.period.days)
                for shift in self.shifts
                for queue in self.queues or (None,)
            }
        )

    @cached_property
    def requirements(self) -> Mapping[tuple[int, str], CoverageRequirement]:
        """Every (day, shift) with what it needs in total over its queues; pairs missing from
        Demand need nobody. The coverage rule counts per queue (``queue_requirements``); this
        total is for planning aids and reports. Empty when coverage is counted per interval.
        """
        totals: dict[tuple[int, str], CoverageRequirement] = {}
        for (day, code, _), item in self.queue_requirements.items():
            if (day, code) not in totals:
                totals[day, code] = replace(item, queue=None)
                continue
            before = totals[day, code]
            calls = None if item.calls is None else (before.calls or 0) + item.calls
            totals[day, code] = CoverageRequirement(
                day, code, before.required + item.required, calls=calls
            )
        return MappingProxyType(totals)

    @cached_property
    def interval_totals(self) -> tuple[IntervalRequirement, ...]:
        """Intraday demand added over queues per interval, in first-listed order: what the
        floor needs in all, for planning aids and reports (the rule counts per queue)."""
        if not self.queues:
            return self.interval_demand
        totals: dict[tuple[int, int, int], IntervalRequirement] = {}
        for item in self.interval_demand:
            key = (item.day, item.start_minute, item.minutes)
            before = totals.get(key)
            totals[key] = (
                replace(item, queue=None)
                if before is None
                else replace(
                    before,
                    required=before.required + item.required,
                    exact=before.exact + item.exact,
                )
            )
        return tuple(totals.values())

    @cached_property
    def _covering(self) -> Mapping[int, tuple[tuple[int, str], ...]]:
        """Interval midpoint -> the (day, shift) pairs whose shift is on at that moment."""
        midpoints = sorted({i.midpoint for i in self.interval_demand})
        found: dict[int, list[tuple[int, str]]] = {m: [] for m in midpoints}
        for day in range(self.period.days):
            for shift in self.shifts:
                begin = day * MINUTES_PER_DAY + shift.start_minute
                first = bisect_left(midpoints, begin)
                last = bisect_left(midpoints, begin + shift.duration_minutes)
                for moment in midpoints[first:last]:
                    found[moment].append((day, shift.code))
        return MappingProxyType({m: tuple(pairs) for m, pairs in found.items()})

    def shifts_covering(self, interval: IntervalRequirement) -> tuple[tuple[int, str], ...]:
        """(day, shift) pairs that count for an interval, including last night's shift.

        Wall-clock time: on a daylight-saving night an interval is matched by the clock.
        """
        return self._covering[interval.midpoint]

    def capacity(self, agent: Agent, day: int) -> int:
        """Calls per shift this agent counts for under a daily forecast, less their time off
        the phones and as a trainee; 1 (a head) otherwise."""
        if self.forecast is None or self.forecast.mode is not DemandMode.DAILY:
            return 1
        return self.forecast.capacity(agent.tier) * self.phone_percent(agent, day) // 100

    def phone_percent(self, agent: Agent, day: int) -> int:
        """The share of a shift, in percent, the agent counts toward head-count coverage: their
        tier's phone time, of which a trainee counts ``trainee_percent``."""
        share = self._tier_phone_percent[agent.tier]
        if self.in_onboarding(agent, day):
            share = share * self.tiers.trainee_percent // 100
        return share

    def in_onboarding(self, agent: Agent, day: int) -> bool:
        """Whether a day falls in the agent's first ``onboarding_weeks`` weeks."""
        start = self._start_day.get(agent.id)
        return start is not None and start <= day < start + 7 * self.tiers.onboarding_weeks

    @cached_property
    def _tier_phone_percent(self) -> Mapping[Tier, int]:
        """Each tier's phone time: the evaluator asks for an agent's about a million times in
        a pass of the day search over the five-queue hotline."""
        return MappingProxyType({tier: self.tiers.phone_percent(tier) for tier in Tier})

    @cached_property
    def _start_day(self) -> Mapping[str, int]:
        """Agent -> day index of their start date (negative when before the period)."""
        first = self.period.start
        return MappingProxyType(
            {a.id: (a.start_date - first).days for a in self.agents if a.start_date is not None}
        )

    @cached_property
    def counts_phone_time(self) -> bool:
        """True when some agent counts for part of a head (coverage then in hundredths)."""
        # Day by day only for new starters: everyone else counts the same every day (a
        # sweep's judge asks this of a fresh copy of a 1,000-agent problem each time).
        days = range(self.period.days)
        return bool(self.training) or any(
            self._tier_phone_percent[a.tier] < 100
            or (a.id in self._start_day and any(self.phone_percent(a, day) < 100 for day in days))
            for a in self.agents
        )

    def session_shifts(self, session: TrainingSession) -> frozenset[str]:
        """The shifts a session fits inside (by the clock, the same every day)."""
        return frozenset(
            shift.code
            for shift in self.shifts
            if shift.start_minute <= session.start_minute
            and session.end_minute <= shift.start_minute + shift.duration_minutes
        )

    @cached_property
    def named_attendance(self) -> frozenset[tuple[str, str]]:
        """(agent, session) for every named attendee, as a roster's ``training`` lists them
        beside the free seats taken."""
        return frozenset(
            (agent_id, session.name) for session in self.training for agent_id in session.attendees
        )

    def session_candidates(self, session: TrainingSession) -> tuple[Agent, ...]:
        """Who may attend: the named attendees, and for free seats agents with the session's
        skill who may work a shift it fits in and have no leave on its days."""
        fits = self.session_shifts(session)
        free = session.seats > len(session.attendees)
        return tuple(
            agent
            for agent in self.agents
            if agent.id in session.attendees
            or (
                free
                and (session.skill is None or session.skill in agent.skills)
                and bool(agent.allowed_shifts & fits)
                and not any(day in self.leave_days(agent.id) for day in session.days)
            )
        )

    @staticmethod
    def training_cut(counted: int, shift: ShiftType, session: TrainingSession) -> int:
        """What a session takes off an attendee's count for a whole shift (hundredths of an
        agent, or calls): the session's share of the shift."""
        return counted * session.minutes // shift.duration_minutes

    def session_covers(self, session: TrainingSession, day: int, moment: int) -> bool:
        """Whether a session on ``day`` is on at ``moment`` (minutes from the first midnight)."""
        begin = day * MINUTES_PER_DAY + session.start_minute
        return day in session.days and begin <= moment < begin + session.minutes

    @cached_property
    def sessions_by_day(self) -> Mapping[int, tuple[TrainingSession, ...]]:
        found: dict[int, list[TrainingSession]] = {}
        for session in self.training:
            for day in session.days:
                found.setdefault(day, []).append(session)
        return MappingProxyType({day: tuple(items) for day, items in found.items()})

    def under_weight(self, requirement: CoverageRequirement) -> int:
        if requirement.under_weight is None:
            return self.weights.under_coverage
        return requirement.under_weight

    def over_weight(self, requirement: CoverageRequirement) -> int:
        if requirement.over_weight is None:
            return self.weights.over_coverage
        return requirement.over_weight

    def rest_gap(self, day: int, shift: ShiftType, later_day: int, later: ShiftType) -> int:
        """Real minutes between the end of one shift and the start of a later one."""
        end = self.period.instant(day, shift.start_minute) + shift.duration_minutes
        return self.period.instant(later_day, later.start_minute) - end

    def may_follow(
        self, day: int, shift: ShiftType, later_day: int, later: ShiftType, rest: int
    ) -> bool:
        """Whether an agent may work ``later`` on ``later_day`` after ``shift`` on ``day``:
        ``rest`` minutes between them, and no forbidden succession on the next day."""
        if self.rest_gap(day, shift, later_day, later) < rest:
            return False
        return not (later_day == day + 1 and later.code in shift.not_followed_by)

    def weekly_minimum(self, agent: Agent, week: tuple[int, ...]) -> int:
        """The contract's weekly minimum pro-rated by the agent's available days of that week.

        A week cut by the period edge, or with leave days, keeps its share of the minimum
        (rounded down), so leave never makes a contract impossible to meet; nor do hours worked
        before the period, as the minimum never exceeds what the maximum leaves.
        """
        available, credited = self._available(agent, week)
        minimum = max(self.contract_of(agent).min_minutes_week * available // 7 - credited, 0)
        maximum = self.weekly_maximum(agent, week)
        return minimum if maximum is None else min(minimum, maximum)

    def weekly_maximum(self, agent: Agent, week: tuple[int, ...]) -> int | None:
        """The contract's weekly maximum for the days of ``week`` in the period (``None``: no
        limit): less what the agent worked before the period in a week it cuts, since the
        contract limits the calendar week, not the part of it this roster plans."""
        maximum = self.contract_of(agent).max_minutes_week
        if maximum is None or not self._cut_first_week(week):
            return maximum
        return max(maximum - agent.minutes_before, 0)

    def weekly_category_maximum(
        self, agent: Agent, week: tuple[int, ...], category: str
    ) -> int | None:
        """The contract's most late or night shifts (``category``) for the days of ``week``
        in the period, less those worked before it in a week it cuts (as
        ``weekly_maximum``); ``None``: no limit."""
        contract = self.contract_of(agent)
        most, before = {
            "late": (contract.max_late_week, agent.lates_before),
            "night": (contract.max_night_week, agent.nights_before),
        }[category]
        if most is None or not self._cut_first_week(week):
            return most
        return max(most - before, 0)

    def _cut_first_week(self, week: tuple[int, ...]) -> bool:
        """Whether ``week`` is the period's first and the period starts after its Monday."""
        return bool(week) and week[0] == 0 and self.period.start.weekday() != 0

    def period_minimum(self, agent: Agent) -> int:
        """The contract's period minimum pro-rated by the agent's available days."""
        available, credited = self._available(agent, range(self.period.days))
        minimum = self.contract_of(agent).min_minutes_period * available // self.period.days
        return max(minimum - credited, 0)

    @property
    def roster_cells(self) -> int:
        """Agents x days x shift types: the roster's size, which sets how the search's time
        and CP-SAT's workers are best shared (see ``solve``)."""
        return len(self.agents) * self.period.days * len(self.shifts)

    def working_spans(self, agent: Agent) -> list[tuple[Sequence[int], int, int | None]]:
        """Each calendar week, then the whole period, with the least paid minutes the agent
        must work in it (pro-rated for leave) and the most they may (``None``: no limit)."""
        contract = self.contract_of(agent)
        spans: list[tuple[Sequence[int], int, int | None]] = [
            (week, self.weekly_minimum(agent, week), self.weekly_maximum(agent, week))
            for week in self.period.weeks
        ]
        days = range(self.period.days)
        spans.append((days, self.period_minimum(agent), contract.max_minutes_period))
        return spans

    def _available(self, agent: Agent, days: Iterable[int]) -> tuple[int, int]:
        """The days of ``days`` that keep their share of the contract's minimum, and the
        minutes paid leave credits explicitly (``Leave.paid_minutes``): those days keep their
        share too, and the credit comes off the minimum instead."""
        leave = self.leave_days(agent.id)
        unavailable = self._unavailable_days.get(agent.id, frozenset())
        credits = self._leave_credits.get(agent.id, {})
        available = credited = 0
        for day in days:
            if day not in leave or day in unavailable:
                available += 1
            elif day in credits:
                available += 1
                credited += credits[day]
        return available, credited

    @cached_property
    def _leave_credits(self) -> Mapping[str, Mapping[int, int]]:
        """Agent -> day -> paid minutes of leave that names them (the most, where two
        overlap)."""
        credits: dict[str, dict[int, int]] = {}
        for leave in self.leave:
            if leave.paid_minutes is not None:
                days = credits.setdefault(leave.agent_id, {})
                for day in leave.days:
                    days[day] = max(days.get(day, 0), leave.paid_minutes)
        return MappingProxyType(credits)

    @cached_property
    def _unavailable_days(self) -> Mapping[str, frozenset[int]]:
        """Agent -> days off that do not pro-rate the contract's minimum hours."""
        unpaid: dict[str, set[int]] = {}
        paid: dict[str, set[int]] = {}
        for leave in self.leave:
            kind = paid if leave.prorates_hours else unpaid
            kind.setdefault(leave.agent_id, set()).update(leave.days)
        return MappingProxyType(
            {agent: frozenset(days - paid.get(agent, set())) for agent, days in unpaid.items()}
        )

    def describe_day(self, day: int) -> str:
        return self._day_names[day]

    @cached_property
    def _day_names(self) -> tuple[str, ...]:
        # Every finding names its day; the constructive roster judges tens of thousands of
        # trial rows, so the names are formatted once.
        return tuple(f"{when:%a} {when.isoformat()}" for when in self.period.dates)

    def describe_interval(self, interval: IntervalRequirement) -> str:
        end = _clock((interval.start_minute + interval.minutes) % MINUTES_PER_DAY)
        return f"{self.describe_day(interval.day)} {_clock(interval.start_minute)}-{end}"


@dataclass(frozen=True, slots=True)
class Assignment:
    """One agent working one shift on one day, serving ``queue`` when demand is per queue.

    One queue per assignment: a multi-skilled agent counts toward one queue at a time.
    """

    agent_id: str
    day: int
    shift: str
    queue: str | None = None


@dataclass(frozen=True)
class Roster(_CachedLookups):
    """The answer: the set of assignments.

    A set rather than one cell per agent and day, so that a roster breaking "one shift a day"
    (a hand edit, a buggy model) can still be represented and judged by the evaluator.
    """

    assignments: frozenset[Assignment]
    # (agent, session) for each training attendance, the named attendees included.
    training: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def from_rows(cls, rows: Mapping[str, Iterable[str | None]]) -> Roster:
        """Build from one shift code (or ``None`` for off) per agent and day."""
        return cls(
            frozenset(
                Assignment(agent_id, day, code)
                for agent_id, codes in rows.items()
                for day, code in enumerate(codes)
                if code is not None
            )
        )

    @cached_property
    def _by_agent_day(self) -> Mapping[tuple[str, int], tuple[str, ...]]:
        index: dict[tuple[str, int], list[str]] = {}
        for a in self.assignments:
            index.setdefault((a.agent_id, a.day), []).append(a.shift)
        return MappingProxyType({key: tuple(sorted(codes)) for key, codes in index.items()})

    def shifts_on(self, agent_id: str, day: int) -> tuple[str, ...]:
        return self._by_agent_day.get((agent_id, day), ())

    def shift_of(self, agent_id: str, day: int) -> str | None:
        """The single shift of the day, ``None`` when off; joined codes if more than one."""
        codes = self.shifts_on(agent_id, day)
        return "+".join(codes) if codes else None

    def works(self, agent_id: str, day: int) -> bool:
        return (agent_id, day) in self._by_agent_day

    @cached_property
    def _counts(self) -> Mapping[tuple[int, str], int]:
        counts: dict[tuple[int, str], int] = {}
        for a in self.assignments:
            counts[a.day, a.shift] = counts.get((a.day, a.shift), 0) + 1
        return MappingProxyType(counts)

    def count(self, day: int, shift: str) -> int:
        return self._counts.get((day, shift), 0)

    @cached_property
    def _serving(self) -> Mapping[tuple[int, str, str | None], int]:
        return MappingProxyType(Counter((a.day, a.shift, a.queue) for a in self.assignments))

    def count_serving(self, day: int, shift: str, queue: str | None) -> int:
        """Agents on a shift serving ``queue``; with ``None``, everyone on it (pooled demand)."""
        if queue is None:
            return self.count(day, shift)
        return self._serving.get((day, shift, queue), 0)

    def queue_of(self, agent_id: str, day: int) -> str | None:
        """The queue an agent serves on a day, if any."""
        return next(
            (a.queue for a in self._assignments_of.get((agent_id, day), ()) if a.queue), None
        )

    def on_shift(self, day: int, shift: str) -> tuple[Assignment, ...]:
        """The assignments of one shift on one day."""
        return self._by_shift.get((day, shift), ())

    @cached_property
    def _by_shift(self) -> Mapping[tuple[object, ...], tuple[Assignment, ...]]:
        return self._grouped(lambda a: (a.day, a.shift))

    @cached_property
    def _assignments_of(self) -> Mapping[tuple[object, ...], tuple[Assignment, ...]]:
        return self._grouped(lambda a: (a.agent_id, a.day))

    def _grouped(
        self, key: Callable[[Assignment], tuple[object, ...]]
    ) -> Mapping[tuple[object, ...], tuple[Assignment, ...]]:
        index: dict[tuple[object, ...], list[Assignment]] = {}
        for a in self.assignments:
            index.setdefault(key(a), []).append(a)
        return MappingProxyType({k: tuple(items) for k, items in index.items()})


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _group_days(days: Iterable[int], key: Callable[[int], object]) -> tuple[tuple[int, ...], ...]:
    groups: dict[object, list[int]] = {}
    for day in days:
        groups.setdefault(key(day), []).append(day)
    return tuple(tuple(group) for group in groups.values())


def _demand_key(item: CoverageRequirement | IntervalRequirement) -> tuple[object, ...]:
    """Which requirement ``item`` is, whatever it asks for: a day's shift or interval, and
    its queue."""
    if isinstance(item, IntervalRequirement):
        return ("interval", item.day, item.start_minute, item.minutes, item.queue)
    return ("shift", item.day, item.shift, item.queue)
