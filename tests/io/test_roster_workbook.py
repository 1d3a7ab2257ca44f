"""The roster workbook, read back the way a planner's spreadsheet program would see it.

Expectations are computed here from the roster and the problem, never with the writer's own
helpers, so a wrong total in the writer cannot hide behind the same wrong total in the test.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import (
    Contract,
    Holiday,
    Leave,
    Problem,
    RequestKind,
    Roster,
    RuleFamily,
    ShiftRequest,
    ShiftType,
    Tier,
    TierRules,
)
from scheduler.evaluate import evaluate
from scheduler.io.roster_workbook import build_roster_workbook, write_roster
from scheduler.solve import SolveOptions, SolveResult, SolveStatus, solve
from tests.builders import EARLY, LATE, MONDAY, NIGHT, make_problem, resave_with_libreoffice

CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"

HOLIDAY_DAY = 10  # Thursday of the second week
SICK_DAY = 9


def _problem() -> Problem:
    """Three agents cannot cover three shifts a day for 14 days with 4 leave days among them.

    Capacity is at most 3 * 14 - 4 = 38 shifts against 42 required, so some shift is short in
    every optimal roster; A2 asks for an early shift during their leave, which can never be
    granted, so the Violations sheet always holds a request penalty with an agent.
    """
    return make_problem(
        days=14,
        agents=3,
        shifts=(EARLY, LATE, NIGHT),
        contract=Contract("FT", "Full time", max_consecutive_days=5, min_rest_minutes=11 * 60),
        demand={(day, s.code): 1 for day in range(14) for s in (EARLY, LATE, NIGHT)},
        leave=(Leave("A2", 3, 5, "leave"), Leave("A3", SICK_DAY, SICK_DAY, "sick")),
        requests=(
            ShiftRequest("A2", 4, "E", RequestKind.WANT, 7),
            ShiftRequest("A1", 2, None, RequestKind.WANT, 5),
        ),
        holidays=(Holiday(MONDAY + timedelta(days=HOLIDAY_DAY), "Regional holiday"),),
        agent_overrides={
            "A1": {"name": "Ana Alves", "team": "Blue"},
            "A2": {"name": "Ben Brook", "team": "Blue"},
            "A3": {"name": "Chloé Ndiaye", "team": "Green"},
        },
    )


@pytest.fixture(scope="module")
def solved() -> tuple[Problem, SolveResult]:
    problem = _problem()
    result = solve(problem, SolveOptions(time_limit=5, workers=1))
    assert result.roster is not None
    return problem, result


@pytest.fixture(scope="module")
def workbook_path(solved: tuple[Problem, SolveResult], tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("roster") / "roster.xlsx"
    write_roster(*solved, path)
    return path


@pytest.fixture(scope="module")
def book(workbook_path: Path) -> Workbook:
    return load_workbook(workbook_path)


def _hand_result(problem: Problem, rows: dict[str, list[str | None]]) -> SolveResult:
    """A result for a roster given by hand, scored by the evaluator, without solving."""
    roster = Roster.from_rows(rows)
    evaluation = evaluate(problem, roster)
    return SolveResult(
        SolveStatus.FEASIBLE,
        roster,
        evaluation,
        evaluation.total,
        float(evaluation.total),
        0.5,
        SolveOptions(time_limit=1, workers=1),
    )


# Locating things in the Roster sheet the way a reader would: by labels, not fixed positions.


def _header_row(sheet: Worksheet) -> int:
    return next(r for r in range(1, 10) if sheet.cell(r, 1).value == "Agent id")


def _day_columns(sheet: Worksheet, problem: Problem) -> dict[int, int]:
    """Day index -> column, from the real dates in the header row."""
    row = _header_row(sheet)
    by_date = {
        cell.value.date(): cell.column for cell in sheet[row] if isinstance(cell.value, datetime)
    }
    return {day: by_date[when] for day, when in enumerate(problem.period.dates)}


def _agent_rows(sheet: Worksheet, problem: Problem) -> dict[str, int]:
    ids = {agent.id for agent in problem.agents}
    return {
        sheet.cell(r, 1).value: r
        for r in range(_header_row(sheet) + 1, sheet.max_row + 1)
        if sheet.cell(r, 1).value in ids
    }


def _column_of(sheet: Worksheet, header: str) -> int:
    row = _header_row(sheet)
    return next(cell.column for cell in sheet[row] if cell.value == header)


def _label_row(sheet: Worksheet, label: str) -> int:
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == label)


def _fill(sheet: Worksheet, row: int, column: int) -> str | None:
    fill = sheet.cell(row, column).fill
    return fill.fgColor.rgb if fill.fill_type == "solid" else None


# Structure


def test_sheets_come_in_reading_order(book: Workbook) -> None:
    visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    assert visible == ["Roster", "Coverage", "Summary", "Violations", "Fairness"]
    # The problem travels with the roster, hidden, for `scheduler rerun`.
    assert {"_Settings", "_Agents", "_Published", "_scheduler"} <= set(book.sheetnames)


def test_result_without_roster_raises_and_writes_nothing(tmp_path: Path) -> None:
    problem = make_problem()
    empty = SolveResult(
        SolveStatus.INFEASIBLE, None, None, None, None, 0.1, SolveOptions(workers=1)
    )
    with pytest.raises(ValueError, match="infeasible"):
        write_roster(problem, empty, tmp_path / "roster.xlsx")
    assert list(tmp_path.iterdir()) == []


# Roster sheet


def test_roster_cells_show_the_shift_or_the_leave_kind(
    book: Workbook, solved: tuple[Problem, SolveResult]
) -> None:
    problem, result = solved
    assert result.roster is not None
    sheet = book["Roster"]
    columns, rows = _day_columns(sheet, problem), _agent_rows(sheet, problem)
    assert set(rows) == {"A1", "A2", "A3"}
    for agent in problem.agents:
        leave = problem.leave_days(agent.id)
        for day, column in columns.items():
            cell = sheet.cell(rows[agent.id], column)
            expected = result.roster.shift_of(agent.id, day) or leave.get(day)
            assert cell.value == expected, (agent.id, day)
            if day in leave:
                assert cell.font.italic, (agent.id, day)


def test_roster_rows_name_the_agent_team_and_contract(
    book: Workbook, solved: tuple[Problem, SolveResult]
) -> None:
    problem, _ = solved
    sheet = book["Roster"]
    row = _agent_rows(sheet, problem)["A3"]
    assert [sheet.cell(row, c).value for c in range(1, 5)] == [
        "A3",
        "Chloé Ndiaye",
        "Green",
        "Full time",
    ]


def test_roster_totals_match_the_roster(
    book: Workbook, solved: tuple[Problem, SolveResult]
) -> None:
    problem, result = solved
    assert result.roster is not None
    sheet = book["Roster"]
    rows = _agent_rows(sheet, problem)
    shifts = {s.code: s for s in problem.shifts}
    saturday_sunday = [(5, 6), (12, 13)]  # the period starts on a Monday
    for agent in problem.agents:
        mine = [a for a in result.roster.assignments if a.agent_id == agent.id]
        expected = {
            "Paid hours": sum(shifts[a.shift].paid_minutes for a in mine) / 60,
            "Shifts": len(mine),
            "Weekends worked": sum(
                any(a.day in weekend for a in mine) for weekend in saturday_sunday
            ),
            "Holiday shifts": sum(a.day == HOLIDAY_DAY for a in mine),
            "Late shifts": sum(a.shift == "L" for a in mine),
            "Night shifts": sum(a.shift == "N" for a in mine),
        }
        found = {
            header: sheet.cell(rows[agent.id], _column_of(sheet, header)).value
            for header in expected
        }
        assert found == pytest.approx(expected), agent.id


def test_weekend_and_holiday_columns_are_shaded_differently(
    book: Workbook, solved: tuple[Problem, SolveResult]
) -> None:
    problem, _ = solved
    sheet = book["Roster"]
    columns = _day_columns(sheet, problem)
    header = _header_row(sheet)
    monday, saturday = columns[0], columns[5]
    assert problem.period.dates[5].weekday() == 5
    weekday_fill = _fill(sheet, header, monday)
    assert _fill(sheet, header, saturday) not in (None, weekday_fill)
    assert _fill(sheet, header, columns[HOLIDAY_DAY]) not in (
        None,
        weekday_fill,
        _fill(sheet, header, saturday),
    )


def test_holiday_header_names_the_holiday(
    book: Workbook, solved: tuple[Problem, SolveResult]
) -> None:
    problem, _ = solved
    sheet = book["Roster"]
    column = _day_columns(sheet, problem)[HOLIDAY_DAY]
    header = _header_row(sheet)
    assert sheet.cell(header, column).comment.text == "Regional holiday"
    assert sheet.cell(header + 1, column).value == "Regional holiday"


def test_roster_header_shows_weekday_above_a_real_date(
    book: Workbook, solved: tuple[Problem, SolveResult]
) -> None:
    problem, _ = solved
    sheet = book["Roster"]
    column = _day_columns(sheet, problem)[0]
    header = _header_row(sheet)
    assert sheet.cell(header - 1, column).value == "Mon"
    assert sheet.cell(header, column).is_date


def test_roster_freezes_headers_and_name_columns(book: Workbook) -> None:
    # Three header rows (weekday, date, holiday names) and four identity columns.
    assert book["Roster"].freeze_panes == "E4"


def test_night_cells_are_dark_with_white_text(
    book: Workbook, solved: tuple[Problem, SolveResult]
) -> None:
    problem, result = solved
    assert result.roster is not None
    sheet = book["Roster"]
    columns, rows = _day_columns(sheet, problem), _agent_rows(sheet, problem)
    night = next(a for a in result.roster.assignments if a.shift == "N")
    cell = sheet.cell(rows[night.agent_id], columns[night.day])
    assert cell.font.color.rgb.endswith("FFFFFF")
    red, green, blue = (int(cell.fill.fgColor.rgb[-6:][i : i + 2], 16) for i in (0, 2, 4))
    assert red + green + blue < 3 * 100


def test_per_day_counts_below_the_agents(
    book: Workbook, solved: tuple[Problem, SolveResult]
) -> None:
    problem, result = solved
    assert result.roster is not None
    sheet = book["Roster"]
    columns = _day_columns(sheet, problem)
    first = _label_row(sheet, "Agents scheduled per shift") + 1
    assert first > max(_agent_rows(sheet, problem).values())
    for row, shift in enumerate(problem.shifts, start=first):
        assert sheet.cell(row, 1).value == shift.code
        expected = [
            sum(1 for a in result.roster.assignments if a.day == day and a.shift == shift.code)
            for day in range(problem.period.days)
        ]
        assert [sheet.cell(row, columns[day]).value for day in columns] == expected
        short = [day for day in columns if expected[day] < 1]  # demand is 1 everywhere
        short_fills = {_fill(sheet, row, columns[day]) for day in short}
        other_fills = {_fill(sheet, row, columns[day]) for day in columns if day not in short}
        assert len(short_fills) <= 1
        assert not short_fills & other_fills


def test_legend_lists_every_shift_with_its_times(book: Workbook) -> None:
    sheet = book["Roster"]
    first = _label_row(sheet, "Legend") + 2
    found = [tuple(sheet.cell(first + i, c).value for c in (1, 2, 3)) for i in range(3)]
    assert found == [
        ("E", "Early", "06:00-14:00"),
        ("L", "Late", "14:00-22:00"),
        ("N", "Night", "22:00-06:30"),
    ]
    assert _fill(sheet, first, 1) != _fill(sheet, first + 2, 1)


def test_shift_colour_overrides_the_category_colour(tmp_path: Path) -> None:
    branded = ShiftType("S", "Support", 8 * 60, 8 * 60, 480, "day", colour="00B050")
    problem = make_problem(days=1, agents=1, shifts=(branded,))
    workbook = build_roster_workbook(problem, _hand_result(problem, {"A1": ["S"]}))
    sheet = workbook["Roster"]
    assert sheet.cell(_agent_rows(sheet, problem)["A1"], 5).fill.fgColor.rgb.endswith("00B050")


def test_invalid_shift_colour_is_refused_before_any_solve() -> None:
    with pytest.raises(ValueError, match="shift S"):
        ShiftType("S", "Support", 8 * 60, 8 * 60, 480, "day", colour="green")


# Coverage sheet


def _coverage_rows(sheet: Worksheet) -> list[tuple[object, ...]]:
    return [
        tuple(sheet.cell(r, c).value for c in range(1, 8))
        for r in range(2, sheet.max_row + 1)
        if sheet.cell(r, 1).value is not None
    ]


def test_coverage_has_one_row_per_day_and_shift(
    book: Workbook, solved: tuple[Problem, SolveResult]
) -> None:
    problem, result = solved
    assert result.roster is not None
    sheet = book["Coverage"]
    assert [c.value for c in sheet[1][:7]] == [
        "Date",
        "Weekday",
        "Shift",
        "Required",
        "Scheduled",
        "Short",
        "Surplus",
    ]
    expected = []
    for (day, code), requirement in sorted(problem.requirements.items()):
        when = MONDAY + timedelta(days=day)
        scheduled = sum(1 for a in result.roster.assignments if (a.day, a.shift) == (day, code))
        required = requirement.required
        expected.append(
            (
                datetime.combine(when, datetime.min.time()),
                when.strftime("%a"),
                code,
                required,
                scheduled,
                max(required - scheduled, 0),
                max(scheduled - required, 0),
            )
        )
    found = sorted(_coverage_rows(sheet), key=lambda row: (row[0], row[2]))
    assert found == expected
    assert "yy" in sheet.cell(2, 1).number_format


def test_shortfall_rows_are_highlighted(book: Workbook) -> None:
    sheet = book["Coverage"]
    short_rows = {r for r in range(2, sheet.max_row + 1) if (sheet.cell(r, 6).value or 0) > 0}
    assert short_rows, "the problem is built so that demand cannot be met"
    highlighted = {r for r in range(2, sheet.max_row + 1) if _fill(sheet, r, 6) is not None}
    assert highlighted == short_rows


def test_surplus_is_counted_and_marked_apart_from_shortfall() -> None:
    problem = make_problem(days=1, agents=2, demand={(0, "E"): 1, (0, "L"): 1})
    result = _hand_result(problem, {"A1": ["E"], "A2": ["E"]})
    sheet = build_roster_workbook(problem, result)["Coverage"]
    rows = {row[2]: row[3:] for row in _coverage_rows(sheet)}
    assert rows == {"E": (1, 2, 0, 1), "L": (1, 0, 1, 0)}
    early, late = 2, 3  # shifts are listed in the problem's order, E before L
    assert _fill(sheet, early, 7) is not None  # surplus marked
    assert _fill(sheet, early, 6) is None
    assert _fill(sheet, late, 6) is not None
    assert _fill(sheet, early, 7) != _fill(sheet, late, 6)


def test_time_off_the_phones_is_counted_as_the_coverage_rule_counts_it() -> None:
    # A1 is QA, half of each shift off the phones: the early shift needs one agent and A1
    # alone supplies half of one, so it is short one, as Violations prices it.
    problem = replace(
        make_problem(days=1, agents=2, demand={(0, "E"): 1, (0, "L"): 1}),
        tiers=TierRules(off_phone_percent=((Tier.QA, 50),)),
    )
    problem = replace(
        problem,
        agents=tuple(replace(a, tier=Tier.QA) if a.id == "A1" else a for a in problem.agents),
    )
    result = _hand_result(problem, {"A1": ["E"], "A2": ["L"]})
    sheet = build_roster_workbook(problem, result)["Coverage"]
    rows = {row[2]: row[3:] for row in _coverage_rows(sheet)}
    assert rows == {"E": (1, 0.5, 1, 0), "L": (1, 1, 0, 0)}
    assert result.evaluation is not None
    under = [p for p in result.evaluation.penalties if p.detail.startswith("under")]
    assert [(p.shift, p.amount) for p in under] == [("E", 1)]
    header = next(c.column for c in sheet[1][8:] if c.value == "Required")
    assert [sheet.cell(2, header + k).value for k in range(3)] == [2, 1.5, 1]


def test_coverage_daily_totals_and_chart(
    book: Workbook, workbook_path: Path, solved: tuple[Problem, SolveResult]
) -> None:
    problem, result = solved
    assert result.roster is not None
    sheet = book["Coverage"]
    header = next(c.column for c in sheet[1][8:] if c.value == "Required")
    for row, day in enumerate(range(problem.period.days), start=2):
        scheduled = sum(1 for a in result.roster.assignments if a.day == day)
        assert sheet.cell(row, header).value == 3
        assert sheet.cell(row, header + 1).value == scheduled
    with zipfile.ZipFile(workbook_path) as archive:
        charts = [n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        assert len(charts) == 2  # Coverage's, then the Fairness sheet's
        chart = ElementTree.fromstring(archive.read(charts[0]))
    bar_chart = chart.find(f".//{{{CHART}}}barChart")
    assert bar_chart is not None
    assert bar_chart.find(f"{{{CHART}}}grouping").get("val") == "clustered"
    assert len(bar_chart.findall(f"{{{CHART}}}ser")) == 2
    texts = {node.text for node in chart.iter(f"{{{DRAWING}}}t")}
    assert {"Required and scheduled agents", "Agents", "Day"} <= texts


def test_coverage_table_freezes_and_filters(book: Workbook) -> None:
    sheet = book["Coverage"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:G")


# Summary sheet


def _summary(sheet: Worksheet) -> dict[str, object]:
    return {
        sheet.cell(r, 1).value: sheet.cell(r, 2).value
        for r in range(1, sheet.max_row + 1)
        if sheet.cell(r, 1).value is not None
    }


def test_summary_reports_the_solve_and_the_problem(
    book: Workbook, solved: tuple[Problem, SolveResult]
) -> None:
    _, result = solved
    summary = _summary(book["Summary"])
    assert summary["Status"] == result.status.value
    assert summary["Objective"] == result.objective
    assert summary["Best bound"] == pytest.approx(result.best_bound)
    assert summary["Time limit (s)"] == 5
    assert summary["Workers"] == 1
    assert summary["Deterministic"] == "no"
    assert summary["Agents"] == 3
    assert summary["Days"] == 14
    assert summary["Shift types"] == 3
    assert summary["First date"] == datetime(2026, 12, 7)
    assert summary["Last date"] == datetime(2026, 12, 20)
    assert summary["Hard violations"] == 0


def test_summary_names_deterministic_limits_and_automatic_workers() -> None:
    problem = make_problem(days=1, agents=1)
    result = _hand_result(problem, {"A1": [None]})
    options = SolveOptions(time_limit=3, workers=0, deterministic=True)
    summary = _summary(build_roster_workbook(problem, replace(result, options=options))["Summary"])
    assert summary["Deterministic time limit"] == 3
    assert summary["Workers"] == "chosen by CP-SAT"
    assert summary["Deterministic"] == "yes"
    assert summary["Gap"] == 0


def test_summary_lists_every_soft_family_with_cost_and_terms(
    book: Workbook, solved: tuple[Problem, SolveResult]
) -> None:
    _, result = solved
    assert result.evaluation is not None
    sheet = book["Summary"]
    first = _label_row(sheet, "Soft rule") + 1
    found = {
        sheet.cell(r, 1).value: (sheet.cell(r, 2).value, sheet.cell(r, 3).value)
        for r in range(first, sheet.max_row + 1)
    }
    penalties = result.evaluation.penalties
    expected = {
        family.title: (
            sum(p.amount * p.weight for p in penalties if p.family is family),
            sum(1 for p in penalties if p.family is family),
        )
        for family in RuleFamily
        if family.is_soft
    }
    assert found == expected


# Violations sheet


def test_violations_hold_exactly_the_evaluators_messages(
    book: Workbook, solved: tuple[Problem, SolveResult]
) -> None:
    problem, result = solved
    assert result.evaluation is not None
    sheet = book["Violations"]
    assert [c.value for c in sheet[1]] == [
        "Rule",
        "Agent",
        "Date",
        "Shift",
        "Amount",
        "Weight",
        "Cost",
        "Explanation",
    ]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert sorted(row[7] for row in rows) == sorted(p.message for p in result.evaluation.penalties)
    costs_and_dates = [(row[6], row[2]) for row in rows]
    assert costs_and_dates == sorted(costs_and_dates, key=lambda item: (-item[0], item[1]))
    request = next(row for row in rows if row[1] == "A2")
    assert request[:7] == [
        RuleFamily.REQUESTS.title,
        "A2",
        datetime.combine(problem.period.dates[4], datetime.min.time()),
        "E",
        1,
        7,
        7,
    ]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:H{len(rows) + 1}"


def test_violations_say_so_when_there_are_none(tmp_path: Path) -> None:
    problem = make_problem(days=7, agents=1)  # no demand, no requests: nothing to miss
    result = _hand_result(problem, {"A1": [None] * 7})
    path = tmp_path / "roster.xlsx"
    write_roster(problem, result, path)
    sheet = load_workbook(path)["Violations"]
    assert sheet.max_row == 2
    assert "No soft rule was broken" in sheet.cell(2, 1).value


# Other spreadsheet programs


def test_libreoffice_converts_the_workbook(
    workbook_path: Path, solved: tuple[Problem, SolveResult], tmp_path: Path
) -> None:
    converted = resave_with_libreoffice(workbook_path, tmp_path)
    problem, _ = solved
    original, copy = load_workbook(workbook_path)["Roster"], load_workbook(converted)["Roster"]
    rows = sorted(_agent_rows(original, problem).values())
    last_column = max(_day_columns(original, problem).values())
    for row in rows:
        assert [copy.cell(row, c).value for c in range(1, last_column + 1)] == [
            original.cell(row, c).value for c in range(1, last_column + 1)
        ]
    assert load_workbook(converted).sheetnames == load_workbook(workbook_path).sheetnames
