"""Shared style objects: a workbook that finds them by identity styles cells as openpyxl's
own does."""

from openpyxl import Workbook
from openpyxl.styles import Font

from scheduler.io import styles


def _styled(workbook: Workbook) -> list[tuple[object, ...]]:
    sheet = workbook.active
    for row in range(1, 4):
        sheet.cell(row, 1).font = styles.HEADER_FONT
        sheet.cell(row, 2).border = styles.GRID_BORDER
        sheet.cell(row, 3).fill = styles.SHORTFALL_FILL if row % 2 else styles.SURPLUS_FILL
        sheet.cell(row, 4).font = Font(bold=True, color=styles.DARK_TEXT)  # equal, not shared
    cells = [tuple(cell._style) for line in sheet.iter_rows() for cell in line]
    return [cells, list(workbook._fonts), list(workbook._borders), list(workbook._fills)]


def test_cells_take_the_same_styles_as_in_a_plain_workbook():
    fast, plain = styles.new_workbook(), Workbook()
    assert _styled(fast) == _styled(plain)
    # An equal style object that is not the shared one still finds the shared one's entry.
    assert fast.active.cell(1, 4)._style.fontId == fast.active.cell(1, 1)._style.fontId
