"""Read the raw tables of an input workbook or a folder of CSV files, row numbers kept.

Nothing is interpreted here beyond finding sheets and header names, so both sources reach
the validating reader in the same shape and errors can quote the row a user sees. What only
the workbook file itself shows is flagged here: formulas without a computed result and Excel
error values (as ``FaultyCell``s, reported in their row), and merged ranges (as issues).
"""

from __future__ import annotations

import csv
import difflib
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError, iterparse

import openpyxl
from openpyxl.formula.tokenizer import TokenizerError
from openpyxl.formula.translate import Translator
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter, range_boundaries
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from scheduler.io.cells import FaultyCell
from scheduler.io.errors import InputError, InputIssue
from scheduler.io.schema import SHEETS, Sheet

UNCOMPUTED_FORMULA = (
    "a value, not a formula without a computed result: open and save the file in Excel or "
    "LibreOffice, or type the value"
)
MERGED = "separate cells, not merged ones"

# Only sheets containing one of these are parsed a second time (see _scan_sheet).
_WORTH_SCANNING = re.compile(rb"<(?:\w+:)?(?:f|mergeCell)[\s/>]|\st=[\"']e[\"']")
_CHUNK = 1 << 20


@dataclass
class RawTable:
    """A sheet's rows as {column name: raw value}, keyed by the row number the user sees.

    ``columns`` is ``None`` when the sheet exists but holds no table to read (a chart sheet,
    broken XML); ``issues`` then say why, and also list merged ranges inside the table.
    """

    sheet: str
    columns: list[str] | None
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)
    issues: list[InputIssue] = field(default_factory=list)


class SourcedRow(int):
    """A row number that names the file it came from, where two files' rows are read as one
    table (a re-plan's changes merged into the stored input): an issue in such a row names
    that file, so the user knows which file to fix."""

    source: str

    def __new__(cls, number: int, source: str) -> SourcedRow:
        row = super().__new__(cls, number)
        row.source = source
        return row


@dataclass
class _SheetScan:
    """What the cached values hide: {row: {column index: FaultyCell}}, and merged ranges as
    (reference, first column, first row, last column)."""

    faulty: dict[int, dict[int, FaultyCell]] = field(default_factory=dict)
    merged: list[tuple[str, int, int, int]] = field(default_factory=list)


def normalise_header(value: object) -> str:
    return str(value).strip().lower().replace(" ", "_") if value is not None else ""


def read_tables(source: Path, prefix: str = "") -> dict[str, RawTable]:
    """All known sheets present in ``source`` (an .xlsx file or a folder of CSV files).

    With a ``prefix`` the workbook's sheets named prefix + sheet name are read instead.
    """
    if source.is_dir():
        return _read_csv_folder(source)
    if not source.exists():
        raise InputError([InputIssue(str(source), None, None, None, "an existing file")])
    if source.suffix.lower() not in (".xlsx", ".xlsm"):
        raise InputError(
            [InputIssue(source.name, None, None, None, "an .xlsx workbook or a folder of CSVs")]
        )
    return _read_workbook(source, prefix)


def _read_workbook(path: Path, prefix: str) -> dict[str, RawTable]:
    # openpyxl warns about what it drops or cannot convert (a date cell holding a huge serial
    # number becomes #VALUE!); the reader reports such cells itself, without openpyxl's noise.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read_workbook_quietly(path, prefix)


def _read_workbook_quietly(path: Path, prefix: str) -> dict[str, RawTable]:
    try:
        # data_only: a formula cell gives the value Excel last calculated, as the user saw it.
        workbook = openpyxl.load_workbook(path, data_only=True, read_only=True)
        archive = zipfile.ZipFile(path)
    except Exception as error:
        # openpyxl fails on damaged or unusual files with many exception types (KeyError,
        # AttributeError on an empty chart sheet, XML parse errors); all mean the same here.
        raise InputError(
            [InputIssue(path.name, None, None, None, _unreadable(path, error))]
        ) from error
    try:
        names = {name.strip().lower(): name for name in workbook.sheetnames}
        tables = {}
        for sheet in SHEETS:
            actual = names.get((prefix + sheet.name).lower())
            if actual is not None:
                tables[sheet.name] = _read_worksheet(sheet, workbook[actual], archive)
        if not prefix:
            tables.update(_misnamed(tables, names, "a sheet"))
        return tables
    finally:
        archive.close()
        workbook.close()


