"""The input format, declared once: every sheet, column and setting with its meaning.

The reader validates against it, the template writer turns it into header comments and drop-
downs, and the README's input section describes the same names, so the three cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from scheduler.domain import DemandMode, RotationMode, Strength, Tier

# Upper bounds no call center reaches. They catch typing slips (an extra zero, a date pasted
# into a number cell) before they become CP-SAT domains or loops sized by the value.
MAX_DAYS = 366
MAX_WEIGHT = 1_000_000
MAX_AGENTS = 10_000
MAX_CALLS = 1_000_000
INTERVALS = (15, 30, 60)
HOURS_PER_WEEK = 7 * 24
HOURS_PER_PERIOD = MAX_DAYS * 24


class Kind(StrEnum):
    TEXT = "text"
    INTEGER = "whole number"
    NUMBER = "number"
    DATE = "date"
    TIME = "time"
    CODES = "list of codes"


@dataclass(frozen=True)
class Column:
    """One column of an input sheet.

    ``lookup`` names the sheet whose ids this column refers to (drop-downs in the template);
    ``also`` are words valid besides those ids (OFF for a day off); ``choices`` are the
    allowed words, enforced unless ``open_choices`` (then only suggested).
    """

    name: str
    kind: Kind
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()
    open_choices: bool = False
    lookup: str | None = None
    also: tuple[str, ...] = ()
    minimum: float | None = 0
    maximum: float | None = None

    @property
    def expected(self) -> str:
        """What a valid cell looks like, in words, for error messages."""
        if self.choices and not self.open_choices:
            return "one of " + ", ".join(self.choices)
        text = {
            Kind.TEXT: "text",
            Kind.INTEGER: "a whole number",
            Kind.NUMBER: "a number",
            Kind.DATE: "a date like 2026-12-07",
            Kind.TIME: "a time of day like 06:30",
            Kind.CODES: "codes separated by commas",
        }[self.kind]
        if self.kind in (Kind.INTEGER, Kind.NUMBER):
            if self.minimum is not None and self.maximum is not None:
                text += f" from {_plain(self.minimum)} to {_plain(self.maximum)}"
            elif self.minimum is not None:
                text += f" of at least {_plain(self.minimum)}"
        return text


def _plain(bound: float) -> str:
    """A bound as a planner types it: 1000000, not 1e+06 (the reader refuses 1,000,000)."""
    return f"{bound:f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Sheet:
    """An input table. ``key`` names the column holding the row's unique id, if any."""

    name: str
    help: str
    columns: tuple[Column, ...]
    required: bool = True
    key: str | None = None

    @property
    def csv_name(self) -> str:
        return f"{self.name.lower()}.csv"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True)
class Setting:
    """One row of the Settings sheet (a name and a value)."""

    name: str
    kind: Kind
    help: str
    default: object = None
    required: bool = False
    minimum: float | None = 0
    maximum: float | None = None
    choices: tuple[str, ...] = ()

    def as_column(self) -> Column:
        """Settings values are validated exactly like table cells."""
        return Column(
            self.name,
            self.kind,
            self.help,
            self.required,
            self.choices,
            minimum=self.minimum,
            maximum=self.maximum,
        )


OFF = "OFF"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
CATEGORIES = ("early", "day", "late", "night", "other")

