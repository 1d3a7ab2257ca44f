"""Fuzzing the input reader: whatever a file holds, the reader returns a problem or lists issues.

Never any other exception; every issue names its sheet, and a cell at fault by row and column;
an accepted problem solves to no roster or to one that breaks no rule; ``validate`` exits
cleanly. Cases are seeded random mutations of a small valid workbook (a failing case's name
replays it), targeted cases for each validation gap with the verdict they must get, broken
CSV folders and broken files, and a 10,000-row Requests sheet.
"""

from __future__ import annotations

import random
import re
import shutil
import traceback
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl import Workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler import cli
from scheduler.domain import Contract, Holiday, Leave, Problem, RequestKind, ShiftRequest
from scheduler.evaluate import evaluate
from scheduler.explain import obvious_conflicts
from scheduler.io.errors import InputError, InputIssue
from scheduler.io.input_csv import write_input_csv
from scheduler.io.input_reader import load_problem
from scheduler.io.input_workbook import write_input
from scheduler.io.schema import SETTINGS, SHEETS
from scheduler.solve import SolveOptions, solve
from tests.builders import EARLY, LATE, MONDAY, NIGHT, make_problem
from tests.conftest import report

SEED = 20261207
RANDOM_WORKBOOKS = 160
RANDOM_CSV_FOLDERS = 40
MAX_SOLVES = 30
CLI_EVERY = 4  # run `validate` on every fourth case

BASE = make_problem(
    days=7,
    agents=3,
    shifts=(EARLY, LATE, NIGHT),
    contract=Contract(
        "FT", "Full time", max_minutes_week=40 * 60, max_consecutive_days=5, min_rest_minutes=660
    ),
    demand={(day, code): 1 for day in range(7) for code in ("E", "L")},
    leave=(Leave("A1", 2, 3),),
    requests=(
        ShiftRequest("A2", 4, None, RequestKind.WANT, 3),
        ShiftRequest("A3", 1, "L", RequestKind.AVOID, 2),
    ),
    holidays=(Holiday(MONDAY + timedelta(days=3), "Fuzz day"),),
)

LONG_TEXT = "Ω" * 32_767  # Excel's longest cell text
NAMES = (
    "שרה לוי",  # Hebrew, right to left
    "محمد علي",  # Arabic, right to left
    "Zoë Ångström-Łukasiewicz",
    "👩‍💻 Ada",  # emoji with a zero-width joiner
    "e\u0301\u200f",  # combining accent, right-to-left mark
    LONG_TEXT,
)
NUMBER_TEXTS = (
    "1,000",
    "1.000",
    "1 000",
    "1\u00a0000",
    "12.500",
    "1'000",
    "1,000.5",
    "1,5",
    "1.5",
    " 12 ",
    "+3",
    "3.0",
    "0,125",
    "1e3",
    "1E+12",
    ".5",
    "-0",
)
NAN_TEXTS = ("NaN", "nan", "inf", "-inf", "Infinity", "1e999")
HUGE = (1e12, 10**9, 10**20, 2**63, 1e308, -1e12, -(2**63))
ANY_VALUE: tuple[object, ...] = (
    None,
    "",
    " ",
    0,
    -1,
    1,
    7.5,
    0.25,
    True,
    *HUGE,
    *NUMBER_TEXTS,
    *NAN_TEXTS,
    *NAMES,
    date(2026, 12, 8),
    datetime(2026, 12, 8, 10, 30),
    date(1900, 1, 1),
    date(9999, 12, 31),
    time(6, 30),
    timedelta(hours=30),
    "2026-12-08",
    "25:00",
    "06:30",
    "E",
    "L",
    "OFF",
    "off",
    "A1",
    " A2 ",
    "FT",
    "want",
    "AVOID",
    "E, L",
    "E;X",
    "Sat, Xyz",
    "Europe/Berlin",
    "Mars/Base",
    "#N/A",  # openpyxl stores it as an Excel error value
    "=1+1",  # and this as a formula without a computed result
    "=A2*2",
)


Cell = tuple[str, int, str]


@dataclass(frozen=True)
class Case:
    """One input. ``flags``: cells (sheet, row, column) that must be reported; ``holds``: a
    property the accepted problem must have. With neither, any verdict is right."""

    name: str
    source: Path
    flags: tuple[Cell, ...] = ()
    holds: Callable[[Problem], bool] | None = None


@dataclass
class Outcome:
    case: Case
    problem: Problem | None = None
    issues: list[InputIssue] = field(default_factory=list)
    crash: str | None = None


