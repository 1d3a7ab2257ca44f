"""Solve a problem with CP-SAT and hand back a roster the evaluator has checked."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from ortools.sat import sat_parameters_pb2
from ortools.sat.python import cp_model

from scheduler import column_generation, window_search
from scheduler.agent_sweeps import SweepStopped, linked_by_heads_alone
from scheduler.coverage_bound import Relaxation, coverage_relaxation
from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate import Evaluation, evaluate
from scheduler.heuristic import SMALL_ROSTER_CELLS, greedy_roster, published_hint, swept_roster
from scheduler.limits import SearchLimits
from scheduler.model import (
    RELAXED_RULE_WEIGHT,
    SOFTENED_MINUTE_WEIGHT,
    RosterModel,
    build_model,
)
from scheduler.progress import Progress, ProgressListener, ProgressTracker, relative_gap


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    NO_ROSTER_IN_TIME = "no roster within the time limit"
    MODEL_INVALID = "model invalid"


@dataclass(frozen=True)
class SolveOptions:
    """How to search. ``deterministic`` trades wall-clock limits for repeatable rosters;
    ``soften`` lets hard rules break at a high price rather than give no roster.

    Eight workers by default even on a 2-core machine: CP-SAT's portfolio then runs the
    bound-proving workers beside the roster-improving ones. On the bundled example that closes
    the gap to under 1 % in a minute where two workers leave it near 30 %. ``workers=None``
    picks that default, or four on rosters above ``MANY_CELLS`` (see ``workers_for``).
    """

    time_limit: float = 60.0
    workers: int | None = None
    seed: int = 0
    deterministic: bool = False
    log_search: bool = False
    soften: bool = False

    def workers_for(self, problem: Problem) -> int:
        """The CP-SAT workers for this problem: the user's count if given.

        Each worker holds its own copy of the model, and on very large rosters the local
        searches before CP-SAT have already done the roster's work: at 1,000 agents (168,000
        cells, 206,000 model variables, 120 s) CP-SAT improved the swept roster by under
        0.01 % with 8, 6 or 4 workers and proved the same bound, while the peak fell from
        3.5-4.2 GiB with 8 to 2.7 GiB with 4.
        """
        if self.workers is not None:
            return self.workers
        return LARGE_ROSTER_WORKERS if problem.roster_cells > MANY_CELLS else DEFAULT_WORKERS


DEFAULT_WORKERS = 8
LARGE_ROSTER_WORKERS = 4
MANY_CELLS = 150_000  # agents x days x shift types


@dataclass(frozen=True)
class SolveResult:
    status: SolveStatus
    roster: Roster | None
    evaluation: Evaluation | None
    objective: int | None
    best_bound: float | None
    wall_time: float
    options: SolveOptions
    relaxed: tuple[tuple[RuleFamily, str], ...] = ()

    @property
    def gap(self) -> float | None:
        return relative_gap(self.objective, self.best_bound)


# Hard rules --soften prices per unit of the violation's amount rather than per broken group.
_PRICED_BY_AMOUNT = {
    RuleFamily.WORKING_TIME: SOFTENED_MINUTE_WEIGHT,
    RuleFamily.ROTATION: RELAXED_RULE_WEIGHT,
}


class EvaluationMismatch(RuntimeError):
    """The model and the evaluator disagree: a bug, never the user's fault."""


