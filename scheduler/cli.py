"""The ``scheduler`` command: solve, rerun, staffing, template, example, validate.

Exit codes: 0 success; 1 no roster (infeasible, or none found in time); 2 bad input or
usage; 3 the output cannot be written; 4 internal error (model and evaluator disagree).
Errors are one clear message on stderr, never a traceback.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import NoReturn

import click
from click import Command
from rich.console import Console, Group
from rich.live import Live
from rich.table import Table
from rich.text import Text

from scheduler.domain import DemandMode, Problem, RuleFamily
from scheduler.evaluate import CHECKS, Evaluation, evaluate
from scheduler.example import build_example, build_hotline, build_sites, build_skilled_hotline
from scheduler.explain import Conflict, explain_infeasibility, obvious_conflicts
from scheduler.io.curtois import parse_roster, read_instance, roster_text
from scheduler.io.errors import InputError
from scheduler.io.files import OutputError, check_output_path, save_text, save_workbook
from scheduler.io.input_csv import write_input_csv
from scheduler.io.input_reader import load_problem
from scheduler.io.input_workbook import write_input
from scheduler.io.replan_store import read_published
from scheduler.io.roster_workbook import write_roster
from scheduler.io.staffing_workbook import build_staffing_workbook
from scheduler.model import RELAXED_RULE_WEIGHT, SOFTENED_MINUTE_WEIGHT
from scheduler.parallel import Engine, EngineError, JobCounts, JobOutcome, SolveJob, run_jobs
from scheduler.progress import Progress
from scheduler.rerun import Replan, ReplanReport, merged_problem, plan
from scheduler.solve import EvaluationMismatch, SolveOptions, SolveResult, SolveStatus, solve
from scheduler.split import merge, sub_problem, team_groups

EXIT_NO_ROSTER, EXIT_INPUT, EXIT_OUTPUT, EXIT_INTERNAL = 1, 2, 3, 4


class FiniteRange(click.FloatRange):
    """A number within a range and finite: ``nan`` slips past a range's comparisons, and an
    infinite time limit would leave the search without an end."""

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


SECONDS = FiniteRange(min=0.1)

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def _fail(message: str, code: int) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    sys.exit(code)


def _load(source: Path, holidays: str | None = None) -> Problem:
    try:
        return load_problem(source, holidays)
    except InputError as error:
        err.print(f"[bold red]error:[/] {error.report()}", highlight=False)
        sys.exit(EXIT_INPUT)


def _check_output(output: Path, *inputs: Path) -> None:
    try:
        check_output_path(output, *inputs)
    except OutputError as error:
        _fail(str(error), EXIT_OUTPUT)


def _write(action: Callable[[], None]) -> None:
    try:
        action()
    except OutputError as error:
        _fail(str(error), EXIT_OUTPUT)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="scheduler")
def main() -> None:
    """Shift rostering for call centers: an input workbook in, an Excel roster out."""


def _search_options(
    default_limit: float,
    default_workers: int | None = None,
    workers_help: str = (
        "Parallel search workers; more than the core count still helps CP-SAT. Default 8, "
        "or 4 on rosters above 150,000 cells (agents x days x shift types), where each "
        "worker's copy of the model costs memory."
    ),
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """The options every solving command shares, with its own defaults."""
    options = (
        click.option(
            "--time-limit",
            type=SECONDS,
            default=default_limit,
            show_default=True,
            help="Seconds to search (deterministic seconds with --deterministic).",
        ),
        click.option(
            "--workers",
            type=click.IntRange(min=1),
            default=default_workers,
            show_default=default_workers is not None,
            help=workers_help,
        ),
        click.option("--seed", type=int, default=0, show_default=True, help="Random seed."),
        click.option(
            "--deterministic",
            is_flag=True,
            help="Same input, seed and workers give the same roster (ignores wall time).",
        ),
        click.option("--quiet", is_flag=True, help="No live progress."),
    )

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


ENGINE_OPTIONS = (
    click.option(
        "--address",
        metavar="ADDRESS",
        help="A Ray cluster to run parallel solves on (ray://HOST:10001, HOST:6379 or auto); "
        "default: RAY_ADDRESS, else Ray starts on this machine.",
    ),
    click.option("--serial", is_flag=True, help="Run the parallel solves one after another, here."),
    click.option(
        "--task-timeout",
        type=SECONDS,
        help="Cancel a Ray task still running this many seconds after it started, and report "
        "it as timed out (default: twice --time-limit plus 120 s).",
    ),
)


def with_options(options: Sequence[Callable[[Command], Command]]) -> Callable[[Command], Command]:
    def decorate(command: Command) -> Command:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


_HOLIDAYS = click.option(
    "--holidays",
    metavar="COUNTRY",
    help="Add this country's public holidays and make-up working days (e.g. CN, GB-ENG, "
    "US-CA) to the Holidays sheet's; overrides the holidays_country setting.",
)


_SOFTEN = click.option(
    "--soften",
    is_flag=True,
    help=f"Let hard rules break at a high price ({RELAXED_RULE_WEIGHT:,} per rule and agent; "
    f"working time {SOFTENED_MINUTE_WEIGHT} per minute) instead of giving no roster; every "
    "break is listed.",
)


@main.command("solve")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@_HOLIDAYS
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="Roster workbook to write (.xlsx).",
)
@_search_options(default_limit=60.0)
@_SOFTEN
@click.option(
    "--split-by",
    type=click.Choice(["team"]),
    help="Solve groups of teams that share no rules (no common shift code, no center-wide "
    "fairness or cyclic pattern) as parallel Ray tasks, and merge their rosters; teams that "
    "share coverage stay one model. Each group runs --workers CP-SAT workers: lower it to run "
    "more groups at once.",
)
@with_options(ENGINE_OPTIONS)
def solve_command(
    source: Path,
    holidays: str | None,
    output: Path,
    time_limit: float,
    workers: int | None,
    seed: int,
    deterministic: bool,
    quiet: bool,
    soften: bool,
    split_by: str | None,
    address: str | None,
    serial: bool,
    task_timeout: float | None,
) -> None:
    """Solve SOURCE (an .xlsx workbook or a folder of CSV files) and write the roster."""
    _check_output(output, source)
    problem = _load(source, holidays)
    if not soften:
        _refuse_conflicts(obvious_conflicts(problem))
    options = SolveOptions(time_limit, workers, seed, deterministic, soften=soften)
    err.print(
        f"Solving {problem.name}: {len(problem.agents)} agents, {problem.period.days} days "
        f"from {problem.period.start}, {len(problem.shifts)} shift types "
        f"({time_limit:g} s limit, {options.workers_for(problem)} workers), "
        f"{_demand_text(problem)}",
        highlight=False,
    )
    if split_by is not None:
        result = _solve_by_team(problem, options, Engine(address, serial, task_timeout), quiet)
    else:
        result = _solve_or_explain(problem, options, quiet, "No roster can meet every hard rule.")
    if result.roster is None:
        hint = {
            SolveStatus.INFEASIBLE: "the hard rules contradict each other; use --soften to "
            "see which break",
            SolveStatus.NO_ROSTER_IN_TIME: "try a longer --time-limit, or --soften if the "
            "rules are very tight",
        }.get(result.status, "")
        _fail(f"no roster: {result.status.value}" + (f" ({hint})" if hint else ""), EXIT_NO_ROSTER)
    _write(lambda: write_roster(problem, result, output))
    out.print(_summary_table(result, output))
    _warn_relaxed(result)


def _warn_relaxed(result: SolveResult) -> None:
    """Every hard rule a --soften solve broke is named, not only written to the workbook."""
    if result.relaxed:
        err.print(
            f"[bold yellow]warning:[/] {len(result.relaxed)} hard rule(s) relaxed by --soften; "
            "the Violations sheet lists every break:",
            highlight=False,
        )
        for violation in result.evaluation.violations[:MAX_LISTED] if result.evaluation else ():
            err.print(f"  - {violation.message}", highlight=False)


MAX_LISTED = 10
MIN_HOTLINE_AGENTS = 30  # fewer cannot staff its eight shifts around the clock


@main.group()
def bench() -> None:
    """Public benchmarks, solved by the same model and judged by the same evaluator."""


@bench.command("curtois")
@click.argument("instance", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write the roster in the benchmark's format (a .txt file, one line per employee).",
)
@_search_options(default_limit=60.0)
def bench_curtois(
    instance: Path,
    output: Path | None,
    time_limit: float,
    workers: int | None,
    seed: int,
    deterministic: bool,
    quiet: bool,
) -> None:
    """Solve an Employee Shift Scheduling Benchmark INSTANCE (Curtois & Qu text format)."""
    if output is not None:
        _write(lambda: check_output_path(output, instance, suffix=".txt"))
    try:
        problem = read_instance(instance)
    except InputError as error:
        _fail(error.report(), EXIT_INPUT)
    options = SolveOptions(time_limit, workers, seed, deterministic)
    result = _solve_or_explain(problem, options, quiet, "The instance's hard rules conflict.")
    if result.roster is None or result.objective is None:
        _fail(f"no roster: {result.status.value}", EXIT_NO_ROSTER)
    text = roster_text(problem, result.roster)
    # The evaluator scores the roster as written, read back from the benchmark's format.
    scored = evaluate(problem, parse_roster(problem, text, instance.name))
    if not scored.is_feasible or scored.total != result.objective:
        _fail(
            f"internal error, please report it: solver objective {result.objective}, evaluator "
            f"{scored.total} with {len(scored.violations)} hard violations",
            EXIT_INTERNAL,
        )
    if output is not None:
        _write(lambda: save_text(text, output))
    gap = _percent(result.gap)
    out.print(
        f"{instance.stem}: {result.status.value}, objective {result.objective} (evaluator "
        f"{scored.total}), bound {_number(result.best_bound)}, gap {gap}, "
        f"{result.wall_time:.1f} s" + (f"; roster written to {output}" if output else ""),
        highlight=False,
    )


def _demand_text(problem: Problem) -> str:
    forecast = problem.forecast
    if (forecast is None or forecast.mode is DemandMode.SHIFTS) and not problem.demand:
        # Valid (a roster to contract hours alone), but rarely meant: said where it is seen.
        return (
            "[bold yellow]no demand[/] (the Demand sheet has no rows: the roster meets the "
            "contracts' hours and covers nothing)"
        )
    if forecast is None or forecast.mode is DemandMode.SHIFTS:
        return "demand per shift from the Demand sheet"
    if forecast.mode is DemandMode.DAILY:
        return "demand per shift from forecast calls and calls per agent"
    return f"demand per {forecast.interval_minutes}-minute interval from forecast calls (Erlang C)"


@main.command()
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="Staffing workbook to write (.xlsx).",
)
@_HOLIDAYS
def staffing(source: Path, output: Path, holidays: str | None) -> None:
    """Turn SOURCE's forecast into required agents, without rostering.

    Intraday mode gives agents per interval and queue through Erlang C (with the service level
    they reach); daily mode gives agents per day and shift from calls per agent. Both with a
    chart of calls against required agents.
    """
    _check_output(output, source)
    problem = _load(source, holidays)
    try:
        workbook = build_staffing_workbook(problem)
    except ValueError as error:
        _fail(str(error), EXIT_INPUT)
    _write(lambda: save_workbook(workbook, output))
    if problem.counts_intervals:
        peak = max(problem.interval_totals, key=lambda i: i.required)
        hours = sum(i.required * i.minutes for i in problem.interval_totals) / 60
        out.print(
            f"Staffing written to {output}: {hours:,.0f} agent-hours required; peak "
            f"{peak.required} agents at {problem.describe_interval(peak)}",
            highlight=False,
        )
    else:
        shifts = sum(r.required for r in problem.demand)
        out.print(f"Staffing written to {output}: {shifts:,} agent-shifts required")


def _refuse_conflicts(conflicts: list[Conflict]) -> None:
    """Explain why no roster exists and stop; does nothing when there is no conflict."""
    if not conflicts:
        return
    agents = sum(1 for conflict in conflicts if conflict.agent_id)
    affected = f" ({agents} agent{'s' if agents != 1 else ''} affected)" if agents else ""
    err.print(f"[bold red]error:[/] no roster can meet every hard rule{affected}:", highlight=False)
    for conflict in conflicts[:MAX_LISTED]:
        err.print(f"  - {conflict.message}", highlight=False)
    if len(conflicts) > MAX_LISTED:
        err.print(f"  ... and {len(conflicts) - MAX_LISTED} more agents", highlight=False)
    sys.exit(EXIT_NO_ROSTER)


def _solve_or_explain(
    problem: Problem, options: SolveOptions, quiet: bool, infeasible: str | None
) -> SolveResult:
    """Solve; a model/evaluator disagreement is an internal error (exit 4), and with an
    ``infeasible`` message an infeasible problem is explained and refused (exit 1)."""
    try:
        result = _solve_with_progress(problem, options, quiet)
    except EvaluationMismatch as error:
        _fail(f"internal error, please report it: {error}", EXIT_INTERNAL)
    if result.status is SolveStatus.INFEASIBLE and infeasible is not None:
        err.print(f"{infeasible} Looking for the conflicting rules...")
        _refuse_conflicts(explain_infeasibility(problem))
    return result


def _solve_by_team(
    problem: Problem, options: SolveOptions, engine: Engine, quiet: bool
) -> SolveResult:
    """Each group of coupled teams as a parallel task; one group is an ordinary solve."""
    split = team_groups(problem, options.soften)
    if len(split.groups) == 1:
        reasons = "; ".join(split.reasons[:MAX_LISTED]) or "there is only one team"
        err.print(f"Teams are solved as one model: {reasons}", highlight=False)
        return _solve_or_explain(problem, options, quiet, "No roster can meet every hard rule.")
    jobs = [
        SolveJob(f"teams {', '.join(g.teams) or '(no team)'}", sub_problem(problem, g), options)
        for g in split.groups
    ]
    err.print(f"Solving {len(jobs)} groups of teams apart: " + "; ".join(j.label for j in jobs))

    def log(counts: JobCounts, finished: JobOutcome | None) -> None:
        if finished is not None and not quiet:
            status = finished.result.status.value if finished.result else finished.state.value
            err.print(
                f"  {finished.job.label}: {status} in {finished.seconds:.1f} s "
                f"({counts.done} of {len(jobs)} done)",
                highlight=False,
            )

    started = time.monotonic()
    try:
        report = run_jobs(jobs, engine, log)
    except EngineError as error:
        _fail(str(error), EXIT_INPUT)
    if report.note:
        err.print(f"[yellow]note:[/] {report.note}", highlight=False)
    for outcome in report.outcomes:
        if outcome.result is None:
            internal = outcome.error.startswith(EvaluationMismatch.__name__)
            _fail(
                f"{outcome.job.label}: {outcome.state.value}: {outcome.error}",
                EXIT_INTERNAL if internal else EXIT_NO_ROSTER,
            )
    parts = [outcome.result for outcome in report.outcomes if outcome.result is not None]
    try:
        merged = merge(problem, parts, time.monotonic() - started)
    except EvaluationMismatch as error:
        _fail(f"internal error, please report it: {error}", EXIT_INTERNAL)
    if merged.status is SolveStatus.INFEASIBLE:
        err.print("A group of teams has no roster that meets every hard rule. Looking for why...")
        _refuse_conflicts(explain_infeasibility(problem))
    return merged


def _solve_with_progress(problem: Problem, options: SolveOptions, quiet: bool) -> SolveResult:
    if quiet or not err.is_terminal:
        return solve(problem, options)
    view = _ProgressView(options.time_limit)
    with Live(view, console=err, refresh_per_second=4, transient=True):
        return solve(problem, options, on_progress=view.update)


class _ProgressView:
    """Rendered by rich on each refresh, so the clock ticks between solver events."""

    def __init__(self, limit: float) -> None:
        self.limit = limit
        self.started = time.monotonic()
        self.latest: Progress | None = None

    def update(self, progress: Progress) -> None:
        self.latest = progress

    def __rich__(self) -> Group:
        elapsed = time.monotonic() - self.started
        p = self.latest
        cells = [
            f"{elapsed:6.1f} / {self.limit:g} s",
            str(p.solutions) if p else "0",
            _number(p.objective if p else None),
            _number(p.bound if p else None),
            _percent(p.gap if p else None),
        ]
        table = Table(
            "elapsed",
            "rosters found",
            "best objective",
            "bound",
            "gap",
            title="Searching",
            title_justify="left",
        )
        table.add_row(*cells)
        return Group(
            table, Text("Ctrl-C stops the search and keeps the best roster so far.", style="dim")
        )


def _summary_table(result: SolveResult, output: Path, replanned: Problem | None = None) -> Table:
    """The solve's figures; for a re-plan (``replanned``), agents short against the whole
    requirement, as the Coverage sheet counts them, beside those short of what was published,
    the shortfall the re-plan prices."""
    evaluation = result.evaluation
    assert evaluation is not None
    table = Table(title="Roster", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    table.add_row("status", result.status.value)
    table.add_row("objective", _number(result.objective))
    table.add_row("best bound", _number(result.best_bound))
    table.add_row("gap", _percent(result.gap))
    table.add_row("wall time", f"{result.wall_time:.1f} s")
    lines = _coverage_lines(evaluation)
    if replanned is not None and result.roster is not None:
        whole = CHECKS[RuleFamily.COVERAGE](replace(replanned, published=None), result.roster)
        short, surplus, _ = _coverage_lines(Evaluation((), tuple(whole)))
        # The days before the re-plan start are priced whole, and cannot change.
        planned = [p for p in evaluation.penalties if (p.day or 0) >= replanned.replan_from]
        below = _coverage_lines(Evaluation((), tuple(planned)))[0][1]
        lines = [short, ("short of what was published", below), surplus, lines[2]]
    for label, value in lines:
        table.add_row(label, value)
    for family, cost in evaluation.cost_by_family().items():
        table.add_row(f"penalty: {family.title.lower()}", str(cost))
    table.add_row("written to", str(output))
    return table


def _coverage_lines(evaluation: Evaluation) -> list[tuple[str, str]]:
    coverage = [p for p in evaluation.penalties if p.family is RuleFamily.COVERAGE]
    # Interval terms carry their start in the detail ("under 09:30") and no shift.
    slots = "intervals" if any(p.shift is None for p in coverage) else "shifts"
    under = [p for p in coverage if p.detail.split()[0] == "under"]
    short = sum(p.amount for p in under)
    surplus = sum(p.amount for p in coverage if p.detail.split()[0] == "over")
    unmet = sum(1 for p in evaluation.penalties if p.family is RuleFamily.REQUESTS)
    return [
        ("agents short", f"{short} (in {len(under)} {slots[:-1] if len(under) == 1 else slots})"),
        ("agents surplus", str(surplus)),
        ("requests not met", str(unmet)),
    ]


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.2%}"


_FORCE = click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
_CSV = click.option(
    "--csv",
    "as_csv",
    is_flag=True,
    help="Write a folder of CSV files (one per sheet) instead of a workbook.",
)


def _write_input(problem: Problem | None, output: Path, force: bool, as_csv: bool) -> None:
    """Template and example never replace a file unasked: it may be a filled-in input."""
    if as_csv:
        _write(lambda: write_input_csv(problem, output))
        return
    if output.exists() and not force:
        _fail(f"{output} already exists; use --force to replace it", EXIT_OUTPUT)
    _check_output(output)
    _write(lambda: write_input(problem, output))


@main.command()
@click.argument("published", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="New roster workbook to write (.xlsx).",
)
@click.option(
    "--changes",
    type=click.Path(exists=True, path_type=Path),
    help="Workbook (or CSV folder) with input rows to merge in: Leave, Agents, Demand, "
    "Events, Forecast, Requests, Holidays, Settings.",
)
@click.option(
    "--from",
    "start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Re-plan from this date; earlier days stay as published. Default: the first changed date.",
)
@click.option(
    "--release",
    is_flag=True,
    help="Give up hand edits of work on approved leave or on a shift the agent may not work "
    "(reported) instead of stopping. Edits that break other rules stay and are explained.",
)
@_search_options(default_limit=20.0)
@_SOFTEN
@click.option(
    "--no-compare",
    is_flag=True,
    help="Skip the from-scratch solve that shows how many cells a new roster would change.",
)
def rerun(
    published: Path,
    output: Path,
    changes: Path | None,
    start: datetime | None,
    release: bool,
    time_limit: float,
    workers: int | None,
    seed: int,
    deterministic: bool,
    quiet: bool,
    soften: bool,
    no_compare: bool,
) -> None:
    """Re-plan PUBLISHED (a roster this tool wrote) after changes, changing as little as
    possible.

    Changes come from --changes and from the Roster sheet itself: type a leave word (sick,
    leave, training, day off) into a cell for an absence; any other edited cell is kept as a
    deliberate lock.
    """
    _check_output(output, published, *([changes] if changes else []))
    try:
        stored = read_published(published)
        problem = merged_problem(published, changes)
        replan = plan(stored, problem, start.date() if start else None, release)
    except InputError as error:
        err.print(f"[bold red]error:[/] {error.report()}", highlight=False)
        sys.exit(EXIT_INPUT)
    for line in replan.released:
        err.print(f"[bold yellow]released:[/] {line}", highlight=False)
    planned = replan.problem
    if not soften:
        _refuse_conflicts(obvious_conflicts(planned))
    first = replan.first_day
    err.print(
        f"Re-planning {planned.name}: "
        + (
            "nothing changed, the published roster stands"
            if first is None
            else f"from {planned.period.dates[first]}"
        ),
        highlight=False,
    )
    options = SolveOptions(time_limit, workers, seed, deterministic, soften=soften)
    result = _solve_or_explain(
        planned, options, quiet, "No roster keeps the locked cells and every rule."
    )
    if result.roster is None:
        _fail(f"no roster: {result.status.value}", EXIT_NO_ROSTER)
    scratch = None
    if first is not None and not no_compare:
        scratch = _scratch_changes(replan, options)
    report = ReplanReport(
        replan,
        tuple(replan.changes(result.roster)),
        scratch,
        tuple(replan.seat_changes(result.roster)),
        replan.new_agent_shifts(result.roster),
    )
    _write(lambda: write_roster(planned, result, output, report))
    out.print(_summary_table(result, output, planned))
    seats = len(report.seats)
    out.print(
        f"{len(report.changes)} cells changed ({report.beyond_absences} beyond absent agents' "
        "own days)"
        + (f"; {seats} training seat{'s' if seats != 1 else ''} taken or given up" if seats else "")
        + (f"; {len(report.new_agents)} new agent(s) rostered" if report.new_agents else "")
        + ("" if scratch is None else f"; a from-scratch roster would change {scratch}"),
        highlight=False,
    )
    _warn_relaxed(result)


def _scratch_changes(replan: Replan, options: SolveOptions) -> int | None:
    """Cells a new roster solved from scratch (same time budget) would change; ``None`` when
    that solve finds no roster."""
    fresh = replace(replan.problem, locks=(), published=None, unpublished_agents=frozenset())
    result = _solve_or_explain(fresh, options, quiet=True, infeasible=None)
    if result.roster is None:
        return None
    return len(replan.changes(result.roster))


@main.command()
@click.argument("output", type=click.Path(path_type=Path))
@_FORCE
@_CSV
def template(output: Path, force: bool, as_csv: bool) -> None:
    """Write an empty input workbook with explained columns and drop-downs."""
    _write_input(None, output, force, as_csv)
    out.print(f"Template written to {output}")


@main.command()
@click.argument("output", type=click.Path(path_type=Path))
@click.option(
    "--seed",
    type=int,
    default=7,
    show_default=True,
    help="Seed of the generator; the bundled example uses the default.",
)
@_FORCE
@_CSV
@click.option("--forecast", is_flag=True, help="The forecast-driven hotline instead.")
@click.option(
    "--skilled",
    is_flag=True,
    help="The forecast hotline with five queues served by skill, tier rules, new agents and a "
    "training session.",
)
@click.option(
    "--sites",
    type=click.IntRange(min=2, max=50),
    help="A center of this many independent sites instead (a team each, own shifts).",
)
@click.option(
    "--agents",
    type=click.IntRange(min=10, max=5000),
    default=80,
    show_default=True,
    help="Agents of the forecast hotline, or of each site.",
)
def example(
    output: Path,
    seed: int,
    force: bool,
    as_csv: bool,
    forecast: bool,
    skilled: bool,
    sites: int | None,
    agents: int,
) -> None:
    """Write a realistic example input: 60 agents, 4 weeks, a launch week, holidays.

    With --forecast: a hotline planned from a half-hourly call forecast (Erlang C), with
    eight staggered shifts, two queues and a launch event. With --skilled: that hotline with
    five queues each agent serves by skill, supervision and junior-ratio rules, QA and trainers
    part-time on the phones, new agents and a training session. With --sites N: N sites of
    --agents agents each, every site a team with its own shifts (for solve --split-by team).
    """
    if sum((forecast, skilled, bool(sites))) > 1:
        _fail("choose one of --forecast, --skilled and --sites", EXIT_INPUT)
    if (forecast or skilled) and agents < MIN_HOTLINE_AGENTS:
        _fail(f"--agents: the forecast hotline needs at least {MIN_HOTLINE_AGENTS}", EXIT_INPUT)
    if forecast:
        problem = build_hotline(agents, seed)
    elif skilled:
        problem = build_skilled_hotline(agents, seed)
    elif sites:
        problem = build_sites(sites, agents, seed)
    else:
        problem = build_example(seed)
    _write_input(problem, output, force, as_csv)
    out.print(f"Example written to {output}")


@main.command()
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@_HOLIDAYS
def validate(source: Path, holidays: str | None) -> None:
    """Check SOURCE without solving: every problem is listed with sheet, row and column.

    Also checks each agent's hard rules on their own, so contradictions (a contract minimum
    that leave makes impossible, say) are explained before a solve is attempted.
    """
    problem = _load(source, holidays)
    _refuse_conflicts(explain_infeasibility(problem))
    out.print(
        f"{source} is valid: {len(problem.agents)} agents, {len(problem.shifts)} shift types, "
        f"{problem.period.days} days from {problem.period.start}, "
        f"{_demand_text(problem)}, {len(problem.leave)} leave rows, "
        f"{len(problem.requests)} requests",
        highlight=False,
    )


# The what-if commands use this module's helpers, so they are added once it is complete.
from scheduler.cli_whatif import hire, sweep  # noqa: E402

main.add_command(sweep)
main.add_command(hire)
