"""What-if sweeps and the headcount search: variations, figures, workbooks, Ray execution."""

import signal
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import openpyxl
import psutil
import pytest

from scheduler.domain import Contract, Leave, RequestKind, Roster, ShiftRequest
from scheduler.evaluate import evaluate
from scheduler.io.errors import InputError
from scheduler.io.input_reader import load_problem
from scheduler.io.input_workbook import write_input
from scheduler.io.replan_store import read_published
from scheduler.io.tables import read_tables
from scheduler.parallel import (
    RAY_MISSING,
    Engine,
    EngineError,
    JobState,
    SolveJob,
    engine_session,
    parallel_slots,
    run_jobs,
)
from scheduler.solve import SolveOptions
from scheduler.whatif.figures import roster_figures
from scheduler.whatif.scenarios import build_scenarios
from scheduler.whatif.sweep import run_sweep
from scheduler.whatif.variations import NewAgents, VariationError, parse_variation
from tests.builders import make_problem, resave_with_libreoffice, roster, run_cli

EXAMPLES = Path(__file__).parent.parent / "examples"
COPIES = NewAgents(copies_current=True)
FIVE_SHIFTS = Contract("C", "Five shifts", max_minutes_week=5 * 450)


@pytest.fixture
def small_input(tmp_path: Path) -> Path:
    """Three agents (A1 speaks English); two early agents wanted every day, so 14 shifts
    against 15 possible."""
    problem = make_problem(
        days=7,
        agents=3,
        demand={(d, "E"): 2 for d in range(7)},
        contract=FIVE_SHIFTS,
        leave=(Leave("A3", 2, 3),),
        requests=(ShiftRequest("A3", 5, None, RequestKind.AVOID, 5),),
        agent_overrides={"A1": {"skills": frozenset({"EN"})}},
    )
    path = tmp_path / "input.xlsx"
    write_input(problem, path)
    return path


def _summary(workbook: Path) -> dict[str, object]:
    return dict(openpyxl.load_workbook(workbook)["Summary"].iter_rows(min_row=3, values_only=True))


# Variations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("demand", "expected NAME=VALUE"),
        ("demand=", "expected NAME=VALUE"),
        ("demand=abc", "not a demand multiplier"),
        ("demand=-0.5", "not a demand multiplier"),
        ("headcount=ten", "not a headcount change"),
        ("headcount=1.5", "not a headcount change"),
        ("headcount=1,,2", "a value is empty"),
        ("headcount=1,1", "given twice"),
        ("wages=1", "unknown name"),
        ("rule.colour=1", "unknown name"),
    ],
)
def test_bad_variation_syntax_says_what_was_expected(text: str, expected: str):
    with pytest.raises(VariationError, match=expected):
        parse_variation(text)


def test_names_come_from_the_input_format():
    assert parse_variation("rule.min_rest_hours=11,12").column == "min_rest_hours"
    assert parse_variation("queue.handle_minutes=6").column == "handle_minutes"
    assert parse_variation("setting.under_coverage_weight=50").column == "under_coverage_weight"
    assert parse_variation("under_coverage_weight=50").column == "under_coverage_weight"
    with pytest.raises(VariationError, match="min_rest_hours"):  # the message lists them
        parse_variation("rule.rest=11")


def test_headcount_removes_the_last_agents_with_their_leave_and_requests(small_input: Path):
    tables = read_tables(small_input)
    [scenario] = build_scenarios(tables, [parse_variation("headcount=-1")], COPIES, "x")
    assert [a.id for a in scenario.problem.agents] == ["A1", "A2"]
    assert scenario.problem.leave == () and scenario.problem.requests == ()
    with pytest.raises(VariationError, match="remove all 3 agents"):
        build_scenarios(tables, [parse_variation("headcount=-3")], COPIES, "x")