def solve(
    problem: Problem,
    options: SolveOptions | None = None,
    on_progress: ProgressListener | None = None,
) -> SolveResult:
    """Solve, then let the evaluator judge the roster before anyone sees it.

    A roster the evaluator finds broken, or scored differently from the model, raises
    ``EvaluationMismatch``: publishing it would put a bug in front of agents.
    """
    options = options or SolveOptions()
    options = replace(options, workers=options.workers_for(problem))
    started = time.monotonic()
    fairness = problem.fairness
    if fairness.tolerance is None or fairness.weight == 0:
        return _solve(problem, options, started, on_progress)
    # Coverage first: the best roster without fairness in the first half of the time, then
    # the fairest roster whose other penalties stay within the tolerance of it.
    first = replace(options, time_limit=options.time_limit / 2)
    unfair_problem = replace(problem, fairness=replace(fairness, weight=0))
    unfair = _solve(unfair_problem, first, started, on_progress)
    if unfair.roster is None or unfair.objective is None or unfair.evaluation is None:
        return replace(unfair, wall_time=time.monotonic() - started, options=options)
    cap = int(unfair.objective * (1 + fairness.tolerance / 100))
    # Wall-clock limits count from the start, so the second run gets what is left; a
    # deterministic limit is per run, so each run gets half.
    second = first if options.deterministic else options
    # Fairness only adds to the cost, and the cap only narrows the rosters: the first run's
    # bound holds for the second.
    fair = _solve(problem, second, started, on_progress, unfair.roster, cap, unfair.best_bound)
    if fair.roster is None:
        # No time left for the second run: the first roster, priced with fairness. Its bound
        # still holds, as fairness only adds to the objective.
        evaluation = evaluate(problem, unfair.roster)
        relaxed_cost = unfair.objective - unfair.evaluation.total
        return replace(
            unfair,
            evaluation=evaluation,
            objective=evaluation.total + relaxed_cost,
            wall_time=time.monotonic() - started,
            options=options,
        )
    return replace(fair, options=options)


def _solve(
    problem: Problem,
    options: SolveOptions,
    started: float,
    on_progress: ProgressListener | None = None,
    hint: Roster | None = None,
    cap: int | None = None,
    known_bound: float | None = None,
) -> SolveResult:
    """One CP-SAT run; ``cap`` bounds every penalty but fairness's (coverage first), and
    ``known_bound`` is a bound already proven on this run's cost.

    A constructive roster that breaks no hard rule is a roster in hand before CP-SAT starts:
    it is reported as the first roster found, and kept when CP-SAT finds nothing better in
    the time (large centers spend most of a short limit in presolve).
    """
    proven = _ProvenBound(known_bound)
    try:
        return _solve_with(problem, options, started, proven, on_progress, hint, cap)
    finally:
        proven.stop()  # column generation's bound beside CP-SAT, on every way out


