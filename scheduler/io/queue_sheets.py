"""Per-queue sheets of the roster workbook, written only when demand is counted per queue.

The Coverage sheet adds the queues up, so one queue left short while another is overstaffed
looks met there. These sheets split coverage by queue and show who answers which queue on
each day, so a planner sees where the multi-skilled agents went and what that left short.
Every figure is a value, counted as the evaluator's coverage rule counts it: time off the
phones and in training comes off, so a queue short here is priced short in Violations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.chart import BarChart, Reference
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import (
    MINUTES_PER_DAY,
    Agent,
    Problem,
    Roster,
)
from scheduler.evaluate.rules.coverage import shift_service
from scheduler.io import styles
from scheduler.io.styles import ISO_DATE, PERCENT
from scheduler.staffing.requirements import interval_service

SHIFT_HEADERS = ("Date", "Weekday", "Shift", "Queue", "Required", "Serving", "Short", "Surplus")
SHIFT_FORMATS = (ISO_DATE, "", "", "", "0", "General", "0", "0")
INTERVAL_HEADERS = (
    "Date",
    "Weekday",
    "Interval",
    "Queue",
    "Calls",
    "Required",
    "Serving",
    "Short",
    "Surplus",
    "Service level",
)
INTERVAL_FORMATS = (ISO_DATE, "", "", "", "0.0", "0", "General", "0", "0", PERCENT)
SUMMARY_HEADERS = (
    "Queue",
    "Required {unit}",
    "Served",
    "Short",
    "Surplus",
    "Agents with the skill",
    "Of them multi-skilled",
)
SUMMARY_FORMATS = ("", "0", "General", "0", "0", "0", "0")

PLAN_HEADERS = ("Agent id", "Name", "Skills")
PLAN_FIRST_DAY_COLUMN = len(PLAN_HEADERS) + 1
PLAN_HEADER_ROWS = 2

# Light fills under dark text. The queue's name is in the cell too, so no reading depends on
# telling two colours apart (the palette cycles when there are more queues than colours).
QUEUE_COLOURS = ("BDD7EE", "C6E0B4", "FFE699", "D9D2E9", "F8CBAD", "B7DEE8", "E6B9D8", "DDD9C4")


@dataclass(frozen=True, slots=True)
class _Line:
    """One row of the queue coverage table, with the figures the summary adds up."""

    values: tuple[object, ...]  # the cells, in the order of the table's headers
    queue: str
    required: int
    serving: float
    short: int
    surplus: int


# Queue coverage --------------------------------------------------------------------------


def write_queue_coverage(sheet: Worksheet, problem: Problem, roster: Roster) -> None:
    """Coverage per queue, beside a per-queue summary and a chart of each queue's shortfall.

    Intraday demand gets a row per interval and queue, with the forecast's calls and the
    service level the queue's agents should reach; shift demand a row per shift and queue.
    """
    if problem.counts_intervals:
        headers, formats = INTERVAL_HEADERS, INTERVAL_FORMATS
        lines = _interval_lines(problem, roster)
        unit = "agent-intervals"
    else:
        headers, formats = SHIFT_HEADERS, SHIFT_FORMATS
        lines = _shift_lines(problem, roster)
        unit = "agent-shifts"
    styles.header_row(sheet, 1, 1, headers)
    short_column, surplus_column = headers.index("Short") + 1, headers.index("Surplus") + 1
    for row, line in enumerate(lines, start=2):
        _write_line(sheet, row, line, formats, short_column, surplus_column)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(lines), 1) + 1}"
    summary_column = len(headers) + 2
    most_short = _write_summary(sheet, summary_column, problem, lines, unit)
    _add_short_chart(sheet, summary_column, len(problem.queues), most_short)
    table_widths = [12, 9, 12, 12] + [10] * (len(headers) - 4)
    styles.set_widths(sheet, [*table_widths, 3, 14, 14, 10, 8, 9, 12, 12])
    sheet.print_title_rows = "1:1"
    styles.fit_to_page_width(sheet, landscape=True)


def _shift_lines(problem: Problem, roster: Roster) -> list[_Line]:
    lines = []
    for (day, code, queue), requirement in problem.queue_requirements.items():
        assert queue is not None  # demand names a queue on every row once it names one
        when = problem.period.dates[day]
        serving, short, surplus = shift_service(problem, roster, requirement)
        values = (when, f"{when:%a}", code, queue, requirement.required, serving, short, surplus)
        lines.append(_Line(values, queue, requirement.required, serving, short, surplus))
    return lines


def _interval_lines(problem: Problem, roster: Roster) -> list[_Line]:
    lines = []
    for served in interval_service(problem, roster):
        interval = served.interval
        assert interval.queue is not None  # demand names a queue on every row once it names one
        when = problem.period.dates[interval.day]
        values = (
            when,
            f"{when:%a}",
            _interval_text(interval.start_minute, interval.minutes),
            interval.queue,
            round(served.calls, 1),
            interval.required,
            served.serving,
            served.short,
            served.surplus,
            "" if served.level is None else served.level,
        )
        lines.append(
            _Line(
                values,
                interval.queue,
                interval.required,
                served.serving,
                served.short,
                served.surplus,
            )
        )
    return lines


def _interval_text(start: int, minutes: int) -> str:
    end = (start + minutes) % MINUTES_PER_DAY
    return f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


def _write_line(
    sheet: Worksheet,
    row: int,
    line: _Line,
    formats: Sequence[str],
    short_column: int,
    surplus_column: int,
) -> None:
    """The whole row turns red when the queue is short, as on the Coverage sheet."""
    for column, (value, number_format) in enumerate(zip(line.values, formats, strict=True), 1):
        cell = sheet.cell(row, column, value)
        cell.border = styles.GRID_BORDER
        if number_format:
            cell.number_format = number_format
        if line.short:
            cell.fill = styles.SHORTFALL_FILL
    if line.short:
        sheet.cell(row, short_column).font = styles.SHORTFALL_FONT
    elif line.surplus:
        sheet.cell(row, surplus_column).fill = styles.SURPLUS_FILL


def _write_summary(
    sheet: Worksheet, first_column: int, problem: Problem, lines: Sequence[_Line], unit: str
) -> int:
    """Totals per queue, and how many agents could serve it: a queue short with few skilled
    agents needs training or hiring, one short with many needs them sent there. Returns the
    largest queue's shortfall, which scales the chart."""
    most_short = 0
    headers = [label.format(unit=unit) for label in SUMMARY_HEADERS]
    styles.header_row(sheet, 1, first_column, headers)
    for row, queue in enumerate(problem.queues, start=2):
        own = [line for line in lines if line.queue == queue]
        skilled = [agent for agent in problem.agents if queue in agent.skills]
        short = sum(line.short for line in own)
        values = (
            queue,
            sum(line.required for line in own),
            round(sum(line.serving for line in own), 2),
            short,
            sum(line.surplus for line in own),
            len(skilled),
            sum(len(problem.serving_queues(agent)) > 1 for agent in skilled),
        )
        for column, (value, number_format) in enumerate(
            zip(values, SUMMARY_FORMATS, strict=True), start=first_column
        ):
            cell = sheet.cell(row, column, value)
            cell.border = styles.GRID_BORDER
            if number_format:
                cell.number_format = number_format
        if short:
            styles.mark_short(sheet.cell(row, first_column + 3))
        most_short = max(most_short, short)
    return most_short