def test_added_agents_copy_the_mix_or_follow_the_given_contract_and_skills(small_input: Path):
    tables = read_tables(small_input)
    [copied] = build_scenarios(tables, [parse_variation("headcount=+4")], COPIES, "x")
    added = copied.problem.agents[3:]
    assert [a.id for a in added] == ["NEW001", "NEW002", "NEW003", "NEW004"]
    assert {a.contract_id for a in added} == {"C"}
    assert all(a.allowed_shifts == {"E", "L"} for a in added)
    hires = NewAgents("C", ("EN",), "North")
    [skilled] = build_scenarios(tables, [parse_variation("headcount=+1")], hires, "x")
    new = skilled.problem.agents[-1]
    assert (new.skills, new.team, new.contract_id) == (frozenset({"EN"}), "North", "C")
    # A contract or skill the input lacks is named by its option, not by a row of Agents
    # the planner never wrote.
    with pytest.raises(
        VariationError, match=r"--contract 'NOPE': expected a contract id from Contracts \(C\)"
    ):
        build_scenarios(tables, [parse_variation("headcount=+1")], NewAgents("NOPE"), "x")
    with pytest.raises(VariationError, match="--skill 'klingon': expected a skill some agent or"):
        build_scenarios(tables, [], NewAgents(None, ("klingon",)), "x")


def test_a_team_alone_makes_new_hires_of_that_team(tmp_path: Path, small_input: Path):
    code, text = run_cli(
        "sweep", str(small_input), "-o", str(tmp_path / "s.xlsx"), "--vary", "headcount=+1",
        "--team", "North", "--time-limit", "2", "--serial", "--quiet",
    )  # fmt: skip
    assert code == 0, text
    summary = _summary(tmp_path / "s.xlsx")
    assert summary["Added agents are"] == "the most common contract, team North"
    problem = read_published(tmp_path / "s-rosters" / "scenario-01.xlsx").problem
    assert problem.agent_by_id["NEW001"].team == "North"


def test_one_setting_cannot_be_varied_twice_under_two_spellings():
    with pytest.raises(VariationError, match="given twice"):
        build_scenarios(
            {},
            [parse_variation("setting.fairness_weight=1"), parse_variation("fairness_weight=2")],
            COPIES,
            "x",
        )


def test_mistakes_in_the_input_itself_are_not_blamed_on_a_scenario(tmp_path: Path):
    source = tmp_path / "bad.xlsx"
    write_input(make_problem(), source)
    workbook = openpyxl.load_workbook(source)
    workbook["Contracts"].cell(2, 2).value = None
    workbook["Agents"].cell(2, 4).value = "NOPE"
    workbook.save(source)
    code, text = run_cli(
        "sweep", str(source), "-o", str(tmp_path / "s.xlsx"), "--vary", "demand=1,2"
    )
    assert code == 2
    assert "Agents, row 2, column contract: 'NOPE'" in text and "scenario" not in text


def test_rules_and_settings_are_set_through_the_reader(small_input: Path):
    tables = read_tables(small_input)
    varied = [
        parse_variation("rule.min_rest_hours=11,12"),
        parse_variation("split_weekend_weight=7"),
    ]
    scenarios = build_scenarios(tables, varied, COPIES, "x")
    assert [s.label for s in scenarios] == [
        "rule.min_rest_hours=11, split_weekend_weight=7",
        "rule.min_rest_hours=12, split_weekend_weight=7",
    ]
    assert [s.problem.contracts[0].min_rest_minutes for s in scenarios] == [660, 720]
    assert {s.problem.weights.split_weekend for s in scenarios} == {7}
    # A value the reader refuses is reported with its scenario, sheet and column.
    with pytest.raises(InputError) as caught:
        build_scenarios(tables, [parse_variation("rule.min_rest_hours=11,lots")], COPIES, "x")
    report = caught.value.report()
    assert "scenario rule.min_rest_hours=lots: Contracts" in report
    assert "min_rest_hours" in report and "'lots'" in report
    assert "=11" not in report  # the good scenario is not blamed


def test_demand_scales_agents_per_shift_rounding_half_up(small_input: Path):
    tables = read_tables(small_input)
    scenarios = build_scenarios(tables, [parse_variation("demand=0,1.25,1.5")], COPIES, "x")
    assert [{r.required for r in s.problem.demand} for s in scenarios] == [{0}, {3}, {3}]


def test_demand_scales_forecast_calls_before_erlang():
    tables = read_tables(EXAMPLES / "hotline.xlsx")
    variation = parse_variation("demand=1,1.5")
    base, busy = build_scenarios(tables, [variation], COPIES, "x")
    required = [sum(i.required for i in s.problem.interval_demand) for s in (base, busy)]
    assert base.problem.interval_demand and required[1] > required[0] * 1.3


