"""Progress of a running solve, as plain events; showing them is the caller's business."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model


@dataclass(frozen=True, slots=True)
class Progress:
    """A snapshot: the best roster's objective so far and the proven lower bound."""

    elapsed: float
    solutions: int
    objective: float | None
    bound: float | None

    @property
    def gap(self) -> float | None:
        return relative_gap(self.objective, self.bound)


ProgressListener = Callable[[Progress], None]


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """(objective - bound) / objective, with 0 for a proven zero objective."""
    if objective is None or bound is None:
        return None
    if abs(objective) < 1e-9:
        return 0.0 if abs(bound) < 1e-9 else None
    return max(0.0, (objective - bound) / abs(objective))


class ProgressTracker(cp_model.CpSolverSolutionCallback):
    """Turns CP-SAT's solution and bound callbacks into ``Progress`` events."""

    def __init__(
        self,
        listener: ProgressListener,
        started: float | None = None,
        found: int = 0,
        bound: float | None = None,
        objective: float | None = None,
    ) -> None:
        """``started`` is when the solve began (default now); ``found`` the rosters already
        in hand before CP-SAT runs (the constructive one); ``bound`` one proven before
        (column generation's), reported while CP-SAT's own is weaker; ``objective`` the cost
        of the roster in hand, which stays the best until CP-SAT finds a cheaper one (the
        solve keeps it otherwise), so the display never loses it while CP-SAT presolves."""
        super().__init__()
        self._listener = listener
        self._started = time.monotonic() if started is None else started
        self._solutions = found
        self._objective = objective
        self._proven = bound
        self._bound = bound

    def on_solution_callback(self) -> None:
        self._solutions += 1
        value = self.objective_value
        self._objective = value if self._objective is None else min(value, self._objective)
        self._bound = self._stronger(self.best_objective_bound)
        self._emit()

    def on_bound(self, bound: float) -> None:
        self._bound = self._stronger(bound)
        self._emit()

    def prove(self, bound: float) -> None:
        """A bound proven outside CP-SAT while it searches (the coverage relaxation's)."""
        self._proven = bound if self._proven is None else max(bound, self._proven)
        self._bound = self._stronger(bound if self._bound is None else self._bound)
        self._emit()

    def _stronger(self, bound: float) -> float:
        return bound if self._proven is None else max(bound, self._proven)

    def _emit(self) -> None:
        self._listener(
            Progress(
                time.monotonic() - self._started, self._solutions, self._objective, self._bound
            )
        )
