"""The roster workbook: the product's main output, written for call-center planners.

Sheets come in the order a planner reads them: who works when (Roster), whether demand is met
(Coverage), how good the answer is (Summary) and what each penalty was paid for (Violations).
Every figure is a value rather than a formula, so any spreadsheet program shows it without
recalculating, and it matches the evaluator's numbers exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Agent, Problem, Roster, RotationMode
from scheduler.evaluate import Evaluation
from scheduler.evaluate.rules.coverage import shift_service
from scheduler.io import styles
from scheduler.io.changes_sheet import add_replan_summary, mark_changed_cell, write_changes_sheet
from scheduler.io.fairness_sheet import duty_figures, write_fairness_sheet
from scheduler.io.files import save_workbook
from scheduler.io.pattern_sheet import write_pattern_sheet
from scheduler.io.queue_sheets import write_queue_coverage, write_queue_plan
from scheduler.io.replan_store import write_hidden_problem
from scheduler.io.staffing_workbook import add_interval_coverage
from scheduler.io.styles import ISO_DATE
from scheduler.io.supervision_sheet import wants_supervision_sheet, write_supervision_sheet
from scheduler.io.training_sheet import write_training_sheet
from scheduler.rerun import CellChange, ReplanReport
from scheduler.solve import SolveOptions, SolveResult

HEADER_DATE = "dd mmm"

IDENTITY_HEADERS = ("Agent id", "Name", "Team", "Contract")
FIRST_DAY_COLUMN = len(IDENTITY_HEADERS) + 1
TOTAL_HEADERS = (
    "Paid hours",
    "Shifts",
    "Weekends worked",
    "Holiday shifts",
    "Late shifts",
    "Night shifts",
)
TOTAL_FORMATS = ("0.0", "0", "0", "0", "0", "0")

COVERAGE_HEADERS = ("Date", "Weekday", "Shift", "Required", "Scheduled", "Short", "Surplus")
DAILY_HEADERS = ("Date", "Day", "Required", "Scheduled", "Short")
DAILY_FIRST_COLUMN = len(COVERAGE_HEADERS) + 2

VIOLATION_HEADERS = (
    "Rule",
    "Agent",
    "Date",
    "Shift",
    "Amount",
    "Weight",
    "Cost",
    "Explanation",
)

Totals = tuple[float, int, int, int, int, int]
SummaryItem = tuple[str, object, str]  # label, value, number format


def write_roster(
    problem: Problem, result: SolveResult, output: Path, replan: ReplanReport | None = None
) -> None:
    """Build the whole workbook before touching the disk, so a failure leaves no file behind."""
    save_workbook(build_roster_workbook(problem, result, replan), output)


def build_roster_workbook(
    problem: Problem, result: SolveResult, replan: ReplanReport | None = None
) -> Workbook:
    """Raises ``ValueError`` when the solve found no roster: there is nothing to publish.

    A re-plan's workbook also marks changed cells and lists them in a Changes sheet. Every
    roster workbook carries its problem in hidden sheets, for the next re-plan.
    """
    if result.roster is None or result.evaluation is None:
        raise ValueError(f"no roster to write: the solve ended with status '{result.status}'")
    workbook = styles.new_workbook()
    workbook.remove(workbook.worksheets[0])
    changed = {(c.agent_id, c.day): c for c in replan.changes} if replan else {}
    _write_roster_sheet(workbook.create_sheet("Roster"), problem, result.roster, changed)
    if problem.counts_intervals:
        add_interval_coverage(workbook, problem, result.roster)
    else:
        _write_coverage_sheet(workbook.create_sheet("Coverage"), problem, result.roster)
    if problem.queues:
        write_queue_coverage(workbook.create_sheet("Queue coverage"), problem, result.roster)
        write_queue_plan(workbook.create_sheet("Queue plan"), problem, result.roster)
    if wants_supervision_sheet(problem):
        write_supervision_sheet(
            workbook.create_sheet("Supervision"), problem, result.roster, result.evaluation
        )
    if problem.training:
        write_training_sheet(workbook.create_sheet("Training"), problem, result.roster)
    _write_summary_sheet(workbook.create_sheet("Summary"), problem, result, result.evaluation)
    _write_violations_sheet(workbook.create_sheet("Violations"), problem, result.evaluation)
    if problem.fairness.categories:
        write_fairness_sheet(workbook.create_sheet("Fairness"), problem, result.roster)
    if problem.rotation.mode is not RotationMode.FREE:
        write_pattern_sheet(workbook.create_sheet("Pattern"), problem, result.roster)
    if replan is not None:
        write_changes_sheet(workbook.create_sheet("Changes"), problem, replan)
        add_replan_summary(workbook["Summary"], problem, replan)
    write_hidden_problem(workbook, problem, result.roster)
    return workbook


# Roster ------------------------------------------------------------------------------------


def _write_roster_sheet(
    sheet: Worksheet,
    problem: Problem,
    roster: Roster,
    changed: Mapping[tuple[str, int], CellChange],
) -> None:
    header_rows = _write_roster_header(sheet, problem)
    for row, agent in enumerate(problem.agents, start=header_rows + 1):
        _write_agent_row(sheet, row, problem, roster, agent)
        for day in range(problem.period.days):
            change = changed.get((agent.id, day))
            if change is not None:
                mark_changed_cell(sheet.cell(row, FIRST_DAY_COLUMN + day), change)
    counts_row = header_rows + len(problem.agents) + 2
    legend_row = _write_shift_counts(sheet, counts_row, problem, roster) + 1
    _write_legend(sheet, legend_row, problem)
    _lay_out_roster(sheet, problem, header_rows)


def _write_roster_header(sheet: Worksheet, problem: Problem) -> int:
    """Weekday over date, then holiday names if the period has any; returns the row count.

    The names get a row of their own, besides a comment, because comments do not print.
    """
    period = problem.period
    title = f"Roster {period.start:%d %b %Y} to {period.end:%d %b %Y}"
    sheet.cell(1, 1, title).font = styles.TITLE_FONT
    styles.header_row(sheet, 2, 1, IDENTITY_HEADERS)
    for day, when in enumerate(period.dates):
        column = FIRST_DAY_COLUMN + day
        fill = styles.day_header_fill(period, day)
        styles.header(sheet.cell(1, column, f"{when:%a}"), fill)
        date_cell = styles.header(sheet.cell(2, column, when), fill)
        date_cell.number_format = HEADER_DATE
        if period.is_holiday(day):
            name = period.holiday_names[day]
            date_cell.comment = Comment(name, "scheduler")
            name_cell = styles.header(sheet.cell(3, column, name), fill)
            name_cell.font = styles.HOLIDAY_NAME_FONT
    styles.header_row(sheet, 2, FIRST_DAY_COLUMN + period.days, TOTAL_HEADERS)
    if not period.holidays:
        return 2
    label = sheet.cell(3, len(IDENTITY_HEADERS), "Public holiday")
    label.font = styles.NOTE_FONT
    label.alignment = Alignment(horizontal="right", vertical="center")
    return 3


def _write_agent_row(
    sheet: Worksheet, row: int, problem: Problem, roster: Roster, agent: Agent
) -> None:
    identity = (agent.id, agent.name, agent.team, problem.contract_of(agent).name)
    for column, value in enumerate(identity, start=1):
        sheet.cell(row, column, value).border = styles.GRID_BORDER
    leave = problem.leave_days(agent.id)
    for day in range(problem.period.days):
        cell = sheet.cell(row, FIRST_DAY_COLUMN + day)
        _write_day_cell(cell, problem, day, roster.shifts_on(agent.id, day), leave.get(day))
    totals = _agent_totals(problem, roster, agent.id)
    first_total = FIRST_DAY_COLUMN + problem.period.days
    for column, value, number_format in zip(
        range(first_total, first_total + len(totals)), totals, TOTAL_FORMATS, strict=True
    ):
        cell = sheet.cell(row, column, value)
        cell.number_format = number_format
        cell.border = styles.GRID_BORDER
        cell.alignment = styles.CENTRED


def _write_day_cell(
    cell: Cell, problem: Problem, day: int, codes: Sequence[str], leave_kind: str | None
) -> None:
    """A shift wins over leave: the sheet shows what the roster says, even a broken rule."""
    cell.border = styles.GRID_BORDER
    cell.alignment = styles.CENTRED
    if codes:
        shift = problem.shift_by_code[codes[0]]
        cell.value = "+".join(codes)
        cell.fill = styles.shift_fill(shift)
        cell.font = styles.shift_font(shift)
        return
    _shade_day(cell, problem, day)
    if leave_kind is not None:
        cell.value = leave_kind
        cell.font = styles.LEAVE_FONT


def _agent_totals(problem: Problem, roster: Roster, agent_id: str) -> Totals:
    """Paid hours, shifts, weekends, holiday, late and night shifts, as in ``TOTAL_HEADERS``.

    A weekend counts once if any of its days is worked, as the weekends rule counts it.
    """
    period = problem.period
    worked = [
        (day, problem.shift_by_code[code])
        for day in range(period.days)
        for code in roster.shifts_on(agent_id, day)
    ]
    categories = [shift.category.lower() for _, shift in worked]
    return (
        sum(shift.paid_minutes for _, shift in worked) / 60,
        len(worked),
        sum(any(roster.works(agent_id, d) for d in weekend) for weekend in period.weekends),
        sum(period.is_holiday(day) for day, _ in worked),
        categories.count("late"),
        categories.count("night"),
    )


def _write_shift_counts(sheet: Worksheet, first_row: int, problem: Problem, roster: Roster) -> int:
    """Agents scheduled per shift and day, marked where short; returns the next free row."""
    sheet.cell(first_row, 1, "Agents scheduled per shift").font = styles.HEADER_FONT
    for row, shift in enumerate(problem.shifts, start=first_row + 1):
        _shift_code_cell(sheet.cell(row, 1), shift.code, problem)
        sheet.cell(row, 2, shift.name).border = styles.GRID_BORDER
        for day in range(problem.period.days):
            scheduled = roster.count(day, shift.code)
            cell = sheet.cell(row, FIRST_DAY_COLUMN + day, scheduled)
            cell.border = styles.GRID_BORDER
            cell.alignment = styles.CENTRED
            if _missing(problem, roster, day, shift.code) > 0:
                styles.mark_short(cell)
            else:
                _shade_day(cell, problem, day)
    return first_row + len(problem.shifts) + 1


def _write_legend(sheet: Worksheet, first_row: int, problem: Problem) -> None:
    sheet.cell(first_row, 1, "Legend").font = styles.HEADER_FONT
    styles.header_row(sheet, first_row + 1, 1, ("Code", "Shift", "Times", "Paid hours"))
    row = first_row + 2
    for shift in problem.shifts:
        _shift_code_cell(sheet.cell(row, 1), shift.code, problem)
        sheet.cell(row, 2, shift.name)
        sheet.cell(row, 3, f"{shift.start_text}-{shift.end_text}")
        sheet.cell(row, 4, shift.paid_minutes / 60).number_format = "0.0"
        row += 1
    for kind in sorted(_absence_kinds(problem)):
        _legend_swatch(sheet, row, kind, None, styles.LEAVE_FONT, f"Absent: {kind}")
        row += 1
    _legend_swatch(sheet, row, None, styles.WEEKEND_FILL, None, "Weekend")
    _legend_swatch(sheet, row + 1, None, styles.HOLIDAY_FILL, None, "Public holiday")
    _legend_swatch(
        sheet,
        row + 2,
        0,
        styles.SHORTFALL_FILL,
        styles.SHORTFALL_FONT,
        "Fewer agents than required",
    )


def _legend_swatch(
    sheet: Worksheet,
    row: int,
    sample: str | int | None,
    fill: PatternFill | None,
    font: Font | None,
    meaning: str,
) -> None:
    cell = sheet.cell(row, 1, sample)
    cell.border = styles.GRID_BORDER
    cell.alignment = styles.CENTRED
    if fill is not None:
        cell.fill = fill
    if font is not None:
        cell.font = font
    sheet.cell(row, 2, meaning)


def _shift_code_cell(cell: Cell, code: str, problem: Problem) -> None:
    shift = problem.shift_by_code[code]
    cell.value = code
    cell.fill = styles.shift_fill(shift)
    cell.font = styles.shift_font(shift)
    cell.alignment = styles.CENTRED
    cell.border = styles.GRID_BORDER


def _lay_out_roster(sheet: Worksheet, problem: Problem, header_rows: int) -> None:
    """Keep names and dates in view while scrolling, and on every printed page."""
    sheet.freeze_panes = sheet.cell(header_rows + 1, FIRST_DAY_COLUMN).coordinate
    longest_name = max((len(agent.name) for agent in problem.agents), default=0)
    longest_day_text = max((len(text) for text in _day_cell_texts(problem)), default=0)
    widths = [10, min(max(longest_name + 2, 14), 32), 12, 14]
    widths += [max(7.5, min(longest_day_text + 2, 12))] * problem.period.days
    widths += [11] * len(TOTAL_HEADERS)
    styles.set_widths(sheet, widths)
    sheet.row_dimensions[2].height = 30
    if header_rows == 3:
        sheet.row_dimensions[3].height = 28
    sheet.print_title_rows = f"1:{header_rows}"
    sheet.print_title_cols = f"A:{get_column_letter(len(IDENTITY_HEADERS))}"
    styles.fit_to_page_width(sheet, landscape=True)


def _day_cell_texts(problem: Problem) -> Iterable[str]:
    yield from (shift.code for shift in problem.shifts)
    yield from _absence_kinds(problem)


def _absence_kinds(problem: Problem) -> set[str]:
    """Leave kinds the Roster shows, with the days before a new agent's start."""
    return {kind for agent in problem.agents for kind in problem.leave_days(agent.id).values()}


