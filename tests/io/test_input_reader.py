"""Reading the input workbook and CSV folder: round trips, and every bad cell reported."""

import csv
import dataclasses
import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference

from scheduler.domain import CoverageRequirement, Holiday, Leave, RequestKind, ShiftRequest
from scheduler.example import build_example
from scheduler.io.errors import InputError
from scheduler.io.input_csv import write_input_csv
from scheduler.io.input_reader import load_problem
from scheduler.io.input_workbook import write_input
from scheduler.io.schema import SHEETS
from tests.builders import make_problem


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


def test_leave_that_keeps_the_minimum_hours_survives_both_round_trips(tmp_path: Path):
    example = build_example()
    unavailable = Leave(example.agents[0].id, 3, 4, "unavailable", prorates_hours=False)
    sick = Leave(example.agents[1].id, 5, 5, "sick", paid_minutes=445)  # 7.4166... hours
    problem = dataclasses.replace(example, leave=(*example.leave, unavailable, sick))
    write_input(problem, tmp_path / "input.xlsx")
    write_input_csv(problem, tmp_path / "csv")
    assert load_problem(tmp_path / "input.xlsx") == problem == load_problem(tmp_path / "csv")


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
        "Agents, row 3, column id: 'A001': expected a value not used in row 2 above",
        "Agents, row 5, column contract: 'NOPE': expected a contract id from Contracts "
        "(FT40, PT24)",
        "Demand, row 2, column shift: 'X': expected a shift code (D, E, L, N)",
        "Demand, row 3, column required: -2: expected a whole number from 0 to 10000",
        "Requests, row 2, column date: '2027-02-01': expected a date inside the period "
        "2026-12-07 to 2027-01-03",
        "Contracts, row 2, column min_hours_week: 50: expected at most max_hours_week (40)",
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


def test_files_that_are_something_else_are_named_for_what_they_are(tmp_path: Path):
    old = tmp_path / "old.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # a compound file
    assert _issues(old) == [
        "old.xlsx: expected an .xlsx workbook, not a password-protected or old-format (.xls) "
        "file: save it from Excel or LibreOffice as .xlsx without a password"
    ]
    renamed = tmp_path / "agents.xlsx"
    renamed.write_text("id,contract\nA1,FT\n")
    assert _issues(renamed)[0].startswith("agents.xlsx: expected an .xlsx workbook, not CSV text")
    _small_csv(tmp_path)
    (tmp_path / "agents.csv").write_text("id;contract\nA1;FT\n")
    assert _issues(tmp_path) == [
        "agents.csv: expected values separated by commas (this file separates them by "
        "semicolons, as some spreadsheet settings save CSV; save it again with commas)"
    ]


# --- issue 6: trustworthy on bad input ---------------------------------------------------------


