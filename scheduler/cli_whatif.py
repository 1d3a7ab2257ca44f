"""``scheduler sweep`` and ``scheduler hire``: what-if questions answered by many solves.

Scenarios run as Ray tasks (on this machine, or on a cluster given by ``--address`` or
``RAY_ADDRESS``), each with its own CP-SAT worker count; without Ray they run one after another.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

import click
from rich.live import Live
from rich.table import Table

from scheduler.cli import (
    _HOLIDAYS,
    ENGINE_OPTIONS,
    EXIT_INPUT,
    EXIT_NO_ROSTER,
    EXIT_OUTPUT,
    FiniteRange,
    _check_output,
    _fail,
    _number,
    _search_options,
    _write,
    err,
    out,
    with_options,
)
from scheduler.io.errors import InputError
from scheduler.io.files import OutputError, save_workbook
from scheduler.io.roster_workbook import write_roster
from scheduler.io.sweep_workbook import (
    build_hire_workbook,
    build_sweep_workbook,
    roster_file,
    roster_folder,
)
from scheduler.io.tables import read_tables
from scheduler.parallel import (
    Engine,
    EngineError,
    JobCounts,
    JobOutcome,
    engine_session,
    parallel_slots,
)
from scheduler.solve import SolveOptions
from scheduler.whatif.figures import RosterFigures
from scheduler.whatif.hire import find_headcount
from scheduler.whatif.scenarios import Scenario, build_scenarios
from scheduler.whatif.sweep import ScenarioResult, SweepResult, run_sweep
from scheduler.whatif.variations import NewAgents, VariationError, parse_variation

_WORKERS_HELP = (
    "CP-SAT workers per scenario; Ray reserves as many CPUs for each, so scenarios running at "
    "once times workers never exceeds the cores. One worker runs more scenarios at once but "
    "barely improves on the first roster."
)
_NEW_AGENTS = (
    click.option(
        "--contract",
        metavar="ID",
        help="Contract of added agents (default: copies of the current agents in sweeps, the "
        "most common contract when --skill is given or in hire).",
    ),
    click.option(
        "--skill", "skills", multiple=True, metavar="SKILL", help="A skill of added agents."
    ),
    click.option("--team", default="", help="Team of added agents."),
)


@click.command()
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True, help="Comparison workbook."
)
@click.option(
    "--vary",
    "variations",
    multiple=True,
    metavar="NAME=V1,V2",
    help="Values to try: demand (multiplier), headcount (+/- agents), rule.COLUMN (a Contracts "
    "column), queue.COLUMN (a Queues column), setting.NAME. Repeat for a cross product.",
)
@with_options(_NEW_AGENTS)
@_HOLIDAYS
@_search_options(default_limit=60.0, default_workers=2, workers_help=_WORKERS_HELP)
@with_options(ENGINE_OPTIONS)
def sweep(
    source: Path,
    output: Path,
    variations: tuple[str, ...],
    contract: str | None,
    skills: tuple[str, ...],
    team: str,
    holidays: str | None,
    time_limit: float,
    workers: int,
    seed: int,
    deterministic: bool,
    quiet: bool,
    address: str | None,
    serial: bool,
    task_timeout: float | None,
) -> None:
    """Solve SOURCE once per combination of --vary values and compare the rosters.

    Writes OUTPUT (a row per scenario with objective, shortfall, service level, overtime,
    fairness spread, status and time, and a chart) and each scenario's roster workbook in a
    folder beside it.
    """
    _check_output(output, source)
    _check_roster_folder(output)
    try:
        parsed = [parse_variation(text) for text in variations]
        hires = NewAgents(contract, skills, team, copies_current=not (contract or skills or team))
        scenarios = build_scenarios(read_tables(source), parsed, hires, source.stem, holidays)
    except VariationError as error:
        _fail(str(error), EXIT_INPUT)
    except InputError as error:
        err.print(f"[bold red]error:[/] {error.report()}", highlight=False)
        sys.exit(EXIT_INPUT)
    options = SolveOptions(time_limit, workers, seed, deterministic)
    err.print(
        f"Sweeping {source.name}: {len(scenarios)} scenario(s), {time_limit:g} s and "
        f"{workers} worker(s) each",
        highlight=False,
    )
    result = _run(scenarios, options, Engine(address, serial, task_timeout), quiet)
    written = _write_rosters(result.results, output)
    summary = [
        ("Input", str(source)),
        ("Scenarios", len(scenarios)),
        ("Varied", "; ".join(variations) or "nothing (the input as given)"),
        ("Added agents are", hires.describe()),
        *_run_items(result.how, result.note, options, result.wall_time),
    ]
    _write(
        lambda: save_workbook(
            build_sweep_workbook(result.results, output, written, summary), output
        )
    )
    out.print(_results_table(result.results))
    _finish(result.results, result.note, output, len(written))


@click.command()
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Workbook with the shortfall curve (default: SOURCE's name with -hire.xlsx, which "
    "must not exist yet).",
)
@with_options(_NEW_AGENTS)
@click.option(
    "--target",
    type=FiniteRange(min=0.01, max=1.0),
    help="Service level every interval must reach, e.g. 0.8 (default: each queue's own "
    "target). Needs intraday forecast demand; with per-shift demand the target is no agent "
    "short on any shift.",
)
@click.option(
    "--allow-below",
    "allowed",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Intervals (with per-shift demand: shifts) that may stay below the target, e.g. "
    "the odd night interval.",
)
@click.option(
    "--max-agents",
    type=click.IntRange(min=0),
    help="The most agents that may be added (default: the current headcount).",
)
@_HOLIDAYS
@_search_options(default_limit=60.0, default_workers=2, workers_help=_WORKERS_HELP)
@with_options(ENGINE_OPTIONS)
def hire(
    source: Path,
    output: Path | None,
    contract: str | None,
    skills: tuple[str, ...],
    team: str,
    target: float | None,
    allowed: int,
    max_agents: int | None,
    holidays: str | None,
    time_limit: float,
    workers: int,
    seed: int,
    deterministic: bool,
    quiet: bool,
    address: str | None,
    serial: bool,
    task_timeout: float | None,
) -> None:
    """Find the fewest agents to add to SOURCE so that the roster meets the service target
    in every interval (per-shift demand: no agent short on any shift)."""
    if output is None:
        output = source.with_name(f"{source.stem}-hire.xlsx")
        if output.exists():
            _fail(f"{output} already exists; choose the workbook to write with -o", EXIT_OUTPUT)
    _check_output(output, source)
    _check_roster_folder(output)
    hires = NewAgents(contract, skills, team)
    try:
        tables = read_tables(source)
        baseline = build_scenarios(tables, [], hires, source.stem, holidays)[0].problem
        # One added agent checks the contract and skills before any solving.
        build_scenarios(tables, [parse_variation("headcount=+1")], hires, source.stem, holidays)
    except VariationError as error:
        _fail(str(error), EXIT_INPUT)
    except InputError as error:
        err.print(f"[bold red]error:[/] {error.report()}", highlight=False)
        sys.exit(EXIT_INPUT)
    if target is not None and not baseline.counts_intervals:
        _fail(
            "--target is a service level, which needs intraday forecast demand (demand_mode "
            "intraday); with this input the target is no agent short on any shift",
            EXIT_INPUT,
        )
    limit = len(baseline.agents) if max_agents is None else max_agents
    options = SolveOptions(time_limit, workers, seed, deterministic)
    engine = Engine(address, serial, task_timeout)

    def announce(counts: list[int]) -> None:
        err.print(f"Trying {', '.join(f'+{c}' for c in counts)} agents...", highlight=False)

    try:
        with engine_session(engine):
            answer = find_headcount(
                tables,
                hires,
                source.stem,
                options,
                engine,
                target=target,
                limit=limit,
                batch=parallel_slots(engine, workers),
                allowed=allowed,
                holidays_country=holidays,
                on_round=None if quiet else announce,
            )
    except EngineError as error:
        _fail(str(error), EXIT_INPUT)
    results = [result for _, result in answer.tried]
    written = _write_rosters(results, output)
    found = (
        f"{answer.added} agent(s)"
        if answer.added is not None
        else f"not found: even {answer.limit} more agents miss the target"
    )
    summary = [
        ("Input", str(source)),
        ("Answer: agents to add", found),
        ("Added agents are", hires.describe()),
        (
            "Target",
            (
                f"service level {target:.0%} in every interval"
                if target is not None
                else "each queue's service target in every interval"
                if baseline.counts_intervals
                else "no agent short on any shift"
            )
            + (f", but {allowed} may miss it" if allowed else ""),
        ),
        *_run_items(answer.how, answer.note, options, answer.wall_time),
    ]
    workbook = build_hire_workbook(answer.tried, output, written, summary, allowed)
    _write(lambda: save_workbook(workbook, output))
    out.print(_results_table(results, [added for added, _ in answer.tried]))
    if answer.note:
        err.print(f"[yellow]note:[/] {answer.note}", highlight=False)
    out.print(f"Agents to add: {found}. Curve written to {output}", highlight=False)
    if answer.added is None:
        sys.exit(EXIT_NO_ROSTER)


def _run(
    scenarios: Sequence[Scenario], options: SolveOptions, engine: Engine, quiet: bool
) -> SweepResult:
    view = _SweepView(len(scenarios))
    try:
        if quiet or not err.is_terminal:
            return run_sweep(scenarios, options, engine, None if quiet else view.log)
        with Live(view, console=err, refresh_per_second=2, transient=True):
            return run_sweep(scenarios, options, engine, view.update)
    except EngineError as error:
        _fail(str(error), EXIT_INPUT)


class _SweepView:
    """Scenarios done / running / queued, and the last ones finished."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.counts = JobCounts(0, 0, total)
        self.finished: list[JobOutcome] = []
        self.started = time.monotonic()

    def update(self, counts: JobCounts, finished: JobOutcome | None) -> None:
        self.counts = counts
        if finished is not None:
            self.finished.append(finished)

    def log(self, counts: JobCounts, finished: JobOutcome | None) -> None:
        """Without a terminal: one line per finished scenario."""
        self.update(counts, finished)
        if finished is not None:
            err.print(
                f"[{counts.done}/{self.total}] {finished.job.label}: {finished.state.value} "
                f"in {finished.seconds:.1f} s; {counts.running} running, {counts.queued} queued",
                highlight=False,
            )

    def __rich__(self) -> Table:
        c = self.counts
        table = Table(
            "elapsed",
            "done",
            "running",
            "queued",
            "last finished",
            title="Sweep",
            title_justify="left",
        )
        last = self.finished[-1] if self.finished else None
        table.add_row(
            f"{time.monotonic() - self.started:.0f} s",
            f"{c.done} / {self.total}",
            str(c.running),
            str(c.queued),
            f"{last.job.label} ({last.state.value})" if last else "-",
        )
        return table