SETTINGS: tuple[Setting, ...] = (
    Setting("name", Kind.TEXT, "A title for the roster, shown in the output.", "Roster"),
    Setting("start_date", Kind.DATE, "First day of the planning period.", required=True),
    Setting("days", Kind.INTEGER, "Number of days in the period.", 28, minimum=1, maximum=MAX_DAYS),
    Setting(
        "weekend_days",
        Kind.CODES,
        "Days that count as the weekend, e.g. Sat, Sun.",
        "Sat, Sun",
    ),
    Setting(
        "timezone",
        Kind.TEXT,
        "Optional IANA time zone (e.g. Europe/Berlin); rest across a daylight-saving change "
        "is then measured in real hours.",
    ),
    Setting(
        "under_coverage_weight",
        Kind.INTEGER,
        "Penalty per missing agent on a shift, unless Demand gives its own.",
        100,
        maximum=MAX_WEIGHT,
    ),
    Setting(
        "over_coverage_weight",
        Kind.INTEGER,
        "Penalty per agent above the requirement on a shift, unless Demand gives its own.",
        10,
        maximum=MAX_WEIGHT,
    ),
    Setting(
        "request_weight",
        Kind.INTEGER,
        "Penalty for an unmet request whose weight is left blank.",
        5,
        maximum=MAX_WEIGHT,
    ),
    Setting(
        "split_weekend_weight",
        Kind.INTEGER,
        "Penalty per weekend an agent works only part of (whole weekends on or off); 0 allows "
        "split weekends freely.",
        0,
        maximum=MAX_WEIGHT,
    ),
    Setting(
        "queue_fit_weight",
        Kind.INTEGER,
        "Penalty per shift an agent serves a queue below expert proficiency, per level "
        "missing (skills like phones:3); 0 lets the optimizer place agents on any skill freely.",
        1,
        maximum=MAX_WEIGHT,
    ),
    Setting(
        "coverage_by_queue",
        Kind.TEXT,
        "Forecast demand: yes counts each queue on its own, served only by agents with its "
        "skill, each agent on one queue at a time; no lets every agent answer every queue.",
        "no",
        choices=("yes", "no"),
    ),
    Setting(
        "supervision",
        Kind.TEXT,
        "A team lead or senior on every open shift: off, soft (each unsupervised shift costs "
        "supervision_weight) or hard.",
        Strength.OFF.value,
        choices=tuple(s.value for s in Strength),
    ),
    Setting(
        "supervision_weight",
        Kind.INTEGER,
        "Penalty per open shift with no team lead or senior (supervision soft).",
        200,
        maximum=MAX_WEIGHT,
    ),
    Setting(
        "junior_ratio",
        Kind.TEXT,
        "At most max_juniors_per_senior juniors per team lead or senior on a shift: off, soft "
        "(each junior over costs junior_ratio_weight) or hard.",
        Strength.OFF.value,
        choices=tuple(s.value for s in Strength),
    ),
    Setting(
        "max_juniors_per_senior",
        Kind.INTEGER,
        "Juniors one team lead or senior can look after on a shift (junior_ratio).",
        4,
        maximum=MAX_AGENTS,
    ),
    Setting(
        "junior_ratio_weight",
        Kind.INTEGER,
        "Penalty per junior above the ratio on a shift (junior_ratio soft).",
        50,
        maximum=MAX_WEIGHT,
    ),
    Setting(
        "onboarding",
        Kind.TEXT,
        "Agents with a start_date work only shifts a trainer works during their first "
        "onboarding_weeks: hard, soft (each shift without a trainer costs onboarding_weight) "
        "or off.",
        Strength.HARD.value,
        choices=tuple(s.value for s in Strength),
    ),
    Setting(
        "onboarding_weeks",
        Kind.INTEGER,
        "Weeks from an agent's start_date they count as a trainee.",
        4,
        maximum=52,
    ),
    Setting(
        "onboarding_weight",
        Kind.INTEGER,
        "Penalty per shift a trainee works without a trainer (onboarding soft).",
        200,
        maximum=MAX_WEIGHT,
    ),
    Setting(
        "trainee_percent",
        Kind.INTEGER,
        "A trainee counts toward coverage as this percent of an agent, e.g. 50.",
        50,
        maximum=100,
    ),
    Setting(
        "empty_seat_weight",
        Kind.INTEGER,
        "Penalty per training seat left empty (Training seats beyond the named attendees).",
        30,
        maximum=MAX_WEIGHT,
    ),
    Setting(
        "demand_mode",
        Kind.TEXT,
        "Where coverage requirements come from: shifts (the Demand sheet), daily (Forecast "
        "calls in each shift divided by the calls an agent handles per shift) or intraday "
        "(Forecast calls per interval through Erlang C).",
        DemandMode.SHIFTS.value,
        choices=tuple(m.value for m in DemandMode),
    ),
    Setting(
        "interval_minutes",
        Kind.INTEGER,
        "Length of a Forecast interval: 15, 30 or 60 minutes.",
        30,
        minimum=15,
        maximum=60,
    ),
    Setting(
        "calls_per_agent_shift",
        Kind.INTEGER,
        "Daily mode: calls one agent handles in a shift, for tiers the Tiers sheet leaves out.",
        60,
        minimum=1,
        maximum=MAX_CALLS,
    ),
    Setting(
        "holiday_demand_multiplier",
        Kind.NUMBER,
        "Forecast calls on public holidays are multiplied by this, e.g. 0.5.",
        1,
        maximum=100,
    ),
    Setting(
        "fair_categories",
        Kind.CODES,
        "Unpopular duties shared fairly: shift categories (late, night or your own) and "
        "weekend (weekend days worked) or holiday (public holidays worked).",
        "late, night, weekend, holiday",
    ),
    Setting(
        "fairness_weight",
        Kind.INTEGER,
        "Penalty per tenth of a shift an agent's duty is away from a fair share (pro-rated by "
        "contract hours and available days); 0 turns fairness off.",
        1,
        maximum=MAX_WEIGHT,
    ),
    Setting(
        "fairness_tolerance",
        Kind.NUMBER,
        "Coverage first: solve without fairness, then find the fairest roster whose other "
        "penalties are at most this percent higher (e.g. 2). Blank: fairness_weight alone "
        "trades fairness against coverage.",
        maximum=1000,
    ),
    Setting(
        "fairness_by_team",
        Kind.TEXT,
        "yes: each team shares its own duty; no: all agents share it.",
        "no",
        choices=("yes", "no"),
    ),
    Setting(
        "rotation",
        Kind.TEXT,
        "free: the optimizer rotates shifts within the rules; weekly_blocks: one shift "
        "category per agent and week, the weeks following rotation_categories in turn; "
        "cyclic: each contract's agents follow one rotation_weeks-week pattern, staggered.",
        RotationMode.FREE.value,
        choices=tuple(m.value for m in RotationMode),
    ),
    Setting(
        "rotation_categories",
        Kind.CODES,
        "Weekly blocks: the shift categories that take turns week by week, in order; other "
        "categories are free.",
        "early, late",
    ),
    Setting(
        "rotation_weeks",
        Kind.INTEGER,
        "Cyclic: length of the rotating pattern in weeks; blank gives each contract one week "
        "per agent (the classic rotating roster, each agent a line of their own).",
        minimum=1,
        maximum=MAX_AGENTS,
    ),
    Setting(
        "rotation_anchor",
        Kind.DATE,
        "Cyclic: a date in the week agents work their rotation_start week; keep it from one "
        "period to the next and agents keep their pattern week numbers (each period builds "
        "its pattern anew). Blank: the period's first week.",
    ),
    Setting(
        "rotation_hard",
        Kind.TEXT,
        "yes: no agent may break the rotation; no: each break costs rotation_weight.",
        "no",
        choices=("yes", "no"),
    ),
    Setting(
        "rotation_weight",
        Kind.INTEGER,
        "Penalty per shift or day off that breaks the rotation (when rotation_hard is no).",
        20,
        maximum=MAX_WEIGHT,
    ),
    Setting(
        "change_move_weight",
        Kind.INTEGER,
        "Re-plans (scheduler rerun): cost of moving a published shift to another shift.",
        30,
        maximum=MAX_WEIGHT,
    ),
    Setting(
        "change_drop_weight",
        Kind.INTEGER,
        "Re-plans: cost of taking a published shift away (the day becomes off).",
        50,
        maximum=MAX_WEIGHT,
    ),
    Setting(
        "change_add_weight",
        Kind.INTEGER,
        "Re-plans: cost of turning a published day off into work.",
        60,
        maximum=MAX_WEIGHT,
    ),
    Setting(
        "change_urgent_days",
        Kind.INTEGER,
        "Re-plans: changes within this many days of the first re-planned day are urgent.",
        3,
        maximum=MAX_DAYS,
    ),
    Setting(
        "change_urgent_extra",
        Kind.INTEGER,
        "Re-plans: an urgent change costs this much more (agents have little notice).",
        30,
        maximum=MAX_WEIGHT,
    ),
    Setting(
        "holidays_country",
        Kind.TEXT,
        "Optional country code (e.g. CN, GB-ENG, US-CA) whose public holidays and make-up "
        "working days are added to the Holidays sheet; --holidays overrides it.",
    ),
)