# Coverage ----------------------------------------------------------------------------------


def _write_coverage_sheet(sheet: Worksheet, problem: Problem, roster: Roster) -> None:
    styles.header_row(sheet, 1, 1, COVERAGE_HEADERS)
    row = 2
    for day, when in enumerate(problem.period.dates):
        for shift in problem.shifts:
            requirement = problem.requirements[day, shift.code]
            serving, short, surplus = shift_service(problem, roster, requirement)
            values = (when, f"{when:%a}", shift.code, requirement.required, serving)
            _write_coverage_row(sheet, row, values, short or -surplus)
            row += 1
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COVERAGE_HEADERS))}{row - 1}"
    last_daily_row = _write_daily_coverage(sheet, problem, roster)
    _add_coverage_chart(sheet, last_daily_row)
    styles.set_widths(sheet, [12, 9, 8, 10, 10, 8, 8, 3, 12, 12, 10, 10, 8])
    sheet.print_title_rows = "1:1"
    styles.fit_to_page_width(sheet, landscape=True)


def _missing(problem: Problem, roster: Roster, day: int, code: str) -> int:
    """Agents short (positive) or spare (negative), as the coverage rule counts them."""
    requirement = problem.requirements.get((day, code))
    if requirement is None:
        return 0
    _, short, surplus = shift_service(problem, roster, requirement)
    return short or -surplus


