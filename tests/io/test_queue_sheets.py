"""The per-queue sheets of the roster workbook: coverage by queue and who serves which queue."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import (
    Assignment,
    CoverageRequirement,
    DemandMode,
    Forecast,
    ForecastEntry,
    IntervalRequirement,
    Problem,
    Queue,
    Roster,
    RuleFamily,
    Tier,
    TierRules,
)
from scheduler.evaluate import CHECKS, evaluate
from scheduler.io.queue_sheets import write_queue_coverage, write_queue_plan
from scheduler.io.roster_workbook import build_roster_workbook
from scheduler.io.styles import SHORTFALL_FILL, SHORTFALL_FONT, SURPLUS_FILL
from scheduler.solve import SolveOptions, SolveResult, SolveStatus, solve
from scheduler.staffing.requirements import interval_service
from tests.builders import make_problem, resave_with_libreoffice

SKILLED: dict[str, dict[str, object]] = {
    "A1": {"skills": frozenset({"phones", "tablets"}), "proficiency": (("tablets", 3),)},
    "A2": {"skills": frozenset({"phones"})},
    "A3": {"skills": frozenset({"tablets"})},
}
# Phones needs two agents on Monday's early shift and gets one; tablets needs one and gets two.
MONDAY_DEMAND = (
    CoverageRequirement(0, "E", 2, queue="phones"),
    CoverageRequirement(0, "E", 1, queue="tablets"),
    CoverageRequirement(1, "L", 1, queue="tablets"),
)
MONDAY_ROSTER = Roster(
    frozenset(
        {
            Assignment("A1", 0, "E", "tablets"),
            Assignment("A2", 0, "E", "phones"),
            Assignment("A3", 0, "E", "tablets"),
            Assignment("A3", 1, "L", "tablets"),
        }
    )
)


def _queue_problem(demand: tuple[CoverageRequirement, ...] = MONDAY_DEMAND) -> Problem:
    return replace(make_problem(days=2, agents=3, agent_overrides=SKILLED), demand=demand)


def _written(tmp_path: Path, problem: Problem, roster: Roster) -> tuple[Worksheet, Worksheet]:
    """Both sheets as a reader gets them: saved, then loaded again."""
    workbook = Workbook()
    coverage = workbook.active
    assert coverage is not None
    coverage.title = "Queue coverage"
    write_queue_coverage(coverage, problem, roster)
    write_queue_plan(workbook.create_sheet("Queue plan"), problem, roster)
    path = tmp_path / "queues.xlsx"
    workbook.save(path)
    loaded = load_workbook(path)
    return loaded["Queue coverage"], loaded["Queue plan"]


def _headers(sheet: Worksheet, first_column: int = 1) -> list[str]:
    """Header labels from ``first_column`` up to the first blank header cell."""
    found = []
    while (label := sheet.cell(1, first_column + len(found)).value) is not None:
        found.append(label)
    return found


def _table(sheet: Worksheet) -> dict[tuple[object, ...], dict[str, object]]:
    """Coverage rows keyed by (date, shift or interval, queue), values by header, plus each
    row's number under "row"."""
    headers = _headers(sheet)
    found = {}
    row = 2
    while sheet.cell(row, 1).value is not None:
        values: dict[str, object] = {h: sheet.cell(row, c).value for c, h in enumerate(headers, 1)}
        values["row"] = row
        found[values["Date"], sheet.cell(row, 3).value, values["Queue"]] = values
        row += 1
    return found


def _summary(sheet: Worksheet) -> dict[str, dict[str, object]]:
    """The per-queue summary, right of the table after one blank column, by queue."""
    first = len(_headers(sheet)) + 2
    headers = _headers(sheet, first)
    found = {}
    row = 2
    while (queue := sheet.cell(row, first).value) is not None:
        found[queue] = {h: sheet.cell(row, c).value for c, h in enumerate(headers, first)}
        row += 1
    return found


def _day(problem: Problem, day: int) -> datetime:
    return datetime.combine(problem.period.dates[day], datetime.min.time())