SETTINGS_SHEET = Sheet(
    "Settings",
    "One setting per row: its name in column A, its value in column B.",
    (
        Column("setting", Kind.TEXT, "The setting's name (do not change).", required=True),
        Column("value", Kind.TEXT, "The setting's value.", minimum=None),
        Column("meaning", Kind.TEXT, "What the setting does (ignored by the reader)."),
    ),
)

SHIFTS = Sheet(
    "Shifts",
    "The shift types agents can work.",
    (
        Column("code", Kind.TEXT, "Short unique code shown in the roster, e.g. E.", True),
        Column("name", Kind.TEXT, "Readable name, e.g. Early."),
        Column("start", Kind.TIME, "Start time, e.g. 06:00.", True),
        Column(
            "end",
            Kind.TIME,
            "End time, e.g. 14:30. An end at or before the start means the shift ends the "
            "next day.",
            True,
        ),
        Column(
            "break_minutes",
            Kind.INTEGER,
            "Unpaid break in minutes; paid time is the shift's length minus this. Default 0.",
            maximum=24 * 60 - 1,
        ),
        Column(
            "category",
            Kind.TEXT,
            "early, day, late, night or a name of your own; used in totals and fairness.",
            True,
            CATEGORIES,
            open_choices=True,
        ),
        Column("colour", Kind.TEXT, "Optional fill colour in the roster, as hex like FFE699."),
        Column(
            "not_followed_by",
            Kind.CODES,
            "Shift codes an agent may not work the day after this shift, e.g. E, D after a "
            "night (besides the contract's minimum rest).",
            lookup="Shifts",
        ),
    ),
    key="code",
)

