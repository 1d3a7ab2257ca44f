"""Read the raw tables of an input workbook or a folder of CSV files, row numbers kept.

Nothing is interpreted here beyond finding sheets and header names, so both sources reach
the validating reader in the same shape and errors can quote the row a user sees.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pandas as pd

from scheduler.io.errors import InputError, InputIssue
from scheduler.io.schema import SHEETS, Sheet


@dataclass
class RawTable:
    """A sheet's rows as {column name: raw value}, keyed by the row number the user sees."""

    sheet: str
    columns: list[str]
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)


def normalise_header(value: object) -> str:
    return str(value).strip().lower().replace(" ", "_") if value is not None else ""


def read_tables(source: Path) -> dict[str, RawTable]:
    """All known sheets present in ``source`` (an .xlsx file or a folder of CSV files)."""
    if source.is_dir():
        return _read_csv_folder(source)
    if not source.exists():
        raise InputError([InputIssue(str(source), None, None, None, "an existing file")])
    if source.suffix.lower() not in (".xlsx", ".xlsm"):
        raise InputError(
            [InputIssue(source.name, None, None, None, "an .xlsx workbook or a folder of CSVs")]
        )
    return _read_workbook(source)


def _read_workbook(path: Path) -> dict[str, RawTable]:
    try:
        # data_only: a formula cell gives the value Excel last calculated, as the user saw it.
        workbook = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise InputError(
            [InputIssue(path.name, None, None, None, f"a readable .xlsx workbook ({error})")]
        ) from error
    try:
        names = {name.strip().lower(): name for name in workbook.sheetnames}
        tables = {}
        for sheet in SHEETS:
            actual = names.get(sheet.name.lower())
            if actual is None:
                continue
            rows = workbook[actual].iter_rows(values_only=True)
            tables[sheet.name] = _table(sheet, enumerate(rows, start=1))
        return tables
    finally:
        workbook.close()


def _read_csv_folder(folder: Path) -> dict[str, RawTable]:
    files = {path.name.lower(): path for path in folder.glob("*.csv")}
    tables = {}
    issues = []
    for sheet in SHEETS:
        path = files.get(sheet.csv_name)
        if path is None:
            continue
        try:
            frame = pd.read_csv(
                path, dtype=str, keep_default_na=False, header=None, encoding="utf-8-sig"
            )
        except (UnicodeDecodeError, pd.errors.ParserError) as error:
            issues.append(InputIssue(path.name, None, None, None, f"readable UTF-8 CSV ({error})"))
            continue
        except pd.errors.EmptyDataError:
            frame = pd.DataFrame()
        rows = (tuple(values) for values in frame.itertuples(index=False, name=None))
        tables[sheet.name] = _table(sheet, enumerate(rows, start=1))
    if issues:
        raise InputError(issues)
    return tables


def _table(sheet: Sheet, rows: Iterable[tuple[int, Sequence[object]]]) -> RawTable:
    table = RawTable(sheet.name, [])
    for number, values in rows:
        if not table.columns:
            table.columns = [normalise_header(v) for v in values]
            continue
        cells = {
            name: value
            for name, value in zip(table.columns, values, strict=False)
            if name and not (value is None or (isinstance(value, str) and not value.strip()))
        }
        if cells:
            table.rows.append((number, cells))
    return table
