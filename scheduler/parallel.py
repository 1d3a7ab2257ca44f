"""Many independent solves (what-if scenarios, teams solved apart) run as Ray tasks.

Ray is an existing distributed engine: with no address it starts on this machine, and with
``--address`` (or ``RAY_ADDRESS``) the same tasks go to a cluster with no other change. Each
task reserves as many Ray CPUs as it runs CP-SAT workers, and no more tasks are in flight than
the cluster's CPUs hold, so a machine is never oversubscribed. A task whose worker process dies
is retried once by Ray; a task that fails or overruns its deadline is reported, never fatal.

Without Ray installed (it is an optional extra) the jobs run one after another in this
process, and the caller is told that Ray would run them in parallel.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from scheduler.domain import Problem
from scheduler.solve import SolveOptions, SolveResult, solve

RAY_MISSING = (
    "Ray is not installed, so the solves ran one after another; "
    "pip install 'scheduler[ray]' runs them in parallel"
)
# A solve overruns its time limit by the model build and the constructive hint; past this
# much more, the task is treated as hung and cancelled.
DEADLINE_GRACE_SECONDS = 120.0


@dataclass(frozen=True)
class SolveJob:
    """One solve to run: a scenario, or one team's share of a center."""

    label: str
    problem: Problem
    options: SolveOptions


class JobState(StrEnum):
    SOLVED = "solved"
    FAILED = "failed"
    TIMED_OUT = "timed out"


@dataclass(frozen=True)
class JobOutcome:
    """What became of a job. ``result`` is ``None`` when it failed or timed out; ``error``
    says why in words for the report's row. ``seconds`` is the job's wall time."""

    job: SolveJob
    state: JobState
    result: SolveResult | None
    error: str = ""
    seconds: float = 0.0


@dataclass(frozen=True)
class JobCounts:
    done: int
    running: int
    queued: int


@dataclass(frozen=True)
class Engine:
    """Where jobs run. ``address`` is a Ray cluster (``ray://host:10001``, ``host:6379`` or
    ``auto``); ``None`` uses ``RAY_ADDRESS`` or starts Ray here. ``serial`` skips Ray. A task
    still running ``task_timeout`` seconds after it started is cancelled (Ray runs only)."""

    address: str | None = None
    serial: bool = False
    task_timeout: float | None = None  # default: twice the time limit plus a grace period


@dataclass(frozen=True)
class RunReport:
    outcomes: tuple[JobOutcome, ...]
    how: str  # where and how the jobs ran, for the summary
    note: str = ""  # e.g. that Ray would have run them in parallel


ProgressCallback = Callable[[JobCounts, JobOutcome | None], None]


def run_jobs(
    jobs: Sequence[SolveJob], engine: Engine, on_progress: ProgressCallback | None = None
) -> RunReport:
    """Run every job and return their outcomes in the jobs' order."""
    report = _nothing if on_progress is None else on_progress
    ray = _ray(engine)
    if ray is None:
        note = "" if engine.serial else RAY_MISSING
        return _run_serially(jobs, report, "one after another in this process", note)
    return _run_on_ray(ray, jobs, engine, report)


@contextmanager
def engine_session(engine: Engine) -> Iterator[None]:
    """One Ray start for several runs (a headcount search's rounds), not one per run."""
    ray = _ray(engine)
    if ray is None or ray.is_initialized():
        yield
        return
    _start_ray(ray, engine.address)
    try:
        yield
    finally:
        ray.shutdown()