def _add_short_chart(sheet: Worksheet, summary_column: int, queues: int, most_short: int) -> None:
    """Clustered columns of agents short per queue, below the summary table.

    Small counts get a tick per agent: left to itself, a spreadsheet program ticks halves
    and shows them rounded by the cells' whole-number format, labelling 0, 1, 1.
    """
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = "Agents short per queue"
    chart.y_axis.title = "Agents short"
    chart.x_axis.title = "Queue"
    # openpyxl 3.1 hides both axes unless told otherwise.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.scaling.min = 0
    if most_short <= 10:
        chart.y_axis.majorUnit = 1
    short_column = summary_column + 3
    chart.add_data(
        Reference(sheet, min_col=short_column, min_row=1, max_row=queues + 1),
        titles_from_data=True,
    )
    chart.set_categories(Reference(sheet, min_col=summary_column, min_row=2, max_row=queues + 1))
    chart.series[0].graphicalProperties.solidFill = "C00000"
    chart.legend = None
    chart.width = max(12.0, 2.5 * queues)
    chart.height = 7.5
    sheet.add_chart(chart, f"{get_column_letter(summary_column)}{queues + 4}")


# Queue plan --------------------------------------------------------------------------------


def write_queue_plan(sheet: Worksheet, problem: Problem, roster: Roster) -> None:
    """Which queue each agent answers on each day, laid out like the Roster sheet so the two
    read side by side; a blank cell is a day off or a shift serving no queue."""
    fills = _queue_fills(problem.queues)
    _write_plan_header(sheet, problem)
    for row, agent in enumerate(problem.agents, start=PLAN_HEADER_ROWS + 1):
        identity = (agent.id, agent.name, _skills_text(agent))
        for column, value in enumerate(identity, start=1):
            sheet.cell(row, column, value).border = styles.GRID_BORDER
        for day in range(problem.period.days):
            queue = roster.queue_of(agent.id, day)
            cell = sheet.cell(row, PLAN_FIRST_DAY_COLUMN + day, queue)
            cell.border = styles.GRID_BORDER
            cell.alignment = styles.CENTRED
            fill = styles.day_fill(problem.period, day) if queue is None else fills[queue]
            if fill is not None:
                cell.fill = fill
    _write_plan_legend(sheet, PLAN_HEADER_ROWS + len(problem.agents) + 2, problem, fills)
    _lay_out_plan(sheet, problem)