@pytest.fixture(scope="module")
def small_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A three-agent week: quick to load, with a row in every sheet."""
    path = tmp_path_factory.mktemp("small") / "small.xlsx"
    write_input(SMALL, path)
    return path


SMALL = make_problem(
    agents=3,
    demand={(0, "E"): 1, (0, "L"): 2, (1, "E"): 1},
    leave=(Leave("A1", 2, 3),),
    requests=(ShiftRequest("A2", 4, None, RequestKind.WANT, 3),),
    holidays=(Holiday(date(2026, 12, 10), "Fuzz day"),),
)


def _patched(source: Path, target: Path, sheet: str, edits: dict[str, str]) -> Path:
    """A copy of ``source`` with one sheet's XML edited: {regular expression: replacement}.

    For what openpyxl cannot write: formulas with cached results, shared formulas, odd XML.
    """
    part = f"xl/worksheets/sheet{[s.name for s in SHEETS].index(sheet) + 2}.xml"  # after Guide
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                text = data.decode()
                for pattern, replacement in edits.items():
                    text, count = re.subn(pattern, replacement, text)
                    assert count == 1, pattern
                data = text.encode()
            zout.writestr(item, data)
    return target


def _cell(reference: str) -> str:
    """A pattern matching the XML of one cell."""
    return rf'<c r="{reference}"[^>]*?(/>|>.*?</c>)'


FORMULA = (
    "a value, not a formula without a computed result: open and save the file in Excel or "
    "LibreOffice, or type the value"
)


def test_a_formula_never_computed_is_reported_instead_of_read_as_blank(
    small_path: Path, tmp_path: Path
):
    # What a script writing formulas with openpyxl produces: no cached value at all.
    edited = _edited(
        small_path,
        tmp_path / "formulas.xlsx",
        {
            "Demand": {"C2": "=1+1"},
            "Agents": {"B2": "=A2", "E1": '=LOWER("ALLOWED_SHIFTS")'},
            "Settings": {"B3": "=TODAY()"},
        },
    )
    issues = _issues(edited)
    assert f"Demand, row 2, column required: '=1+1': expected {FORMULA}" in issues
    assert f"Agents, row 2, column name: '=A2': expected {FORMULA}" in issues
    assert f"Agents, row 1, column E: '=LOWER(\"ALLOWED_SHIFTS\")': expected {FORMULA}" in issues
    assert f"Settings, row 3, column value: '=TODAY()': expected start_date as {FORMULA}" in issues


def test_saving_in_libreoffice_computes_the_formulas_as_the_issue_advises(
    small_path: Path, tmp_path: Path
):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) not installed")
    edits = {"Demand": {"C2": "=1+2"}, "Agents": {"B2": '="Ann "&A2'}}
    _edited(small_path, tmp_path / "formulas.xlsx", edits)
    command = [
        soffice,
        "--headless",
        f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(tmp_path / "saved"),
        str(tmp_path / "formulas.xlsx"),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    problem = load_problem(tmp_path / "saved" / "formulas.xlsx")
    assert (problem.demand[0].required, problem.agents[0].name) == (3, "Ann A1")


def test_computed_formula_results_are_used(small_path: Path, tmp_path: Path):
    patched = _patched(
        small_path,
        tmp_path / "cached.xlsx",
        "Demand",
        {
            # A formula computing empty text (D2) reads as a blank cell, as Excel shows it.
            _cell("C2"): '<c r="C2"><f>1+2</f><v>3</v></c><c r="D2" t="str"><f>""</f><v></v></c>',
        },
    )
    assert load_problem(patched).demand[0] == CoverageRequirement(0, "E", 3)


def test_shared_formulas_without_results_are_reported_as_each_cell_shows_them(
    small_path: Path, tmp_path: Path
):
    patched = _patched(
        small_path,
        tmp_path / "shared.xlsx",
        "Demand",
        {
            _cell("C2"): '<c r="C2"><f t="shared" ref="C2:C3" si="0">LEN(B2)</f><v /></c>',
            _cell("C3"): '<c r="C3"><f t="shared" si="0" /></c>',
            _cell("C4"): '<c r="C4"><f t="shared" ref="C4" si="1">LEN(B4)</f><v>1</v></c>',
        },
    )
    patched = _patched(
        patched,
        tmp_path / "shared2.xlsx",
        "Agents",
        {  # a formula Excel would not have saved: its copies are shown as written
            _cell("B3"): '<c r="B3"><f t="shared" ref="B3:B4" si="0">"E</f><v /></c>',
            _cell("B4"): '<c r="B4"><f t="shared" si="0" /><v /></c>',
        },
    )
    patched = _patched(  # a copy of a formula that is not in the file
        patched,
        tmp_path / "shared3.xlsx",
        "Holidays",
        {_cell("B2"): '<c r="B2"><f t="shared" si="4" /></c>'},
    )
    assert _issues(patched) == [
        f"Holidays, row 2, column name: '=(formula)': expected {FORMULA}",
        f"Agents, row 3, column name: '=\"E': expected {FORMULA}",
        f"Agents, row 4, column name: '=\"E': expected {FORMULA}",
        f"Demand, row 2, column required: '=LEN(B2)': expected {FORMULA}",
        f"Demand, row 3, column required: '=LEN(B3)': expected {FORMULA}",
    ]


def test_excel_error_values_are_reported(small_path: Path, tmp_path: Path):
    edited = _edited(small_path, tmp_path / "error.xlsx", {"Agents": {"B2": "#N/A"}})
    assert _issues(edited) == [
        "Agents, row 2, column name: '#N/A': expected a value, not the Excel error #N/A: "
        "correct the formula or type the value"
    ]


def test_merged_cells_in_a_table_are_reported_at_their_top_left_cell(
    small_path: Path, tmp_path: Path
):
    workbook = openpyxl.load_workbook(small_path)
    workbook["Demand"].merge_cells("A2:A3")  # one date meant for two rows
    workbook["Agents"].merge_cells("B1:C1")  # a header over two columns
    workbook["Requests"]["H1"] = "# my notes"
    workbook["Requests"].merge_cells("H1:I3")  # beside the table: harmless
    workbook["Leave"].merge_cells("A9:B9")  # below the table: harmless
    workbook.save(tmp_path / "merged.xlsx")
    issues = _issues(tmp_path / "merged.xlsx")
    assert "Demand, row 2, column date: 'A2:A3': expected separate cells, not merged ones" in issues
    assert "Agents, row 1, column name: 'B1:C1': expected separate cells, not merged ones" in issues
    assert not any(i.startswith(("Requests", "Leave")) for i in issues)


@pytest.mark.parametrize(
    ("text", "hours"),
    [("37.5", 37.5), ("37,5", 37.5), (" 40 ", 40), ("\u00a040\u202f", 40), ("0,125", 0.125)],
)
def test_numbers_as_text_take_a_dot_or_a_comma_as_decimal_mark(
    tmp_path: Path, text: str, hours: float
):
    _small_csv(tmp_path, max_hours_week=text)
    assert load_problem(tmp_path).contracts[0].max_minutes_week == round(hours * 60)


@pytest.mark.parametrize("text", ["1,000", "1.000", "1 000", "12.500", "1'000", "1,000.5"])
def test_thousands_separators_are_refused_rather_than_guessed(tmp_path: Path, text: str):
    # "1,000" is one thousand in English and one in German: neither reading is safe.
    _small_csv(tmp_path, required=text)
    assert _issues(tmp_path) == [
        f"Demand, row 2, column required: {text!r}: expected a whole number from 0 to 10000, "
        "without thousands separators (1000, not 1,000 or 1.000 or 1 000)"
    ]


@pytest.mark.parametrize("text", ["1.5", "NaN", "inf", "-inf", "1e999", "12 3", "--1"])
def test_text_that_is_not_a_whole_number_is_refused(tmp_path: Path, text: str):
    _small_csv(tmp_path, required=text)
    assert _issues(tmp_path) == [
        f"Demand, row 2, column required: {text!r}: expected a whole number from 0 to 10000"
    ]


def _small_csv(folder: Path, required: str = "1", max_hours_week: str = "40") -> None:
    (folder / "settings.csv").write_text("setting,value\nstart_date,2026-12-07\ndays,7\n")
    (folder / "shifts.csv").write_text("code,start,end,category\nE,06:00,14:00,early\n")
    (folder / "contracts.csv").write_text(f'id,max_hours_week\nFT,"{max_hours_week}"\n')
    (folder / "agents.csv").write_text("id,contract\nA1,FT\n")
    (folder / "demand.csv").write_text(f'date,shift,required\n2026-12-07,E,"{required}"\n')


def test_numbers_no_call_center_reaches_are_out_of_range(small_path: Path, tmp_path: Path):
    edited = _edited(
        small_path,
        tmp_path / "huge.xlsx",
        {
            "Settings": {"B4": 367, "B7": 10**7},
            "Shifts": {"E2": 1440},
            "Contracts": {"D2": 10**9, "F2": 1e12},
            "Agents": {"H2": 367},
            "Demand": {"C2": 1e12, "D2": 10**7},
            "Requests": {"E2": 10**20},
        },
    )
    assert _issues(edited) == [
        "Settings, row 4, column value: 367: expected days as a whole number from 1 to 366",
        "Settings, row 7, column value: 10000000: expected under_coverage_weight as a whole "
        "number from 0 to 1000000",
        "Shifts, row 2, column break_minutes: 1440: expected a whole number from 0 to 1439",
        "Contracts, row 2, column max_hours_week: 1000000000: expected a number from 0 to 168",
        "Contracts, row 2, column max_hours_period: 1000000000000: expected a number from 0 "
        "to 8784",
        "Agents, row 2, column worked_days_before: 367: expected a whole number from 0 to 366",
        "Demand, row 2, column required: 1000000000000: expected a whole number from 0 to 10000",
        "Demand, row 2, column under_weight: 10000000: expected a whole number from 0 to 1000000",
        "Requests, row 2, column weight: 1e+20: expected a whole number from 0 to 1000000",
    ]
    # An integer too long for a float, as a script can write it (openpyxl cannot).
    digits = "9" * 400
    cell = f'<c r="C3" t="n"><v>{digits}</v></c>'
    patched = _patched(small_path, tmp_path / "digits.xlsx", "Demand", {_cell("C3"): cell})
    assert _issues(patched) == [
        f"Demand, row 3, column required: {digits}: expected a whole number from 0 to 10000"
    ]


def test_a_whole_number_computed_with_float_noise_is_whole(small_path: Path, tmp_path: Path):
    # As Excel stores the result of =(0.1+0.2)*10.
    cell = '<c r="C2"><f>(0.1+0.2)*10</f><v>3.0000000000000004</v></c>'
    patched = _patched(small_path, tmp_path / "noise.xlsx", "Demand", {_cell("C2"): cell})
    assert load_problem(patched).demand[0].required == 3


def test_a_bad_setting_is_reported_once_and_the_rest_still_checked(
    small_path: Path, tmp_path: Path
):
    edited = _edited(
        small_path,
        tmp_path / "settings.xlsx",
        {"Settings": {"B4": "four weeks", "B9": "lots", "B5": "Sat, Sunday, Xyz", "B6": "Mars"}},
    )
    assert _issues(edited) == [
        "Settings, row 4, column value: 'four weeks': expected days as a whole number from 1 "
        "to 366",
        "Settings, row 9, column value: 'lots': expected request_weight as a whole number from "
        "0 to 1000000",
        "Settings, row 5, column value: 'Xyz': expected weekend_days as weekday names like "
        "Sat, Sun, separated by commas",
        "Settings, row 6, column value: 'Mars': expected timezone as an IANA time zone like "
        "Europe/Berlin",
    ]


def test_a_period_must_end_by_the_last_date_there_is(small_path: Path, tmp_path: Path):
    edited = _edited(small_path, tmp_path / "far.xlsx", {"Settings": {"B3": date(9999, 12, 28)}})
    assert _issues(edited) == [
        "Settings, row 3, column value: '9999-12-28': expected start_date as a date whose 7 "
        "days end by 9999-12-31"
    ]


@pytest.mark.parametrize(
    "name",
    ["שרה לוי", "محمد علي", "Zoë Ångström-Łukasiewicz", "👩‍💻 Ada", "e\u0301\u200f", "Ω" * 32_767],
)
def test_names_in_any_script_and_of_any_length_pass_through(
    small_path: Path, tmp_path: Path, name: str
):
    edited = _edited(small_path, tmp_path / "name.xlsx", {"Agents": {"B3": name, "C3": name}})
    agent = load_problem(edited).agents[1]
    assert (agent.name, agent.team) == (name, name)


def test_ids_lose_surrounding_spaces(small_path: Path, tmp_path: Path):
    edited = _edited(
        small_path,
        tmp_path / "spaces.xlsx",
        {"Agents": {"A2": "  A1 ", "D3": "C\u00a0"}, "Leave": {"A2": " A1"}},
    )
    assert load_problem(edited) == SMALL


def test_control_characters_in_csv_text_are_reported(tmp_path: Path):
    # A worksheet cannot hold them, so they would break the roster workbook later.
    _small_csv(tmp_path)
    (tmp_path / "agents.csv").write_text("id,contract,name\nA1,FT,Bob\x01\n")
    assert _issues(tmp_path) == [
        "Agents, row 2, column name: 'Bob\\x01': expected text without control characters"
    ]


def test_a_shift_code_with_a_list_separator_is_refused(small_path: Path, tmp_path: Path):
    edited = _edited(small_path, tmp_path / "comma.xlsx", {"Shifts": {"A2": "E,X"}})
    assert "Shifts, row 2, column code: 'E,X': expected a code without commas or semicolons" in (
        _issues(edited)
    )


def test_a_wrong_used_range_in_the_file_loses_no_rows(small_path: Path, tmp_path: Path):
    # Read-only openpyxl trusts the stored used range; some programs store a wrong one.
    edit = {r'<dimension ref="[^"]*"': '<dimension ref="A1:A1"'}
    assert load_problem(_patched(small_path, tmp_path / "range.xlsx", "Demand", edit)) == SMALL


def test_unreadable_sheets_are_reported_not_raised(small_path: Path, tmp_path: Path):
    broken = _patched(small_path, tmp_path / "broken.xlsx", "Demand", {_cell("C2"): "<c><v>"})
    assert _issues(broken)[0].startswith("Demand: expected a readable worksheet (")
    odd = _patched(
        small_path,
        tmp_path / "odd.xlsx",
        "Agents",
        {"</sheetData>": '</sheetData><mergeCells><mergeCell ref="A1:?" /></mergeCells>'},
    )
    assert _issues(odd)[0].startswith("Agents: expected a readable worksheet (")
    empty_chart = _edited(small_path, tmp_path / "empty_chart.xlsx", {"Holidays": None})
    workbook = openpyxl.load_workbook(empty_chart)
    workbook.create_chartsheet("Holidays")  # openpyxl itself fails on an empty chart sheet
    workbook.save(empty_chart)
    assert _issues(empty_chart)[0].startswith("empty_chart.xlsx: expected a readable")
    workbook = openpyxl.load_workbook(small_path)
    workbook.remove(workbook["Holidays"])
    chart = BarChart()
    chart.add_data(Reference(workbook["Demand"], 3, 1, 3, 4), titles_from_data=True)
    workbook.create_chartsheet("Holidays").add_chart(chart)
    workbook.save(tmp_path / "chart.xlsx")
    assert _issues(tmp_path / "chart.xlsx") == [
        "Holidays: expected a worksheet of rows, not a chart sheet"
    ]


def test_unreadable_csv_files_are_reported_not_raised(tmp_path: Path):
    _small_csv(tmp_path)
    (tmp_path / "agents.csv").unlink()
    (tmp_path / "agents.csv").mkdir()
    (tmp_path / "leave.csv").write_bytes("agent,first_date\nA1,2026-12-08\n".encode("utf-16"))
    assert [issue.split(" (")[0] for issue in _issues(tmp_path)] == [
        "agents.csv: expected readable UTF-8 CSV",
        "leave.csv: expected readable UTF-8 CSV",
    ]


def test_leave_may_leave_the_minimum_hours_whole(example_path: Path, tmp_path: Path):
    # Column E of Leave, prorate_hours: "no" keeps the contract's minimum for an agent who is
    # merely unavailable; "yes" (also the default for a blank cell) pro-rates it, as paid
    # leave does.
    paths = {
        "yes": example_path,
        "no": _edited(example_path, tmp_path / "no.xlsx", {"Leave": {"E2": "no"}}),
    }
    minimum = {}
    for answer, path in paths.items():
        problem = load_problem(path)
        first = problem.leave[0]
        assert first.prorates_hours is (answer == "yes")
        assert all(item.prorates_hours for item in problem.leave[1:])
        agent = next(a for a in problem.agents if a.id == first.agent_id)
        minimum[answer] = problem.period_minimum(agent)
        contract_minimum = problem.contract_of(agent).min_minutes_period
    assert minimum["yes"] < minimum["no"] == contract_minimum


def test_leave_paid_hours_come_off_the_minimum_and_need_paid_leave(
    example_path: Path, tmp_path: Path
):
    # Column F of Leave, paid_hours: what each day credits toward the contract's minimum.
    paid = load_problem(_edited(example_path, tmp_path / "paid.xlsx", {"Leave": {"F2": 7.5}}))
    assert paid.leave[0].paid_minutes == 450
    assert all(item.paid_minutes is None for item in paid.leave[1:])
    unpaid = _edited(example_path, tmp_path / "unpaid.xlsx", {"Leave": {"E2": "no", "F2": 8}})
    assert _issues(unpaid) == [
        "Leave, row 2, column paid_hours: 8: expected blank where prorate_hours is no (unpaid "
        "days credit no hours)"
    ]
    too_many = _edited(example_path, tmp_path / "day.xlsx", {"Leave": {"F2": 25}})
    assert any(i.startswith("Leave, row 2, column paid_hours: 25") for i in _issues(too_many))


def test_hours_worked_before_a_cut_first_week_survive_both_round_trips(tmp_path: Path):
    friday = make_problem(days=10, agents=2, start=date(2026, 12, 11))
    first = dataclasses.replace(
        friday.agents[0], minutes_before=1350, lates_before=2, nights_before=1
    )
    problem = dataclasses.replace(friday, agents=(first, *friday.agents[1:]))
    write_input(problem, tmp_path / "input.xlsx")
    write_input_csv(problem, tmp_path / "csv")
    assert load_problem(tmp_path / "input.xlsx") == problem == load_problem(tmp_path / "csv")
    read = load_problem(tmp_path / "input.xlsx").agents[0]
    assert (read.minutes_before, read.lates_before, read.nights_before) == (1350, 2, 1)


def test_hours_worked_before_a_period_from_a_monday_are_refused(example_path: Path, tmp_path: Path):
    # The example starts on a Monday: nothing of its first week comes before it.
    sheet = openpyxl.load_workbook(example_path)["Agents"]
    headers = [cell.value for cell in sheet[1]]
    columns = ("hours_worked_before", "lates_worked_before", "nights_worked_before")
    edits = {
        f"{openpyxl.utils.get_column_letter(headers.index(name) + 1)}{row}": 1
        for row, name in enumerate(columns, start=2)
    }
    issues = _issues(_edited(example_path, tmp_path / "monday.xlsx", {"Agents": edits}))
    assert len(issues) == 3
    for row, (name, issue) in enumerate(zip(columns, issues, strict=True), start=2):
        assert f"Agents, row {row}, column {name}" in issue
        assert "starts on a Monday" in issue


def test_a_csv_row_with_a_cell_too_many_keeps_every_row_number(tmp_path: Path):
    # An unquoted comma in a name: the row is reported as written, and the rows after it
    # keep their numbers (pandas wrapped the extra cell onto a row of its own).
    _small_csv(tmp_path)
    (tmp_path / "agents.csv").write_text("id,name,contract\nA1,Lopez, Ana,FT\nA2,Bo,FT4\n")
    assert _issues(tmp_path) == [
        "Agents, row 2, column D: 'FT': expected a value under a column header (this cell is "
        "outside the table; a comma inside an unquoted CSV value splits it)",
        "Agents, row 2, column contract: 'Ana': expected a contract id from Contracts (FT)",
        "Agents, row 3, column contract: 'FT4': expected a contract id from Contracts (FT)",
    ]


def test_misspelt_and_repeated_headers_are_refused_and_own_columns_skipped(
    small_path: Path, tmp_path: Path
):
    workbook = openpyxl.load_workbook(small_path)
    agents = workbook["Agents"]
    headers = [cell.value for cell in agents[1]]
    agents.cell(1, headers.index("allowed_shifts") + 1, "alowed_shifts")
    agents.cell(1, len(headers) + 1, "contract")
    agents.cell(1, len(headers) + 2, "# notes")
    agents.cell(2, len(headers) + 2, "prefers mornings")
    workbook.save(tmp_path / "headers.xlsx")
    missing = openpyxl.utils.get_column_letter(headers.index("allowed_shifts") + 1)
    extra = openpyxl.utils.get_column_letter(len(headers) + 1)
    first = openpyxl.utils.get_column_letter(headers.index("contract") + 1)
    issues = _issues(tmp_path / "headers.xlsx")
    assert issues[0].startswith(
        f"Agents, row 1, column {missing}: 'alowed_shifts': expected a column of the Agents "
        "sheet (id, name, "
    )
    assert "did you mean allowed_shifts? (head a column of your own with #" in issues[0]
    assert issues[1:] == [
        f"Agents, row 1, column {extra}: 'contract': expected each column once (column "
        f"{first} is headed contract too)"
    ]


def test_a_sheet_or_file_named_close_to_a_known_one_is_named(small_path: Path, tmp_path: Path):
    workbook = openpyxl.load_workbook(small_path)
    workbook["Leave"].title = "Leaves"
    workbook.save(tmp_path / "leaves.xlsx")
    assert _issues(tmp_path / "leaves.xlsx") == [
        "Leaves: expected a sheet named Leave (names are read exactly)"
    ]
    (tmp_path / "csv").mkdir()
    _small_csv(tmp_path / "csv")
    (tmp_path / "csv" / "leaves.csv").write_text("agent,first_date\nA1,2026-12-08\n")
    assert _issues(tmp_path / "csv") == [
        "leaves.csv: expected a file named leave.csv (names are read exactly)"
    ]


def test_numbers_typed_into_time_and_date_cells_are_refused(small_path: Path, tmp_path: Path):
    # Formatted as times and dates, 7.5 reads as 12:00 on the seventh day of 1900 and 7 as
    # 1900-01-07: neither is what the planner meant, so neither may pass as a value.
    edited = _edited(
        small_path, tmp_path / "numbers.xlsx", {"Shifts": {"C2": 7.5}, "Demand": {"A2": 7}}
    )
    assert _issues(edited) == [
        "Shifts, row 2, column start: '1900-01-07 12:00': expected a time of day like 06:30 (a "
        "number in a time cell counts days)",
        "Demand, row 2, column date: '1900-01-07': expected a date like 2026-12-07 (a number "
        "in a date cell counts days from 1900)",
    ]


def test_weekend_days_are_weekday_names_separated_by_commas(tmp_path: Path):
    _small_csv(tmp_path)
    settings = tmp_path / "settings.csv"
    base = settings.read_text()
    settings.write_text(base + '"weekend_days","Saturday, sun, Thur"\n')
    assert load_problem(tmp_path).period.weekend_days == frozenset({3, 5, 6})
    settings.write_text(base + "weekend_days,Sat Sun\n")
    (issue,) = _issues(tmp_path)
    assert issue == (
        "Settings, row 4, column value: 'Sat Sun': expected weekend_days as weekday names like "
        "Sat, Sun, separated by commas"
    )


def test_an_empty_agents_sheet_is_the_one_cause_named(small_path: Path, tmp_path: Path):
    workbook = openpyxl.load_workbook(small_path)
    workbook["Agents"].delete_rows(2, workbook["Agents"].max_row)
    assert workbook["Leave"].max_row > 1  # rows naming agents, each unknown now
    workbook.save(tmp_path / "nobody.xlsx")
    assert _issues(tmp_path / "nobody.xlsx") == [
        "Agents: expected at least one row below the header row"
    ]
    workbook = openpyxl.load_workbook(small_path)
    workbook["Shifts"].delete_rows(2, workbook["Shifts"].max_row)
    workbook.save(tmp_path / "no_shifts.xlsx")
    # Not a message per agent allowed an unknown shift: the empty sheet they all refer to.
    assert _issues(tmp_path / "no_shifts.xlsx") == [
        "Shifts: expected at least one row below the header row"
    ]