CONTRACTS = Sheet(
    "Contracts",
    "Working-time rules shared by groups of agents. Blank limits mean no limit.",
    (
        Column("id", Kind.TEXT, "Unique contract id, e.g. FT40.", True),
        Column("name", Kind.TEXT, "Readable name, e.g. Full time 40 h."),
        Column(
            "min_hours_week",
            Kind.NUMBER,
            "Minimum paid hours per calendar week (pro-rated for leave, unless its "
            "prorate_hours is no, and for partial weeks).",
            maximum=HOURS_PER_WEEK,
        ),
        Column(
            "max_hours_week",
            Kind.NUMBER,
            "Maximum paid hours per calendar week.",
            maximum=HOURS_PER_WEEK,
        ),
        Column(
            "min_hours_period",
            Kind.NUMBER,
            "Minimum paid hours over the whole period (pro-rated for leave, unless its "
            "prorate_hours is no).",
            maximum=HOURS_PER_PERIOD,
        ),
        Column(
            "max_hours_period",
            Kind.NUMBER,
            "Maximum paid hours over the whole period.",
            maximum=HOURS_PER_PERIOD,
        ),
        Column(
            "max_consecutive_days",
            Kind.INTEGER,
            "Maximum working days in a row.",
            minimum=1,
            maximum=MAX_DAYS,
        ),
        Column(
            "min_consecutive_days_off",
            Kind.INTEGER,
            "Days off come at least this many in a row. Default 1.",
            minimum=1,
            maximum=MAX_DAYS,
        ),
        Column(
            "max_weekends",
            Kind.INTEGER,
            "Maximum weekends with any work in the period.",
            maximum=MAX_DAYS,
        ),
        Column(
            "min_rest_hours",
            Kind.NUMBER,
            "Minimum hours between the end of a shift and the start of the next, e.g. 11.",
            maximum=48,
        ),
        Column(
            "max_late_week",
            Kind.INTEGER,
            "Maximum late-category shifts per calendar week.",
            maximum=7,
        ),
        Column(
            "max_night_week",
            Kind.INTEGER,
            "Maximum night-category shifts per calendar week.",
            maximum=7,
        ),
        Column(
            "max_category_changes_week",
            Kind.INTEGER,
            "Maximum changes of shift category on consecutive working days (early then late, "
            "say) per calendar week.",
            maximum=7,
        ),
        Column(
            "min_consecutive_days",
            Kind.INTEGER,
            "Working days come at least this many in a row (2: no isolated single working "
            "days). Default 1.",
            minimum=1,
            maximum=MAX_DAYS,
        ),
        Column(
            "days_off_after_nights",
            Kind.INTEGER,
            "Days off after the last night of a run of nights. Default 0.",
            maximum=7,
        ),
        Column(
            "max_shifts",
            Kind.CODES,
            "Most shifts of a type in the period, as code=count separated by commas, e.g. "
            "N=4, L=10. Types not listed are not limited.",
        ),
    ),
    key="id",
)

