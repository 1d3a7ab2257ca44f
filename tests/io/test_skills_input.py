"""Skills, per-queue demand and tier rules as a planner types them, and their mistakes."""

from pathlib import Path

import pytest

from scheduler.domain import Strength, Tier
from scheduler.example import build_skilled_hotline
from scheduler.io.errors import InputError
from scheduler.io.input_csv import write_input_csv
from scheduler.io.input_reader import load_problem


def _write(folder: Path, agents: str, demand: str, settings: str = "", tiers: str = "") -> Path:
    (folder / "settings.csv").write_text(
        "setting,value\nstart_date,2026-12-07\ndays,2\n" + settings
    )
    (folder / "shifts.csv").write_text("code,start,end,category\nE,06:00,14:00,early\n")
    (folder / "contracts.csv").write_text("id\nC\n")
    (folder / "agents.csv").write_text("id,contract,skills,tier\n" + agents)
    (folder / "demand.csv").write_text("date,shift,required,queue\n" + demand)
    if tiers:
        (folder / "tiers.csv").write_text("tier,calls_per_shift,off_phone_percent\n" + tiers)
    return folder


def _issues(folder: Path) -> list[str]:
    with pytest.raises(InputError) as raised:
        load_problem(folder)
    return [str(issue) for issue in raised.value.issues]


def test_skills_with_proficiency_queues_and_tier_rules_are_read(tmp_path: Path):
    problem = load_problem(
        _write(
            tmp_path,
            'A1,C,"phones, tablets:2",senior\nA2,C,tablets,qa\n',
            "2026-12-07,E,1,phones\n2026-12-07,E,2,tablets\n",
            "supervision,hard\njunior_ratio,soft\nmax_juniors_per_senior,3\n",
            "qa,,40\n",
        )
    )
    first = problem.agent_by_id["A1"]
    assert first.skills == {"phones", "tablets"}
    assert first.level("tablets") == 2 and first.level("phones") == 5
    assert problem.queues == ("phones", "tablets")
    assert problem.serving_queues(first) == ("phones", "tablets")  # expert queue first
    assert problem.queue_requirements[0, "E", "tablets"].required == 2
    assert problem.requirements[0, "E"].required == 3  # the total over queues
    assert problem.tiers.supervision is Strength.HARD
    assert problem.tiers.junior_ratio is Strength.SOFT
    assert problem.tiers.max_juniors_per_senior == 3
    assert problem.phone_percent(problem.agent_by_id["A2"], 0) == 60
    assert problem.agent_by_id["A2"].tier is Tier.QA


def test_a_bad_proficiency_names_the_cell_and_the_form_expected(tmp_path: Path):
    assert _issues(_write(tmp_path, "A1,C,phones:9,junior\n", "2026-12-07,E,1,\n")) == [
        "Agents, row 2, column skills: 'phones:9': expected a skill, optionally with a "
        "proficiency from 1 (learning) to 5 (expert) like phones:3"
    ]


def test_demand_names_a_queue_on_every_row_or_none(tmp_path: Path):
    folder = _write(tmp_path, "A1,C,phones,junior\n", "2026-12-07,E,1,phones\n2026-12-08,E,1,\n")
    assert _issues(folder) == [
        "Demand, row 3, column queue: expected a queue on every row or on none (an "
        "agent counts toward one queue at a time, or toward the shift as a whole); 1 of 2 "
        "rows name one"
    ]


def test_one_mistyped_queue_on_a_sheet_without_queues_is_the_row_named(tmp_path: Path):
    rows = "2026-12-07,E,1,french\n2026-12-07,L,1,\n2026-12-08,E,1,\n"
    folder = _write(tmp_path, "A1,C,phones,junior\n", rows)
    (tmp_path / "shifts.csv").write_text(
        "code,start,end,category\nE,06:00,14:00,early\nL,14:00,22:00,late\n"
    )
    assert _issues(folder) == [
        "Demand, row 2, column queue: 'french': expected a queue on every row or on none (an "
        "agent counts toward one queue at a time, or toward the shift as a whole); 1 of 3 "
        "rows name one"
    ]