# --- building cases ------------------------------------------------------------------------


def _columns(sheet: str) -> list[str]:
    return [c.name for c in next(s for s in SHEETS if s.name == sheet).columns]


def _set_cell(sheet: str, row: int, column: str, value: object) -> Callable[[Workbook], None]:
    """An edit setting one cell of a table, the column given by its name."""

    def edit(workbook: Workbook) -> None:
        workbook[sheet].cell(row, _columns(sheet).index(column) + 1, value)

    return edit


def _setting_row(name: str) -> int:
    return 2 + [s.name for s in SETTINGS].index(name)


class _Builder:
    """Writes case files into one folder, each from the base workbook or CSV folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.base = folder / "base.xlsx"
        write_input(BASE, self.base)
        self.base_csv = folder / "base_csv"
        write_input_csv(BASE, self.base_csv)
        self.cases: list[Case] = []

    def workbook(
        self,
        name: str,
        edit: Callable[[Workbook], object],
        flags: tuple[Cell, ...] = (),
        holds: Callable[[Problem], bool] | None = None,
    ) -> Path:
        path = self.folder / f"case{len(self.cases):04d}.xlsx"
        workbook = openpyxl.load_workbook(self.base)
        edit(workbook)
        workbook.save(path)
        self.cases.append(Case(name, path, flags, holds))
        return path

    def cell(
        self,
        sheet: str,
        row: int,
        column: str,
        value: object,
        holds: Callable[[Problem], bool] | None = None,
    ) -> None:
        """One cell set: it must be reported, or without fault give a problem that ``holds``."""
        self.workbook(
            f"{sheet} row {row} {column} = {value!r:.60}",
            _set_cell(sheet, row, column, value),
            flags=((sheet, row, column),) if holds is None else (),
            holds=holds,
        )

    def patched(
        self, name: str, sheet: str, old: str, new: str, holds: Callable[[Problem], bool] | None
    ) -> None:
        """The base workbook with a regular expression replaced in one sheet's XML."""
        path = self.folder / f"case{len(self.cases):04d}.xlsx"
        _patch(self.base, path, sheet, [(old, new)])
        self.cases.append(Case(name, path, holds=holds))

    def csv(self, name: str, edit: Callable[[Path], object], flags: tuple[Cell, ...] = ()) -> None:
        folder = self.folder / f"case{len(self.cases):04d}"
        shutil.copytree(self.base_csv, folder)
        edit(folder)
        self.cases.append(Case(name, folder, flags))


def _patch(source: Path, target: Path, sheet: str, edits: list[tuple[str, str]]) -> None:
    # write_input writes the Guide first and then the sheets in schema order.
    part = f"xl/worksheets/sheet{[s.name for s in SHEETS].index(sheet) + 2}.xml"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                text = data.decode()
                assert f"<t>{_columns(sheet)[0]}</t>" in text, "sheet order changed"
                for old, new in edits:
                    text, count = re.subn(old, new, text)
                    assert count, (sheet, old)
                data = text.encode()
            zout.writestr(item, data)