def _write_coverage_row(
    sheet: Worksheet, row: int, values: tuple[object, ...], missing: int
) -> None:
    """One (date, shift) line; the whole line turns red when agents are missing."""
    cells = [sheet.cell(row, column, value) for column, value in enumerate(values, start=1)]
    cells.append(sheet.cell(row, len(cells) + 1, max(missing, 0)))
    cells.append(sheet.cell(row, len(cells) + 1, max(-missing, 0)))
    cells[0].number_format = ISO_DATE
    for cell in cells:
        cell.border = styles.GRID_BORDER
        if missing > 0:
            cell.fill = styles.SHORTFALL_FILL
    if missing > 0:
        cells[-2].font = styles.SHORTFALL_FONT
    elif missing < 0:
        cells[-1].fill = styles.SURPLUS_FILL


def _write_daily_coverage(sheet: Worksheet, problem: Problem, roster: Roster) -> int:
    """Totals per day, the chart's data; returns the last row written."""
    styles.header_row(sheet, 1, DAILY_FIRST_COLUMN, DAILY_HEADERS)
    for row, (day, when) in enumerate(enumerate(problem.period.dates), start=2):
        requirements = [problem.requirements[day, s.code] for s in problem.shifts]
        required = sum(r.required for r in requirements)
        # As the shift rows count: call capacity in standard agents, or phone time.
        figures = [shift_service(problem, roster, r) for r in requirements]
        scheduled = round(sum(serving for serving, _, _ in figures), 2)
        short = sum(short for _, short, _ in figures)
        values = (when, f"{when:%a %d %b}", required, scheduled, short)
        for column, value in enumerate(values, start=DAILY_FIRST_COLUMN):
            sheet.cell(row, column, value).border = styles.GRID_BORDER
        sheet.cell(row, DAILY_FIRST_COLUMN).number_format = ISO_DATE
        if short:
            styles.mark_short(sheet.cell(row, DAILY_FIRST_COLUMN + len(values) - 1))
    return problem.period.days + 1