def _write_rosters(results: Sequence[ScenarioResult], output: Path) -> set[int]:
    """Each scenario's roster workbook, in the folder beside the comparison; returns the
    numbers written."""
    written = set()
    folder = roster_folder(output)
    for result in results:
        solved = result.outcome.result
        if solved is None or solved.roster is None:
            continue
        if not folder.exists():
            _write(lambda: _make_folder(folder))
        problem, path = result.scenario.problem, roster_file(output, result.scenario.number)
        _write(lambda p=problem, s=solved, f=path: write_roster(p, s, f))
        written.add(result.scenario.number)
    return written


def _check_roster_folder(output: Path) -> None:
    """Scenario rosters never replace files, nor mix with an earlier run's."""
    folder = roster_folder(output)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        _fail(
            f"{folder} already exists (an earlier run's rosters?); move it away or choose "
            "another -o",
            EXIT_OUTPUT,
        )


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir()
    except OSError as error:
        raise OutputError(f"cannot create the folder {folder}: {error.strerror}") from error


def _run_items(
    how: str, note: str, options: SolveOptions, wall_time: float
) -> list[tuple[str, object]]:
    items: list[tuple[str, object]] = [
        ("Ran", how),
        ("Time limit per scenario (s)", options.time_limit),
        ("CP-SAT workers per scenario", options.workers),
        ("Seed", options.seed),
        ("Wall time (s)", round(wall_time, 1)),
    ]
    if note:
        items.append(("Note", note))
    return items


