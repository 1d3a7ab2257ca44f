"""A sweep: every scenario solved (as parallel tasks where Ray is there) and compared."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from scheduler.parallel import Engine, JobOutcome, JobState, ProgressCallback, SolveJob, run_jobs
from scheduler.solve import SolveOptions
from scheduler.whatif.figures import RosterFigures, roster_figures
from scheduler.whatif.scenarios import Scenario


@dataclass(frozen=True)
class ScenarioResult:
    scenario: Scenario
    outcome: JobOutcome
    figures: RosterFigures | None  # None when the scenario has no roster

    @property
    def status(self) -> str:
        if self.outcome.state is not JobState.SOLVED:
            return f"{self.outcome.state.value}: {self.outcome.error}"
        assert self.outcome.result is not None
        return self.outcome.result.status.value


@dataclass(frozen=True)
class SweepResult:
    results: tuple[ScenarioResult, ...]
    how: str  # where the scenarios ran
    note: str  # e.g. that Ray would run them in parallel
    wall_time: float


def run_sweep(
    scenarios: Sequence[Scenario],
    options: SolveOptions,
    engine: Engine,
    on_progress: ProgressCallback | None = None,
    target: float | None = None,
) -> SweepResult:
    """Solve every scenario with the same search options; ``target`` overrides the queues'
    service targets when counting intervals below target."""
    started = time.monotonic()
    jobs = [SolveJob(s.label, s.problem, options) for s in scenarios]
    report = run_jobs(jobs, engine, on_progress)
    results = []
    for scenario, outcome in zip(scenarios, report.outcomes, strict=True):
        result = outcome.result
        figures = None
        if result is not None and result.roster is not None and result.evaluation is not None:
            figures = roster_figures(scenario.problem, result.roster, result.evaluation, target)
        results.append(ScenarioResult(scenario, outcome, figures))
    return SweepResult(tuple(results), report.how, report.note, time.monotonic() - started)
