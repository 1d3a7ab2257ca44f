"""The committed example files are exactly what the generator produces."""

from pathlib import Path

from scheduler.example import build_example, build_hotline, build_skilled_hotline
from scheduler.io.input_reader import load_problem

EXAMPLES = Path(__file__).parents[1] / "examples"


def test_example_workbook_matches_the_generator():
    assert load_problem(EXAMPLES / "example.xlsx") == build_example()


def test_example_csv_folder_matches_the_generator():
    assert load_problem(EXAMPLES / "example-csv") == build_example()


def test_forecast_example_workbook_matches_the_generator():
    # `scheduler example --forecast` with its defaults: 80 agents, seed 7.
    assert load_problem(EXAMPLES / "hotline.xlsx") == build_hotline(80, seed=7)


def test_skilled_example_workbook_matches_the_generator():
    # `scheduler example --skilled` with its defaults: 80 agents, seed 7.
    problem = load_problem(EXAMPLES / "skilled-hotline.xlsx")
    assert problem == build_skilled_hotline(80, seed=7)
    assert len(problem.queues) == 5 and problem.training
    assert any(a.start_date for a in problem.agents)
    assert sum(len(problem.serving_queues(a)) > 1 for a in problem.agents) == 24  # 30 %


def test_example_has_what_the_issue_asks_for():
    problem = build_example()
    assert len(problem.agents) == 60
    assert problem.period.days == 28 and problem.period.start.weekday() == 0
    assert {s.category for s in problem.shifts} >= {"early", "day", "late", "night"}
    assert problem.period.holidays
    assert problem.leave and problem.requests
    launch = {r.required for r in problem.demand if r.day == 8 and r.shift == "L"}
    normal = {r.required for r in problem.demand if r.day == 1 and r.shift == "L"}
    assert launch == {2 * n for n in normal}  # Tuesday of the launch week vs a week before