def _results_table(results: Sequence[ScenarioResult], added: Sequence[int] | None = None) -> Table:
    table = Table(title="Scenarios", title_justify="left")
    headers = ("#", "scenario", "status", "objective", "short (h)", "SL", "below", "overtime (h)")
    for header in headers:
        table.add_column(header)
    for index, result in enumerate(results):
        figures = result.figures
        solved = result.outcome.result
        label = f"+{added[index]} agents" if added is not None else result.scenario.label
        table.add_row(
            str(result.scenario.number),
            label,
            result.status,
            _number(solved.objective if solved else None),
            "-" if figures is None else f"{figures.shortfall_hours:,.1f}",
            "-"
            if figures is None or figures.service_level is None
            else f"{figures.service_level:.1%}",
            "-" if figures is None else str(_below(figures)),
            "-" if figures is None else f"{figures.overtime_hours:,.1f}",
        )
    return table


def _below(figures: RosterFigures) -> int:
    """Intervals below target, or with per-shift demand the shifts short."""
    if figures.intervals_below_target is not None:
        return figures.intervals_below_target
    return figures.short_slots


def _finish(results: Sequence[ScenarioResult], note: str, output: Path, rosters: int) -> None:
    if note:
        err.print(f"[yellow]note:[/] {note}", highlight=False)
    failed = [r for r in results if r.figures is None]
    out.print(
        f"Comparison written to {output}; {rosters} roster(s) in {roster_folder(output)}"
        + (f"; {len(failed)} scenario(s) without a roster" if failed else ""),
        highlight=False,
    )
    if len(failed) == len(results):
        sys.exit(EXIT_NO_ROSTER)
