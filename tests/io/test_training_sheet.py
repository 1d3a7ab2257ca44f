"""The Training sheet lists sessions, their seats and who attends on which shift."""

from dataclasses import replace
from pathlib import Path

from openpyxl import load_workbook

from scheduler.domain import TrainingSession, Weights
from scheduler.io.roster_workbook import write_roster
from scheduler.solve import SolveOptions, solve
from tests.builders import EARLY, NIGHT, make_problem, resave_with_libreoffice

# Tablets training on Tuesday 09:00-11:00 for A1, one more seat for anyone; two agents are
# needed on that early shift, so A2 works it too and may as well take the seat.
SESSION = TrainingSession("Tablets", 1, 1, 9 * 60, 120, frozenset({"A1"}), seats=2)
PROBLEM = replace(
    make_problem(days=2, agents=2, demand={(1, "E"): 1}, weights=Weights(empty_seat=20)),
    training=(SESSION,),
)


def _written(tmp_path: Path) -> Path:
    result = solve(PROBLEM, SolveOptions(time_limit=10, workers=1))
    assert result.roster is not None and result.evaluation is not None
    assert result.evaluation.is_feasible
    path = tmp_path / "roster.xlsx"
    write_roster(PROBLEM, result, path)
    return path


def _rows(path: Path) -> list[tuple[object, ...]]:
    sheet = load_workbook(path)["Training"]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_sessions_with_their_seats_and_one_line_per_attendee(tmp_path: Path):
    rows = _rows(_written(tmp_path))
    assert rows[0] == ("Session", "First day", "Last day", "Time", "Seats", "Attending", "Empty")
    assert rows[1][0] == "Tablets" and rows[1][3] == "09:00-11:00" and rows[1][4:] == (2, 2, 0)
    attendance = [row for row in rows[4:] if row[0] is not None]
    # Both attend on the early shift: A1 named, A2 in the free seat.
    assert [(row[3], row[5], row[6]) for row in attendance] == [
        ("A1", "named", "E"),
        ("A2", "seat", "E"),
    ]


def test_the_training_sheet_survives_a_libreoffice_resave(tmp_path: Path):
    converted = resave_with_libreoffice(_written(tmp_path), tmp_path)
    assert _rows(converted)[1][0] == "Tablets"


def test_a_small_hours_session_shows_its_own_date_and_the_night_worked(tmp_path: Path):
    # 02:00-03:00 on Tuesday, inside the night shift A1 begins on Monday.
    session = TrainingSession("Night desk", 0, 0, 26 * 60, 60, frozenset({"A1"}), seats=1)
    problem = replace(make_problem(days=2, agents=1, shifts=(EARLY, NIGHT)), training=(session,))
    result = solve(problem, SolveOptions(time_limit=10, workers=1))
    assert result.roster is not None and result.roster.shifts_on("A1", 0) == ("N",)
    path = tmp_path / "roster.xlsx"
    write_roster(problem, result, path)
    rows = _rows(path)
    tuesday = problem.period.dates[1]
    assert [value.date() for value in rows[1][1:3]] == [tuesday, tuesday]
    assert rows[1][3] == "02:00-03:00"
    assert (rows[4][0].date(), rows[4][3], rows[4][6]) == (tuesday, "A1", "N")