def _solve_with(
    problem: Problem,
    options: SolveOptions,
    started: float,
    proven: _ProvenBound,
    on_progress: ProgressListener | None,
    hint: Roster | None,
    cap: int | None,
) -> SolveResult:
    known_bound = proven.value
    constructed = hint is None
    if hint is None:
        hint = published_hint(problem) if problem.published is not None else greedy_roster(problem)
    fallback = _usable(problem, hint) if constructed and cap is None else None
    found = 0
    if fallback is not None:
        found = 1
        _report(on_progress, started, found, fallback)
    if known_bound is None and not options.soften:
        # Proven over rosters that keep every hard rule: under --soften a broken one could
        # cost less. A deterministic run waits for it (it may end the run); others take it
        # when it comes.
        spent = 0.0 if options.deterministic else time.monotonic() - started
        proven.relax(problem, options.time_limit - spent, options.deterministic)
    bound_beside = not (options.soften or options.deterministic) and (
        column_generation.proves_beside(problem)
    )
    # Agents linked beyond whole heads: the day search, not the draws, follows the sweeps.
    beyond_heads = not linked_by_heads_alone(problem)
    if fallback is not None and bound_beside and beyond_heads:
        # No column generation among the local searches to resume: its first round, for the
        # bound, starts now; the day search then has both cores (``LINKED_BOUND_ROUNDS``).
        proven.price(problem, hint, started + options.time_limit, None, LINKED_BOUND_ROUNDS)
    if fallback is not None:
        progress = _SweepProgress(on_progress, started, fallback.total, proven)
        try:
            limits, columns_deadline = _sweep_limits(problem, options, started)
            improved = swept_roster(
                problem, hint, limits, columns_deadline, progress, progress.found_elsewhere
            )
        except KeyboardInterrupt as stop:
            kept, evaluation = hint, fallback
            if isinstance(stop, SweepStopped):
                swept_so_far = _usable(problem, stop.roster)
                if swept_so_far is not None and swept_so_far.total < fallback.total:
                    kept, evaluation = stop.roster, swept_so_far
            return _in_hand(kept, evaluation, started, options)
        columns = improved.columns
        if not options.soften and columns is not None:
            proven.offer(columns.bound)
        better = _usable(problem, improved.roster)
        if better is not None and better.total < fallback.total:
            hint, fallback, found = improved.roster, better, progress.found + 1
        if bound_beside and not proven.pricing and (columns is None or not columns.converged):
            proven.price(problem, hint, started + options.time_limit, columns)
        if options.deterministic:
            proven.wait()
        _report(on_progress, started, found, fallback, proven.value)
        proven.check(fallback.total)
        if proven.value == fallback.total:
            # Nothing cheaper exists: CP-SAT would only prove it again.
            wall = time.monotonic() - started
            return SolveResult(
                SolveStatus.OPTIMAL, hint, fallback, fallback.total, proven.value, wall, options
            )
        if beyond_heads and _ran_out(limits):
            wall = time.monotonic() - started
            return SolveResult(
                SolveStatus.FEASIBLE, hint, fallback, fallback.total, proven.value, wall, options
            )
    try:
        built = build_model(problem, soften=options.soften)
        _hint(built, hint)
        if (
            fallback is not None
            and cap is None
            and not options.soften
            and window_search.applies(problem)
        ):

            def kept(roster: Roster, evaluation: Evaluation) -> None:
                nonlocal hint, fallback, found
                hint, fallback, found = roster, evaluation, found + 1
                _report(on_progress, started, found, evaluation, proven.value)

            windows, deadline = _window_limits(options, started)
            window_search.improve(
                problem,
                built,
                hint,
                fallback,
                deadline,
                windows=windows,
                seed=options.seed,
                on_better=kept,
            )
    except KeyboardInterrupt:
        if fallback is None:
            raise
        return _in_hand(hint, fallback, started, options)
    if cap is not None:
        others = [t.weight * t.amount for t in built.terms if t.family is not RuleFamily.FAIRNESS]
        built.model.add(cp_model.LinearExpr.sum(others) <= cap)
    solver = cp_model.CpSolver()
    # The limit covers the whole run: building and hinting the model use part of it.
    _configure(
        solver.parameters,
        options,
        options.workers_for(problem),
        time.monotonic() - started,
        len(built.model.proto.variables),
    )
    tracker = None
    if on_progress is not None:
        in_hand = None if fallback is None else fallback.total
        tracker = ProgressTracker(on_progress, started, found, proven.value, in_hand)
        solver.best_bound_callback = tracker.on_bound

    def bound_proven(bound: float) -> None:
        """Reported as it comes; a bound that meets the roster in hand proves it optimal,
        and CP-SAT stops (Curtois 4: column generation's rounds beside it prove 1,716 at
        10 s, where CP-SAT's own bound stays at 1,714 for the whole minute)."""
        if tracker is not None:
            tracker.prove(bound)
        if fallback is not None and bound >= fallback.total:
            solver.stop_search()

    proven.listen(bound_proven)
    code = interruptible_search(solver, built.model, tracker)
    proven.listen(None)
    wall = time.monotonic() - started
    status = {
        cp_model.OPTIMAL: SolveStatus.OPTIMAL,
        cp_model.FEASIBLE: SolveStatus.FEASIBLE,
        cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
        cp_model.MODEL_INVALID: SolveStatus.MODEL_INVALID,
    }.get(code, SolveStatus.NO_ROSTER_IN_TIME)
    if fallback is not None and status is SolveStatus.INFEASIBLE:
        raise EvaluationMismatch(
            "the model finds no roster, but the constructive roster breaks no hard rule"
        )
    if fallback is not None and status is SolveStatus.NO_ROSTER_IN_TIME:
        # CP-SAT's bound still holds after a time limit or a stop; it is only missing a
        # roster. A bound proven beside it may have stopped it: the roster is then optimal.
        proven.check(fallback.total)
        bound = _stronger(solver.best_objective_bound, proven.value)
        met = SolveStatus.OPTIMAL if bound >= fallback.total else SolveStatus.FEASIBLE
        return SolveResult(met, hint, fallback, fallback.total, bound, wall, options)
    if status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return SolveResult(status, None, None, None, None, wall, options)
    roster = built.roster(solver)
    evaluation = evaluate(problem, roster)
    # The objective of the roster itself, from the model's named terms. CP-SAT's reported
    # objective_value can exceed it after a time limit: presolve may loosen a penalty variable
    # whose postsolved value is then smaller than the one the search scored.
    objective = sum(term.weight * solver.value(term.amount) for term in built.terms)
    relaxed = _relaxed_rules(built, solver)
    broken = {(v.family, v.agent_id or "") for v in evaluation.violations}
    # Under --soften the model's own price of every break must match the evaluator's findings.
    priced = sum(
        v.amount * _PRICED_BY_AMOUNT[v.family]
        for v in evaluation.violations
        if v.family in _PRICED_BY_AMOUNT
    )
    dropped = sum(
        1 for term in built.terms if term.detail == "relaxed" and solver.value(term.amount)
    )
    if not broken <= set(relaxed) or (
        evaluation.total + RELAXED_RULE_WEIGHT * dropped + priced != objective
    ):
        raise EvaluationMismatch(
            f"solver objective {objective} with {len(relaxed)} relaxed rules, evaluator "
            f"{evaluation.total}; violations: {[v.message for v in evaluation.violations[:5]]}"
        )
    if fallback is not None and fallback.total < objective:
        # A hint CP-SAT could not complete in time leaves it starting from scratch.
        roster, evaluation, objective, relaxed = hint, fallback, fallback.total, ()
        status = SolveStatus.FEASIBLE
    if options.deterministic:
        proven.wait()  # the bound reported, too, is the same on every run
    proven.check(objective)
    bound = _stronger(solver.best_objective_bound, proven.value)
    if status is SolveStatus.FEASIBLE and bound == objective:
        status = SolveStatus.OPTIMAL  # a bound proven outside CP-SAT proves what it had not
    return SolveResult(status, roster, evaluation, objective, bound, wall, options, relaxed)


