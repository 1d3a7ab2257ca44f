"""Which queue each multi-skilled agent serves on a roster whose shifts are already chosen.

The constructive roster picks shifts first; this then sends each agent at work to a queue.
Getting it right matters more than it looks: on the five-queue hotline the queue plan alone
moved the score by 8 % with the same shifts, and CP-SAT's search, spread over every decision
at once, recovers little of that in two minutes. Agents with one queue serve it. Multi-skilled
agents are placed one by one where they lower the weighted cost most, and then moved between
their queues while a move still lowers it.

The cost counted here is coverage (short and surplus, by their weights, in fractions of an
agent, without the model's rounding) and queue fit. It is a guide, not the judge: the solver
and the evaluator price the roster exactly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field, replace

from scheduler.domain import Assignment, DemandMode, Problem, Roster

# Improvement passes over the multi-skilled assignments; on the hotlines the plan stops
# changing after two or three.
MAX_PASSES = 10

Slot = tuple[Hashable, str]  # (a shift's day and code, or an interval's midpoint; queue)


@dataclass
class _Load:
    """Demand and supply per slot and queue, in units (hundredths of an agent, or calls)."""

    need: dict[Slot, int] = field(default_factory=dict)
    under: dict[Slot, float] = field(default_factory=dict)  # cost of one unit short
    over: dict[Slot, float] = field(default_factory=dict)  # cost of one unit spare
    supply: defaultdict[Slot, int] = field(default_factory=lambda: defaultdict(int))
    covers: dict[tuple[int, str], list[Hashable]] = field(default_factory=dict)
    default_under: float = 0.0
    default_over: float = 0.0

    def cost(self, slot: Slot, supply: int) -> float:
        need = self.need.get(slot, 0)
        if supply < need:
            return (need - supply) * self.under.get(slot, self.default_under)
        return (supply - need) * self.over.get(slot, self.default_over)

    def change(self, item: Assignment, queue: str, amount: int) -> float:
        """What adding ``amount`` units to ``queue`` over the assignment's slots costs."""
        total = 0.0
        for point in self.covers.get((item.day, item.shift), ()):
            slot = (point, queue)
            supply = self.supply[slot]
            total += self.cost(slot, supply + amount) - self.cost(slot, supply)
        return total

    def add(self, item: Assignment, queue: str, amount: int) -> None:
        for point in self.covers.get((item.day, item.shift), ()):
            self.supply[point, queue] += amount


def allocate_queues(problem: Problem, roster: Roster) -> Roster:
    """Send everyone at work to a queue, when demand is per queue."""
    if not problem.queues:
        return roster
    load = _demand(problem)
    fixed: list[Assignment] = []
    flexible: list[tuple[Assignment, tuple[str, ...], int]] = []
    for item in sorted(roster.assignments, key=lambda a: (a.agent_id, a.day, a.shift)):
        agent = problem.agent_by_id[item.agent_id]
        queues = problem.serving_queues(agent)
        amount = _units(problem, item)
        if len(queues) == 1:
            fixed.append(replace(item, queue=queues[0]))
            load.add(item, queues[0], amount)
        elif queues:
            flexible.append((item, queues, amount))
        else:
            fixed.append(item)
    # Fewest skills first: the agents with the least choice are placed while it is widest.
    flexible.sort(key=lambda entry: len(entry[1]))
    chosen: list[str] = []
    for item, queues, amount in flexible:
        best = _cheapest(problem, load, item, queues, amount, queues[0])
        load.add(item, best, amount)
        chosen.append(best)
    for _ in range(MAX_PASSES):
        moved = False
        for index, (item, queues, amount) in enumerate(flexible):
            load.add(item, chosen[index], -amount)
            best = _cheapest(problem, load, item, queues, amount, chosen[index])
            load.add(item, best, amount)
            moved = moved or best != chosen[index]
            chosen[index] = best
        if not moved:
            break
    placed = [
        replace(item, queue=queue) for (item, _, _), queue in zip(flexible, chosen, strict=True)
    ]
    return Roster(frozenset(fixed + placed), roster.training)


def _cheapest(
    problem: Problem,
    load: _Load,
    item: Assignment,
    queues: tuple[str, ...],
    amount: int,
    incumbent: str,
) -> str:
    """The queue where the assignment costs least; ``incumbent`` wins ties, so a pass that
    finds nothing strictly better changes nothing and the passes end."""
    agent = problem.agent_by_id[item.agent_id]
    fit = problem.weights.queue_fit

    def price(queue: str) -> tuple[float, bool]:
        lacking = agent.levels_short(queue)
        return load.change(item, queue, amount) + fit * lacking, queue != incumbent

    return min(queues, key=price)


def _demand(problem: Problem) -> _Load:
    load = _Load()
    unit = problem.forecast.calls_per_shift if _counts_calls(problem) else 100
    load.default_under = problem.weights.under_coverage / unit
    load.default_over = problem.weights.over_coverage / unit
    if problem.counts_intervals:
        covers: dict[tuple[int, str], list[Hashable]] = {}
        for interval in problem.interval_demand:
            load.need[interval.midpoint, interval.queue or ""] = 100 * interval.required
            for pair in problem.shifts_covering(interval):
                covers.setdefault(pair, []).append(interval.midpoint)
        load.covers = {pair: list(dict.fromkeys(points)) for pair, points in covers.items()}
        return load
    for (day, code, queue), requirement in problem.queue_requirements.items():
        slot = ((day, code), queue or "")
        calls = requirement.calls
        load.need[slot] = unit * requirement.required if calls is None else calls
        load.under[slot] = problem.under_weight(requirement) / unit
        load.over[slot] = problem.over_weight(requirement) / unit
        load.covers[day, code] = [(day, code)]
    return load


def _counts_calls(problem: Problem) -> bool:
    """Daily forecasts count call capacity; everything else counts (parts of) agents."""
    return problem.forecast is not None and problem.forecast.mode is DemandMode.DAILY


def _units(problem: Problem, item: Assignment) -> int:
    """What one agent on the shift counts for, in the units of ``_demand``."""
    agent = problem.agent_by_id[item.agent_id]
    if _counts_calls(problem):
        return problem.capacity(agent, item.day)
    return problem.phone_percent(agent, item.day)
