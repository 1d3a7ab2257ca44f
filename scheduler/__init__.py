"""Shift rostering for call centers: Excel in, OR-Tools CP-SAT, Excel roster out.

The Python API mirrors the command line::

    from scheduler import load_problem, solve, SolveOptions, write_roster
    problem = load_problem("examples/example.xlsx")
    result = solve(problem, SolveOptions(time_limit=30))
    write_roster(problem, result, Path("roster.xlsx"))
"""

from scheduler.domain import Problem, Roster
from scheduler.evaluate import Evaluation, evaluate
from scheduler.example import build_example
from scheduler.io.errors import InputError
from scheduler.io.input_reader import load_problem
from scheduler.io.input_workbook import write_input
from scheduler.io.roster_workbook import write_roster
from scheduler.solve import SolveOptions, SolveResult, SolveStatus, solve

__all__ = [
    "Evaluation",
    "InputError",
    "Problem",
    "Roster",
    "SolveOptions",
    "SolveResult",
    "SolveStatus",
    "build_example",
    "evaluate",
    "load_problem",
    "solve",
    "write_input",
    "write_roster",
]
