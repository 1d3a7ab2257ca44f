"""Problems found in a user's input, each pinned to a sheet, row, column and value."""

from __future__ import annotations

from dataclasses import dataclass


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
        shown = "" if self.value is None else f": {self.value!r}"
        return f"{', '.join(where)}{shown}: expected {self.expected}"


class InputError(Exception):
    """Raised with every issue found, so the user can fix them all in one go."""

    def __init__(self, issues: list[InputIssue]) -> None:
        self.issues = issues
        count = len(issues)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the input")

    def report(self) -> str:
        return "\n".join([str(self), *(f"  - {issue}" for issue in self.issues)])
