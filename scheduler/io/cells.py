"""Turn raw cell values (from Excel or CSV text) into typed values, or say what was wrong.

Excel gives numbers, dates and times as typed values while CSV gives text, so every parser
accepts both; ids typed as numbers (1001 shown as 1001.0) come back as the text "1001".
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from scheduler.io.schema import Column, Kind

_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


class CellError(ValueError):
    """The cell holds something other than what its column expects."""


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_cell(column: Column, value: object) -> object:
    """The typed value of a non-blank cell; raises ``CellError`` when it does not fit."""
    parsed = _PARSERS[column.kind](value)
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
    return str(value).strip()


def _integer(value: object) -> int:
    if isinstance(value, bool):
        raise CellError
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"[+-]?\d+(\.0*)?", value.strip()):
        return int(float(value))
    raise CellError


def _number(value: object) -> float:
    if isinstance(value, bool):
        raise CellError
    if isinstance(value, int | float):
        result = float(value)
    elif isinstance(value, str):
        try:
            result = float(value.strip().replace(",", "."))
        except ValueError as error:
            raise CellError from error
    else:
        raise CellError
    if result != result or result in (float("inf"), float("-inf")):
        raise CellError
    return result


def _date(value: object) -> date:
    if isinstance(value, datetime):
        if value.time() != time(0):
            raise CellError
        return value.date()
    if isinstance(value, date):
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