def _unreadable(path: Path, error: Exception) -> str:
    """What a file that is no workbook is instead, when its first bytes tell."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        head = b""
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        # The compound-file format: an old .xls, or an .xlsx encrypted with a password.
        return (
            "an .xlsx workbook, not a password-protected or old-format (.xls) file: save it "
            "from Excel or LibreOffice as .xlsx without a password"
        )
    # Cut at 4,096 bytes, the head may end inside a character: decoded leniently.
    text = head.decode("utf-8-sig", errors="ignore") if b"\x00" not in head else ""
    if text.strip() and "," in text.splitlines()[0]:
        return (
            "an .xlsx workbook, not CSV text renamed .xlsx: give the folder of CSV files "
            "instead, or open the file and save it as .xlsx"
        )
    return f"a readable .xlsx workbook ({error})"


def _read_worksheet(sheet: Sheet, worksheet: object, archive: zipfile.ZipFile) -> RawTable:
    if not isinstance(worksheet, ReadOnlyWorksheet):
        issue = InputIssue(sheet.name, None, None, None, "a worksheet of rows, not a chart sheet")
        return RawTable(sheet.name, None, issues=[issue])
    # Some programs store a wrong used range; trusted, it would silently drop the rows past
    # it (or pad every row to 16384 empty cells). Without it rows end at their last cell.
    worksheet.reset_dimensions()
    try:
        # The part name is private to openpyxl but is exactly the XML it reads the values from.
        scan = _scan_sheet(archive, worksheet._worksheet_path)
        rows = _parsed(worksheet.iter_rows(values_only=True))
        table = _table(sheet, enumerate(rows, start=1), scan)
    except _UnreadableSheet as error:
        issue = InputIssue(sheet.name, None, None, None, f"a readable worksheet ({error})")
        return RawTable(sheet.name, None, issues=[issue])
    table.issues.extend(_merged_issues(sheet, table, scan.merged))
    return table


class _UnreadableSheet(Exception):
    """The sheet's XML is malformed."""


def _parsed(rows: Iterator[tuple[object, ...]]) -> Iterator[tuple[object, ...]]:
    """``rows``, with any error openpyxl raises while parsing them lazily made one kind.

    Its parser fails on malformed XML with whatever the bad spot provokes (ValueError,
    TypeError, KeyError, ParseError); errors in the code consuming the rows pass untouched.
    """
    try:
        yield from rows
    except Exception as error:
        raise _UnreadableSheet(error) from error


def _scan_sheet(archive: zipfile.ZipFile, part: str) -> _SheetScan:
    """Formula cells without a cached value, Excel error values, and merged ranges.

    ``read_only`` workbooks expose neither formulas next to their values nor merged cells, and
    a full (not read-only) second load costs several times the memory and time of the first
    on a big sheet. So the sheet's XML is searched for formula, error and merge tags as bytes
    (a few milliseconds for 10,000 rows) and streamed through a parser only if one is there.
    """
    scan = _SheetScan()
    with archive.open(part) as source:
        if not _contains_worth_scanning(source):
            return scan
    with archive.open(part) as source:
        try:
            _parse_sheet(source, scan)
        except (ParseError, ValueError) as error:
            raise _UnreadableSheet(error) from error
    return scan


def _contains_worth_scanning(source: IO[bytes]) -> bool:
    tail = b""
    while chunk := source.read(_CHUNK):
        if _WORTH_SCANNING.search(tail + chunk):
            return True
        tail = chunk[-64:]
    return False


