"""Fills, fonts and borders shared by the workbook writers.

Colours must read on a screen and on a black-and-white printer alike: light fills carry dark
text, and a dark fill (nights, or any dark ``ShiftType.colour``) carries bold white text, so no
cell depends on hue alone. Style objects are immutable in openpyxl, so one instance serves
every cell that uses it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Period, ShiftType

CATEGORY_COLOURS: Mapping[str, str] = MappingProxyType(
    {
        "early": "FFE699",  # amber
        "day": "C6E0B4",  # green
        "late": "9BC2E6",  # blue
        "night": "203764",  # navy, the one dark category
    }
)
OTHER_CATEGORY_COLOUR = "D9D2E9"  # lilac, for categories a site invents

DARK_TEXT = "1F1F1F"
LIGHT_TEXT = "FFFFFF"


class _StylesByIdentity(IndexedList):
    """A workbook's list of fonts, fills, borders, alignments or protections that finds a
    style object it has seen by the object's identity before hashing it.

    openpyxl hashes a style's every attribute, recursively, on each cell it is given to (a
    border hashes four sides and their colours): the skilled example's roster workbook
    makes 180,000 such assignments, and took 3.4 s to build, against 1.6 s with this list.
    The writers give cells the same few shared objects (these module constants), so each
    is hashed once.
    """

    def __init__(self, known: IndexedList) -> None:
        super().__init__(known)
        self._seen: dict[int, tuple[object, int]] = {}

    def add(self, value: object) -> int:
        seen = self._seen.get(id(value))
        if seen is not None and seen[0] is value:
            return seen[1]
        index = super().add(value)
        # The object is held, so its identity cannot pass to another while this list lives.
        self._seen[id(value)] = (value, index)
        return index


def new_workbook() -> Workbook:
    """An empty workbook whose cells take shared style objects fast (``_StylesByIdentity``)."""
    workbook = Workbook()
    for name in ("_fonts", "_fills", "_borders", "_alignments", "_protections"):
        known = getattr(workbook, name)
        if type(known) is IndexedList:  # as openpyxl 3.1 keeps them; else left as it is
            setattr(workbook, name, _StylesByIdentity(known))
    return workbook


def solid(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


# Number formats every sheet shares: dates as 2026-12-07, shares as 80.0 %.
ISO_DATE = "yyyy-mm-dd"
PERCENT = "0.0%"

HEADER_FONT = Font(bold=True, color=DARK_TEXT)
HEADER_FILL = solid("D9E1F2")
TITLE_FONT = Font(bold=True, size=13)
NOTE_FONT = Font(italic=True, color="595959")
HOLIDAY_NAME_FONT = Font(italic=True, size=8, color="833C0B")

WEEKEND_FILL = solid("EDEDED")
WEEKEND_HEADER_FILL = solid("C9C9C9")
HOLIDAY_FILL = solid("FCE4D6")
HOLIDAY_HEADER_FILL = solid("F4B084")

LEAVE_FONT = Font(italic=True, color="7F7F7F")
SHORTFALL_FILL = solid("FFC7CE")
SHORTFALL_FONT = Font(bold=True, color="9C0006")
SURPLUS_FILL = solid("FFEB9C")

_THIN = Side(style="thin", color="BFBFBF")
GRID_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
CENTRED = Alignment(horizontal="center", vertical="center")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAPPED = Alignment(vertical="top", wrap_text=True)


def shift_colour(shift: ShiftType) -> str:
    """The shift's own colour (``ShiftType`` checks it is ``RRGGBB``), else its category's."""
    if shift.colour is None:
        return CATEGORY_COLOURS.get(shift.category.lower(), OTHER_CATEGORY_COLOUR)
    return shift.colour


def shift_fill(shift: ShiftType) -> PatternFill:
    return solid(shift_colour(shift))


def shift_font(shift: ShiftType) -> Font:
    """Bold text in whichever of dark or white contrasts with the shift's fill."""
    return Font(bold=True, color=LIGHT_TEXT if is_dark(shift_colour(shift)) else DARK_TEXT)


def is_dark(colour: str) -> bool:
    """Perceived brightness below half, by the ITU-R BT.601 luma weights."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.299 * red + 0.587 * green + 0.114 * blue < 128


def day_fill(period: Period, day: int) -> PatternFill | None:
    """Shading of a day column's body; a holiday on a weekend shows as a holiday."""
    if period.is_holiday(day):
        return HOLIDAY_FILL
    return WEEKEND_FILL if period.is_weekend(day) else None


def day_header_fill(period: Period, day: int) -> PatternFill:
    if period.is_holiday(day):
        return HOLIDAY_HEADER_FILL
    return WEEKEND_HEADER_FILL if period.is_weekend(day) else HEADER_FILL


# Layout helpers shared by every sheet writer ------------------------------------------------


def header(cell: Cell, fill: PatternFill = HEADER_FILL) -> Cell:
    cell.font = HEADER_FONT
    cell.fill = fill
    cell.alignment = HEADER_ALIGNMENT
    cell.border = GRID_BORDER
    return cell


def header_row(sheet: Worksheet, row: int, first_column: int, labels: Sequence[str]) -> None:
    for column, label in enumerate(labels, start=first_column):
        header(sheet.cell(row, column, label))


def mark_short(cell: Cell) -> None:
    cell.fill = SHORTFALL_FILL
    cell.font = SHORTFALL_FONT


def set_widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def fit_to_page_width(sheet: Worksheet, *, landscape: bool) -> None:
    """One page wide, as many pages tall as needed: a table is read across a whole row."""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