def _sweep_limits(
    problem: Problem, options: SolveOptions, started: float
) -> tuple[SearchLimits, float | None]:
    """The limits of the local searches before CP-SAT (the sweeps, the group draws and
    column generation): a deadline at part of a wall-clock limit, so a short limit is kept;
    under a deterministic limit a solve count instead (4 per second of it), since wall time
    depends on the machine's load. Then column generation's deadline, which also the draws
    keep to once it has dived to a cheaper roster.

    Half the limit on large rosters, where the local searches do the roster's work and
    CP-SAT adds little (1,000 agents: 0.01 %); most of it where the day search follows the
    sweeps (``DAY_SEARCH_SHARE``). A quarter on small ones, where CP-SAT's own
    neighbourhood search gains faster than the group draws once the sweeps have converged:
    Curtois 5-12 (60 s, one run each) totalled 20,336 against 20,726 with half (better on
    6, 7, 8, 10 and 12, worse on 9 and 11); the 100-agent hotline 173,157 against 174,493
    at 120 s; the bundled example 7,076 against 7,031 at 60 s, within its noise. Column
    generation, where its pace shows it will converge and dive, and the draws after it have
    nine tenths (``COLUMNS_SHARE``): from its dive's roster the draws gain more than CP-SAT
    (Curtois 8: the draws 1,818 to 1,509 in 4 s, CP-SAT 2 more in 15 s).
    """
    workers = options.workers_for(problem)
    if options.deterministic:
        return SearchLimits(None, max(1, int(4 * options.time_limit)), options.seed, workers), None
    if not linked_by_heads_alone(problem):
        share = DAY_SEARCH_SHARE
    elif problem.roster_cells <= SMALL_ROSTER_CELLS:
        share = SMALL_ROSTER_SHARE
    else:
        share = LARGE_ROSTER_SHARE
    columns = COLUMNS_SHARE if problem.roster_cells <= SMALL_ROSTER_CELLS else share
    limit = options.time_limit
    limits = SearchLimits(started + limit * share, None, options.seed, workers)
    return limits, started + limit * max(share, columns)