# Figures ------------------------------------------------------------------------------------


def test_shortfall_and_overtime_are_counted_in_hours():
    problem = make_problem(
        days=7,
        agents=2,
        demand={(0, "E"): 2, (1, "E"): 1},
        contract=Contract("C", "Three shifts", min_minutes_week=3 * 450),
    )
    worked = roster(A1="EE.EE..", A2="LLL....")
    figures = roster_figures(problem, worked, evaluate(problem, worked))
    # Day 0: one agent short for a 7.5 h shift; A1 works 4 shifts against a 3-shift minimum.
    assert figures.shortfall_hours == 7.5
    assert figures.overtime_hours == 7.5
    assert figures.service_level is None
    assert figures.short_slots == 1
    assert not figures.meets_target() and figures.meets_target(allowed=1)


def test_service_level_and_shortfall_for_an_empty_intraday_roster():
    problem = load_problem(EXAMPLES / "hotline.xlsx")
    empty = Roster(frozenset())
    figures = roster_figures(problem, empty, evaluate(problem, empty))
    required = sum(i.required * i.minutes for i in problem.interval_demand) / 60
    assert figures.shortfall_hours == required
    assert figures.service_level == 0.0
    needed = [i for i in problem.interval_demand if i.required]
    covered = [i for i in needed if problem.shifts_covering(i)]
    # The hotline has calls in a few night intervals no shift covers: no hire can help there.
    assert 0 < len(covered) < len(needed)
    assert figures.intervals_below_target == len(covered)
    assert figures.unattended_intervals == len(needed) - len(covered)
    assert not figures.meets_target(allowed=len(covered) - 1)
    assert figures.meets_target(allowed=len(covered))


# Sweeps -------------------------------------------------------------------------------------


def test_sweep_writes_a_comparison_with_a_chart_and_a_roster_per_scenario(
    small_input: Path, tmp_path: Path
):
    output = tmp_path / "sweep.xlsx"
    code, text = run_cli(
        "sweep", str(small_input), "-o", str(output), "--vary", "demand=1,0.5",
        "--vary", "headcount=0,+1", "--time-limit", "5", "--workers", "1", "--serial",
    )  # fmt: skip
    assert code == 0, text
    workbook = openpyxl.load_workbook(output)
    sheet = workbook["Scenarios"]
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["#", "Scenario", "demand", "headcount"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[2], r[3]) for r in rows] == [(1, 0), (1, 1), (0.5, 0), (0.5, 1)]
    status, shortfall = headers.index("Status"), headers.index("Shortfall (agent-hours)")
    assert {r[status] for r in rows} == {"optimal"}
    # 14 early shifts wanted; 3 agents (one on leave two days) can give them all, half is easy.
    assert [r[shortfall] for r in rows] == [0, 0, 0, 0]
    assert len(sheet._charts) == 1
    roster_column = headers.index("Roster")
    for number, row in enumerate(rows, start=1):
        link = sheet.cell(number + 1, roster_column + 1).hyperlink.target
        assert link == f"sweep-rosters/scenario-{number:02d}.xlsx"
        assert row[roster_column] == link
        assert (tmp_path / link).exists()
    summary = _summary(output)
    assert summary["Ran"] == "one after another in this process"
    agents = headers.index("Agents")
    assert [r[agents] for r in rows] == [3, 4, 3, 4]


def test_sweep_workbook_survives_libreoffice(small_input: Path, tmp_path: Path):
    output = tmp_path / "sweep.xlsx"
    code, _ = run_cli(
        "sweep", str(small_input), "-o", str(output), "--vary", "demand=1,2",
        "--time-limit", "3", "--serial", "--quiet",
    )  # fmt: skip
    assert code == 0
    converted = openpyxl.load_workbook(resave_with_libreoffice(output, tmp_path))
    assert converted["Scenarios"].cell(2, 3).value == 1
    assert converted["Scenarios"].cell(3, 3).value == 2


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--vary", "demand=lots"], "not a demand multiplier"),
        (["--vary", "colour=red"], "unknown name"),
        (["--vary", "demand=1", "--vary", "demand=2"], "given twice"),
        (["--vary", "rule.max_weekends=-1"], "Contracts"),
    ],
)
def test_sweep_refuses_bad_variations_with_exit_2_and_writes_nothing(
    small_input: Path, tmp_path: Path, args: list[str], expected: str
):
    output = tmp_path / "sweep.xlsx"
    code, text = run_cli("sweep", str(small_input), "-o", str(output), *args)
    assert code == 2
    assert expected in text
    assert not output.exists() and not (tmp_path / "sweep-rosters").exists()