def parallel_slots(engine: Engine, workers: int) -> int:
    """How many solves of ``workers`` CP-SAT workers run at once: 1 without Ray, else what
    the running Ray instance (local or a cluster) holds. Call inside ``engine_session``."""
    ray = _ray(engine)
    if ray is None or not ray.is_initialized():
        return 1
    cpus, node_cpus = _cpus(ray)
    return max(1, cpus // min(workers, node_cpus))


def _cpus(ray: Any) -> tuple[int, int]:
    """The running Ray's CPUs in all, and on its largest node (a task must fit on one)."""
    cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
    nodes = [int(n["Resources"].get("CPU", 0)) for n in ray.nodes() if n.get("Alive")]
    return cpus, max(1, max(nodes, default=cpus))


def _ray(engine: Engine) -> Any:
    """The ray module, or ``None`` when the jobs run serially. A cluster address without Ray
    installed is an error: running hours of solves here instead would surprise."""
    if engine.serial:
        return None
    try:
        import ray
    except ImportError:
        if engine.address:
            raise EngineError(
                f"--address {engine.address} needs Ray: pip install 'scheduler[ray]'"
            ) from None
        return None
    return ray


def _nothing(counts: JobCounts, finished: JobOutcome | None) -> None:
    """No listener."""


def solve_job(job: SolveJob) -> JobOutcome:
    """One job, in whichever process runs it; an exception becomes a failed outcome so the
    other jobs go on."""
    started = time.monotonic()
    try:
        result = solve(job.problem, job.options)
    except Exception as error:  # reported in the job's row, never fatal to the others
        return JobOutcome(job, JobState.FAILED, None, _describe(error), time.monotonic() - started)
    return JobOutcome(job, JobState.SOLVED, result, "", time.monotonic() - started)


def _run_serially(
    jobs: Sequence[SolveJob], report: ProgressCallback, how: str, note: str = ""
) -> RunReport:
    outcomes = []
    for index, job in enumerate(jobs):
        report(JobCounts(index, 1, len(jobs) - index - 1), None)
        outcomes.append(solve_job(job))
        report(JobCounts(index + 1, 0, len(jobs) - index - 1), outcomes[-1])
    return RunReport(tuple(outcomes), how, note)


def _run_on_ray(
    ray: Any, jobs: Sequence[SolveJob], engine: Engine, report: ProgressCallback
) -> RunReport:
    with engine_session(engine):
        cpus, node_cpus = _cpus(ray)
        where = (
            f"Ray cluster at {engine.address or os.environ['RAY_ADDRESS']}"
            if engine.address or os.environ.get("RAY_ADDRESS")
            else "Ray on this machine"
        )
        outcomes = _drive(ray, jobs, cpus, node_cpus, engine, report)
    return RunReport(tuple(outcomes), f"{where} ({cpus} CPUs) as parallel tasks")


def _start_ray(ray: Any, address: str | None) -> None:
    # Ray's start-up notices (local instance, token set-up) are not the planner's concern.
    logging.getLogger("ray").setLevel(logging.ERROR)
    try:
        ray.init(
            address=address,
            include_dashboard=False,
            log_to_driver=False,
            logging_level=logging.ERROR,
            configure_logging=True,
        )
    except Exception as error:  # Ray raises many kinds; each means no engine to run on
        where = address or os.environ.get("RAY_ADDRESS")
        what = f"cannot reach the Ray cluster at {where}" if where else "cannot start Ray here"
        raise EngineError(f"{what}: {error}") from error


class EngineError(Exception):
    """Ray cannot be started or reached; the message says so in the user's terms."""


def _drive(
    ray: Any,
    jobs: Sequence[SolveJob],
    cpus: int,
    node_cpus: int,
    engine: Engine,
    report: ProgressCallback,
) -> list[JobOutcome]:
    """Keep at most as many tasks in flight as the CPUs hold, so 'running' is what runs and
    'queued' what waits; each in-flight task has a deadline."""
    remote = ray.remote(solve_job)
    outcomes: dict[int, JobOutcome] = {}
    waiting = list(range(len(jobs)))
    in_flight: dict[Any, tuple[int, float]] = {}  # task -> (job index, started)
    used = 0

    def width(index: int) -> int:
        """CPUs reserved: the task's workers, but a task must fit on one node."""
        job = jobs[index]
        return min(job.options.workers_for(job.problem), node_cpus)

    while waiting or in_flight:
        while waiting and (not in_flight or used + width(waiting[0]) <= cpus):
            index = waiting.pop(0)
            task = remote.options(num_cpus=width(index), max_retries=1).remote(jobs[index])
            in_flight[task] = (index, time.monotonic())
            used += width(index)
        report(JobCounts(len(outcomes), len(in_flight), len(waiting)), None)
        ready, _ = ray.wait(list(in_flight), num_returns=1, timeout=1.0)
        now = time.monotonic()
        finished = []
        for task in ready:
            index, started = in_flight.pop(task)
            finished.append(_collect(ray, task, jobs[index], now - started))
            used -= width(index)
            outcomes[index] = finished[-1]
        for task, (index, started) in list(in_flight.items()):
            if now - started > _deadline(jobs[index], engine):
                ray.cancel(task, force=True)
                del in_flight[task]
                used -= width(index)
                outcomes[index] = JobOutcome(
                    jobs[index],
                    JobState.TIMED_OUT,
                    None,
                    f"no answer {now - started:.0f} s after it started (time limit "
                    f"{jobs[index].options.time_limit:g} s); cancelled",
                    now - started,
                )
                finished.append(outcomes[index])
        for outcome in finished:
            report(JobCounts(len(outcomes), len(in_flight), len(waiting)), outcome)
    return [outcomes[index] for index in range(len(jobs))]


def _deadline(job: SolveJob, engine: Engine) -> float:
    if engine.task_timeout is not None:
        return engine.task_timeout
    return job.options.time_limit * 2 + DEADLINE_GRACE_SECONDS


def _collect(ray: Any, task: Any, job: SolveJob, seconds: float) -> JobOutcome:
    try:
        return ray.get(task)
    except Exception as error:  # a worker died twice, or Ray itself failed: report it
        return JobOutcome(job, JobState.FAILED, None, _describe(error), seconds)


def _describe(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[-1] if text else ''}".rstrip(": ")