SMALL_ROSTER_SHARE = 0.25
LARGE_ROSTER_SHARE = 0.5
COLUMNS_SHARE = 0.9
# Where the sweeps are followed by the day search (agents linked by more than whole heads):
# it ends by itself when a pass gains nothing, and CP-SAT gains little on such models in the
# time. The five-queue hotline at 120 s, with two day passes and no sweeps between them:
# 140,435-140,698 with half, 139,437 with 0.75, 138,932 with 0.9 (one run each). Later,
# with CP-SAT left out where the day search runs out its time (``_ran_out``):
# 132,824 with 0.97 against 132,928 with 0.9, and the solve's wall time 118.9 s, not
# 122.4 s (CP-SAT overran building its model), its peak memory 543 MiB, not 768.
DAY_SEARCH_SHARE = 0.97
# Rounds of column generation for the bound beside the day search: the first, at the
# coverage relaxation's prices, proves the most. On the five-queue hotline the rounds after
# it proved less than it for 400 s (17 rounds; 30 rounds offline raised it from 113,655 to
# 113,740), while taking the core the day search solves its second day on: its first pass
# took 45 s beside them, 36 s alone (49 s one day at a time).
LINKED_BOUND_ROUNDS = 1


def _ran_out(limits: SearchLimits) -> bool:
    """Whether the local searches were still going at their deadline. Where agents are
    linked beyond heads (the sweeps, then the day search, to ``DAY_SEARCH_SHARE``) CP-SAT
    is then left out, as it would not build and presolve such a model in the time left (the
    five-queue hotline: 11 s of the 120 s for nothing). Where the day search ends by itself
    sooner, CP-SAT has the rest."""
    return limits.deadline is not None and time.monotonic() >= limits.deadline


def _window_limits(options: SolveOptions, started: float) -> tuple[int | None, float | None]:
    """Windows and deadline for ``window_search``, after the local searches and before
    CP-SAT's own search: up to ``WINDOW_SHARE`` of a wall-clock limit; under a
    deterministic limit a window count instead (``DETERMINISTIC_WINDOWS`` per second)."""
    if options.deterministic:
        return max(1, int(DETERMINISTIC_WINDOWS * options.time_limit)), None
    return None, started + options.time_limit * WINDOW_SHARE


WINDOW_SHARE = 0.75
DETERMINISTIC_WINDOWS = 0.25


def _in_hand(
    roster: Roster, evaluation: Evaluation, started: float, options: SolveOptions
) -> SolveResult:
    """The result when Ctrl-C comes before CP-SAT's search (``interruptible_search`` stops
    that one): the roster in hand, which breaks no hard rule."""
    wall = time.monotonic() - started
    return SolveResult(
        SolveStatus.FEASIBLE, roster, evaluation, evaluation.total, None, wall, options
    )


def interruptible_search(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    callback: cp_model.CpSolverSolutionCallback | None = None,
) -> cp_model.CpSolverStatus:
    """CP-SAT's search in a worker thread, stopped by Ctrl-C in this one: it then returns
    the best roster it had, as when CP-SAT catches SIGINT itself.

    CP-SAT's own catching (``catch_sigint_signal``) loses a Ctrl-C that arrives as the
    search starts, before it installs its handler (the search then runs its whole limit),
    and leaves SIGINT at the system default after, so a later Ctrl-C would kill the process
    outright. Python keeps SIGINT here; the other, short solves do not catch it at all, and
    Ctrl-C reaches Python when they return.
    """
    solver.parameters.catch_sigint_signal = False
    ended: list[cp_model.CpSolverStatus | BaseException] = []
    done = threading.Event()

    def search() -> None:
        try:
            ended.append(solver.solve(model, callback))
        except BaseException as error:  # raised again in the caller's thread
            ended.append(error)
        finally:
            done.set()

    # Waited on with an event, not ``Thread.join``: a join that Ctrl-C interrupts can leave
    # the thread marked as ended while it still runs (Python before 3.13).
    try:
        threading.Thread(target=search, name="cp-sat search", daemon=True).start()
        while not done.wait(0.1):
            pass
    except KeyboardInterrupt:
        # Asked again until it ends: a stop asked before the search starts may be missed.
        while not done.wait(0.1):
            solver.stop_search()
    if isinstance(ended[0], BaseException):
        raise ended[0]
    return ended[0]


# How often, in seconds, the pricing thread waiting for the relaxation looks for a stop.
WAIT_SECONDS = 0.1


