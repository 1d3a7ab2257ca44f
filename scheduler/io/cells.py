"""Turn raw cell values (from Excel or CSV text) into typed values, or say what was wrong.

Excel gives numbers, dates and times as typed values while CSV gives text, so every parser
accepts both; ids typed as numbers (1001 shown as 1001.0) come back as the text "1001".

Numbers typed as text follow one rule, whatever the planner's locale: surrounding spaces are
ignored, one dot or one comma is the decimal mark (1.5 and 1,5 are the same), and thousands
separators are refused rather than guessed, since "1,000" is one thousand in English and one
in German. A mark followed by exactly three digits after a non-zero whole part ("1,000",
"12.500") reads both ways and is refused too; "0,125" and "1.25" are unambiguous.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from scheduler.io.schema import Column, Kind

_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_NUMBER = re.compile(r"[+-]?(\d*)(?:[.,](\d*))?(?:[eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:[,.' \u00a0\u202f]\d{3})+(?:[.,]\d+)?")
_WITHOUT_GROUPING = "without thousands separators (1000, not 1,000 or 1.000 or 1 000)"
# Excel stores whole numbers computed by a formula, =(0.1+0.2)*10, with float noise.
_WHOLE_TOLERANCE = 1e-9


class CellError(ValueError):
    """The cell holds something other than what its column expects.

    ``expected`` replaces the column's own description when the fault is more specific than a
    wrong type (a formula without a result, an ambiguous thousands separator).
    """

    def __init__(self, expected: str | None = None) -> None:
        super().__init__(expected)
        self.expected = expected


class FaultyCell(str):
    """The text of a cell no column can accept, and what the user should do about it.

    The workbook reader puts one where a formula has no computed result or Excel shows an error
    value: read naively the first looks blank and the second like text, so either would pass
    unnoticed. As a non-blank value it is reported in its row like any other bad cell.
    """

    expected: str

    def __new__(cls, text: str, expected: str) -> FaultyCell:
        cell = super().__new__(cls, text)
        cell.expected = expected
        return cell


class _GroupedDigits(CellError):
    """Digits with a thousands separator, or a mark that may be one."""


# Day 0 of spreadsheet serial dates: what a time alone reads as when stored with a date.
EXCEL_EPOCH = date(1899, 12, 30)
# Serial numbers up to 366 read as dates in 1900: a number typed into a date or time cell.
SERIAL_YEAR_END = date(1900, 12, 31)


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_cell(column: Column, value: object) -> object:
    """The typed value of a non-blank cell; raises ``CellError`` when it does not fit."""
    if isinstance(value, FaultyCell):
        raise CellError(value.expected)
    try:
        parsed = _PARSERS[column.kind](value)
    except _GroupedDigits as error:
        raise CellError(f"{column.expected}, {_WITHOUT_GROUPING}") from error
    if column.kind in (Kind.INTEGER, Kind.NUMBER):
        if column.minimum is not None and parsed < column.minimum:  # type: ignore[operator]
            raise CellError
        if column.maximum is not None and parsed > column.maximum:  # type: ignore[operator]
            raise CellError
    if column.choices and not column.open_choices and parsed not in column.choices:
        lowered = str(parsed).lower()
        if lowered not in column.choices:
            raise CellError
        parsed = lowered
    return parsed


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        raise CellError
    text = str(value).strip()
    if ILLEGAL_CHARACTERS_RE.search(text):
        # Control characters (possible in CSV) cannot be written to the roster workbook.
        raise CellError("text without control characters")
    return text


def _integer(value: object) -> int:
    number = _number(value)
    whole = round(number)
    if abs(number - whole) > _WHOLE_TOLERANCE * max(1.0, abs(number)):
        raise CellError
    return whole


def _number(value: object) -> float:
    if isinstance(value, bool):
        raise CellError
    if isinstance(value, int | float):
        try:
            result = float(value)
        except OverflowError as error:  # an integer of hundreds of digits, from a script
            raise CellError from error
    elif isinstance(value, str):
        result = _number_text(value.strip())
    else:
        raise CellError
    if not math.isfinite(result):
        raise CellError
    return result


def _number_text(text: str) -> float:
    match = _NUMBER.fullmatch(text)
    if match is None or not (match[1] or match[2]):
        if _GROUPED.fullmatch(text):
            raise _GroupedDigits
        raise CellError
    whole, fraction = match[1], match[2]
    if fraction is not None and len(fraction) == 3 and whole.lstrip("0") and len(whole) <= 3:
        raise _GroupedDigits
    return float(text.replace(",", "."))


def _date(value: object) -> date:
    if isinstance(value, datetime):
        if value.time() != time(0):
            raise CellError
        return _date(value.date())
    if isinstance(value, date):
        if value <= SERIAL_YEAR_END:
            # A small number in a date-formatted cell: 7 shows as 1900-01-07.
            raise CellError(
                "a date like 2026-12-07 (a number in a date cell counts days from 1900)"
            )
        return value
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError as error:
            raise CellError from error
        return _date(moment)
    raise CellError


def _time(value: object) -> time:
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, datetime):
        if EXCEL_EPOCH + timedelta(days=1) < value.date() <= SERIAL_YEAR_END:
            # A number of 1 or more in a time-formatted cell is days: 7.5 would read 12:00.
            # (A real date and time, as phone-system exports give, keeps its time.)
            raise CellError("a time of day like 06:30 (a number in a time cell counts days)")
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, timedelta):
        minutes = round(value.total_seconds() / 60)
        if 0 <= minutes < 24 * 60:
            return time(minutes // 60, minutes % 60)
        raise CellError
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 1:
        # Excel stores a time typed into a General cell as a fraction of a day.
        minutes = round(value * 24 * 60)
        return time(minutes // 60 % 24, minutes % 60)
    if isinstance(value, str) and (match := _TIME.match(value.strip())):
        hours, minutes = int(match[1]), int(match[2])
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
    raise CellError


def _codes(value: object) -> tuple[str, ...]:
    text = _text(value)
    return tuple(part.strip() for part in re.split(r"[,;]", text) if part.strip())


_PARSERS = {
    Kind.TEXT: _text,
    Kind.INTEGER: _integer,
    Kind.NUMBER: _number,
    Kind.DATE: _date,
    Kind.TIME: _time,
    Kind.CODES: _codes,
}