def _one_agent(folder: Path, contract: Contract) -> Path:
    """One agent on ``contract``, and two early agents wanted every day of a week."""
    problem = make_problem(
        days=7, agents=1, shifts=make_problem().shifts[:1], demand={(d, "E"): 2 for d in range(7)},
        contract=contract,
    )  # fmt: skip
    source = folder / "one.xlsx"
    write_input(problem, source)
    return source


def test_hire_finds_the_fewest_agents_to_cover_every_shift(tmp_path: Path):
    # 14 early shifts, at most 5 per agent: one agent needs two more.
    source = _one_agent(tmp_path, FIVE_SHIFTS)
    output = tmp_path / "hire.xlsx"
    code, text = run_cli(
        "hire", str(source), "-o", str(output), "--max-agents", "6", "--time-limit", "5",
        "--serial", "--quiet",
    )  # fmt: skip
    assert code == 0, text
    assert "Agents to add: 2 agent(s)" in text
    sheet = openpyxl.load_workbook(output)["Headcount"]
    tried = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert tried[1] == "no" and tried[2] == "yes"
    assert tried.get(0) == "no"
    assert len(sheet._charts) == 1
    # Two agents work 10 of the 14 shifts: four days stay one short, which may be allowed.
    code, text = run_cli(
        "hire", str(source), "-o", str(tmp_path / "lenient.xlsx"), "--max-agents", "6",
        "--time-limit", "5", "--serial", "--quiet", "--allow-below", "4",
    )  # fmt: skip
    assert code == 0, text
    assert "Agents to add: 1 agent(s)" in text


def test_hire_narrows_the_bracket_between_doublings(tmp_path: Path):
    # 14 early shifts, at most 4 per agent: one agent needs three more; 2 fails, 4 meets.
    source = _one_agent(tmp_path, Contract("C", "Four shifts", max_minutes_week=4 * 450))
    code, text = run_cli(
        "hire", str(source), "--max-agents", "8", "--time-limit", "5", "--serial", "--quiet"
    )
    assert code == 0, text
    assert "Agents to add: 3 agent(s)" in text
    sheet = openpyxl.load_workbook(tmp_path / "one-hire.xlsx")["Headcount"]
    tried = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert tried == {0: "no", 1: "no", 2: "no", 3: "yes", 4: "yes"}


def test_sweep_never_mixes_with_an_earlier_runs_rosters(small_input: Path, tmp_path: Path):
    folder = tmp_path / "sweep-rosters"
    folder.mkdir()
    (folder / "scenario-01.xlsx").write_text("last week's")
    code, text = run_cli("sweep", str(small_input), "-o", str(tmp_path / "sweep.xlsx"))
    assert code == 3 and "already exists" in text
    assert (folder / "scenario-01.xlsx").read_text() == "last week's"


