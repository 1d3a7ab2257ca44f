"""The Employee Shift Scheduling Benchmark: its format read into the project's own model."""

import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli import main
from scheduler.domain import RuleFamily
from scheduler.evaluate import evaluate
from scheduler.heuristic import greedy_roster
from scheduler.io.curtois import parse_roster, read_instance, roster_text
from scheduler.io.errors import InputError
from scheduler.solve import SolveOptions, SolveStatus, solve
from tests import curtois_reference

SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "curtois"

TINY = """\
# two employees, three days
SECTION_HORIZON
3

SECTION_SHIFTS
D,480,
N,600,D

SECTION_STAFF
A,D=3|N=1,1440,480,3,1,1,1
B,D=2,1440,0,2,1,1,1

SECTION_DAYS_OFF
B,2

SECTION_SHIFT_ON_REQUESTS
A,0,N,4

SECTION_SHIFT_OFF_REQUESTS
B,0,D,3

SECTION_COVER
0,D,1,100,1
1,D,2,100,1
2,D,1,100,1
0,N,1,50,1
"""


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "Tiny.txt"
    path.write_text(TINY)
    return path


def test_the_instance_maps_onto_contracts_leave_requests_and_cover(tiny: Path):
    problem = read_instance(tiny)
    a, b = problem.agents
    assert a.allowed_shifts == {"D", "N"} and b.allowed_shifts == {"D"}  # N not listed for B
    night = problem.shift_by_code["N"]
    assert night.not_followed_by == {"D"} and night.paid_minutes == 600
    assert problem.contract_of(a).max_shifts == (("D", 3), ("N", 1))
    assert problem.contract_of(a).max_minutes_period == 1440
    assert problem.leave_days("B") == {2: "day off"}
    assert problem.open_start


def test_the_evaluator_scores_hand_made_rosters_by_the_benchmarks_rules(tiny: Path):
    problem = read_instance(tiny)
    # A works N then D: a night followed by a day shift, which N forbids.
    broken = evaluate(problem, parse_roster(problem, "N\tD\t\n\tD\t\n", "hand"))
    assert [v.family for v in broken.violations] == [RuleFamily.SUCCESSIONS]
    # A: N . D; B: D D off. Cover: day 1 has 1 of 2 D (100); A's N granted; B worked day 0's
    # D it asked to have off (3); nothing else is short or over.
    legal = evaluate(problem, parse_roster(problem, "N\t\tD\nD\tD\t\n", "hand"))
    assert legal.violations == ()
    assert legal.total == 100 + 3


def test_days_off_leave_the_minimum_minutes_whole(tiny: Path):
    # The benchmark's MinTotalMinutes is absolute: B's day off on day 2 must not pro-rate it
    # (840 * 2/3 = 560 would let a single 600-minute N through).
    instance = tiny.read_text().replace("B,D=2,1440,0,", "B,D=2|N=1,1440,840,")
    tiny.write_text(instance)
    problem = read_instance(tiny)
    assert problem.period_minimum(problem.agents[1]) == 840
    short = evaluate(problem, parse_roster(problem, "N\t\tD\nN\t\t\n", "hand"))
    assert [(v.family, v.agent_id) for v in short.violations] == [(RuleFamily.WORKING_TIME, "B")]
    assert evaluate(problem, parse_roster(problem, "N\t\tD\nD\tD\t\n", "hand")).violations == ()


def test_a_roster_written_in_the_benchmark_format_reads_back_the_same(tiny: Path):
    problem = read_instance(tiny)
    result = solve(problem, SolveOptions(time_limit=10, workers=1))
    assert result.roster is not None
    text = roster_text(problem, result.roster)
    assert len(text.splitlines()) == 2 and all(len(r.split("\t")) == 3 for r in text.splitlines())
    assert parse_roster(problem, text, "out") == result.roster


def test_bad_lines_are_named_with_their_number(tmp_path: Path):
    path = tmp_path / "Bad.txt"
    path.write_text(TINY.replace("B,2\n", "Z,2\n").replace("1,D,2,100,1", "1,X,2,100,1"))
    with pytest.raises(InputError) as raised:
        read_instance(path)
    found = [str(issue) for issue in raised.value.issues]
    assert found == [
        "Bad.txt, row 14: 'Z': expected an employee ID from SECTION_STAFF",
        "Bad.txt, row 24: 'X': expected a shift ID from SECTION_SHIFTS",
    ]