def _targeted_cases(build: _Builder) -> None:
    """The validation gaps of issue 6, each with the verdict it must get."""
    # Huge numbers: every bounded number column, and the bounded settings.
    for sheet in SHEETS[1:]:
        for column in sheet.columns:
            if column.maximum is not None:
                build.cell(sheet.name, 2, column.name, column.maximum * 10 + 1)
    for setting in SETTINGS:
        if setting.maximum is not None:
            build.cell("Settings", _setting_row(setting.name), "value", 10**12)
    # The largest values allowed: accepted or not (a break as long as the day is not), they
    # must not break the solver when it gets them.
    for sheet in SHEETS[1:]:
        for column in sheet.columns:
            if column.maximum is not None:
                build.workbook(
                    f"{sheet.name} {column.name} = its maximum {column.maximum}",
                    _set_cell(sheet.name, 2, column.name, column.maximum),
                )
    for setting in SETTINGS:
        if setting.maximum is not None:
            build.workbook(
                f"setting {setting.name} = its maximum {setting.maximum}",
                _set_cell("Settings", _setting_row(setting.name), "value", setting.maximum),
            )
    # Negative numbers, NaN and infinity typed as text, dates in number columns.
    build.cell("Demand", 3, "required", -2)
    build.cell("Contracts", 2, "min_rest_hours", -0.5)
    for text in NAN_TEXTS:
        build.cell("Contracts", 2, "max_hours_week", text)
    build.cell("Demand", 2, "required", date(2026, 12, 8))
    # Numbers typed as text: one decimal mark, no thousands separators.
    for text in ("1,000", "1.000", "1 000", "12.500", "1'000", "1,000.5", "1.5"):
        build.cell("Demand", 2, "required", text)
    for text, hours in (("37,5", 37.5), (" 37.5 ", 37.5), ("0,125", 0.125), ("1e1", 10)):
        build.cell(
            "Contracts",
            2,
            "max_hours_week",
            text,
            lambda p, h=hours: p.contracts[0].max_minutes_week == round(h * 60),
        )
    for text, whole in ((" 12 ", 12), ("+3", 3), ("3.0", 3), ("2,0", 2)):
        build.cell("Demand", 2, "required", text, lambda p, w=whole: p.demand[0].required == w)
    # Formulas without a computed result and Excel errors, wherever they are.
    for sheet, column in (
        ("Shifts", "start"),
        ("Contracts", "max_hours_week"),
        ("Agents", "name"),
        ("Demand", "required"),
        ("Leave", "first_date"),
        ("Requests", "weight"),
        ("Holidays", "name"),
    ):
        build.cell(sheet, 2, column, "=1+1")
        build.cell(sheet, 2, column, "#REF!")
    build.cell("Settings", _setting_row("start_date"), "value", "=TODAY()")
    # Merged cells in the header and in the data.
    for sheet, cells, row, column in (
        ("Demand", "A2:A3", 2, "date"),
        ("Agents", "B1:C1", 1, "name"),
        ("Requests", "C2:E3", 2, "shift"),
    ):
        build.workbook(
            f"{sheet} {cells} merged",
            lambda wb, s=sheet, c=cells: wb[s].merge_cells(c),
            flags=((sheet, row, column),),
        )
    # Free text passes through whatever its script or length; ids lose stray spaces.
    for text in NAMES:
        build.cell("Agents", 3, "name", text, lambda p, t=text: p.agents[1].name == t)
    build.workbook(
        "ids with surrounding spaces",
        lambda wb: (wb["Agents"].cell(2, 1, "  A1 "), wb["Leave"].cell(2, 1, "A1\u00a0")),
        holds=lambda p: p == BASE,
    )
    # A period running past the last date there is.
    build.cell("Settings", _setting_row("start_date"), "value", date(9999, 12, 28))
    build.cell("Shifts", 2, "code", "E,L")
    # Files written by other programs: a cached formula result, a computed empty text, a
    # wrong used range (which read-only openpyxl trusts).
    build.patched(
        "cached formula result",
        "Demand",
        r'<c r="C2" t="n"><v>1</v></c>',
        '<c r="C2"><f>1+2</f><v>3</v></c>',
        lambda p: p.demand[0].required == 3,
    )
    build.patched(
        "formula computing empty text",
        "Agents",
        r'(?<=<c r="B2" t="inlineStr"><is><t>Agent 1</t></is></c>)',
        '<c r="C2" t="str"><f>""</f><v></v></c>',
        lambda p: p == BASE,
    )
    build.patched(
        "used range says A1:A1",
        "Requests",
        r'<dimension ref="[^"]*"',
        '<dimension ref="A1:A1"',
        lambda p: p == BASE,
    )
    build.patched("truncated sheet XML", "Agents", r"</sheetData>.*", "", None)
    build.workbook(
        "chart sheet named Agents",
        lambda wb: (wb.remove(wb["Agents"]), wb.create_chartsheet("Agents")),
    )
    not_a_zip = build.folder / "not-a-zip.xlsx"
    not_a_zip.write_bytes(build.base.read_bytes()[:2000])
    build.cases.append(Case("truncated file", not_a_zip))


# --- random mutations ------------------------------------------------------------------------


