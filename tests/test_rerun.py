"""Supervisor re-plans: the published workbook carries its problem; changes move little."""

import re
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from scheduler.cli import main
from scheduler.domain import Contract, Leave, Roster, TrainingSession
from scheduler.evaluate import evaluate
from scheduler.heuristic import published_hint
from scheduler.io.input_workbook import write_input
from scheduler.io.replan_store import read_published
from scheduler.rerun import Replan, merged_problem, plan
from tests.builders import make_problem, resave_with_libreoffice

DAYS = 14


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A solved two-week roster of six agents, early and late shifts, 11 h rest."""
    folder = tmp_path_factory.mktemp("rerun")
    problem = make_problem(
        days=DAYS,
        agents=6,
        demand={(d, code): 2 for d in range(DAYS) for code in ("E", "L")},
        contract=Contract(
            "C",
            "Full time",
            min_minutes_week=3 * 450,
            max_minutes_week=5 * 450,
            max_consecutive_days=5,
            min_rest_minutes=11 * 60,
        ),
        leave=(Leave("A6", 3, 4, "leave"),),
    )
    source = folder / "input.xlsx"
    write_input(problem, source)
    roster = folder / "published.xlsx"
    code, text = _run("solve", str(source), "-o", str(roster), "--time-limit", "10", "--quiet")
    assert code == 0, text
    return roster


def _rows(path: Path) -> dict[str, list[object]]:
    sheet = openpyxl.load_workbook(path)["Roster"]
    rows = {}
    for row in range(1, sheet.max_row + 1):
        agent = sheet.cell(row, 1).value
        if isinstance(agent, str) and agent.startswith("A") and agent[1:].isdigit():
            rows[agent] = [sheet.cell(row, 5 + d).value for d in range(DAYS)]
    return rows


def _edit(source: Path, target: Path, agent: str, values: dict[int, object]) -> Path:
    workbook = openpyxl.load_workbook(source)
    sheet = workbook["Roster"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == agent)
    for day, value in values.items():
        sheet.cell(row, 5 + day).value = value
    workbook.save(target)
    return target


def _changes(folder: Path, sheet: str, header: list[str], *rows: list[object]) -> Path:
    """A changes workbook of one sheet: its header and rows, as a supervisor would write it."""
    workbook = openpyxl.Workbook()
    table = workbook.active
    table.title = sheet
    for values in (header, *rows):
        table.append(values)
    workbook.save(folder / "changes.xlsx")
    return folder / "changes.xlsx"


def _rerun(source: Path, output: Path, *extra: str) -> tuple[int, str]:
    return _run("rerun", str(source), "-o", str(output), "--quiet", "--time-limit", "10", *extra)


def test_unchanged_roster_reruns_to_zero_changes(published: Path, tmp_path: Path):
    output = tmp_path / "new.xlsx"
    code, text = _rerun(published, output)
    assert code == 0, text
    assert "0 cells changed" in text
    assert _rows(output) == _rows(published)
    assert openpyxl.load_workbook(output)["Changes"].cell(2, 1).value.startswith("No cell")


def test_a_roster_resaved_by_libreoffice_reruns_to_zero_changes(published: Path, tmp_path: Path):
    converted = resave_with_libreoffice(published, tmp_path)
    code, text = _rerun(converted, tmp_path / "new.xlsx")
    assert code == 0, text
    assert "0 cells changed" in text
    assert _rows(tmp_path / "new.xlsx") == _rows(published)


def test_wrong_used_ranges_in_the_file_lose_no_cell(published: Path, tmp_path: Path):
    # The sheets are read only, which trusts each sheet's stored used range unless told not
    # to; some programs store a wrong one.
    narrowed = tmp_path / "narrowed.xlsx"
    with zipfile.ZipFile(published) as zin, zipfile.ZipFile(narrowed, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:A1"', data)
            zout.writestr(item, data)
    assert read_published(narrowed) == read_published(published)
    code, text = _rerun(narrowed, tmp_path / "new.xlsx")
    assert code == 0, text
    assert "0 cells changed" in text


def test_sick_days_marked_in_the_roster_change_only_days_from_the_absence(
    published: Path, tmp_path: Path
):
    before = _rows(published)
    worker = next(a for a, row in before.items() if all(row[d] in ("E", "L") for d in (6, 7)))
    source = _edit(published, tmp_path / "sick.xlsx", worker, {6: "sick", 7: "sick", 8: "sick"})
    output = tmp_path / "new.xlsx"
    code, text = _rerun(source, output)
    assert code == 0, text
    # Agents short against the whole requirement, as the Coverage sheet counts them, and
    # the shortfall the re-plan prices apart.
    assert "agents short" in text and "short of what was published" in text
    after = _rows(output)
    assert after[worker][6:9] == ["sick"] * 3
    for agent, row in after.items():
        assert row[:6] == before[agent][:6], agent  # nothing before the absence moved
    # The evaluator judges the new roster against the changed problem: no rule broken.
    stored = read_published(output)
    assert evaluate(stored.problem, stored.published).is_feasible
    assert {6, 7, 8} <= {d for d in stored.problem.leave_days(worker)}
    changes = openpyxl.load_workbook(output)["Changes"]
    reasons = [changes.cell(r, 7).value for r in range(2, changes.max_row + 1)]
    assert reasons.count("absent (sick)") == sum(
        1 for d in (6, 7, 8) if before[worker][d] in ("E", "L")
    )


def test_changes_workbook_adds_leave_and_the_rerun_starts_there(published: Path, tmp_path: Path):
    before = _rows(published)
    worker = next(a for a, row in before.items() if row[10] in ("E", "L"))
    changes = _changes(
        tmp_path,
        "Leave",
        ["agent", "first_date", "last_date", "kind"],
        [worker, "2026-12-17", "2026-12-18", "sick"],
    )
    stored = read_published(published)
    replan = plan(stored, merged_problem(published, changes))
    assert replan.first_day == 10
    code, text = _rerun(published, tmp_path / "new.xlsx", "--changes", str(changes))
    assert code == 0, text
    after = _rows(tmp_path / "new.xlsx")
    assert after[worker][10:12] == ["sick", "sick"]
    assert all(after[a][:10] == before[a][:10] for a in before)


def test_a_new_agents_days_before_their_start_are_not_read_as_edits(tmp_path: Path):
    # The Roster sheet shows "not started" before a start date; a re-plan read it as a
    # typed shift code and refused every roster with a new agent in it.
    problem = make_problem(
        days=DAYS,
        agents=3,
        demand={(d, "E"): 1 for d in range(DAYS)},
        agent_overrides={"A3": {"start_date": date(2026, 12, 10)}},
    )
    source = tmp_path / "input.xlsx"
    write_input(problem, source)
    published = tmp_path / "published.xlsx"
    code, text = _run("solve", str(source), "-o", str(published), "--time-limit", "10", "--quiet")
    assert code == 0, text
    assert _rows(published)["A3"][:3] == ["not started"] * 3
    code, text = _rerun(published, tmp_path / "new.xlsx")
    assert code == 0, text
    assert "0 cells changed" in text
    early = _edit(published, tmp_path / "early.xlsx", "A3", {1: "E"})
    code, text = _rerun(early, tmp_path / "early-new.xlsx")
    assert code == 2 and "expected no work: A3 starts on 2026-12-10" in text
    sick = _edit(published, tmp_path / "sick.xlsx", "A1", {5: "sick"})
    code, text = _rerun(sick, tmp_path / "sick-new.xlsx")
    assert code == 0, text
    assert _rows(tmp_path / "sick-new.xlsx")["A3"][:3] == ["not started"] * 3


def test_a_sick_agent_is_paid_their_published_shifts_and_owes_no_hours(tmp_path: Path):
    # Two agents at their weekly minimum of 3 shifts (nobody is needed, so nobody works
    # more). A's sick shifts are paid as published: 1,350 - 2 x 450 leaves one shift, which
    # A still has. A daily share (1,350 x 5/7 = 964) would add two shifts to make it up.
    contract = Contract("C", "Any", min_minutes_week=3 * 450, max_minutes_week=5 * 450)
    source = tmp_path / "input.xlsx"
    write_input(make_problem(days=DAYS, agents=2, contract=contract), source)
    published = tmp_path / "published.xlsx"
    code, text = _run("solve", str(source), "-o", str(published), "--time-limit", "10", "--quiet")
    assert code == 0, text
    before = _rows(published)
    assert all(sum(cell in ("E", "L") for cell in row[7:]) == 3 for row in before.values())
    sick = [d for d in range(7, DAYS) if before["A1"][d] in ("E", "L")][:2]
    edited = _edit(published, tmp_path / "sick.xlsx", "A1", dict.fromkeys(sick, "sick"))
    output = tmp_path / "new.xlsx"
    code, text = _rerun(edited, output)
    assert code == 0, text
    assert "2 cells changed (0 beyond" in text
    expected = {a: list(row) for a, row in before.items()}
    for day in sick:
        expected["A1"][day] = "sick"
    assert _rows(output) == expected
    stored = read_published(output).problem
    assert sorted((x.first_day, x.paid_minutes) for x in stored.leave) == [(d, 450) for d in sick]
    # The credit is stored, so re-planning the re-plan, whose roster has those days off,
    # still finds nothing to change.
    code, text = _rerun(output, tmp_path / "again.xlsx")
    assert code == 0, text
    assert "0 cells changed" in text


def test_leave_from_a_changes_workbook_is_paid_the_published_shifts_it_covers(
    published: Path, tmp_path: Path
):
    before = _rows(published)
    worker = next(a for a, row in before.items() if row[10] in ("E", "L") and row[11] is None)
    leave = [worker, "2026-12-17", "2026-12-19", "sick"]  # days 10 to 12
    changes = _changes(tmp_path, "Leave", ["agent", "first_date", "last_date", "kind"], leave)
    replan = plan(read_published(published), merged_problem(published, changes))
    pieces = [x for x in replan.problem.leave if x.agent_id == worker and x.kind == "sick"]
    assert sorted(d for x in pieces for d in x.days) == [10, 11, 12]
    for x in pieces:
        for day in x.days:
            assert x.paid_minutes == (450 if before[worker][day] in ("E", "L") else None), day


def test_a_raised_requirement_is_worked_toward(published: Path, tmp_path: Path):
    # Demand for day 10's early shift rises from 2 to 3: the re-plan finds the third agent
    # (shortfall is priced up to what was published plus what the requirement rose by).
    changes = _changes(tmp_path, "Demand", ["date", "shift", "required"], ["2026-12-17", "E", 3])
    assert sum(row[10] == "E" for row in _rows(published).values()) == 2
    code, text = _rerun(published, tmp_path / "new.xlsx", "--changes", str(changes))
    assert code == 0, text
    assert sum(row[10] == "E" for row in _rows(tmp_path / "new.xlsx").values()) == 3


@pytest.mark.parametrize(
    ("setting", "value"),
    [("supervision", "soft"), ("rotation_weeks", 2), ("junior_ratio", "hard")],
)
def test_a_changed_rule_setting_re_plans_the_whole_period(
    published: Path, tmp_path: Path, setting: str, value: object
):
    # Settings of every kind count: tier rules and the rotation were once left out, and a
    # re-plan said "nothing changed" and kept the new setting unapplied.
    changes = _changes(tmp_path, "Settings", ["setting", "value"], [setting, value])
    assert plan(read_published(published), merged_problem(published, changes)).first_day == 0
    assert plan(read_published(published), merged_problem(published, None)).first_day is None


def test_a_hand_edit_is_kept_as_a_lock(published: Path, tmp_path: Path):
    before = _rows(published)
    agent, day = next((a, d) for a, row in before.items() for d in range(9, DAYS) if row[d] == "E")
    source = _edit(published, tmp_path / "edited.xlsx", agent, {day: "L"})
    code, text = _rerun(source, tmp_path / "new.xlsx")
    if code == 1:
        assert "locked" in text  # the edit cannot stand with the rules: explained
        return
    assert code == 0, text
    assert _rows(tmp_path / "new.xlsx")[agent][day] == "L"


def test_a_shift_code_typed_in_lower_case_is_read_as_the_code(published: Path, tmp_path: Path):
    before = _rows(published)
    agent, day = next((a, d) for a, row in before.items() for d in range(9, DAYS) if row[d] == "E")
    source = _edit(published, tmp_path / "edited.xlsx", agent, {day: "l"})
    replan = plan(read_published(source), merged_problem(source, None))
    assert replan.problem.lock_by_cell[agent, day].shift == "L"


def test_bad_hand_edits_name_the_cell_and_nothing_is_written(published: Path, tmp_path: Path):
    source = _edit(published, tmp_path / "bad.xlsx", "A1", {0: "X", 1: "E+L"})
    source = _edit(source, source, "A6", {3: "E"})  # A6 is on leave that day
    output = tmp_path / "new.xlsx"
    code, text = _rerun(source, output)
    assert code == 2
    assert "Roster, row" in text and "column E: 'X': expected a shift code (E, L)" in text
    assert "'E+L': expected one shift per cell" in text
    assert "column H: 'E': expected no work: A6 is away that day (leave)" in text
    assert not output.exists()


def test_release_gives_up_an_edit_that_breaks_a_rule(published: Path, tmp_path: Path):
    source = _edit(published, tmp_path / "bad.xlsx", "A6", {3: "E"})
    code, text = _rerun(source, tmp_path / "new.xlsx", "--release")
    assert code == 0, text
    assert "released:" in text and "A6 is away that day (leave)" in text
    assert _rows(tmp_path / "new.xlsx")["A6"][3] == "leave"
    # The Changes sheet keeps the edit given up, for whoever reads the roster later.
    changes = openpyxl.load_workbook(tmp_path / "new.xlsx")["Changes"]
    column = [changes.cell(r, 1).value for r in range(1, changes.max_row + 1)]
    given_up = column.index("Hand edits given up (--release)")
    assert "A6 is away that day (leave)" in column[given_up + 1]


def test_an_edit_against_the_rest_rule_is_explained_and_soften_prices_it(
    published: Path, tmp_path: Path
):
    # An early shift typed the morning after a published late one leaves under 11 h rest.
    before = _rows(published)
    agent, day = next((a, d) for a, row in before.items() for d in range(DAYS - 1) if row[d] == "L")
    source = _edit(published, tmp_path / "early.xlsx", agent, {day + 1: "E"})
    code, text = _rerun(source, tmp_path / "new.xlsx")
    assert code == 1, text
    assert "1 locked cell (" in text and "run with --soften" in text
    code, text = _rerun(source, tmp_path / "soft.xlsx", "--soften")
    assert code == 0, text
    assert "relaxed by --soften" in text


def test_a_workbook_not_written_by_the_tool_is_refused(tmp_path: Path):
    other = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(other)
    code, text = _rerun(other, tmp_path / "new.xlsx")
    assert code == 2
    assert "written by `scheduler solve`" in text


def test_damaged_hidden_data_is_a_clear_error(published: Path, tmp_path: Path):
    workbook = openpyxl.load_workbook(published)
    workbook["_Published"]["A2"] = "NOBODY"
    workbook["_Shifts"]["C2"] = "soon"
    damaged = tmp_path / "damaged.xlsx"
    workbook.save(damaged)
    code, text = _rerun(damaged, tmp_path / "new.xlsx")
    assert code == 2
    assert "hidden sheet _Shifts" in text


def test_a_csv_changes_folder_replaces_demand_rows(published: Path, tmp_path: Path):
    folder = tmp_path / "changes"
    folder.mkdir()
    (folder / "demand.csv").write_text("date,shift,required\n2026-12-18,E,3\n")
    problem = merged_problem(published, folder)
    assert problem.requirements[11, "E"].required == 3
    assert len([r for r in problem.demand if (r.day, r.shift) == (11, "E")]) == 1
    assert plan(read_published(published), problem).first_day == 11


def test_a_bad_row_in_a_changes_file_names_that_file(published: Path, tmp_path: Path):
    # Its rows are read with the stored input's, whose row numbers they share.
    changes = _changes(tmp_path, "Leave", ["agent", "first_date"], ["A99", "2026-12-17"])
    code, text = _rerun(published, tmp_path / "new.xlsx", "--changes", str(changes))
    assert code == 2, text
    assert "changes.xlsx: Leave, row 2, column agent: 'A99': expected an agent id" in text
    assert not (tmp_path / "new.xlsx").exists()


def test_a_changes_file_cannot_move_the_period(published: Path, tmp_path: Path):
    folder = tmp_path / "changes"
    folder.mkdir()
    (folder / "settings.csv").write_text("setting,value\ndays,7\n")
    code, text = _rerun(published, tmp_path / "new.xlsx", "--changes", str(folder))
    assert code == 2
    assert "a re-plan keeps the published period" in text


def test_a_new_agent_is_planned_from_their_first_day(published: Path, tmp_path: Path):
    folder = tmp_path / "changes"
    folder.mkdir()
    (folder / "agents.csv").write_text("id,name,contract\nA7,New Hire,C\n")
    (folder / "leave.csv").write_text(
        "agent,first_date,last_date,kind\nA7,2026-12-07,2026-12-15,leave\n"
    )
    problem = merged_problem(published, folder)
    replan = plan(read_published(published), problem)
    assert replan.first_day == 9
    assert replan.problem.unpublished_agents == frozenset({"A7"})
    # The new agent is told their shifts, though no published cell changed.
    code, text = _rerun(published, tmp_path / "new.xlsx", "--changes", str(folder))
    assert code == 0, text
    assert "1 new agent(s) rostered" in text
    worked = [d for d, cell in enumerate(_rows(tmp_path / "new.xlsx")["A7"]) if cell in ("E", "L")]
    sheet = openpyxl.load_workbook(tmp_path / "new.xlsx")["Changes"]
    told = {sheet.cell(r, 9).value: sheet.cell(r, 12).value for r in range(2, sheet.max_row + 1)}
    assert worked and told["A7"].count("(new on the roster)") == len(worked)


def test_the_re_plans_start_keeps_the_published_seats_and_names_no_attendee_as_dropped():
    # A1 is named for the session inside Tuesday's early shift, A2 took its free seat.
    session = TrainingSession("Product", 1, 1, 7 * 60, 60, frozenset({"A1"}), seats=2)
    published = replace(
        Roster.from_rows({"A1": ["E", "E", None], "A2": ["E", "E", None], "A3": [None] * 3}),
        training=frozenset({("A1", "Product"), ("A2", "Product")}),
    )
    problem = replace(make_problem(days=3, agents=3), training=(session,), published=published)
    assert published_hint(problem).training == published.training
    # A2 is now off sick that day: the seat goes, A1's named place stays.
    sick = replace(problem, leave=(Leave("A2", 1, 1, "sick"),))
    assert published_hint(sick).training == {("A1", "Product")}
    # A roster that leaves the named attendee unlisted tells only the free seat's holder.
    replan = Replan(sick, published, 1, (), frozenset({("A2", 1)}))
    unlisted = replace(published, training=frozenset())
    assert [(c.agent_id, c.taken) for c in replan.seat_changes(unlisted)] == [("A2", False)]


def test_who_takes_a_free_training_seat_is_kept_by_a_re_plan(tmp_path: Path):
    # One free seat in a session inside the early shift on day 2; any of the agents may take it.
    session = TrainingSession("Product", 2, 2, 7 * 60, 60, frozenset(), seats=1)
    problem = replace(
        make_problem(days=4, agents=3, demand={(d, "E"): 1 for d in range(4)}),
        training=(session,),
    )
    source = tmp_path / "input.xlsx"
    write_input(problem, source)
    first = tmp_path / "published.xlsx"
    code, text = _run("solve", str(source), "-o", str(first), "--time-limit", "10", "--quiet")
    assert code == 0, text
    seated = read_published(first).published.training
    assert len(seated) == 1
    again = tmp_path / "again.xlsx"
    code, text = _rerun(first, again)
    assert code == 0, text
    assert read_published(again).published.training == seated
    # The seat holder calls in sick on the session day: the Changes sheet tells them.
    ((holder, _),) = seated
    sick = _edit(again, tmp_path / "sick.xlsx", holder, {2: "sick"})
    code, text = _rerun(sick, tmp_path / "after.xlsx")
    assert code == 0, text
    assert "training seat" in text
    changes = openpyxl.load_workbook(tmp_path / "after.xlsx")["Changes"]
    rows = [[cell.value for cell in row] for row in changes.iter_rows(min_row=2)]
    assert [holder, "seat in Product", "no seat", "training seat re-assigned"] in [
        [row[0], row[4], row[5], row[6]] for row in rows
    ]
    told = {row[8]: row[11] for row in rows if row[8] is not None}
    assert "no longer attends Product from Wed 09 Dec" in told[holder]