def _add_coverage_chart(sheet: Worksheet, last_row: int) -> None:
    """Clustered columns of required against scheduled agents, below the daily table.

    Categories come from the text day column: date cells would show as serial numbers in
    some programs' chart axes.
    """
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.gapWidth = 60
    chart.title = "Required and scheduled agents"
    chart.y_axis.title = "Agents"
    chart.x_axis.title = "Day"
    # openpyxl 3.1 hides both axes unless told otherwise.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.scaling.min = 0
    required_column = DAILY_FIRST_COLUMN + 2
    data = Reference(
        sheet, min_col=required_column, max_col=required_column + 1, min_row=1, max_row=last_row
    )
    chart.add_data(data, titles_from_data=True)
    labels = Reference(sheet, min_col=DAILY_FIRST_COLUMN + 1, min_row=2, max_row=last_row)
    chart.set_categories(labels)
    required_series, scheduled_series = chart.series
    required_series.graphicalProperties.solidFill = "A6A6A6"
    scheduled_series.graphicalProperties.solidFill = "2F5597"
    chart.width = max(16.0, 0.8 * (last_row - 1))
    chart.height = 8.0
    sheet.add_chart(chart, f"{get_column_letter(DAILY_FIRST_COLUMN)}{last_row + 3}")


# Summary -----------------------------------------------------------------------------------