AGENTS = Sheet(
    "Agents",
    "The people on the roster.",
    (
        Column("id", Kind.TEXT, "Unique agent id, e.g. A001.", True),
        Column("name", Kind.TEXT, "Full name."),
        Column("team", Kind.TEXT, "Team or group."),
        Column(
            "contract", Kind.TEXT, "Contract id from the Contracts sheet.", True, lookup="Contracts"
        ),
        Column(
            "allowed_shifts",
            Kind.CODES,
            "Shift codes this agent may work, comma separated; blank means all.",
            lookup="Shifts",
        ),
        Column(
            "skills",
            Kind.CODES,
            "Skills or queues, comma separated, e.g. phones, EN; a proficiency from 1 (learning) "
            "to 5 (expert, the default) may follow a colon, e.g. phones, tablets:2.",
        ),
        Column(
            "tier",
            Kind.TEXT,
            "junior, senior, qa, trainer or team_lead. Default junior.",
            choices=tuple(t.value for t in Tier),
        ),
        Column(
            "worked_days_before",
            Kind.INTEGER,
            "Days worked in a row up to the day before the period starts (for the "
            "consecutive-days and days-off rules). Default 0.",
            maximum=MAX_DAYS,
        ),
        Column(
            "last_shift_before",
            Kind.TEXT,
            "Shift code worked the day before the period starts, if any (for the rest rule).",
            lookup="Shifts",
        ),
        Column(
            "rotation_start",
            Kind.INTEGER,
            "Cyclic rotation: the pattern week this agent works in the week of rotation_anchor "
            "(by default the period's first). Default: agents of a contract are staggered in "
            "sheet order.",
            minimum=1,
            maximum=MAX_AGENTS,
        ),
        Column(
            "start_date",
            Kind.DATE,
            "A new agent's first day: no work before it, and for onboarding_weeks after it "
            "only shifts a trainer works, counting as trainee_percent of an agent.",
        ),
        Column(
            "hours_worked_before",
            Kind.NUMBER,
            "Paid hours worked in the period's first calendar week before the period starts, "
            "when it does not start on a Monday: the week's max_hours_week counts them. "
            "Default 0.",
            maximum=HOURS_PER_WEEK,
        ),
        Column(
            "lates_worked_before",
            Kind.INTEGER,
            "Late shifts worked in the period's first calendar week before the period starts, "
            "when it does not start on a Monday: the week's max_late_week counts them. "
            "Default 0.",
            maximum=7,
        ),
        Column(
            "nights_worked_before",
            Kind.INTEGER,
            "Night shifts worked in the period's first calendar week before the period starts, "
            "when it does not start on a Monday: the week's max_night_week counts them. "
            "Default 0.",
            maximum=7,
        ),
    ),
    key="id",
)

DEMAND = Sheet(
    "Demand",
    "Agents required per date and shift (demand_mode shifts). A date and shift not listed "
    "requires nobody.",
    (
        Column("date", Kind.DATE, "The date.", True),
        Column("shift", Kind.TEXT, "Shift code from the Shifts sheet.", True, lookup="Shifts"),
        Column("required", Kind.INTEGER, "Number of agents needed.", True, maximum=MAX_AGENTS),
        Column(
            "under_weight",
            Kind.INTEGER,
            "Optional penalty per missing agent (default: Settings).",
            maximum=MAX_WEIGHT,
        ),
        Column(
            "over_weight",
            Kind.INTEGER,
            "Optional penalty per extra agent (default: Settings).",
            maximum=MAX_WEIGHT,
        ),
        Column(
            "queue",
            Kind.TEXT,
            "Optional queue (skill) this need is for; used on every row or on none. Each agent "
            "then serves one queue of their skills per shift.",
        ),
    ),
    required=False,
)