def _parse_sheet(source: IO[bytes], scan: _SheetScan) -> None:
    shared: dict[str, tuple[str, str]] = {}  # si -> (formula, cell) of a shared formula
    row = column = 0
    for event, element in iterparse(source, events=("start", "end")):
        tag = element.tag.rpartition("}")[2]
        if event == "start":
            if tag == "row":
                row = int(element.get("r") or row + 1)
                column = 0
            continue
        if tag == "c":
            reference = element.get("r")
            row, column = coordinate_to_tuple(reference) if reference else (row, column + 1)
            faulty = _faulty_cell(element, get_column_letter(column) + str(row), shared)
            if faulty is not None:
                scan.faulty.setdefault(row, {})[column] = faulty
            element.clear()
        elif tag == "mergeCell":
            reference = str(element.get("ref"))
            first_column, first_row, last_column, _ = range_boundaries(reference)
            if first_column and first_row and last_column:  # not whole rows or columns
                scan.merged.append((reference, first_column, first_row, last_column))
        elif tag == "row":
            element.clear()


def _faulty_cell(
    element: Element, coordinate: str, shared: dict[str, tuple[str, str]]
) -> FaultyCell | None:
    formula = cached = None
    for child in element:
        tag = child.tag.rpartition("}")[2]
        if tag == "f":
            formula = child
        elif tag == "v":
            cached = child
    value = cached.text if cached is not None else None
    kind = element.get("t", "n")
    if kind == "e" and value:
        return FaultyCell(
            value, f"a value, not the Excel error {value}: correct the formula or type the value"
        )
    if formula is None:
        return None
    text = formula.text or ""
    if formula.get("t") == "shared":
        index = formula.get("si", "")
        if text:
            shared[index] = (text, coordinate)
        elif index in shared:
            master, origin = shared[index]
            try:
                text = Translator(f"={master}", origin).translate_formula(coordinate)[1:]
            except TokenizerError:
                text = master  # Excel would not have saved it; show it as written
    # An empty cached value is a computed empty text only when typed as a string ("str").
    if value or (cached is not None and kind == "str"):
        return None
    return FaultyCell(f"={text}" if text else "=(formula)", UNCOMPUTED_FORMULA)


def _merged_issues(
    sheet: Sheet, table: RawTable, merged: list[tuple[str, int, int, int]]
) -> Iterator[InputIssue]:
    """Merged ranges touching a column of the table, from the header to its last row.

    A merged range keeps its value in the top-left cell only; the others read as blank, so a
    merged date or agent id would silently apply to one row of several.
    """
    columns = table.columns or []
    known = {column.name for column in sheet.columns}
    last_row = table.rows[-1][0] if table.rows else 1
    for reference, first_column, first_row, last_column in merged:
        covered = columns[first_column - 1 : last_column]
        if first_row <= last_row and known.intersection(covered):
            name = columns[first_column - 1] if first_column <= len(columns) else ""
            yield InputIssue(
                sheet.name, first_row, name or get_column_letter(first_column), reference, MERGED
            )


def _read_csv_folder(folder: Path) -> dict[str, RawTable]:
    files = {path.name.lower(): path for path in folder.glob("*.csv")}
    tables = {}
    issues = []
    for sheet in SHEETS:
        path = files.get(sheet.csv_name)
        if path is None:
            continue
        try:
            # The standard library's reader keeps each record as written: a row with a cell
            # too many stays one row (pandas wraps it onto a row of its own, so every row
            # number after it would be off by one).
            with path.open(newline="", encoding="utf-8-sig") as handle:
                reader = csv.reader(handle, strict=True)
                try:
                    records = list(reader)
                except csv.Error as error:
                    raise csv.Error(f"line {reader.line_num}: {error}") from error
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            issues.append(InputIssue(path.name, None, None, None, f"readable UTF-8 CSV ({error})"))
            continue
        if records and len(records[0]) == 1 and ";" in records[0][0]:
            issues.append(
                InputIssue(
                    path.name,
                    None,
                    None,
                    None,
                    "values separated by commas (this file separates them by semicolons, as "
                    "some spreadsheet settings save CSV; save it again with commas)",
                )
            )
            continue
        tables[sheet.name] = _table(sheet, enumerate(records, start=1), _SheetScan())
    if issues:
        raise InputError(issues)
    stems = {name.removesuffix(".csv"): path.name for name, path in files.items()}
    tables.update(_misnamed(tables, stems, "a file"))
    return tables