def _under(problem: Problem, roster: Roster) -> int:
    return sum(
        p.amount
        for p in CHECKS[RuleFamily.COVERAGE](problem, roster)
        if p.detail.startswith("under")
    )


# Queue coverage, shift demand --------------------------------------------------------------


def test_each_queue_row_counts_only_the_agents_serving_it(tmp_path: Path) -> None:
    problem = _queue_problem()
    coverage, _ = _written(tmp_path, problem, MONDAY_ROSTER)
    table = _table(coverage)
    assert len(table) == problem.period.days * len(problem.shifts) * 2
    phones = table[_day(problem, 0), "E", "phones"]
    assert (phones["Weekday"], phones["Required"], phones["Serving"]) == ("Mon", 2, 1)
    assert (phones["Short"], phones["Surplus"]) == (1, 0)
    tablets = table[_day(problem, 0), "E", "tablets"]
    assert (tablets["Required"], tablets["Serving"], tablets["Short"], tablets["Surplus"]) == (
        1,
        2,
        0,
        1,
    )
    tuesday = table[_day(problem, 1), "L", "tablets"]
    assert (tuesday["Required"], tuesday["Serving"], tuesday["Short"]) == (1, 1, 0)
    assert sum(row["Short"] for row in table.values()) == _under(problem, MONDAY_ROSTER)


def test_time_off_the_phones_counts_as_the_coverage_rule_counts_it(tmp_path: Path) -> None:
    # A1 is QA, half the shift off the phones: tablets on Monday's early shift needs one
    # agent and A1 alone supplies half of one, so the row is short, as the evaluator prices it.
    problem = replace(
        _queue_problem(),
        agents=tuple(
            replace(a, tier=Tier.QA) if a.id == "A1" else a for a in _queue_problem().agents
        ),
        tiers=TierRules(off_phone_percent=((Tier.QA, 50),)),
    )
    roster = Roster(
        frozenset({Assignment("A1", 0, "E", "tablets"), Assignment("A2", 0, "E", "phones")})
    )
    table = _table(_written(tmp_path, problem, roster)[0])
    tablets = table[_day(problem, 0), "E", "tablets"]
    assert (tablets["Serving"], tablets["Short"], tablets["Surplus"]) == (0.5, 1, 0)
    assert sum(row["Short"] for row in table.values()) == _under(problem, roster)


def test_a_short_queue_row_is_shaded_and_a_surplus_marked(tmp_path: Path) -> None:
    problem = _queue_problem()
    coverage, _ = _written(tmp_path, problem, MONDAY_ROSTER)
    table = _table(coverage)
    headers = _headers(coverage)
    short_row = table[_day(problem, 0), "E", "phones"]["row"]
    for column in range(1, len(headers) + 1):
        fill = coverage.cell(short_row, column).fill
        assert fill.fgColor.rgb.endswith(SHORTFALL_FILL.fgColor.rgb)
    short_font = coverage.cell(short_row, headers.index("Short") + 1).font
    assert short_font.b and short_font.color.rgb.endswith(SHORTFALL_FONT.color.rgb)
    surplus_row = table[_day(problem, 0), "E", "tablets"]["row"]
    surplus_fill = coverage.cell(surplus_row, headers.index("Surplus") + 1).fill
    assert surplus_fill.fgColor.rgb.endswith(SURPLUS_FILL.fgColor.rgb)
    assert coverage.cell(surplus_row, 1).fill.fill_type is None
    assert coverage.freeze_panes == "A2"
    assert coverage.auto_filter.ref == f"A1:H{len(table) + 1}"


def test_the_summary_adds_up_each_queue_and_counts_its_skilled_agents(tmp_path: Path) -> None:
    problem = _queue_problem()
    coverage, _ = _written(tmp_path, problem, MONDAY_ROSTER)
    summary = _summary(coverage)
    assert list(summary) == ["phones", "tablets"]
    assert summary["phones"] == {
        "Queue": "phones",
        "Required agent-shifts": 2,
        "Served": 1,
        "Short": 1,
        "Surplus": 0,
        "Agents with the skill": 2,  # A1 and A2
        "Of them multi-skilled": 1,  # A1
    }
    tablets = summary["tablets"]
    assert [tablets[h] for h in ("Required agent-shifts", "Served", "Short", "Surplus")] == [
        2,
        3,
        0,
        1,
    ]
    assert (tablets["Agents with the skill"], tablets["Of them multi-skilled"]) == (2, 1)