def _queue_fills(queues: Sequence[str]) -> dict[str, PatternFill]:
    """A fill per queue, in the order demand lists the queues."""
    return {
        queue: styles.solid(QUEUE_COLOURS[index % len(QUEUE_COLOURS)])
        for index, queue in enumerate(queues)
    }


def _skills_text(agent: Agent) -> str:
    """Best known skills first; a level is shown only below expert, as the input lists it."""
    ordered = sorted(agent.skills, key=lambda skill: (-agent.level(skill), skill))
    return ", ".join(agent.skill_text(skill) for skill in ordered)


def _write_plan_header(sheet: Worksheet, problem: Problem) -> None:
    """Weekday over date, as on the Roster sheet, with weekends and holidays shaded; the
    title stays short, as the first day's weekday sits right of the three identity columns."""
    period = problem.period
    sheet.cell(1, 1, "Queues served").font = styles.TITLE_FONT
    styles.header_row(sheet, 2, 1, PLAN_HEADERS)
    for day, when in enumerate(period.dates):
        column = PLAN_FIRST_DAY_COLUMN + day
        fill = styles.day_header_fill(period, day)
        styles.header(sheet.cell(1, column, f"{when:%a}"), fill)
        styles.header(sheet.cell(2, column, when), fill).number_format = ISO_DATE


def _write_plan_legend(
    sheet: Worksheet, first_row: int, problem: Problem, fills: dict[str, PatternFill]
) -> None:
    sheet.cell(first_row, 1, "Legend").font = styles.HEADER_FONT
    for row, queue in enumerate(problem.queues, start=first_row + 1):
        swatch = sheet.cell(row, 1, queue)
        swatch.fill = fills[queue]
        swatch.border = styles.GRID_BORDER
        swatch.alignment = styles.CENTRED
        sheet.cell(row, 2, f"Serving the {queue} queue")
    blank = sheet.cell(first_row + len(problem.queues) + 1, 1)
    blank.border = styles.GRID_BORDER
    sheet.cell(blank.row, 2, "Off, or on a shift serving no queue")


def _lay_out_plan(sheet: Worksheet, problem: Problem) -> None:
    """Keep names and dates in view while scrolling, and on every printed page."""
    sheet.freeze_panes = sheet.cell(PLAN_HEADER_ROWS + 1, PLAN_FIRST_DAY_COLUMN).coordinate
    longest_name = max((len(agent.name) for agent in problem.agents), default=0)
    longest_skills = max((len(_skills_text(agent)) for agent in problem.agents), default=0)
    longest_queue = max((len(queue) for queue in problem.queues), default=0)
    widths = [
        max(10, longest_queue + 3),
        min(max(longest_name + 2, 14), 32),
        min(max(longest_skills + 2, 12), 40),
    ]
    widths += [max(11.0, min(longest_queue + 3, 20))] * problem.period.days
    styles.set_widths(sheet, widths)
    sheet.row_dimensions[2].height = 30
    sheet.print_title_rows = f"1:{PLAN_HEADER_ROWS}"
    sheet.print_title_cols = f"A:{get_column_letter(len(PLAN_HEADERS))}"
    styles.fit_to_page_width(sheet, landscape=True)