class _ProvenBound:
    """The strongest bound proven outside CP-SAT: the coverage relaxation's, solved in a
    thread of its own beside the sweeps (GLOP leaves Python's lock while it solves, and a
    five-queue center's relaxation takes seconds), column generation's after the sweeps, and
    its further rounds in a thread beside CP-SAT (``price``). Whoever shows progress at the
    time hears of a stronger one as it comes."""

    def __init__(self, known: float | None) -> None:
        self.value = known
        self._listener: Callable[[float], None] | None = None
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._done.set()
        self._stop = threading.Event()
        self._pricing: threading.Thread | None = None
        self._error: BaseException | None = None
        # The coverage relaxation, once solved: its prices start column generation's rounds.
        self._relaxation: Relaxation | None = None

    def relax(self, problem: Problem, time_limit: float, deterministic: bool) -> None:
        """Solve the coverage relaxation in the background, within ``time_limit`` seconds
        (deterministic ones under ``deterministic``). A daemon thread: a user who stops the
        solve does not wait for it."""

        def run() -> None:
            try:
                self._relaxation = coverage_relaxation(problem, time_limit, deterministic)
                if self._relaxation is not None:
                    self.offer(self._relaxation.bound)
            except Exception as error:  # a bug: raised again in the solving thread
                self._error = error
            finally:
                self._done.set()

        self._done.clear()
        threading.Thread(target=run, name="coverage bound", daemon=True).start()

    def price(
        self,
        problem: Problem,
        roster: Roster,
        deadline: float,
        earlier: column_generation.Outcome | None,
        rounds: int | None = None,
    ) -> None:
        """Column generation's rounds for the bound alone, in a thread beside CP-SAT until
        ``deadline`` or ``stop``, or for at most ``rounds`` rounds: at 100 agents a round
        takes a few seconds and each proves more than CP-SAT's own bound (see
        ``column_generation.prove``). The first round prices at the coverage relaxation's
        prices, from the relaxation already solved when there is one (on the five-queue
        hotline it takes 9 s)."""

        def run() -> None:
            try:
                while not self._done.wait(WAIT_SECONDS):  # for the relaxation in solving
                    if self._stop.is_set():
                        return
                column_generation.prove(
                    problem,
                    roster,
                    deadline,
                    self._stop,
                    self.offer,
                    earlier,
                    self._relaxation,
                    rounds,
                )
            except Exception as error:  # a bug: raised again in the solving thread
                self._error = error

        self._pricing = threading.Thread(target=run, name="column generation bound", daemon=True)
        self._pricing.start()

    @property
    def pricing(self) -> bool:
        """Whether the pricing thread has been started."""
        return self._pricing is not None

    def stop(self) -> None:
        """Ends the pricing thread and waits for it: within one agent's solve, and a thread
        still inside CP-SAT when the interpreter exits takes the process down with it."""
        self._stop.set()
        if self._pricing is not None:
            self._pricing.join()

    def wait(self) -> None:
        self._done.wait()

    def offer(self, bound: float | None) -> None:
        if bound is None:
            return
        with self._lock:
            if self.value is not None and bound <= self.value:
                return
            self.value = bound
            listener = self._listener
        if listener is not None:
            listener(bound)

    def listen(self, listener: Callable[[float], None] | None) -> None:
        with self._lock:
            self._listener = listener

    def check(self, cost: int) -> None:
        """Raise what went wrong: the relaxation failing, or a bound above a roster's cost,
        which only a bug in the bound or in the evaluator gives."""
        if self._error is not None:
            raise self._error
        if self.value is not None and self.value > cost:
            raise EvaluationMismatch(
                f"a bound of {self.value} proven outside CP-SAT exceeds the cost of a roster, "
                f"{cost} by the evaluator"
            )


