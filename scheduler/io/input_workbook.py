"""Write an input workbook: empty as a template, or filled from a ``Problem`` (the example).

Every header carries a comment from the schema and columns get drop-downs where the values
come from a list (shift codes, agent ids, contracts, yes-or-no style words), so a planner can
fill the template without reading the README.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Problem
from scheduler.io.files import save_workbook
from scheduler.io.input_tables import input_tables
from scheduler.io.schema import SHEETS, Column, Kind, Sheet
from scheduler.io.styles import HEADER_FILL, HEADER_FONT, TITLE_FONT, new_workbook

VALIDATED_ROWS = 2000


def write_input(problem: Problem | None, output: Path) -> None:
    """Write the input workbook; ``None`` gives an empty template with default settings."""
    workbook = new_workbook()
    guide = workbook.active
    assert guide is not None
    guide.title = "Guide"
    _write_guide(guide)
    rows = input_tables(problem)
    for sheet in SHEETS:
        _write_table(workbook.create_sheet(sheet.name), sheet, rows[sheet.name])
    save_workbook(workbook, output)


def _write_guide(ws: Worksheet) -> None:
    ws.append(["How to fill this workbook"])
    ws["A1"].font = TITLE_FONT
    ws.append(["Fill the sheets below, then run: scheduler solve THIS_FILE.xlsx -o roster.xlsx"])
    ws.append(
        [
            "Hover over a column header to see what it expects. Blank optional cells take "
            "their default."
        ]
    )
    ws.append([])
    ws.append(["Sheet", "Column", "Required", "Expects", "Meaning"])
    _style_header(ws, 5)
    for sheet in SHEETS:
        ws.append([sheet.name, "", "yes" if sheet.required else "no", "", sheet.help])
        ws.cell(ws.max_row, 1).font = HEADER_FONT
        for column in sheet.columns:
            ws.append(
                ["", column.name, "yes" if column.required else "", column.expected, column.help]
            )
    for letter, width in zip("ABCDE", (12, 26, 10, 36, 90), strict=True):
        ws.column_dimensions[letter].width = width


def _write_table(ws: Worksheet, sheet: Sheet, rows: list[list[object]]) -> None:
    ws.append([c.name for c in sheet.columns])
    _style_header(ws, 1)
    for index, column in enumerate(sheet.columns, start=1):
        required = " (required)" if column.required else ""
        ws.cell(1, index).comment = Comment(
            f"{column.help}{required}\nExpects {column.expected}.", "scheduler", 120, 320
        )
        ws.column_dimensions[get_column_letter(index)].width = max(12, len(column.name) + 4)
    for row in rows:
        ws.append(row)
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        for cell in ws[letter][1:]:
            if column.kind is Kind.DATE:
                cell.number_format = "yyyy-mm-dd"
            elif column.kind is Kind.TIME:
                cell.number_format = "hh:mm"
        validation = _validation(column)
        if validation is not None:
            ws.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
    ws.freeze_panes = "A2"


def _validation(column: Column) -> DataValidation | None:
    """A drop-down or number check for the column, or None where free text is right."""
    if column.kind is Kind.CODES:
        return None  # comma-separated lists cannot be checked by a list validation
    if column.lookup is not None:
        # Ids live in column A of the referenced sheet; where other words are valid too the
        # drop-down only suggests.
        formula = f"{column.lookup}!$A$2:$A${VALIDATED_ROWS}"
        return _list_validation(column, formula, strict=not column.also)
    if column.choices:
        return _list_validation(column, f'"{",".join(column.choices)}"', not column.open_choices)
    if column.kind in (Kind.INTEGER, Kind.NUMBER) and column.minimum is not None:
        bounded = column.maximum is not None
        return DataValidation(
            type="whole" if column.kind is Kind.INTEGER else "decimal",
            operator="between" if bounded else "greaterThanOrEqual",
            formula1=f"{column.minimum:.15g}",
            formula2=f"{column.maximum:.15g}" if bounded else None,
            allow_blank=True,
            showErrorMessage=True,
            error=f"Expected {column.expected}.",
            errorTitle=f"Invalid {column.name}",
        )
    return None


def _list_validation(column: Column, formula: str, strict: bool) -> DataValidation:
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=strict,
        error=f"Expected {column.expected}.",
        errorTitle=f"Invalid {column.name}",
    )


def _style_header(ws: Worksheet, row: int) -> None:
    for cell in ws[row]:
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