def _mutations(rng: random.Random) -> Iterator[Callable[[Workbook], str]]:
    sheets = [s.name for s in SHEETS]

    def pick(workbook: Workbook) -> Worksheet:
        present = [name for name in sheets if name in workbook.sheetnames]
        return workbook[rng.choice(present or workbook.sheetnames)]

    def set_cell(workbook: Workbook) -> str:
        ws = pick(workbook)
        row, column = rng.randint(1, ws.max_row + 1), rng.randint(1, ws.max_column + 1)
        value = rng.choice(ANY_VALUE)
        ws.cell(row, column, value)
        return f"{ws.title}!{get_column_letter(column)}{row} = {value!r:.40}"

    def swap_type(workbook: Workbook) -> str:
        """A value as another type: a number as text or a date, a date as its serial number."""
        ws = pick(workbook)
        cell = ws.cell(rng.randint(2, max(2, ws.max_row)), rng.randint(1, ws.max_column))
        value = cell.value
        if isinstance(value, bool | int | float):
            swapped: object = rng.choice([str(value), f" {value} ", date(2026, 12, 1 + value % 28)])
        elif isinstance(value, datetime | date):
            serial = (datetime.combine(value, time()) - datetime(1899, 12, 30)).days
            swapped = rng.choice([value.isoformat(), serial])
        elif isinstance(value, time):
            swapped = rng.choice([value.strftime("%H:%M"), (value.hour * 60 + value.minute) / 1440])
        else:
            swapped = rng.choice([1, 2.5, date(2026, 12, 8), time(6, 0)])
        cell.value = swapped
        return f"{ws.title}!{cell.coordinate} {value!r:.30} -> {swapped!r:.30}"

    def clear_cell(workbook: Workbook) -> str:
        ws = pick(workbook)
        row, column = rng.randint(1, ws.max_row), rng.randint(1, ws.max_column)
        ws.cell(row, column).value = None
        return f"{ws.title}!{get_column_letter(column)}{row} cleared"

    def delete_sheet(workbook: Workbook) -> str:
        ws = pick(workbook)
        workbook.remove(ws)
        return f"sheet {ws.title} deleted"

    def duplicate_row(workbook: Workbook) -> str:
        ws = pick(workbook)
        row = rng.randint(1, ws.max_row)
        ws.append([c.value for c in ws[row]])
        return f"{ws.title} row {row} duplicated"

    def delete_row(workbook: Workbook) -> str:
        ws = pick(workbook)
        row = rng.randint(1, ws.max_row)
        ws.delete_rows(row)
        return f"{ws.title} row {row} deleted"

    def extra_column(workbook: Workbook) -> str:
        ws = pick(workbook)
        header = rng.choice(["extra", "", "Date", " NAME ", "שם", "required", None])
        column = ws.max_column + 1
        ws.cell(1, column, header)
        for row in range(2, ws.max_row + 1):
            ws.cell(row, column, rng.choice(ANY_VALUE))
        return f"{ws.title} extra column {header!r}"

    def delete_column(workbook: Workbook) -> str:
        ws = pick(workbook)
        column = rng.randint(1, ws.max_column)
        ws.delete_cols(column)
        return f"{ws.title} column {get_column_letter(column)} deleted"

    def swap_columns(workbook: Workbook) -> str:
        ws = pick(workbook)
        a, b = rng.randint(1, ws.max_column), rng.randint(1, ws.max_column)
        for row in range(1, ws.max_row + 1):
            first, second = ws.cell(row, a), ws.cell(row, b)
            if isinstance(first, MergedCell) or isinstance(second, MergedCell):
                continue  # an earlier mutation merged these; a merged cell has no value
            first.value, second.value = second.value, first.value
        return f"{ws.title} columns {a} and {b} swapped"

    def empty_header(workbook: Workbook) -> str:
        ws = pick(workbook)
        column = rng.randint(1, ws.max_column)
        ws.cell(1, column).value = None
        return f"{ws.title} header {get_column_letter(column)} emptied"

    def merge(workbook: Workbook) -> str:
        ws = pick(workbook)
        row, column = rng.randint(1, ws.max_row), rng.randint(1, ws.max_column)
        cells = (
            f"{get_column_letter(column)}{row}:"
            f"{get_column_letter(column + rng.randint(0, 1))}{row + rng.randint(1, 2)}"
        )
        ws.merge_cells(cells)
        return f"{ws.title} {cells} merged"

    def blank_first_row(workbook: Workbook) -> str:
        ws = pick(workbook)
        ws.insert_rows(1)
        return f"{ws.title} blank row above the header"

    def rename_sheet(workbook: Workbook) -> str:
        ws = pick(workbook)
        old = ws.title
        ws.title = rng.choice([old.upper(), old.lower(), f"{old} ", f"{old}s"])
        return f"sheet {old} renamed {ws.title!r}"

    operations = (
        (set_cell, 6),
        (swap_type, 4),
        (clear_cell, 3),
        (delete_sheet, 1),
        (duplicate_row, 2),
        (delete_row, 1),
        (extra_column, 1),
        (delete_column, 1),
        (swap_columns, 1),
        (empty_header, 1),
        (merge, 1),
        (blank_first_row, 1),
        (rename_sheet, 1),
    )
    functions, weights = zip(*operations, strict=True)
    while True:
        yield rng.choices(functions, weights)[0]


