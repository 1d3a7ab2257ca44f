"""What each cell of one agent's row (a day, a shift, a queue) changes the roster's cost by,
everyone else held as they are: the objective of the agent-by-agent sweeps.

Coverage and a shift's tier rules link agents: an agent's shift is worth what it adds to the
demand it serves and to the crew it joins, which depends on who else works. With the others
fixed it is one number per cell, and the cells of a row add up exactly because an agent works
one shift at a time (rest rules see to it). Demand is counted as the coverage rule counts it:
whole heads, hundredths of a head where some agents spend time off the phones (QA, trainers,
trainees, training sessions), or calls where a daily forecast gives each tier a capacity;
shortfalls are rounded up and surpluses down, so a half-head agent's price depends on what the
others leave. The tier rules (supervision, junior ratio, onboarding) are priced by the change
in breaches on the shift; a hard rule's breach at ``HARD_PRICE``, above anything one row costs.

The evaluator, not these prices, decides whether a sweep keeps a row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from scheduler.domain import (
    SUPERVISING_TIERS,
    Agent,
    CoverageRequirement,
    IntervalRequirement,
    Problem,
    Roster,
    Strength,
    Tier,
)

# One breach of a hard tier rule, in the sweeps' objective.
HARD_PRICE = 10_000_000

Cell = tuple[int, str, str | None]  # day, shift, queue served (None: pooled, or no queue)
# A row as the sweeps hold it: per day, the shift worked and the queue served, or None (off).
Row = list[tuple[str, str | None] | None]

# Crew tallies per (day, shift): at work, leads or seniors, juniors, trainers, and agents in
# onboarding who are not trainers and who are (a new trainer needs another trainer).
_AT_WORK, _LEADS, _JUNIORS, _TRAINERS, _NEW, _NEW_TRAINERS = range(6)


@dataclass(frozen=True, slots=True)
class Demand:
    """One demand item (a shift's requirement, or an interval's) in the units it is counted
    in: ``unit`` per agent (1 head, 100 hundredths, or a standard agent's calls). Shortfall
    counts below ``priced`` (in a re-plan, at most what was published), surplus above
    ``required``."""

    priced: int
    required: int
    unit: int
    under: int
    over: int
    calls: bool
    moment: int | None  # an interval's midpoint; None for a shift's requirement

    def cost(self, supplied: int) -> int:
        short = max(self.priced - supplied, 0)
        spare = max(supplied - self.required, 0)
        return self.under * -(-short // self.unit) + self.over * (spare // self.unit)


class Floor:
    """What everyone on the roster supplies to each demand item and who works each shift,
    kept up to date as rows change, so an agent's prices are read against the others."""

    def __init__(self, problem: Problem, roster: Roster) -> None:
        self.problem = problem
        self.training = roster.training
        self._demand: list[Demand] = []
        self._items: list[IntervalRequirement | CoverageRequirement] = []
        # (day, shift, queue) -> the demand items an agent working it serves.
        self._serves: dict[Cell, list[int]] = defaultdict(list)
        self._build_demand()
        self._supplied = [0] * len(self._demand)
        self._crews: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0] * 6)
        tiers = problem.tiers
        # Whether any tier rule of a shift can be broken: else they cost nothing anywhere.
        self.tiered = (
            tiers.supervision is not Strength.OFF
            or tiers.junior_ratio is not Strength.OFF
            or (
                tiers.onboarding is not Strength.OFF
                and any(a.start_date is not None for a in problem.agents)
            )
        )
        for a in roster.assignments:
            self._place(self.problem.agent_by_id[a.agent_id], a.day, a.shift, a.queue, 1)

    def _build_demand(self) -> None:
        problem = self.problem
        unit = 100 if problem.counts_phone_time else 1
        weights = problem.weights
        published = problem.published
        for interval in problem.interval_demand:
            index = len(self._demand)
            pairs = problem.shifts_covering(interval)
            before = (
                sum(published.count_serving(d, code, interval.queue) for d, code in pairs)
                if published
                else 0
            )
            priced = problem.priced_requirement(interval, before)
            self._demand.append(
                Demand(
                    unit * priced,
                    unit * interval.required,
                    unit,
                    weights.under_coverage,
                    weights.over_coverage,
                    False,
                    interval.midpoint,
                )
            )
            self._items.append(interval)
            for day, code in pairs:
                self._serves[day, code, interval.queue].append(index)
        for (day, code, queue), item in problem.queue_requirements.items():
            under, over = problem.under_weight(item), problem.over_weight(item)
            if item.calls is not None and problem.forecast is not None:
                standard = problem.forecast.calls_per_shift
                demand = Demand(item.calls, item.calls, standard, under, over, True, None)
            else:
                before = published.count_serving(day, code, queue) if published else 0
                priced = problem.priced_requirement(item, before)
                demand = Demand(unit * priced, unit * item.required, unit, under, over, False, None)
            self._serves[day, code, queue].append(len(self._demand))
            self._demand.append(demand)
            self._items.append(item)

    @property
    def in_heads(self) -> bool:
        """Whether every demand item is counted in whole agents (not calls, even where a
        standard agent takes one call a shift)."""
        return all(demand.unit == 1 and not demand.calls for demand in self._demand)

    def demand_served(
        self, cells: set[Cell]
    ) -> list[tuple[IntervalRequirement | CoverageRequirement, int]]:
        """The demand items an agent working any of ``cells`` serves, each with what the
        roster supplies it (in its units; without an agent taken off the floor)."""
        found = sorted({index for cell in cells for index in self._serves.get(cell, ())})
        return [(self._items[index], self._supplied[index]) for index in found]

    def heads(self) -> list[tuple[int, int, int]]:
        """Each demand item's requirement, and the price of a head short and of a head over,
        for a floor in whole heads (``in_heads``); items are numbered as ``items_served``
        numbers them."""
        return [(demand.required, demand.under, demand.over) for demand in self._demand]

    def items_served(self, cell: Cell) -> tuple[int, ...]:
        """The numbers of the demand items an agent working ``cell`` serves."""
        return tuple(self._serves.get(cell, ()))

    def units_served(self, agent: Agent, cell: Cell) -> list[tuple[int, int]]:
        """The numbers of the demand items an agent working ``cell`` serves, each with what
        the agent supplies it before any training session (``supplies``)."""
        day = cell[0]
        return [
            (index, self.supplies(agent, day, self._demand[index]))
            for index in self._serves.get(cell, ())
        ]

    def units_at(self, agent: Agent, cell: Cell) -> list[tuple[int, int]]:
        """The numbers of the demand items an agent working ``cell`` serves, each with what
        the agent supplies it from there, less what their training session takes."""
        day, code, _ = cell
        return [
            (index, self._units(agent, day, code, self._demand[index]))
            for index in self._serves.get(cell, ())
        ]

    def item(self, index: int) -> Demand:
        return self._demand[index]

    def supplied(self, index: int) -> int:
        """What everyone on the floor supplies demand item ``index``, in its units."""
        return self._supplied[index]

    def cut_by_training(self) -> frozenset[int]:
        """The numbers of the demand items a training session may take an attendee off:
        what the agents working them supply is known from the roster's seats alone, so a
        relaxation that counts agents without seats can price only their shortfall."""
        problem = self.problem
        return frozenset(
            index
            for day, sessions in problem.sessions_by_day.items()
            for session in sessions
            for code in problem.session_shifts(session)
            for queue in problem.queues or (None,)
            for index in self._serves.get((day, code, queue), ())
            if self._demand[index].moment is None
            or problem.session_covers(session, day, self._demand[index].moment)
        )

    def alike(self) -> list[list[int]]:
        """The demand items in groups that every row supplies alike: served from the same
        cells and counted in the same units, so each agent supplies every item of a group
        the same (``supplies``, before any training session). A day's intervals between the
        same shifts' starts and ends form one group: the five-queue hotline's 6,720 items
        form 2,236."""
        cells: defaultdict[int, list[Cell]] = defaultdict(list)
        for cell, served in self._serves.items():
            for index in served:
                cells[index].append(cell)
        groups: defaultdict[tuple[frozenset[Cell], int, bool], list[int]] = defaultdict(list)
        for index, demand in enumerate(self._demand):
            groups[frozenset(cells[index]), demand.unit, demand.calls].append(index)
        return list(groups.values())

    def demand_left(self) -> list[IntervalRequirement | CoverageRequirement]:
        """Every demand item less what the agents on the floor supply it, for a floor in whole
        heads (``in_heads``, no re-plan): what agents taken off it are needed for. A head over
        a met item costs its surplus whoever else works, so these items price the coverage of
        the agents off the floor as the whole roster does, up to a constant."""
        return [
            replace(item, required=max(item.required - supplied, 0))
            for item, supplied in zip(self._items, self._supplied, strict=True)
        ]

    def add(self, agent: Agent, row: Row) -> None:
        for day, cell in enumerate(row):
            if cell is not None:
                self._place(agent, day, *cell, 1)

    def remove(self, agent: Agent, row: Row) -> None:
        for day, cell in enumerate(row):
            if cell is not None:
                self._place(agent, day, *cell, -1)

    def _place(self, agent: Agent, day: int, code: str, queue: str | None, step: int) -> None:
        for index in self._serves.get((day, code, queue), ()):
            self._supplied[index] += step * self._units(agent, day, code, self._demand[index])
        crew = self._crews[day, code]
        for tally in self._tallies(agent, day):
            crew[tally] += step

    def _tallies(self, agent: Agent, day: int) -> list[int]:
        tallies = [_AT_WORK]
        if agent.tier in SUPERVISING_TIERS:
            tallies.append(_LEADS)
        elif agent.tier is Tier.JUNIOR:
            tallies.append(_JUNIORS)
        elif agent.tier is Tier.TRAINER:
            tallies.append(_TRAINERS)
        if self.problem.in_onboarding(agent, day):
            tallies.append(_NEW_TRAINERS if agent.tier is Tier.TRAINER else _NEW)
        return tallies

    def demand(self) -> list[tuple[IntervalRequirement | CoverageRequirement, Demand]]:
        """Each demand item with how it is counted and priced, numbered as ``items_served``
        numbers them."""
        return list(zip(self._items, self._demand, strict=True))

    def supplies(self, agent: Agent, day: int, demand: Demand) -> int:
        """What the agent supplies to a demand item on ``day``, before any training session:
        one head, their share of it on the phones, or the calls their tier takes."""
        if demand.calls:
            return self.problem.capacity(agent, day)
        if demand.unit == 1:
            return 1
        return self.problem.phone_percent(agent, day)

    def _units(self, agent: Agent, day: int, code: str, demand: Demand) -> int:
        """What the agent supplies to a demand item from this shift, less what their training
        session takes (all of an interval it covers, its share of a shift's requirement)."""
        problem = self.problem
        counted = self.supplies(agent, day, demand)
        if demand.unit == 1 and not demand.calls:
            return counted
        supplied = counted
        for session in problem.sessions_by_day.get(day, ()):
            attends = agent.id in session.attendees or (agent.id, session.name) in self.training
            if not attends or code not in problem.session_shifts(session):
                continue
            if demand.moment is None:
                supplied -= problem.training_cut(counted, problem.shift_by_code[code], session)
            elif problem.session_covers(session, day, demand.moment):
                supplied -= counted
        return supplied

    def queues_of(self, agent: Agent) -> tuple[str | None, ...]:
        """The queues the agent's cells are keyed by: those they may serve, or ``None`` where
        none is named."""
        problem = self.problem
        if problem.queues and problem.serving_queues(agent):
            return problem.serving_queues(agent)
        return (None,)

    def prices(self, agent: Agent) -> dict[Cell, int]:
        """Each cell's price for ``agent``, who must not be on the floor (``remove`` first):
        the coverage of the queue served and the tier rules of the shift, with the others as
        they are. Keyed by the queues the agent may serve, or ``None`` where none is named."""
        problem = self.problem
        queues = self.queues_of(agent)
        prices: dict[Cell, int] = {}
        for day in range(problem.period.days):
            # A cell's items are alike (one shift's requirement, or intervals): without a
            # training session that day the agent supplies each the same.
            alike = day not in problem.sessions_by_day
            for shift in problem.shifts:
                tiers = self.tier_price(agent, day, shift.code)
                for queue in queues:
                    cost = tiers
                    units = None
                    for index in self._serves.get((day, shift.code, queue), ()):
                        demand = self._demand[index]
                        if units is None or not alike:
                            units = self._units(agent, day, shift.code, demand)
                        others = self._supplied[index]
                        cost += demand.cost(others + units) - demand.cost(others)
                    prices[day, shift.code, queue] = cost
        return prices

    def tier_price(self, agent: Agent, day: int, code: str) -> int:
        """What the agent joining the shift's crew, as the others make it, changes its
        tier-rule breaches by, priced (nothing where no tier rule can be broken)."""
        if not self.tiered:
            return 0
        return self._tier_price(agent, day, self._crews.get((day, code), [0] * 6))

    def _tier_price(self, agent: Agent, day: int, crew: list[int]) -> int:
        """What joining this crew changes the shift's tier-rule breaches by, priced."""
        rules = self.problem.tiers
        joined = crew.copy()
        for tally in self._tallies(agent, day):
            joined[tally] += 1
        price = 0
        if rules.supervision is not Strength.OFF:
            change = _unsupervised(joined) - _unsupervised(crew)
            price += _priced(rules.supervision, rules.supervision_weight, change)
        if rules.junior_ratio is not Strength.OFF:
            ratio = rules.max_juniors_per_senior
            over, over_joined = (max(c[_JUNIORS] - ratio * c[_LEADS], 0) for c in (crew, joined))
            # Soft, each junior over costs; hard, each shift over is one breach.
            if rules.junior_ratio is Strength.HARD:
                over, over_joined = min(over, 1), min(over_joined, 1)
            price += _priced(rules.junior_ratio, rules.junior_ratio_weight, over_joined - over)
        if rules.onboarding is not Strength.OFF:
            change = _unattended(joined) - _unattended(crew)
            price += _priced(rules.onboarding, rules.onboarding_weight, change)
        return price


def _unsupervised(crew: list[int]) -> int:
    return int(crew[_AT_WORK] > 0 and crew[_LEADS] == 0)


def _unattended(crew: list[int]) -> int:
    """Agents in onboarding on a shift with no trainer but themselves."""
    return crew[_NEW] * (crew[_TRAINERS] == 0) + crew[_NEW_TRAINERS] * (crew[_TRAINERS] == 1)


def _priced(strength: Strength, weight: int, breaches: int) -> int:
    return (HARD_PRICE if strength is Strength.HARD else weight) * breaches
