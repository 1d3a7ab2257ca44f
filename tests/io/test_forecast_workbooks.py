"""The staffing command's workbook and a forecast roster's interval coverage, end to end."""

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from scheduler.cli import main
from scheduler.domain import DemandMode, Forecast, ForecastEntry, Problem, Queue
from scheduler.evaluate import evaluate
from scheduler.example import build_hotline
from scheduler.io.input_workbook import write_input
from scheduler.io.roster_workbook import write_roster
from scheduler.io.staffing_workbook import build_staffing_workbook
from scheduler.solve import SolveOptions, SolveResult, solve
from scheduler.staffing.requirements import queue_intervals
from tests.builders import make_problem, resave_with_libreoffice


@pytest.fixture(scope="module")
def hotline_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hotline") / "hotline.xlsx"
    write_input(build_hotline(40, seed=5), path)
    return path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def test_staffing_writes_intervals_with_erlang_figures_and_a_chart(
    hotline_input: Path, tmp_path: Path
):
    output = tmp_path / "staffing.xlsx"
    code, text = _run("staffing", str(hotline_input), "-o", str(output))
    assert code == 0, text
    assert "agent-hours required" in text
    workbook = load_workbook(output)
    assert workbook.sheetnames == ["Intervals", "Chart data", "Inputs"]
    intervals = workbook["Intervals"]
    headers = [c.value for c in intervals[1]]
    assert headers[:4] == ["Date", "Weekday", "Interval", "Queue"]
    problem = build_hotline(40, seed=5)
    assert problem.forecast is not None
    busy = [i for i in queue_intervals(problem.period, problem.forecast) if i.calls]
    assert intervals.max_row == len(busy) + 1
    first = busy[0]
    row = [c.value for c in intervals[2]]
    assert row[3] == first.queue and row[7] == first.required
    assert row[8] >= problem.forecast.queue_by_name[first.queue].service_target - 1e-9
    assert len(workbook["Chart data"]._charts) == 1
    assert workbook["Chart data"].max_row == problem.period.days * 48 + 1


def test_staffing_without_a_forecast_exits_2(tmp_path: Path):
    source = Path(__file__).parents[2] / "examples" / "example.xlsx"
    code, text = _run("staffing", str(source), "-o", str(tmp_path / "s.xlsx"))
    assert code == 2
    assert "demand_mode" in text
    assert not (tmp_path / "s.xlsx").exists()


@pytest.fixture(scope="module")
def forecast_roster(tmp_path_factory: pytest.TempPathFactory) -> tuple[Problem, SolveResult, Path]:
    problem = build_hotline(40, seed=5)
    result = solve(problem, SolveOptions(time_limit=15, workers=2, seed=1))
    path = tmp_path_factory.mktemp("forecast-roster") / "roster.xlsx"
    write_roster(problem, result, path)
    return problem, result, path


def test_forecast_roster_shows_interval_coverage_matching_the_evaluator(
    forecast_roster: tuple[Problem, SolveResult, Path],
):
    problem, result, path = forecast_roster
    assert result.roster is not None and result.evaluation is not None
    coverage = load_workbook(path)["Coverage"]
    headers = [c.value for c in coverage[1]]
    assert headers[-1] == "Estimated service level"
    assert coverage.max_row == len(problem.interval_demand) + 1
    short_column = headers.index("Short") + 1
    short = sum(coverage.cell(r, short_column).value for r in range(2, coverage.max_row + 1))
    evaluation = evaluate(problem, result.roster)
    under = sum(p.amount for p in evaluation.penalties if p.detail.startswith("under"))
    assert short == under
    assert len(coverage._charts) == 4  # one per calendar week of the period


def test_forecast_roster_survives_a_libreoffice_resave(
    forecast_roster: tuple[Problem, SolveResult, Path], tmp_path: Path
):
    _, _, path = forecast_roster
    converted = resave_with_libreoffice(path, tmp_path)
    assert load_workbook(converted).sheetnames == load_workbook(path).sheetnames


def test_staffing_reports_the_exact_requirement_beside_the_one_rounded_once():
    # 80 calls in 30 min at 6 min, 80/20: 21 on the phones; 20 % absence makes 26.25 agents,
    # which the roster must round up once, to 27 (not 21 rounded, then grossed up, again).
    queue = Queue("calls", 360, 0.8, 20, absence=0.2)
    forecast = Forecast(DemandMode.INTRADAY, (queue,), (ForecastEntry(0, "calls", 80.0, 9 * 60),))
    problem = replace(make_problem(days=1, agents=1), forecast=forecast)
    sheet = build_staffing_workbook(problem)["Intervals"]
    headers = [cell.value for cell in sheet[1]]
    (row,) = [
        dict(zip(headers, values, strict=True))
        for values in sheet.iter_rows(2, 2, values_only=True)
    ]
    assert (row["Agents on phones"], row["Agents exact"], row["Agents required"]) == (21, 26.25, 27)
    assert sheet.cell(2, headers.index("Agents exact") + 1).number_format == "0.00"