def _random_cases(build: _Builder, rng: random.Random) -> None:
    mutations = _mutations(rng)
    for number in range(RANDOM_WORKBOOKS):
        steps = [next(mutations) for _ in range(rng.randint(1, 3))]
        done: list[str] = []

        def edit(workbook: Workbook, steps: list = steps, done: list[str] = done) -> None:
            done.extend(step(workbook) for step in steps)

        path = build.workbook("", edit)
        build.cases[-1] = Case(f"random {number}: {'; '.join(done)}", path)
    for number in range(RANDOM_CSV_FOLDERS):
        _random_csv_case(build, rng, number)


def _random_csv_case(build: _Builder, rng: random.Random, number: int) -> None:
    sheet = rng.choice(SHEETS)
    done: list[str] = []

    def edit(folder: Path) -> None:
        path = folder / sheet.csv_name
        lines = path.read_bytes().split(b"\n")
        row = rng.randrange(len(lines))
        action = rng.choice(["byte", "field", "drop", "copy", "empty", "bom", "long"])
        if action == "byte":
            spot = rng.randint(0, len(lines[row]))
            junk = rng.choice([b"\x01", b"\xff", b'"', b",", b"\x00", b"\r", "ש".encode()])
            lines[row] = lines[row][:spot] + junk + lines[row][spot:]
        elif action == "field":
            lines[row] += b"," + rng.choice([b"x", b"1,000", b'"1,000"', b""])
        elif action == "drop":
            del lines[row]
        elif action == "copy":
            lines.append(lines[row])
        elif action == "empty":
            lines = []
        elif action == "bom":
            lines[0] = "\ufeff".encode() + lines[0]
        else:
            lines[row] += b"," + b"x" * 100_000
        path.write_bytes(b"\n".join(lines))
        done.append(f"{sheet.csv_name} line {row + 1}: {action}")

    build.csv("", edit)
    build.cases[-1] = replace(build.cases[-1], name=f"csv {number}: {'; '.join(done)}")


def _csv_cases(build: _Builder) -> None:
    def control_character(folder: Path) -> None:
        path = folder / "agents.csv"
        path.write_text(path.read_text().replace("Agent 1", "Agent\x01 1"))

    build.csv("control character in a CSV name", control_character, (("Agents", 2, "name"),))

    def thousands(folder: Path) -> None:
        path = folder / "demand.csv"
        lines = path.read_text().splitlines()
        lines[1] = lines[1].replace(",1,", ',"1,000",')
        path.write_text("\n".join(lines))

    build.csv("thousands separator in CSV", thousands, (("Demand", 2, "required"),))


def _request_workbook(path: Path, rows: int) -> Path:
    """A valid workbook with ``rows`` Requests rows (25 per agent)."""
    agents = rows // 25
    wishes = tuple(
        ShiftRequest(f"A{a}", day, "E" if (a + day) % 3 else None, RequestKind.WANT, 3)
        for a in range(1, agents + 1)
        for day in range(25)
    )
    write_input(replace(make_problem(days=28, agents=agents), requests=wishes), path)
    return path


@pytest.fixture(scope="module")
def request_workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("requests")
    return {rows: _request_workbook(folder / f"{rows}.xlsx", rows) for rows in (2_500, 10_000)}


def _big_requests_case(build: _Builder, valid: Path) -> None:
    """10,000 Requests rows with faults far down, which must be found in their rows."""
    path = build.folder / "big.xlsx"
    _patch(
        valid,
        path,
        "Requests",
        [
            (r'<c r="E9000" t="n"><v>3</v></c>', '<c r="E9000"><f>1+2</f><v /></c>'),
            (r'<c r="E9999" t="n"><v>3</v></c>', '<c r="E9999" t="n"><v>1E+12</v></c>'),
        ],
    )
    faults = (("Requests", 9000, "weight"), ("Requests", 9999, "weight"))
    build.cases.append(Case("10,000 requests, faults in E9000 and E9999", path, faults))