def _misnamed(
    tables: dict[str, RawTable], present: dict[str, str], kind: str
) -> dict[str, RawTable]:
    """Known sheets (or CSV files) missing while one of a close name is there: "Leaves" for
    Leave would otherwise read as no leave at all. Each becomes a table with nothing to read
    and an issue naming both."""
    found = {}
    known = {sheet.name.lower() for sheet in SHEETS}
    names = {sheet.name.lower(): sheet.name for sheet in SHEETS if sheet.name not in tables}
    for lowered, actual in present.items():
        # Close enough to be surely meant (Leaves, Holiday, shift.csv), not a planner's own
        # sheet that shares a word ("Training plan").
        close = difflib.get_close_matches(lowered, names, n=1, cutoff=0.85)
        if lowered in known or not close or names[close[0]] in found:
            continue
        wanted = names[close[0]]
        name = next(s.csv_name for s in SHEETS if s.name == wanted) if kind == "a file" else wanted
        issue = InputIssue(
            actual, None, None, None, f"{kind} named {name} (names are read exactly)"
        )
        found[wanted] = RawTable(wanted, None, issues=[issue])
    return found


def _table(
    sheet: Sheet, rows: Iterable[tuple[int, Sequence[object]]], scan: _SheetScan
) -> RawTable:
    table = RawTable(sheet.name, None)
    for number, values in rows:
        faulty = scan.faulty.get(number)
        if faulty:
            values = [faulty.get(index, value) for index, value in enumerate(values, start=1)]
        if table.columns is None and all(_blank(v) for v in values):
            continue  # blank rows above the headers (CSV exports often start with one)
        if table.columns is None:
            table.columns = [normalise_header(v) for v in values]
            for index, cell in (faulty or {}).items():
                table.issues.append(
                    InputIssue(sheet.name, number, get_column_letter(index), cell, cell.expected)
                )
            table.issues += _header_issues(sheet, number, values, table.columns)
            continue
        table.issues += [
            InputIssue(
                sheet.name,
                number,
                get_column_letter(index),
                value,
                "a value under a column header (this cell is outside the table; a comma "
                "inside an unquoted CSV value splits it)",
            )
            for index, value in enumerate(values, start=1)
            if not _blank(value) and (index > len(table.columns) or not table.columns[index - 1])
        ]
        cells = {
            name: value
            for name, value in zip(table.columns, values, strict=False)
            if name and not _blank(value)
        }
        if cells:
            table.rows.append((number, cells))
    if table.columns is None:
        table.columns = []
    return table


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_issues(
    sheet: Sheet, number: int, values: Sequence[object], names: Sequence[str]
) -> list[InputIssue]:
    """Headers the reader would otherwise pass over in silence: an unknown one (a misspelt
    header's data would be lost, and a default used instead) and one used twice (one column
    would silently win). A planner's own column is headed with ``#`` and skipped."""
    known = [column.name for column in sheet.columns]
    issues = []
    first: dict[str, str] = {}
    for index, (raw, name) in enumerate(zip(values, names, strict=True), start=1):
        letter = get_column_letter(index)
        if not name or name.startswith("#"):
            continue
        if name in first:
            expected = f"each column once (column {first[name]} is headed {name} too)"
        elif name not in known:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}?" if close else ""
            expected = (
                f"a column of the {sheet.name} sheet ({', '.join(known)}){hint} (head a "
                "column of your own with #, e.g. '# notes', and the reader skips it)"
            )
        else:
            first[name] = letter
            continue
        issues.append(InputIssue(sheet.name, number, letter, raw, expected))
    return issues