LEAVE = Sheet(
    "Leave",
    "Days agents must not work: vacation, sick leave, training, fixed days off.",
    (
        Column("agent", Kind.TEXT, "Agent id.", True, lookup="Agents"),
        Column("first_date", Kind.DATE, "First day of leave.", True),
        Column("last_date", Kind.DATE, "Last day of leave; blank means one day."),
        Column(
            "kind",
            Kind.TEXT,
            "leave, sick, training, day off, ... Default leave.",
            choices=("leave", "sick", "training", "day off"),
            open_choices=True,
        ),
        Column(
            "prorate_hours",
            Kind.TEXT,
            "yes: the contract's minimum hours shrink for these days (paid leave); no: the "
            "agent is only unavailable, and the minimum must be worked on other days. "
            "Default yes.",
            choices=("yes", "no"),
        ),
        Column(
            "paid_hours",
            Kind.NUMBER,
            "Hours each day of this leave counts toward the contract's minimum hours, e.g. 8 "
            "for a sick day on an 8-hour shift. Blank: the contract's daily share (a seventh "
            "of its weekly minimum). A re-plan fills it in for leave on a published shift. "
            "Only with prorate_hours yes.",
            maximum=24,
        ),
        Column("note", Kind.TEXT, "Free text, ignored."),
    ),
    required=False,
)

REQUESTS = Sheet(
    "Requests",
    "Agents' wishes: a shift or a day off on a date, wanted or to be avoided.",
    (
        Column("agent", Kind.TEXT, "Agent id.", True, lookup="Agents"),
        Column("date", Kind.DATE, "The date.", True),
        Column(
            "shift",
            Kind.TEXT,
            f"A shift code, or {OFF} for the day off.",
            True,
            lookup="Shifts",
            also=(OFF,),
        ),
        Column("want", Kind.TEXT, "want or avoid.", True, choices=("want", "avoid")),
        Column(
            "weight",
            Kind.INTEGER,
            "Penalty if the wish is not met (default: Settings).",
            maximum=MAX_WEIGHT,
        ),
    ),
    required=False,
)

HOLIDAY = "holiday"
WORKING_DAY = "working day"

HOLIDAYS = Sheet(
    "Holidays",
    "Public holidays inside the period (shaded in the roster and counted per agent), and "
    "make-up working days (weekend dates that are ordinary working days).",
    (
        Column("date", Kind.DATE, "The date.", True),
        Column("name", Kind.TEXT, "The holiday's name."),
        Column(
            "kind",
            Kind.TEXT,
            f"{HOLIDAY} or {WORKING_DAY} (a make-up day, not a weekend). Default {HOLIDAY}.",
            choices=(HOLIDAY, WORKING_DAY),
        ),
    ),
    required=False,
)

HISTORY = Sheet(
    "History",
    "Duty agents did in earlier periods, so fairness accumulates across rosters.",
    (
        Column("agent", Kind.TEXT, "Agent id.", True, lookup="Agents"),
        Column(
            "category",
            Kind.TEXT,
            "A duty from fair_categories, e.g. late, night, weekend, holiday.",
            True,
        ),
        Column("count", Kind.INTEGER, "Shifts or days of that duty so far.", True, maximum=10_000),
    ),
    required=False,
)

QUEUES = Sheet(
    "Queues",
    "Call queues (skills) and their service targets, for forecast demand. Without this sheet "
    "every forecast row belongs to one queue with the defaults below.",
    (
        Column("queue", Kind.TEXT, "Unique queue name, e.g. phones or EN.", True),
        Column(
            "handle_minutes",
            Kind.NUMBER,
            "Average handle time per call in minutes (talk and wrap-up). Default 6.",
            minimum=0.1,
            maximum=240,
        ),
        Column(
            "service_level_percent",
            Kind.NUMBER,
            "Share of calls to answer within answer_seconds, in percent. Default 80.",
            minimum=1,
            maximum=100,
        ),
        Column(
            "answer_seconds",
            Kind.NUMBER,
            "The service-level time in seconds (80 % within 20 s). Default 20.",
            maximum=3600,
        ),
        Column(
            "max_occupancy_percent",
            Kind.NUMBER,
            "Highest share of time agents may spend on calls, in percent (typical 85). "
            "Default 100 (no cap).",
            minimum=1,
            maximum=100,
        ),
        Column(
            "breaks_percent",
            Kind.NUMBER,
            "Shrinkage: share of paid time on breaks, in percent. Default 0.",
            maximum=95,
        ),
        Column(
            "training_percent",
            Kind.NUMBER,
            "Shrinkage: share of paid time in training and coaching, in percent. Default 0.",
            maximum=95,
        ),
        Column(
            "absence_percent",
            Kind.NUMBER,
            "Shrinkage: share of scheduled time lost to unplanned absence, in percent. "
            "The three components multiply: 10 % and 10 % make 19 %. Default 0.",
            maximum=95,
        ),
    ),
    required=False,
    key="queue",
)