def _write_summary_sheet(
    sheet: Worksheet, problem: Problem, result: SolveResult, evaluation: Evaluation
) -> None:
    sheet.cell(1, 1, f"Solve summary: {problem.name}").font = styles.TITLE_FONT
    row = 3
    for title, items in (
        ("Solve", _solve_items(result)),
        ("Parameters", _parameter_items(result.options)),
        ("Problem", _problem_items(problem)),
        ("Findings", _finding_items(evaluation, result.relaxed)),
        ("Fairness (duty per agent)", _fairness_items(problem, result)),
    ):
        row = _write_section(sheet, row, title, items) + 1
    _write_penalty_families(sheet, row, evaluation)
    styles.set_widths(sheet, [28, 16, 10])
    styles.fit_to_page_width(sheet, landscape=False)


def _fairness_items(problem: Problem, result: SolveResult) -> list[SummaryItem]:
    assert result.roster is not None
    items: list[SummaryItem] = []
    for duty in duty_figures(problem, result.roster):
        spread = f"{duty.spread} overall, {duty.spread_within_contract} within a contract"
        items.append((f"{duty.label}: spread", spread, "General"))
        items.append((f"{duty.label}: Gini", round(duty.gini, 3), "0.000"))
        items.append((f"{duty.label}: largest deviation", round(duty.worst_deviation, 1), "0.0"))
    return items


def _solve_items(result: SolveResult) -> list[SummaryItem]:
    return [
        ("Status", result.status.value, "General"),
        ("Objective", result.objective, "#,##0"),
        ("Best bound", result.best_bound, "#,##0"),
        ("Gap", "n/a" if result.gap is None else result.gap, "0.00%"),
        ("Wall time (s)", result.wall_time, "0.00"),
    ]


def _parameter_items(options: SolveOptions) -> list[SummaryItem]:
    """Say what was really limited: a deterministic solve counts CP-SAT's deterministic time,
    not seconds, and zero workers leaves the count to CP-SAT.
    """
    limit = "Deterministic time limit" if options.deterministic else "Time limit (s)"
    return [
        (limit, options.time_limit, "General"),
        ("Workers", options.workers or "chosen by CP-SAT", "General"),
        ("Seed", options.seed, "General"),
        ("Deterministic", "yes" if options.deterministic else "no", "General"),
    ]


def _problem_items(problem: Problem) -> list[SummaryItem]:
    return [
        ("Name", problem.name, "General"),
        ("Agents", len(problem.agents), "General"),
        ("Days", problem.period.days, "General"),
        ("Shift types", len(problem.shifts), "General"),
        ("Fairness", _fairness_text(problem), "General"),
        ("Rotation", _rotation_text(problem), "General"),
        ("First date", problem.period.start, ISO_DATE),
        ("Last date", problem.period.end, ISO_DATE),
    ]


def _fairness_text(problem: Problem) -> str:
    fairness = problem.fairness
    if fairness.weight == 0 or not fairness.categories:
        return "off"
    text = f"weight {fairness.weight}"
    if fairness.tolerance is not None:
        text += f", coverage first (tolerance {fairness.tolerance:g} %)"
    return text


