"""Forecast sheets: read back exactly, holidays filled in by country, every bad cell named."""

from datetime import date, time
from pathlib import Path

import openpyxl
import pytest

from scheduler.domain import DemandMode
from scheduler.example import build_hotline
from scheduler.io.errors import InputError
from scheduler.io.input_csv import write_input_csv
from scheduler.io.input_reader import load_problem
from scheduler.io.input_workbook import write_input


@pytest.fixture(scope="module")
def hotline_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("forecast") / "hotline.xlsx"
    write_input(build_hotline(40, seed=3), path)
    return path


def _edited(source: Path, target: Path, edits: dict[str, dict[str, object]]) -> Path:
    workbook = openpyxl.load_workbook(source)
    for sheet, cells in edits.items():
        for ref, value in cells.items():
            workbook[sheet][ref] = value
    workbook.save(target)
    return target


def _issues(path: Path, holidays: str | None = None) -> list[str]:
    with pytest.raises(InputError) as raised:
        load_problem(path, holidays)
    return [str(issue) for issue in raised.value.issues]


def _setting_row(path: Path, name: str) -> int:
    sheet = openpyxl.load_workbook(path)["Settings"]
    return next(row for row in range(1, sheet.max_row + 1) if sheet.cell(row, 1).value == name)


def test_forecast_workbook_and_csv_read_back_as_the_same_problem(
    hotline_path: Path, tmp_path: Path
):
    problem = build_hotline(40, seed=3)
    assert load_problem(hotline_path) == problem
    write_input_csv(problem, tmp_path / "csv")
    assert load_problem(tmp_path / "csv") == problem
    assert problem.counts_intervals and problem.forecast is not None
    assert problem.forecast.mode is DemandMode.INTRADAY


def test_every_bad_forecast_cell_is_named(hotline_path: Path, tmp_path: Path):
    # Forecast row 2: negative calls; row 3: text calls; row 4: off the 30-minute grid;
    # row 5: a date outside the period. Queues row 2: zero handle time, a target above 100 %.
    # Events row 2: first day after last day.
    path = _edited(
        hotline_path,
        tmp_path / "bad.xlsx",
        {
            "Forecast": {
                "D2": -5,
                "D3": "many",
                "B4": time(9, 10),
                "A5": date(2027, 3, 1),
            },
            "Queues": {"B2": 0, "C2": 120},
            "Events": {"B2": date(2026, 12, 20), "C2": date(2026, 12, 14)},
        },
    )
    issues = _issues(path)
    expected = [
        "Forecast, row 2, column calls: -5: expected a number from 0 to 1000000",
        "Forecast, row 3, column calls: 'many': expected a number from 0 to 1000000",
        "Forecast, row 4, column interval_start: '09:10': expected a start on the 30-minute "
        "grid (interval_minutes), e.g. 09:00",
        "Forecast, row 5, column date: '2027-03-01': expected a date inside the period "
        "2026-12-07 to 2027-01-03",
        "Queues, row 2, column handle_minutes: 0: expected a number from 0.1 to 240",
        "Queues, row 2, column service_level_percent: 120: expected a number from 1 to 100",
        "Events, row 2, column last_date: '2026-12-14': expected a date on or after "
        "first_date (2026-12-20)",
    ]
    for line in expected:
        assert line in issues, (line, issues)


def test_interval_minutes_must_divide_the_day(hotline_path: Path, tmp_path: Path):
    row = _setting_row(hotline_path, "interval_minutes")
    path = _edited(hotline_path, tmp_path / "bad.xlsx", {"Settings": {f"B{row}": 45}})
    assert (
        f"Settings, row {row}, column value: 45: expected interval_minutes as 15, 30 or 60 "
        "(an interval that divides the day)"
    ) in _issues(path)


def test_intraday_needs_interval_starts_and_no_demand_rows(hotline_path: Path, tmp_path: Path):
    path = _edited(
        hotline_path,
        tmp_path / "bad.xlsx",
        {"Forecast": {"B2": None}, "Demand": {"A2": date(2026, 12, 7), "B2": "S06", "C2": 3}},
    )
    issues = _issues(path)
    assert any("Forecast, row 2, column interval_start" in i and "intraday" in i for i in issues)
    assert any(i.startswith("Demand, row 2") and "demand_mode is intraday" in i for i in issues)


def test_country_calendar_adds_holidays_and_make_up_working_days(tmp_path: Path):
    # China moves Saturday 14 February 2026 into a working day for the Spring Festival.
    problem = build_hotline(40, seed=3)
    workbook_path = tmp_path / "cn.xlsx"
    write_input(problem, workbook_path)
    workbook = openpyxl.load_workbook(workbook_path)
    settings = workbook["Settings"]
    changes = {"start_date": date(2026, 2, 9), "demand_mode": "shifts"}
    for row in range(1, settings.max_row + 1):
        if settings.cell(row, 1).value in changes:
            settings.cell(row, 2).value = changes[settings.cell(row, 1).value]
    for sheet in ("Holidays", "Leave", "Requests", "Forecast", "Events"):
        workbook[sheet].delete_rows(2, workbook[sheet].max_row)
    workbook.save(workbook_path)
    loaded = load_problem(workbook_path, "CN")
    period = loaded.period
    saturday = period.index_of(date(2026, 2, 14))
    assert saturday is not None and not period.is_weekend(saturday)
    assert period.is_weekend(period.index_of(date(2026, 2, 21)) or 0)
    assert period.is_holiday(period.index_of(date(2026, 2, 17)) or 0)
    assert date(2026, 2, 14) in {h.date for h in period.working_days}


def test_unknown_country_is_named_on_the_command_line(hotline_path: Path):
    assert _issues(hotline_path, "XX") == [
        "command line, column --holidays: 'XX': expected a country code the holidays "
        "package knows, e.g. CN, GB-ENG, US-CA"
    ]


def test_queue_times_are_read_in_the_units_their_headers_name(hotline_path: Path, tmp_path: Path):
    # Handle time in minutes, the answer target in seconds, percentages as percentages: a
    # round trip alone would pass with both sides in the wrong unit.
    workbook = openpyxl.load_workbook(hotline_path)
    sheet = workbook["Queues"]
    headers = [cell.value for cell in sheet[1]]
    assert {"handle_minutes", "answer_seconds", "service_level_percent"} <= set(headers)
    values = {"handle_minutes": 6.5, "answer_seconds": 30, "service_level_percent": 90}
    for name, value in values.items():
        sheet.cell(2, headers.index(name) + 1, value)
    workbook.save(tmp_path / "units.xlsx")
    problem = load_problem(tmp_path / "units.xlsx")
    assert problem.forecast is not None
    queue = problem.forecast.queues[0]
    assert queue.handle_seconds == 390
    assert queue.answer_seconds == 30
    assert queue.service_target == pytest.approx(0.9)