FORECAST = Sheet(
    "Forecast",
    "Expected calls per date (and interval) and queue; used when demand_mode is daily or intraday.",
    (
        Column("date", Kind.DATE, "The date.", True),
        Column(
            "interval_start",
            Kind.TIME,
            "Start of the interval, e.g. 09:30, on the interval_minutes grid; blank for a "
            "whole-day figure (daily mode only).",
        ),
        Column(
            "queue",
            Kind.TEXT,
            "Queue name from Queues; blank for the first queue.",
            lookup="Queues",
        ),
        Column("calls", Kind.NUMBER, "Expected calls.", True, maximum=MAX_CALLS),
    ),
    required=False,
)

EVENTS = Sheet(
    "Events",
    "Launches and promotions: forecast calls on these dates are multiplied.",
    (
        Column("name", Kind.TEXT, "What happens, e.g. Phone launch.", True),
        Column("first_date", Kind.DATE, "First day.", True),
        Column("last_date", Kind.DATE, "Last day.", True),
        Column(
            "multiplier",
            Kind.NUMBER,
            "Forecast calls are multiplied by this. Default 2.",
            maximum=100,
        ),
        Column(
            "queue",
            Kind.TEXT,
            "Only this queue; blank for every queue.",
            lookup="Queues",
        ),
    ),
    required=False,
)

TIERS = Sheet(
    "Tiers",
    "What each tier does on a shift: calls handled (daily mode; a junior fewer than a senior) "
    "and time off the phones.",
    (
        Column(
            "tier",
            Kind.TEXT,
            "junior, senior, qa, trainer or team_lead.",
            True,
            choices=tuple(t.value for t in Tier),
        ),
        Column(
            "calls_per_shift",
            Kind.INTEGER,
            "Daily mode: calls handled in one shift (blank: calls_per_agent_shift).",
            minimum=1,
            maximum=MAX_CALLS,
        ),
        Column(
            "off_phone_percent",
            Kind.INTEGER,
            "Share of a shift this tier spends off the phones (QA reviews, coaching), in "
            "percent: such an agent counts toward coverage for the rest only. Default 0.",
            maximum=100,
        ),
    ),
    required=False,
    key="tier",
)

TRAINING = Sheet(
    "Training",
    "Training sessions held inside attendees' shifts; attendees are off the phones meanwhile.",
    (
        Column("session", Kind.TEXT, "Unique session name, e.g. New tablet line.", True),
        Column("first_date", Kind.DATE, "First day of the session.", True),
        Column("last_date", Kind.DATE, "Last day (held on every day between); blank: one day."),
        Column(
            "start",
            Kind.TIME,
            "Start time each day, e.g. 10:00; 02:00 on a date is inside the night shift begun "
            "the evening before (a shift starting that date comes first where one holds it).",
            True,
        ),
        Column(
            "end",
            Kind.TIME,
            "End time each day, e.g. 12:00; an end before the start is the next morning.",
            True,
        ),
        Column(
            "attendees",
            Kind.CODES,
            "Agent ids who must attend, comma separated.",
            lookup="Agents",
        ),
        Column(
            "seats",
            Kind.INTEGER,
            "Places in the room; those the attendees leave free are filled by the optimizer "
            "(each empty seat costs empty_seat_weight). Blank: the attendees only.",
            maximum=MAX_AGENTS,
        ),
        Column("skill", Kind.TEXT, "Only agents with this skill take a free seat; blank: anyone."),
    ),
    required=False,
    key="session",
)

SHEETS: tuple[Sheet, ...] = (
    SETTINGS_SHEET,
    SHIFTS,
    CONTRACTS,
    AGENTS,
    DEMAND,
    LEAVE,
    REQUESTS,
    HOLIDAYS,
    HISTORY,
    QUEUES,
    FORECAST,
    EVENTS,
    TIERS,
    TRAINING,
)
