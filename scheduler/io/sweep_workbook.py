"""The comparison workbooks of ``scheduler sweep`` and ``scheduler hire``.

A row per scenario (or per headcount tried) with the figures planners compare, a native chart,
and a link to each scenario's own roster workbook, written beside the comparison. Values, not
formulas, as in every workbook the tool writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference, ScatterChart, Series
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.io import styles
from scheduler.io.styles import PERCENT
from scheduler.whatif.sweep import ScenarioResult

FIGURE_HEADERS = (
    "Status",
    "Objective",
    "Best bound",
    "Gap",
    "Shortfall (agent-hours)",
    "Surplus (agent-hours)",
    "Service level",
    "Intervals below target",
    "Intervals no shift covers",
    "Overtime (hours)",
    "Fairness spread",
    "Agents",
    "Time (s)",
    "Roster",
)
FIGURE_FORMATS = ("", "#,##0", "#,##0", PERCENT, "#,##0.0", "#,##0.0", PERCENT, "0", "0")
FIGURE_FORMATS += ("#,##0.0", "0", "0", "0.0", "")
SHORTFALL, OVERTIME = (
    FIGURE_HEADERS.index(h) for h in ("Shortfall (agent-hours)", "Overtime (hours)")
)


def roster_folder(output: Path) -> Path:
    """Scenario rosters go in a folder named after the comparison workbook, beside it."""
    return output.with_name(f"{output.stem}-rosters")


def roster_file(output: Path, number: int) -> Path:
    return roster_folder(output) / f"scenario-{number:02d}.xlsx"


def build_sweep_workbook(
    results: Sequence[ScenarioResult],
    output: Path,
    written: set[int],
    summary: Sequence[tuple[str, object]],
) -> Workbook:
    """``written`` are the scenario numbers whose roster file exists."""
    workbook = styles.new_workbook()
    sheet = workbook.active
    sheet.title = "Scenarios"
    names = [v.name for v, _ in results[0].scenario.values] if results else []
    headers = ["#", "Scenario", *names, *FIGURE_HEADERS]
    styles.header_row(sheet, 1, 1, headers)
    for row, result in enumerate(results, start=2):
        scenario = result.scenario
        leading: list[object] = [scenario.number, scenario.label]
        leading += [_typed(value) for _, value in scenario.values]
        for column, value in enumerate(leading, start=1):
            sheet.cell(row, column, value).border = styles.GRID_BORDER
        _write_figures(sheet, row, len(leading) + 1, result, output, written)
    last = len(results) + 1
    first_figure = 3 + len(names)
    sheet.freeze_panes = sheet.cell(2, 3)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{last}"
    styles.set_widths(sheet, [5, 34, *([12] * len(names)), 26, *([12] * 13)])
    if results:
        _add_bar_chart(sheet, last, first_figure, f"{get_column_letter(len(headers) + 2)}2")
    _write_summary(workbook.create_sheet("Summary"), summary)
    return workbook


def build_hire_workbook(
    results: Sequence[tuple[int, ScenarioResult]],
    output: Path,
    written: set[int],
    summary: Sequence[tuple[str, object]],
    allowed: int,
) -> Workbook:
    """One row per headcount tried (added agents, ascending) and the shortfall curve;
    ``allowed`` intervals (or shifts) may miss the target."""
    workbook = styles.new_workbook()
    sheet = workbook.active
    sheet.title = "Headcount"
    headers = ["Agents added", "Meets target", *FIGURE_HEADERS]
    styles.header_row(sheet, 1, 1, headers)
    for row, (added, result) in enumerate(results, start=2):
        meets = result.figures.meets_target(allowed) if result.figures else False
        sheet.cell(row, 1, added).border = styles.GRID_BORDER
        sheet.cell(row, 2, "yes" if meets else "no").border = styles.GRID_BORDER
        _write_figures(sheet, row, 3, result, output, written)
    last = len(results) + 1
    sheet.freeze_panes = "B2"
    styles.set_widths(sheet, [12, 12, 26, *([12] * 13)])
    if results:
        _add_curve(sheet, last, f"{get_column_letter(len(headers) + 2)}2")
    _write_summary(workbook.create_sheet("Summary"), summary)
    return workbook


def _typed(value: str) -> object:
    """A varied value as a number where it is one, so the column sorts and charts."""
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() and "." not in value else number


def _write_figures(
    sheet: Worksheet,
    row: int,
    first: int,
    result: ScenarioResult,
    output: Path,
    written: set[int],
) -> None:
    """The figures from column ``first`` on, ending with a link to the scenario's roster
    when it was ``written``."""
    solved = result.outcome.result
    figures = result.figures
    values: list[object] = [result.status]
    if solved is not None and figures is not None:
        values += [
            solved.objective,
            solved.best_bound,
            solved.gap,
            figures.shortfall_hours,
            figures.surplus_hours,
            figures.service_level,
            figures.intervals_below_target,
            figures.unattended_intervals,
            figures.overtime_hours,
            figures.fairness_spread,
            len(result.scenario.problem.agents),
        ]
    else:
        values += [None] * 10 + [len(result.scenario.problem.agents)]
    values += [round(result.outcome.seconds, 1)]
    for offset, (value, number_format) in enumerate(zip(values, FIGURE_FORMATS, strict=False)):
        cell = sheet.cell(row, first + offset, value)
        cell.border = styles.GRID_BORDER
        if number_format:
            cell.number_format = number_format
    if solved is None or solved.roster is None:
        styles.mark_short(sheet.cell(row, first))
    cell = sheet.cell(row, first + len(values))
    cell.border = styles.GRID_BORDER
    if result.scenario.number in written:
        link = roster_file(output, result.scenario.number)
        relative = link.relative_to(output.parent).as_posix()
        cell.value = relative
        cell.hyperlink = relative
        cell.style = "Hyperlink"
        cell.border = styles.GRID_BORDER


def _add_bar_chart(sheet: Worksheet, last: int, first_figure: int, anchor: str) -> None:
    """Shortfall and overtime per scenario, side by side."""
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = "Shortfall and overtime per scenario"
    chart.y_axis.title = "Hours"
    chart.x_axis.title = "Scenario"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    for offset in (SHORTFALL, OVERTIME):
        column = first_figure + offset
        chart.add_data(
            Reference(sheet, min_col=column, min_row=1, max_row=last), titles_from_data=True
        )
    chart.set_categories(Reference(sheet, min_col=2, min_row=2, max_row=last))
    chart.width = max(18.0, 1.6 * last)
    chart.height = 9.0
    sheet.add_chart(chart, anchor)


def _add_curve(sheet: Worksheet, last: int, anchor: str) -> None:
    """Shortfall against agents added, as points joined by a line."""
    chart = ScatterChart()
    chart.title = "Shortfall against agents added"
    chart.style = 13
    chart.x_axis.title = "Agents added"
    chart.y_axis.title = "Shortfall (agent-hours)"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    xs = Reference(sheet, min_col=1, min_row=2, max_row=last)
    ys = Reference(sheet, min_col=3 + SHORTFALL, min_row=1, max_row=last)
    series = Series(ys, xs, title_from_data=True)
    series.marker.symbol = "circle"
    chart.series.append(series)
    chart.width = 18.0
    chart.height = 9.0
    sheet.add_chart(chart, anchor)


def _write_summary(sheet: Worksheet, items: Sequence[tuple[str, object]]) -> None:
    sheet.cell(1, 1, "What-if summary").font = styles.TITLE_FONT
    rows = [*items, ("Written", datetime.now().replace(microsecond=0))]
    for row, (label, value) in enumerate(rows, start=3):
        sheet.cell(row, 1, label).font = styles.HEADER_FONT
        cell = sheet.cell(row, 2, value)
        if isinstance(value, datetime):
            cell.number_format = "yyyy-mm-dd hh:mm"
        cell.alignment = styles.WRAPPED
    styles.set_widths(sheet, [28, 90])
