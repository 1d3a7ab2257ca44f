"""Write the input tables as a folder of CSV files, one per sheet, readable by the reader."""

from __future__ import annotations

import csv
from datetime import date, time
from pathlib import Path

from scheduler.domain import Problem
from scheduler.io.files import OutputError
from scheduler.io.input_tables import input_tables
from scheduler.io.schema import SHEETS


def write_input_csv(problem: Problem | None, folder: Path) -> None:
    """Write into ``folder``, which must be new or empty so no one's files are replaced."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise OutputError(f"{folder} exists and is not an empty folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tables = input_tables(problem)
        for sheet in SHEETS:
            with open(folder / sheet.csv_name, "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow([c.name for c in sheet.columns])
                writer.writerows([[_text(v) for v in row] for row in tables[sheet.name]])
    except OSError as error:
        raise OutputError(f"cannot write {folder}: {error.strerror or error}") from error


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