# --- running them ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def outcomes(
    tmp_path_factory: pytest.TempPathFactory, request_workbooks: dict[int, Path]
) -> list[Outcome]:
    build = _Builder(tmp_path_factory.mktemp("fuzz"))
    assert load_problem(build.base) == BASE
    _targeted_cases(build)
    _csv_cases(build)
    _big_requests_case(build, request_workbooks[10_000])
    _random_cases(build, random.Random(SEED))
    return [_load(case) for case in build.cases]


def _load(case: Case) -> Outcome:
    outcome = Outcome(case)
    try:
        outcome.problem = load_problem(case.source)
    except InputError as error:
        outcome.issues = error.issues
    except Exception:
        outcome.crash = traceback.format_exc()
    return outcome


def _faults(outcome: Outcome) -> list[str]:
    case = outcome.case
    if outcome.crash is not None:
        return [outcome.crash]
    faults = []
    if outcome.problem is None and not outcome.issues:
        faults.append("rejected without an issue")
    for issue in outcome.issues:
        if not issue.sheet:
            faults.append(f"no sheet: {issue}")
        if issue.value is not None and (issue.row is None or issue.column is None):
            faults.append(f"a value quoted without its row and column: {issue}")
        if (issue.row is not None and issue.row < 1) or issue.column == "":
            faults.append(f"no such cell: {issue}")
    found = {(i.sheet, i.row, i.column) for i in outcome.issues}
    for cell in case.flags:
        if cell not in found:
            faults.append(f"{cell} not reported; issues: {outcome.issues[:5]}")
    if case.holds is not None and (outcome.problem is None or not case.holds(outcome.problem)):
        faults.append(f"not accepted as expected; issues: {outcome.issues[:5]}")
    return faults


def test_every_input_gives_a_problem_or_issues_at_their_cells(
    outcomes: list[Outcome], pytestconfig: pytest.Config
):
    accepted = sum(1 for o in outcomes if o.problem is not None)
    rejected = sum(1 for o in outcomes if o.issues)
    figures = f"{len(outcomes)} cases tried: {accepted} accepted, {rejected} rejected"
    report(pytestconfig, f"fuzz: {figures}")
    failures = [f"{o.case.name}: {f}" for o in outcomes for f in _faults(o)]
    assert not failures, f"{figures}; {len(failures)} failures:\n" + "\n".join(failures[:10])
    assert accepted + rejected == len(outcomes) >= 250, figures
    # A fuzzer that only ever breaks the input (or never does) tests one path.
    assert accepted >= 30 and rejected >= 100, figures


def test_accepted_problems_solve_to_rosters_that_break_no_rule(
    outcomes: list[Outcome], pytestconfig: pytest.Config
):
    problems: list[Problem] = []
    for outcome in outcomes:
        problem = outcome.problem
        if problem is not None and len(problem.agents) <= 10 and problem not in problems:
            problems.append(problem)
    solved = 0
    for problem in problems[:MAX_SOLVES]:
        # solve() itself raises EvaluationMismatch when the evaluator disagrees.
        result = solve(problem, SolveOptions(time_limit=2, workers=1))
        if result.roster is not None:
            assert evaluate(problem, result.roster).violations == ()
            solved += 1
    report(
        pytestconfig,
        f"fuzz: {min(len(problems), MAX_SOLVES)} distinct problems solved, {solved} rosters, "
        "none breaking a hard rule",
    )
    assert solved >= 10, f"only {solved} of {len(problems)} problems gave a roster"


def test_validate_exits_cleanly(outcomes: list[Outcome], monkeypatch: pytest.MonkeyPatch):
    # validate's per-agent feasibility check runs CP-SAT for up to 10 s on 2 workers; the
    # pre-checks without a solver stand in for it, since input handling is what is fuzzed.
    monkeypatch.setattr(cli, "explain_infeasibility", obvious_conflicts)
    runner = CliRunner()
    for outcome in outcomes[::CLI_EVERY]:
        result = runner.invoke(cli.main, ["validate", str(outcome.case.source)])
        where = f"{outcome.case.name}: exit {result.exit_code}\n{result.output[-2000:]}"
        assert result.exception is None or isinstance(result.exception, SystemExit), where
        assert "Traceback" not in result.output, where
        # 2 for bad input; an accepted input is valid (0) or its hard rules contradict (1).
        assert result.exit_code in ((2,) if outcome.problem is None else (0, 1)), where


def test_ten_thousand_request_rows_are_all_read(request_workbooks: dict[int, Path]):
    # How long this takes is measured by benchmarks/read_input.py, not asserted here.
    for rows, path in request_workbooks.items():
        assert len(load_problem(path).requests) == rows
