"""The command line as a user meets it: exit codes, messages, files kept safe."""

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from scheduler.domain import Contract, Leave
from scheduler.io.input_workbook import write_input
from tests.builders import make_problem, run_cli


@pytest.fixture
def small_input(tmp_path: Path) -> Path:
    problem = make_problem(
        days=7,
        agents=3,
        demand={(d, "E"): 1 for d in range(7)} | {(d, "L"): 1 for d in range(7)},
        contract=Contract("C", "Any", max_minutes_week=2400, min_rest_minutes=660),
        leave=(Leave("A1", 2, 3),),
    )
    path = tmp_path / "input.xlsx"
    write_input(problem, path)
    return path


def test_solve_writes_a_roster_and_a_summary(small_input: Path, tmp_path: Path):
    output = tmp_path / "roster.xlsx"
    code, text = run_cli(
        "solve", str(small_input), "-o", str(output), "--time-limit", "10", "--workers", "2"
    )
    assert code == 0
    assert "optimal" in text and "agents short" in text
    assert openpyxl.load_workbook(output).sheetnames[:4] == [
        "Roster",
        "Coverage",
        "Summary",
        "Violations",
    ]


def test_python_m_scheduler_runs_the_same_command(small_input: Path):
    done = subprocess.run(
        [sys.executable, "-m", "scheduler", "validate", str(small_input)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "is valid: 3 agents" in done.stdout


def test_bad_input_exits_2_lists_problems_and_writes_nothing(small_input: Path, tmp_path: Path):
    workbook = openpyxl.load_workbook(small_input)
    workbook["Agents"]["D2"] = "NOPE"
    workbook["Demand"]["B3"] = "ZZ"
    bad = tmp_path / "bad.xlsx"
    workbook.save(bad)
    output = tmp_path / "roster.xlsx"
    output.write_bytes(b"previous roster")
    code, text = run_cli("solve", str(bad), "-o", str(output))
    assert code == 2
    assert "2 problems in the input" in text
    assert "Agents, row 2, column contract: 'NOPE'" in text
    assert "Demand, row 3, column shift: 'ZZ'" in text
    assert output.read_bytes() == b"previous roster"


def test_output_equal_to_input_is_refused(small_input: Path):
    before = small_input.read_bytes()
    code, text = run_cli("solve", str(small_input), "-o", str(small_input))
    assert code == 3
    assert "is the input file" in text
    assert small_input.read_bytes() == before


def test_infeasible_rules_exit_1_with_a_reason(tmp_path: Path):
    # Seven shifts in seven days are required, but at most two days in a row are allowed.
    path = tmp_path / "impossible.xlsx"
    problem = make_problem(
        days=7,
        agents=1,
        contract=Contract("C", "Any", min_minutes_period=7 * 450, max_consecutive_days=2),
    )
    write_input(problem, path)
    code, text = run_cli("solve", str(path), "-o", str(tmp_path / "out.xlsx"), "--time-limit", "5")
    assert code == 1
    assert "no roster can meet every hard rule (1 agent affected)" in text
    assert "at most 2 working days in a row" in text
    assert not (tmp_path / "out.xlsx").exists()
    assert run_cli("validate", str(path))[0] == 1
    # --soften gives a roster anyway and lists what it breaks.
    code, text = run_cli(
        "solve", str(path), "-o", str(tmp_path / "out.xlsx"), "--time-limit", "5", "--soften"
    )
    assert code == 0
    assert "hard rule(s) relaxed by --soften" in text
    violations = openpyxl.load_workbook(tmp_path / "out.xlsx")["Violations"]
    assert str(violations["A2"].value).startswith("HARD: ")


def test_template_and_example_refuse_to_replace_a_file_unless_forced(tmp_path: Path):
    target = tmp_path / "mine.xlsx"
    target.write_bytes(b"my filled-in input")
    code, text = run_cli("template", str(target))
    assert code == 3 and "already exists" in text
    assert target.read_bytes() == b"my filled-in input"
    assert run_cli("example", str(target), "--force")[0] == 0
    assert "Agents" in openpyxl.load_workbook(target).sheetnames


def test_unwritable_folder_is_a_clear_error(small_input: Path, tmp_path: Path):
    code, text = run_cli("solve", str(small_input), "-o", str(tmp_path / "missing" / "r.xlsx"))
    assert code == 3
    assert "does not exist" in text


def test_an_output_that_is_a_folder_is_refused_before_solving(small_input: Path, tmp_path: Path):
    (tmp_path / "roster.xlsx").mkdir()
    code, text = run_cli("solve", str(small_input), "-o", str(tmp_path / "roster.xlsx"))
    assert code == 3
    assert "is a folder; give a file name inside it" in text
    assert "Solving" not in text  # refused before the solve, not after it


@pytest.mark.parametrize("limit", ["nan", "inf", "0"])
def test_a_time_limit_must_be_a_finite_number_of_seconds(small_input: Path, limit: str):
    code, text = run_cli("solve", str(small_input), "-o", "r.xlsx", "--time-limit", limit)
    assert code == 2
    assert "Invalid value for '--time-limit'" in text


def test_a_service_target_must_be_a_finite_share(small_input: Path, tmp_path: Path):
    code, text = run_cli(
        "hire", str(small_input), "-o", str(tmp_path / "h.xlsx"), "--target", "nan"
    )
    assert code == 2
    assert "'nan' is not a finite number" in text


def test_example_as_csv_folder_solves_like_the_workbook(tmp_path: Path):
    folder = tmp_path / "example-csv"
    assert run_cli("example", str(folder), "--csv")[0] == 0
    assert sorted(p.name for p in folder.iterdir())[:2] == ["agents.csv", "contracts.csv"]
    code, text = run_cli("validate", str(folder))
    assert code == 0 and "60 agents" in text
    code, text = run_cli("example", str(folder), "--csv")
    assert code == 3 and "not an empty folder" in text


@pytest.mark.parametrize("after", [4, 8, 12])
def test_ctrl_c_keeps_the_best_roster_found_so_far(tmp_path: Path, after: int):
    # At about 4 s the sweeps run, at 8 s the full model is built and its search starts, at
    # 12 s CP-SAT searches (on 2 cores; the phases shift with the machine).
    import signal
    import time

    from scheduler.example import build_example

    source = tmp_path / "example.xlsx"
    write_input(build_example(), source)
    output = tmp_path / "roster.xlsx"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scheduler",
            "solve",
            str(source),
            "-o",
            str(output),
            "--time-limit",
            "120",
            "--workers",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(after)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert "feasible" in stdout
    assert openpyxl.load_workbook(output)["Roster"]["A4"].value == "A001"


def test_ctrl_c_as_the_search_starts_stops_it():
    # The search runs in a worker thread and Ctrl-C arrives before it has begun (CP-SAT's
    # own catching lost such a Ctrl-C and ran its whole limit): it still stops, long before
    # its ten-minute limit, with the status CP-SAT had.
    script = (
        "import os, signal, time\n"
        "from scheduler.example import build_example\n"
        "from scheduler.model import build_model\n"
        "from scheduler.solve import interruptible_search\n"
        "from ortools.sat.python import cp_model\n"
        "model = build_model(build_example()).model\n"
        "solver = cp_model.CpSolver()\n"
        "solver.parameters.max_time_in_seconds = 600\n"
        "solver.parameters.num_workers = 1\n"
        "search = solver.solve\n"
        "def late(*arguments):\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    time.sleep(0.5)\n"
        "    return search(*arguments)\n"
        "solver.solve = late\n"
        "print('stopped:', solver.status_name(interruptible_search(solver, model)))\n"
    )
    assert _python(script).startswith("stopped: ")


def _python(script: str) -> str:
    """What a script run in a fresh Python from the project folder prints; it must succeed."""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parents[1],
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(
    "work",
    [
        "from scheduler.solve import SolveOptions, solve\n"
        "from tests.builders import make_problem\n"
        "solve(make_problem(days=3, demand={(0, 'E'): 1}), SolveOptions(2, 1))\n",
        # The coverage relaxation's own small CP-SAT solves, in a thread of its own.
        "from scheduler.coverage_bound import coverage_bound\n"
        "from scheduler.example import build_example\n"
        "coverage_bound(build_example())\n",
    ],
    ids=["solve", "coverage relaxation"],
)
def test_ctrl_c_after_a_solve_still_reaches_python(work: str):
    # CP-SAT, when it catches SIGINT itself, leaves the system default behind, which kills
    # the process on the next Ctrl-C (while the workbook is written, say); the search lets
    # Python keep SIGINT, and so must every other CP-SAT solve.
    script = (
        "import os, signal, time\n" + work + "try:\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    time.sleep(5)\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted in Python')\n"
    )
    assert "interrupted in Python" in _python(script)


def test_a_failed_write_keeps_the_previous_roster(
    small_input: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import os

    output = tmp_path / "roster.xlsx"
    output.write_bytes(b"previous roster")

    def locked(*_: object) -> None:
        raise PermissionError("locked by another program")

    monkeypatch.setattr(os, "replace", locked)
    code, text = run_cli("solve", str(small_input), "-o", str(output), "--time-limit", "5")
    assert code == 3
    assert "permission denied (is it open in another program?)" in text
    assert output.read_bytes() == b"previous roster"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".roster")] == []


def test_example_kinds_are_exclusive_and_the_skilled_example_solves(tmp_path: Path):
    code, text = run_cli("example", str(tmp_path / "x.xlsx"), "--skilled", "--sites", "2")
    assert code == 2 and "choose one of --forecast, --skilled and --sites" in text
    target = tmp_path / "skilled.xlsx"
    assert run_cli("example", str(target), "--skilled", "--agents", "40")[0] == 0
    out = tmp_path / "roster.xlsx"
    code, text = run_cli("solve", str(target), "-o", str(out), "--time-limit", "15")
    assert code == 0, text
    sheets = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert {"Queue coverage", "Queue plan", "Supervision", "Training"} <= set(sheets)


def test_validate_says_when_there_is_no_demand_at_all(tmp_path: Path):
    source = tmp_path / "no_demand.xlsx"
    write_input(make_problem(days=7), source)  # headers only on the Demand sheet
    code, text = run_cli("validate", str(source))
    assert code == 0
    assert "no demand (the Demand sheet has no rows" in text