def test_bench_command_writes_the_roster_and_reports_both_scores(tiny: Path, tmp_path: Path):
    output = tmp_path / "roster.txt"
    args = ["bench", "curtois", str(tiny), "-o", str(output), "--quiet", "--time-limit", "10"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "objective" in result.output and "(evaluator " in result.output
    problem = read_instance(tiny)
    written = evaluate(problem, parse_roster(problem, output.read_text(), "roster"))
    assert f"objective {written.total} (evaluator {written.total})" in result.output


def test_bench_command_refuses_a_bad_instance_and_an_output_over_the_input(tiny: Path):
    bad = tiny.with_name("Bad.txt")
    bad.write_text(TINY.replace("SECTION_HORIZON\n3", "SECTION_HORIZON\nthree"))
    result = CliRunner().invoke(main, ["bench", "curtois", str(bad), "--quiet"])
    assert result.exit_code == 2
    assert "row 3: 'three': expected the horizon in days as a whole number" in result.output
    result = CliRunner().invoke(main, ["bench", "curtois", str(tiny), "-o", str(tiny)])
    assert result.exit_code == 3 and "is the input file" in result.output


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/benchmarks/curtois is not beside it")
def test_instance1_is_solved_to_its_proven_optimum():
    problem = read_instance(SHARED / "Instance1.txt")
    result = solve(problem, SolveOptions(time_limit=60, workers=8))
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == 607


# The evaluator's rule families for the benchmark's hard rules, as the reference names them.
REFERENCE_RULES = {
    "day off": {RuleFamily.LEAVE},
    "succession": {RuleFamily.SUCCESSIONS},
    "shifts of a type": {RuleFamily.SHIFT_LIMITS, RuleFamily.ALLOWED_SHIFTS},
    "total minutes": {RuleFamily.WORKING_TIME},
    "longest run": {RuleFamily.CONSECUTIVE_DAYS},
    "shortest run": {RuleFamily.WORKING_RUNS},
    "shortest days off": {RuleFamily.DAYS_OFF},
    "weekends": {RuleFamily.WEEKENDS},
}


def _agree_with_the_reference(instance_text: str, problem, rows: list[list[str]]) -> None:
    reference = curtois_reference.parse(instance_text)
    cells = dict(zip(reference.staff, rows, strict=True))
    text = "\n".join("\t".join(row) for row in rows) + "\n"
    scored = evaluate(problem, parse_roster(problem, text, "drawn"))
    expected = curtois_reference.breaches(reference, cells)
    found = {(v.agent_id, v.family) for v in scored.violations}
    for employee, rule in expected:
        assert {(employee, family) for family in REFERENCE_RULES[rule]} & found, (employee, rule)
    named = {(e, f) for e, rule in expected for f in REFERENCE_RULES[rule]}
    assert found <= named, found - named
    assert scored.total == curtois_reference.penalty(reference, cells)


def _draw_rows(problem, rng: random.Random, work: float) -> list[list[str]]:
    codes = [s.code for s in problem.shifts]
    rows = []
    for agent in problem.agents:
        mine = sorted(agent.allowed_shifts) or codes
        rows.append(
            [
                rng.choice(mine if rng.random() < 0.9 else codes) if rng.random() < work else ""
                for _ in range(problem.period.days)
            ]
        )
    return rows


def test_the_evaluator_agrees_with_a_second_reading_of_the_rules_on_drawn_rosters(tiny: Path):
    problem = read_instance(tiny)
    rng = random.Random(7)
    for _ in range(200):
        _agree_with_the_reference(TINY, problem, _draw_rows(problem, rng, rng.random()))


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/benchmarks/curtois is not beside it")
@pytest.mark.parametrize("number", range(1, 13))
def test_the_evaluator_agrees_with_a_second_reading_on_every_shared_instance(number: int):
    path = SHARED / f"Instance{number}.txt"
    problem = read_instance(path)
    rng = random.Random(number)
    for work in (0.55, 0.65, 0.75):
        _agree_with_the_reference(path.read_text(), problem, _draw_rows(problem, rng, work))
    # A roster near feasibility, where single rules decide: the constructive roster.
    first = greedy_roster(problem)
    days = range(problem.period.days)
    rows = [[first.shift_of(a.id, d) or "" for d in days] for a in problem.agents]
    _agree_with_the_reference(path.read_text(), problem, rows)
