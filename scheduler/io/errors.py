"""Problems found in a user's input, each pinned to a sheet, row, column and value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time


@dataclass(frozen=True, slots=True)
class InputIssue:
    sheet: str
    row: int | None
    column: str | None
    value: object
    expected: str

    def __str__(self) -> str:
        where = [self.sheet]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        shown = "" if self.value is None else f": {_shown(self.value)}"
        return f"{', '.join(where)}{shown}: expected {self.expected}"


def _shown(value: object) -> str:
    """A cell's value as a planner would type it, not as Python spells it."""
    if isinstance(value, datetime) and value.time() != time(0):
        return repr(value.isoformat(sep=" ", timespec="minutes"))
    if isinstance(value, datetime):
        return repr(value.date().isoformat())
    if isinstance(value, date):
        return repr(value.isoformat())
    if isinstance(value, time):
        return repr(value.strftime("%H:%M"))
    if isinstance(value, tuple) and value:
        return ", ".join(_shown(part) for part in value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # a parsed 8, not 8.0
    return repr(value)


class InputError(Exception):
    """Raised with every issue found, so the user can fix them all in one go."""

    def __init__(self, issues: list[InputIssue]) -> None:
        self.issues = issues
        count = len(issues)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the input")

    def report(self) -> str:
        return "\n".join([str(self), *(f"  - {issue}" for issue in self.issues)])
