"""Reading the input workbook and CSV folder: round trips, and every bad cell reported."""

import csv
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest

from scheduler.domain import RequestKind
from scheduler.example import build_example
from scheduler.io.errors import InputError
from scheduler.io.input_csv import write_input_csv
from scheduler.io.input_reader import load_problem
from scheduler.io.input_workbook import write_input
from scheduler.io.schema import SHEETS


@pytest.fixture(scope="module")
def example_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("input") / "example.xlsx"
    write_input(build_example(), path)
    return path


def _edited(source: Path, target: Path, edits: dict[str, dict[str, object]]) -> Path:
    """A copy of ``source`` with cells changed: {sheet: {"B3": value}}; None deletes a sheet."""
    workbook = openpyxl.load_workbook(source)
    for sheet, cells in edits.items():
        if cells is None:
            del workbook[sheet]
            continue
        for ref, value in cells.items():
            workbook[sheet][ref] = value
    workbook.save(target)
    return target


def _issues(path: Path) -> list[str]:
    with pytest.raises(InputError) as raised:
        load_problem(path)
    return [str(issue) for issue in raised.value.issues]


def test_the_example_survives_a_round_trip_through_excel(example_path: Path):
    assert load_problem(example_path) == build_example()


def test_the_same_tables_as_csv_files_give_the_same_problem(tmp_path: Path):
    write_input_csv(build_example(), tmp_path / "csv")
    assert load_problem(tmp_path / "csv") == build_example()


def test_a_workbook_saved_as_csv_by_hand_reads_the_same(example_path: Path, tmp_path: Path):
    # What a planner gets from "Save as CSV": Excel's own date and time text.
    workbook = openpyxl.load_workbook(example_path)
    for sheet in SHEETS:
        with open(tmp_path / sheet.csv_name, "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            for row in workbook[sheet.name].iter_rows(values_only=True):
                writer.writerow([_as_text(v) for v in row])
    assert load_problem(tmp_path) == build_example()


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    return str(value)


def test_csv_folder_needs_only_the_required_files(tmp_path: Path):
    (tmp_path / "settings.csv").write_text("setting,value\nstart_date,2026-12-07\ndays,7\n")
    (tmp_path / "shifts.csv").write_text("code,start,end,category\nE,06:00,14:00,early\n")
    (tmp_path / "contracts.csv").write_text("id,max_hours_week\nFT,40\n")
    (tmp_path / "agents.csv").write_text("id,contract\n1001,FT\n")
    (tmp_path / "demand.csv").write_text("date,shift,required\n2026-12-07,E,1\n")
    problem = load_problem(tmp_path)
    assert [a.id for a in problem.agents] == ["1001"]
    assert problem.agents[0].allowed_shifts == {"E"}
    assert problem.contracts[0].max_minutes_week == 2400
    assert problem.shifts[0].paid_minutes == 480


def test_every_problem_is_reported_at_once_with_sheet_row_column_and_value(
    example_path: Path, tmp_path: Path
):
    bad = _edited(
        example_path,
        tmp_path / "bad.xlsx",
        {
            "Agents": {"A3": "A001", "D5": "NOPE"},  # duplicate id; unknown contract
            "Demand": {"B2": "X", "C3": -2},  # unknown shift; negative number
            "Requests": {"B2": date(2027, 2, 1)},  # date outside the period
            "Holidays": None,  # optional sheet may go
            "Contracts": {"C2": 50, "D2": 40},  # min hours above max
        },
    )
    issues = _issues(bad)
    expected = [
        "Agents, row 3, column id: 'A001': expected a value not used in an earlier row",
        "Agents, row 5, column contract: 'NOPE': expected a contract id from Contracts "
        "(FT40, PT24)",
        "Demand, row 2, column shift: 'X': expected a shift code (D, E, L, N)",
        "Demand, row 3, column required: -2: expected a whole number of at least 0",
        "Requests, row 2, column date: '2027-02-01': expected a date inside the period "
        "2026-12-07 to 2027-01-03",
        "Contracts, row 2, column min_hours_week: 50.0: expected at most max_hours_week (40)",
    ]
    assert sorted(i for i in issues if i in expected) == sorted(expected)
    # Renaming A002 to A001 leaves A002's leave and requests pointing at nobody.
    assert all("'A002'" in i for i in issues if i not in expected)


def test_missing_sheets_and_columns_are_named(example_path: Path, tmp_path: Path):
    workbook = openpyxl.load_workbook(example_path)
    del workbook["Shifts"]
    workbook["Agents"].delete_cols(4)  # the contract column
    workbook.save(tmp_path / "gaps.xlsx")
    issues = _issues(tmp_path / "gaps.xlsx")
    assert "Shifts: expected a sheet named Shifts" in issues
    assert "Agents, row 1, column contract: expected a column headed 'contract'" in issues


def test_wrong_types_dates_as_text_and_bad_times(example_path: Path, tmp_path: Path):
    bad = _edited(
        example_path,
        tmp_path / "types.xlsx",
        {
            "Settings": {"B3": "next monday"},
            "Shifts": {"C2": "25:00", "F3": ""},
            "Leave": {"B2": "2026-12-08"},  # ISO text is fine
            "Requests": {"D2": "maybe"},
        },
    )
    issues = _issues(bad)
    assert (
        "Settings, row 3, column value: 'next monday': expected start_date as a date like "
        "2026-12-07"
    ) in issues
    assert "Shifts, row 2, column start: '25:00': expected a time of day like 06:30" in issues
    assert "Shifts, row 3, column category: expected a value (required)" in issues
    assert "Requests, row 2, column want: 'maybe': expected one of want, avoid" in issues
    assert not any(i.startswith("Leave") for i in issues)


def test_ids_typed_as_numbers_and_words_in_any_case_are_understood(
    example_path: Path, tmp_path: Path
):
    edited = _edited(
        example_path,
        tmp_path / "numbers.xlsx",
        {
            "Agents": {"A2": 1001.0},
            "Requests": {"D2": "WANT", "A2": 1001},
        },
    )
    problem = load_problem(edited)
    assert problem.agents[0].id == "1001"
    assert problem.requests[0].agent_id == "1001"
    assert problem.requests[0].kind is RequestKind.WANT


def test_leave_spanning_the_period_edge_is_clipped(example_path: Path, tmp_path: Path):
    edited = _edited(
        example_path,
        tmp_path / "clip.xlsx",
        {
            "Leave": {"B2": date(2026, 11, 30), "C2": date(2026, 12, 8)},
        },
    )
    first = load_problem(edited).leave[0]
    assert (first.first_day, first.last_day) == (0, 1)


def test_not_a_workbook(tmp_path: Path):
    junk = tmp_path / "junk.xlsx"
    junk.write_text("this is not a zip file")
    assert _issues(junk)[0].startswith("junk.xlsx: expected a readable .xlsx workbook")