def test_a_queue_nobody_can_serve_is_refused_with_the_skills_there_are(tmp_path: Path):
    folder = _write(tmp_path, "A1,C,phones,junior\n", "2026-12-07,E,1,tablest\n")
    assert _issues(folder) == [
        "Agents, column skills: 'tablest': expected at least one agent with skill tablest "
        "(demand is counted per queue, and only agents with a queue's skill serve it); skills "
        "listed: phones"
    ]


def test_the_skilled_hotline_survives_a_round_trip_through_csv(tmp_path: Path):
    problem = build_skilled_hotline(30)
    write_input_csv(problem, tmp_path / "csv")
    again = load_problem(tmp_path / "csv")
    assert again.queues == problem.queues
    assert again.agents == problem.agents
    assert again.interval_demand == problem.interval_demand


def _training(folder: Path, rows: str) -> Path:
    _write(folder, "A1,C,phones,junior\nA2,C,phones,trainer\n", "2026-12-07,E,1,\n")
    (folder / "demand.csv").write_text("date,shift,required\n2026-12-07,E,1\n")
    (folder / "training.csv").write_text(
        "session,first_date,last_date,start,end,attendees,seats,skill\n" + rows
    )
    return folder


def test_training_sessions_are_read_with_their_seats(tmp_path: Path):
    problem = load_problem(
        _training(tmp_path, "Tablets,2026-12-07,2026-12-08,09:00,11:00,A1,3,phones\n")
    )
    (session,) = problem.training
    assert (session.first_day, session.last_day, session.start_minute, session.minutes) == (
        0,
        1,
        540,
        120,
    )
    assert session.attendees == {"A1"} and session.seats == 3 and session.skill == "phones"
    assert problem.session_shifts(session) == {"E"}


def test_training_mistakes_name_the_cell(tmp_path: Path):
    rows = (
        "Late,2026-12-07,,15:00,16:00,A1,,\n"
        "Zero,2026-12-07,,09:00,09:00,A1,,\n"
        'Crowded,2026-12-07,,09:00,10:00,"A1, A9",1,\n'
    )
    assert _issues(_training(tmp_path, rows)) == [
        "Training, row 2, column start: '15:00': expected a session time inside some shift "
        "(E 06:00-14:00)",
        "Training, row 3, column end: '09:00': expected a time other than the start",
        "Training, row 4, column seats: 1: expected at least the 2 attendees named",
        "Training, row 4, column attendees: 'A9': expected agent ids from Agents",
    ]


def _night_training(folder: Path, rows: str) -> Path:
    _training(folder, rows)
    (folder / "shifts.csv").write_text(
        "code,start,end,category\nE,06:00,14:00,early\nN,22:00,06:30,night\n"
    )
    return folder


def test_small_hours_sessions_sit_in_the_night_shift_begun_the_evening_before(tmp_path: Path):
    rows = "Small hours,2026-12-08,,02:00,03:00,A1,,\nMidnight,2026-12-07,,23:00,01:00,A1,,\n"
    problem = load_problem(_night_training(tmp_path, rows))
    small, midnight = problem.training
    # Held on the night's day (Monday) from 26:00; the planner's date and clock are kept.
    assert (small.first_day, small.last_day, small.start_minute, small.minutes) == (0, 0, 1560, 60)
    assert (small.day_offset, small.time_text) == (1, "02:00-03:00")
    assert (midnight.first_day, midnight.start_minute, midnight.minutes) == (0, 23 * 60, 120)
    assert problem.session_shifts(small) == problem.session_shifts(midnight) == {"N"}
    write_input_csv(problem, tmp_path / "again")
    assert load_problem(tmp_path / "again").training == problem.training


def test_a_small_hours_session_on_the_first_date_has_no_night_before_it(tmp_path: Path):
    folder = _night_training(tmp_path, "Small hours,2026-12-07,,02:00,03:00,A1,,\n")
    assert _issues(folder) == [
        "Training, row 2, column first_date: '2026-12-07': expected a date after the period's "
        "first day (the session sits in a night shift begun the day before, which the period "
        "does not hold)"
    ]