def _rotation_text(problem: Problem) -> str:
    rotation = problem.rotation
    if rotation.mode is RotationMode.FREE:
        return "free"
    how = "hard" if rotation.hard else f"soft, weight {rotation.weight}"
    if rotation.mode is RotationMode.CYCLIC:
        weeks = sorted({problem.pattern_weeks(a.contract_id) for a in problem.agents})
        return f"cyclic, {'/'.join(map(str, weeks))}-week pattern ({how}); see Pattern"
    return f"weekly blocks of {' / '.join(rotation.cycle)} ({how}); see Pattern"


def _finding_items(evaluation: Evaluation, relaxed: Sequence[object]) -> list[SummaryItem]:
    return [
        ("Hard violations", len(evaluation.violations), "General"),
        ("Hard rules relaxed (--soften)", len(relaxed), "General"),
        ("Soft penalty total", evaluation.total, "#,##0"),
    ]


def _write_section(sheet: Worksheet, row: int, title: str, items: list[SummaryItem]) -> int:
    """A heading and label/value lines; returns the next free row."""
    styles.header_row(sheet, row, 1, (title, ""))
    sheet.cell(row, 1).alignment = Alignment(horizontal="left", vertical="center")
    for offset, (label, value, number_format) in enumerate(items, start=1):
        sheet.cell(row + offset, 1, label).border = styles.GRID_BORDER
        cell = sheet.cell(row + offset, 2, value)
        cell.number_format = number_format
        cell.border = styles.GRID_BORDER
        cell.alignment = Alignment(horizontal="right")
    return row + len(items) + 1


def _write_penalty_families(sheet: Worksheet, row: int, evaluation: Evaluation) -> None:
    """Every soft family, also those that cost nothing, so a zero reads as checked."""
    styles.header_row(sheet, row, 1, ("Soft rule", "Cost", "Terms"))
    for offset, (family, cost) in enumerate(evaluation.cost_by_family().items(), start=1):
        terms = sum(penalty.family is family for penalty in evaluation.penalties)
        for column, value in enumerate((family.title, cost, terms), start=1):
            sheet.cell(row + offset, column, value).border = styles.GRID_BORDER
        sheet.cell(row + offset, 2).number_format = "#,##0"


# Violations --------------------------------------------------------------------------------


def _write_violations_sheet(sheet: Worksheet, problem: Problem, evaluation: Evaluation) -> None:
    """Costliest first, so a planner reads the penalties that matter most before the rest."""
    styles.header_row(sheet, 1, 1, VIOLATION_HEADERS)
    # Hard rules broken under --soften come first: the roster cannot be published as it is.
    for row, violation in enumerate(evaluation.violations, start=2):
        when = None if violation.day is None else problem.period.dates[violation.day]
        values = (
            f"HARD: {violation.family.title}",
            violation.agent_id,
            when,
            None,
            None,
            None,
            None,
            violation.message,
        )
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row, column, value)
            cell.border = styles.GRID_BORDER
            cell.alignment = styles.WRAPPED
            cell.font = styles.SHORTFALL_FONT
        sheet.cell(row, 3).number_format = ISO_DATE
    first = len(evaluation.violations) + 2
    penalties = sorted(evaluation.penalties, key=lambda p: (-p.cost, p.day is None, p.day or 0))
    if not penalties and not evaluation.violations:
        note = "No soft rule was broken: every demand is covered and every request granted."
        sheet.cell(2, 1, note).font = styles.NOTE_FONT
    for row, penalty in enumerate(penalties, start=first):
        when = None if penalty.day is None else problem.period.dates[penalty.day]
        values = (
            penalty.family.title,
            penalty.agent_id,
            when,
            penalty.shift,
            penalty.amount,
            penalty.weight,
            penalty.cost,
            penalty.message,
        )
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row, column, value)
            cell.border = styles.GRID_BORDER
            cell.alignment = styles.WRAPPED
        sheet.cell(row, 3).number_format = ISO_DATE
    last_row = max(len(penalties) + len(evaluation.violations), 1) + 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(VIOLATION_HEADERS))}{last_row}"
    sheet.freeze_panes = "A2"
    styles.set_widths(sheet, [24, 10, 12, 7, 9, 9, 9, 80])
    sheet.print_title_rows = "1:1"
    styles.fit_to_page_width(sheet, landscape=True)


def _shade_day(cell: Cell, problem: Problem, day: int) -> None:
    fill = styles.day_fill(problem.period, day)
    if fill is not None:
        cell.fill = fill