def test_without_ray_jobs_run_one_after_another_and_say_so(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now fails
    jobs = [SolveJob("one", make_problem(demand={(0, "E"): 1}), SolveOptions(3, 1))]
    report = run_jobs(jobs, Engine())
    assert report.outcomes[0].state is JobState.SOLVED
    assert report.how == "one after another in this process"
    assert report.note == RAY_MISSING
    with pytest.raises(EngineError, match="needs Ray"):
        run_jobs(jobs, Engine(address="ray://cluster:10001"))


def test_hire_without_an_answer_exits_1_and_still_writes_the_curve(tmp_path: Path):
    source = _one_agent(tmp_path, FIVE_SHIFTS)
    code, text = run_cli(
        "hire", str(source), "--max-agents", "1", "--time-limit", "5", "--serial", "--quiet"
    )
    assert code == 1
    assert "even 1 more agents miss the target" in text
    assert (tmp_path / "one-hire.xlsx").exists()
    code, text = run_cli("hire", str(source), "--max-agents", "1", "--serial", "--quiet")
    assert code == 3 and "already exists" in text  # the default name is never overwritten


def test_hire_target_needs_a_forecast(small_input: Path, tmp_path: Path):
    code, text = run_cli(
        "hire", str(small_input), "-o", str(tmp_path / "h.xlsx"), "--target", "0.8"
    )
    assert code == 2 and "intraday" in text


# Ray ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray for these tests; the commands use a running Ray and leave it running."""
    pytest.importorskip("ray")
    with engine_session(Engine()):
        yield


def test_sweep_runs_scenarios_as_ray_tasks(local_ray, small_input: Path, tmp_path: Path):
    output = tmp_path / "sweep.xlsx"
    code, text = run_cli(
        "sweep", str(small_input), "-o", str(output), "--vary", "demand=1,2",
        "--time-limit", "3", "--workers", "1", "--quiet",
    )  # fmt: skip
    assert code == 0, text
    summary = _summary(output)
    assert summary["Ran"].startswith("Ray on this machine")
    assert "Note" not in summary


def test_parallel_width_follows_the_running_ray(local_ray):
    import ray

    cpus = int(ray.cluster_resources()["CPU"])
    assert parallel_slots(Engine(), 1) == cpus
    assert parallel_slots(Engine(), 1000) == 1  # a task never spans nodes or waits forever
    assert parallel_slots(Engine(serial=True), 1) == 1


def test_a_failing_scenario_is_reported_and_the_others_finish(local_ray):
    # A record the reader would refuse, forced past validation, makes the solve raise.
    broken = make_problem()
    stray = replace(broken.agents[0], contract_id="gone")
    object.__setattr__(broken, "agents", (stray,))
    jobs = [
        SolveJob("fine", make_problem(demand={(0, "E"): 1}), SolveOptions(3, 1)),
        SolveJob("broken", broken, SolveOptions(3, 1)),
    ]
    for engine in (Engine(), Engine(serial=True)):
        fine, failed = run_jobs(jobs, engine).outcomes
        assert fine.state is JobState.SOLVED and fine.result is not None
        assert failed.state is JobState.FAILED and failed.result is None
        assert "KeyError" in failed.error and "gone" in failed.error


def test_a_scenario_past_its_task_timeout_is_cancelled_and_reported(local_ray, tmp_path: Path):
    output = tmp_path / "sweep.xlsx"
    code, text = run_cli(
        "sweep", str(EXAMPLES / "example.xlsx"), "-o", str(output), "--vary", "demand=1,2",
        "--time-limit", "60", "--task-timeout", "3", "--workers", "1",
    )  # fmt: skip
    assert code == 1  # no scenario has a roster
    assert "2 scenario(s) without a roster" in text
    sheet = openpyxl.load_workbook(output)["Scenarios"]
    headers = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    statuses = [row[headers.index("Status")] for row in rows]
    assert len(statuses) == 2
    assert all(s.startswith("timed out: no answer") for s in statuses), statuses
    # Cancelled: no worker is left solving a scenario.
    deadline = time.monotonic() + 15
    while _solving_workers() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not _solving_workers()


def _solving_workers() -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["cmdline"]):
        if any("ray::solve_job" in part for part in process.info["cmdline"] or ()):
            found.append(process)
    return found


def test_a_killed_worker_is_retried_and_every_scenario_reported(local_ray):
    """Kill the process running a scenario mid-solve: Ray retries the task once."""
    tables = read_tables(EXAMPLES / "example.xlsx")
    scenarios = build_scenarios(tables, [parse_variation("demand=1,1.1,1.2")], COPIES, "x")
    options = SolveOptions(time_limit=6, workers=1)
    killed: list[int] = []

    def kill_one_worker() -> None:
        deadline = time.monotonic() + 120
        while not killed and time.monotonic() < deadline:
            for process in _solving_workers():
                time.sleep(1.0)  # mid-solve, not at the start
                process.send_signal(signal.SIGKILL)
                killed.append(process.pid)
                return
            time.sleep(0.2)

    killer = threading.Thread(target=kill_one_worker, daemon=True)
    killer.start()
    result = run_sweep(scenarios, options, Engine())
    killer.join(timeout=5)
    assert killed, "no Ray worker was found running a scenario"
    assert [r.outcome.state for r in result.results] == [JobState.SOLVED] * 3
    assert all(r.figures is not None for r in result.results)
    assert result.how.startswith("Ray on this machine")