class _SweepProgress:
    """Reports the sweeps' roster as it improves, at most once a second (a sweep over 1,000
    agents takes most of a minute). Each kept row's change is the evaluator's, so the running
    total is the roster's cost; the swept roster's full evaluation is reported after."""

    def __init__(
        self,
        listener: ProgressListener | None,
        started: float,
        total: int,
        proven: _ProvenBound,
    ) -> None:
        self._listener = listener
        self._started = started
        self.total = total
        self.found = 1
        self._last = started
        self._proven = proven
        # The cheapest roster found but not yet kept, shown in place of the one in hand.
        self._elsewhere: int | None = None
        proven.listen(self._bound_found)

    def __call__(self, change: int) -> None:
        self.total += change
        self._elsewhere = None
        self._show(self.total)

    def found_elsewhere(self, total: int) -> None:
        """A roster a search found but has not yet kept (the settled search's, as CP-SAT
        finds it): shown when cheaper than any in hand. The running total stays the roster
        in hand's; the roster kept reports its own change."""
        if total < self._shown():
            self._elsewhere = total
            self._show(total)

    def _shown(self) -> int:
        return self.total if self._elsewhere is None else min(self.total, self._elsewhere)

    def _show(self, total: int) -> None:
        now = time.monotonic()
        if self._listener is not None and now - self._last >= 1.0:
            self._last = now
            self.found += 1
            self._listener(Progress(now - self._started, self.found, total, self._proven.value))

    def _bound_found(self, bound: float) -> None:
        if self._listener is not None:
            elapsed = time.monotonic() - self._started
            self._listener(Progress(elapsed, self.found, self._shown(), bound))


def _report(
    on_progress: ProgressListener | None,
    started: float,
    found: int,
    evaluation: Evaluation,
    bound: int | None = None,
) -> None:
    if on_progress is not None:
        on_progress(Progress(time.monotonic() - started, found, evaluation.total, bound))


def _stronger(bound: float, proven: float | None) -> float:
    """CP-SAT's bound, or one proven outside it where that is stronger."""
    return bound if proven is None else max(bound, proven)


def _usable(problem: Problem, roster: Roster) -> Evaluation | None:
    """The evaluation of a constructive roster that breaks no hard rule, else ``None``."""
    evaluation = evaluate(problem, roster)
    return evaluation if evaluation.is_feasible else None


def _relaxed_rules(
    built: RosterModel, solver: cp_model.CpSolver
) -> tuple[tuple[RuleFamily, str], ...]:
    """(family, agent) of every hard rule --soften broke: dropped groups and priced slack."""
    found = {
        (term.family, term.agent_id or "")
        for term in built.terms
        # Hard families, and hard settings of soft ones (supervision hard, say) when dropped.
        if (not term.family.is_soft or term.detail == "relaxed") and solver.value(term.amount)
    }
    return tuple(sorted(found))


def _hint(built: RosterModel, roster: Roster) -> None:
    """Give CP-SAT the constructive roster as a hint for every variable of the model.

    A hint covering only the assignments is partial (penalty and helper variables missing) and
    CP-SAT then barely uses it; completing it by solving the model with the decisions fixed
    to the roster's takes a fraction of a second and lets the search start from the roster. A
    roster that breaks a hard rule cannot be completed and is given as a partial hint instead.
    The hint goes into the model's proto in bulk: one call per variable took 10 of 17 s on a
    year's roster of 180 agents (741,000 variables).
    """
    hint = built.model.proto.solution_hint
    decisions = list(built.decisions(roster))
    hint.vars.extend(var.index for var, _ in decisions)
    hint.values.extend(int(value) for _, value in decisions)
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = 5  # load-independent, for --deterministic
    solver.parameters.catch_sigint_signal = False  # see interruptible_search
    if solver.solve(built.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        built.hint_solution(solver)


# Variables above which presolve skips probing (a month of a few dozen agents stays below).
LARGE_MODEL = 50_000


def _configure(
    parameters: sat_parameters_pb2.SatParameters,
    options: SolveOptions,
    workers: int,
    spent: float,
    variables: int = 0,
) -> None:
    parameters.num_workers = workers
    if variables > LARGE_MODEL:
        # Probing in presolve took 16 of 20 s on the five-queue hotline of 80 agents, and all
        # of 120 s at 200: on a model this size the search gains more from the time.
        parameters.cp_model_probing_level = 0
    parameters.random_seed = options.seed
    parameters.log_search_progress = options.log_search
    if options.deterministic:
        # Wall-clock limits and free-running threads both depend on machine load; deterministic
        # time and interleaved workers do not.
        parameters.max_deterministic_time = options.time_limit
        parameters.interleave_search = workers > 1
    else:
        parameters.max_time_in_seconds = max(0.1, options.time_limit - spent)