def test_the_chart_shows_short_per_queue_with_visible_axes(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    write_queue_coverage(sheet, _queue_problem(), MONDAY_ROSTER)
    (chart,) = sheet._charts
    assert chart.type == "col" and chart.grouping == "clustered"
    assert chart.x_axis.delete is False and chart.y_axis.delete is False
    (series,) = chart.series
    # Summary starts in column J (8 table columns, one blank); Short is its fourth column.
    assert series.val.numRef.f == "'Sheet'!$M$2:$M$3"
    assert series.cat.numRef.f == "'Sheet'!$J$2:$J$3"


def test_daily_forecast_rows_count_call_capacity_as_the_coverage_rule(tmp_path: Path) -> None:
    """A senior takes 90 calls against the standard 60: 90 of 100 phone calls is 1.5 agents
    and 10 calls short, one agent rounded up; 120 of 50 tablet calls leaves 70 spare, one
    agent rounded down."""
    overrides = {**SKILLED, "A1": {**SKILLED["A1"], "tier": Tier.SENIOR}}
    overrides["A4"] = {"skills": frozenset({"tablets"})}
    base = make_problem(days=1, agents=4, agent_overrides=overrides)
    forecast = Forecast(
        DemandMode.DAILY,
        (Queue("phones"), Queue("tablets")),
        calls_per_shift=60,
        tier_calls_per_shift=((Tier.SENIOR, 90),),
        by_queue=True,
    )
    demand = (
        CoverageRequirement(0, "E", 2, calls=100, queue="phones"),
        CoverageRequirement(0, "E", 1, calls=50, queue="tablets"),
    )
    problem = replace(base, demand=demand, forecast=forecast)
    plan = Roster(
        frozenset(
            {
                Assignment("A1", 0, "E", "phones"),
                Assignment("A3", 0, "E", "tablets"),
                Assignment("A4", 0, "E", "tablets"),
            }
        )
    )
    coverage, _ = _written(tmp_path, problem, plan)
    table = _table(coverage)
    phones = table[_day(problem, 0), "E", "phones"]
    assert (phones["Required"], phones["Serving"], phones["Short"], phones["Surplus"]) == (
        2,
        1.5,
        1,
        0,
    )
    tablets = table[_day(problem, 0), "E", "tablets"]
    assert (tablets["Serving"], tablets["Short"], tablets["Surplus"]) == (2, 0, 1)
    over = sum(
        p.amount for p in CHECKS[RuleFamily.COVERAGE](problem, plan) if p.detail.startswith("over")
    )
    assert sum(row["Short"] for row in table.values()) == _under(problem, plan) == 1
    assert sum(row["Surplus"] for row in table.values()) == over == 1
    assert _summary(coverage)["phones"]["Served"] == 1.5


# Queue coverage, intraday demand -----------------------------------------------------------


def _intraday_problem() -> Problem:
    """Half an hour at 06:00, when only the early shift is on: each queue needs one agent."""
    forecast = Forecast(
        DemandMode.INTRADAY,
        (Queue("phones"), Queue("tablets")),
        entries=(
            ForecastEntry(0, "phones", 10.0, 6 * 60),
            ForecastEntry(0, "tablets", 4.0, 6 * 60),
        ),
        by_queue=True,
    )
    demand = (
        IntervalRequirement(0, 6 * 60, 30, 1, 0.9, queue="phones"),
        IntervalRequirement(0, 6 * 60, 30, 1, 0.5, queue="tablets"),
    )
    base = make_problem(days=1, agents=3, agent_overrides=SKILLED)
    return replace(base, demand=(), interval_demand=demand, forecast=forecast)


def test_intraday_rows_count_each_queue_per_interval_with_its_service_level(
    tmp_path: Path,
) -> None:
    problem = _intraday_problem()
    plan = Roster(
        frozenset({Assignment("A1", 0, "E", "tablets"), Assignment("A3", 0, "E", "tablets")})
    )
    coverage, _ = _written(tmp_path, problem, plan)
    assert _headers(coverage)[2:] == [
        "Interval",
        "Queue",
        "Calls",
        "Required",
        "Serving",
        "Short",
        "Surplus",
        "Service level",
    ]
    table = _table(coverage)
    assert list(table) == [
        (_day(problem, 0), "06:00-06:30", "phones"),
        (_day(problem, 0), "06:00-06:30", "tablets"),
    ]
    phones = table[_day(problem, 0), "06:00-06:30", "phones"]
    assert [phones[h] for h in ("Calls", "Required", "Serving", "Short", "Surplus")] == [
        10,
        1,
        0,
        1,
        0,
    ]
    tablets = table[_day(problem, 0), "06:00-06:30", "tablets"]
    assert [tablets[h] for h in ("Calls", "Serving", "Short", "Surplus")] == [4, 2, 0, 1]
    levels = [s.level for s in interval_service(problem, plan)]
    assert [phones["Service level"], tablets["Service level"]] == pytest.approx(levels)
    assert coverage.cell(tablets["row"], 10).number_format == "0.0%"
    summary = _summary(coverage)
    assert summary["phones"]["Required agent-intervals"] == 1
    assert (summary["tablets"]["Served"], summary["tablets"]["Surplus"]) == (2, 1)
    assert sum(row["Short"] for row in table.values()) == _under(problem, plan) == 1


def test_intraday_service_level_counts_the_agents_on_the_phones_not_the_heads(
    tmp_path: Path,
) -> None:
    # A1 is QA, half the shift off the phones: tablets has one and a half agents on the
    # phones, surplus nothing, and its service level is that of one whole agent, not two.
    base = _intraday_problem()
    problem = replace(
        base,
        agents=tuple(replace(a, tier=Tier.QA) if a.id == "A1" else a for a in base.agents),
        tiers=TierRules(off_phone_percent=((Tier.QA, 50),)),
    )
    plan = Roster(
        frozenset({Assignment("A1", 0, "E", "tablets"), Assignment("A3", 0, "E", "tablets")})
    )
    tablets = _table(_written(tmp_path, problem, plan)[0])[
        _day(problem, 0), "06:00-06:30", "tablets"
    ]
    assert [tablets[h] for h in ("Serving", "Short", "Surplus")] == [1.5, 0, 0]
    one_agent = Roster(frozenset({Assignment("A3", 0, "E", "tablets")}))
    by_queue = {s.interval.queue: s.level for s in interval_service(base, one_agent)}
    assert tablets["Service level"] == pytest.approx(by_queue["tablets"])
    # The same two agents without time off the phones reach more.
    with_two = {s.interval.queue: s.level for s in interval_service(base, plan)}
    assert with_two["tablets"] != pytest.approx(by_queue["tablets"])


# Queue plan --------------------------------------------------------------------------------


def test_the_plan_shows_the_queue_each_agent_serves_and_their_skills(tmp_path: Path) -> None:
    problem = _queue_problem()
    _, plan = _written(tmp_path, problem, MONDAY_ROSTER)
    assert [plan.cell(2, c).value for c in range(1, 6)] == [
        "Agent id",
        "Name",
        "Skills",
        _day(problem, 0),
        _day(problem, 1),
    ]
    assert plan.cell(2, 4).number_format == "yyyy-mm-dd"
    assert (plan.cell(1, 4).value, plan.cell(1, 5).value) == ("Mon", "Tue")
    rows = {plan.cell(r, 1).value: r for r in range(3, 3 + len(problem.agents))}
    assert plan.cell(rows["A1"], 3).value == "phones, tablets:3"
    assert plan.cell(rows["A2"], 3).value == "phones"
    assert plan.cell(rows["A1"], 4).value == "tablets"  # multi-skilled, sent to tablets
    assert plan.cell(rows["A2"], 4).value == "phones"
    assert plan.cell(rows["A1"], 5).value is None  # off
    assert plan.cell(rows["A3"], 5).value == "tablets"
    assert plan.freeze_panes == "D3"


def test_each_queue_has_its_own_fill_and_a_legend_entry(tmp_path: Path) -> None:
    problem = _queue_problem()
    _, plan = _written(tmp_path, problem, MONDAY_ROSTER)
    rows = {plan.cell(r, 1).value: r for r in range(3, 3 + len(problem.agents))}
    phones = plan.cell(rows["A2"], 4).fill.fgColor.rgb
    tablets = plan.cell(rows["A1"], 4).fill.fgColor.rgb
    assert phones != tablets
    assert plan.cell(rows["A3"], 4).fill.fgColor.rgb == tablets
    legend = next(r for r in range(1, plan.max_row + 1) if plan.cell(r, 1).value == "Legend")
    swatches = {
        plan.cell(r, 1).value: plan.cell(r, 1).fill.fgColor.rgb for r in (legend + 1, legend + 2)
    }
    assert swatches == {"phones": phones, "tablets": tablets}
    for colour in (phones, tablets):
        assert len(colour) == 8 and colour[2:] == colour[2:].upper()


# The roster workbook -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def solved_queues() -> tuple[Problem, SolveResult]:
    problem = _queue_problem(
        (
            CoverageRequirement(0, "E", 1, queue="phones"),
            CoverageRequirement(0, "E", 1, queue="tablets"),
            CoverageRequirement(1, "L", 2, queue="tablets"),
        )
    )
    result = solve(problem, SolveOptions(time_limit=10, workers=1))
    assert result.roster is not None
    return problem, result


def test_a_per_queue_roster_workbook_has_both_queue_sheets(
    solved_queues: tuple[Problem, SolveResult], tmp_path: Path
) -> None:
    problem, result = solved_queues
    assert result.roster is not None
    path = tmp_path / "roster.xlsx"
    build_roster_workbook(problem, result).save(path)
    workbook = load_workbook(path)
    names = workbook.sheetnames
    assert names.index("Queue coverage") == names.index("Coverage") + 1
    assert names.index("Queue plan") == names.index("Coverage") + 2
    table = _table(workbook["Queue coverage"])
    assert sum(row["Short"] for row in table.values()) == _under(problem, result.roster)
    plan = workbook["Queue plan"]
    for row in range(3, 3 + len(problem.agents)):
        agent_id = plan.cell(row, 1).value
        for day in range(problem.period.days):
            assert plan.cell(row, 4 + day).value == result.roster.queue_of(agent_id, day)


def test_a_pooled_roster_workbook_has_no_queue_sheets() -> None:
    problem = make_problem(days=2, agents=2, demand={(0, "E"): 1})
    roster = Roster(frozenset({Assignment("A1", 0, "E")}))
    evaluation = evaluate(problem, roster)
    result = SolveResult(
        SolveStatus.FEASIBLE,
        roster,
        evaluation,
        evaluation.total,
        float(evaluation.total),
        0.1,
        SolveOptions(time_limit=1, workers=1),
    )
    names = build_roster_workbook(problem, result).sheetnames
    assert "Queue coverage" not in names and "Queue plan" not in names


def test_the_queue_sheets_survive_a_libreoffice_resave(
    solved_queues: tuple[Problem, SolveResult], tmp_path: Path
) -> None:
    problem, result = solved_queues
    path = tmp_path / "roster.xlsx"
    build_roster_workbook(problem, result).save(path)
    converted = load_workbook(resave_with_libreoffice(path, tmp_path))
    original = load_workbook(path)
    for name in ("Queue coverage", "Queue plan"):
        copy, source = converted[name], original[name]
        width = len(_headers(source)) if name == "Queue coverage" else 3 + problem.period.days
        for row in range(1, 3 + len(problem.agents)):
            assert [copy.cell(row, c).value for c in range(1, width + 1)] == [
                source.cell(row, c).value for c in range(1, width + 1)
            ]
    assert len(converted["Queue coverage"]._charts) == 1
