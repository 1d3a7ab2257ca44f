"""The decision variables: one Boolean per agent, day and shift, plus a works-that-day flag,
and with per-queue demand which queue a multi-skilled agent serves."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.domain import Agent, Problem, RuleFamily

GroupKey = tuple[RuleFamily, str]


@dataclass
class RosterVariables:
    """Variables of one roster model, created eagerly because every rule reads them.

    With ``guarded`` every hard rule of an agent is switched on by a literal of its own (one
    per rule family and agent), so infeasibility can be traced to named rules and ``--soften``
    can turn rules off at a price. With ``soften``, rules that have a natural measure of how
    far they are broken (minutes of working time, breaks from a rotation) price that measure
    instead.
    """

    problem: Problem
    guarded: bool = False
    soften: bool = False
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    assigned: dict[tuple[str, int, str], cp_model.IntVar] = field(default_factory=dict)
    works: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
    guards: dict[GroupKey, cp_model.IntVar] = field(default_factory=dict)
    # (agent, day, shift, queue) -> serves that queue on that shift. An agent with one demand
    # queue serves it whenever at work, so its shift variable stands in; the queues rule makes
    # a multi-skilled agent serve exactly one queue per shift worked.
    serves: dict[tuple[str, int, str, str], cp_model.IntVar] = field(default_factory=dict)
    # (agent, session) -> attends the training session; a named attendee's is fixed true.
    attends: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)
    named: set[tuple[str, str]] = field(default_factory=set)
    _both: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for agent in self.problem.agents:
            for day in range(self.problem.period.days):
                day_vars = []
                for shift in self.problem.shifts:
                    var = self.model.new_bool_var(f"{agent.id}_d{day}_{shift.code}")
                    self.assigned[agent.id, day, shift.code] = var
                    day_vars.append(var)
                works = self.model.new_bool_var(f"{agent.id}_d{day}_works")
                # works is the OR of the day's shifts; how many shifts a day is a rule of its own.
                self.model.add_max_equality(works, day_vars)
                self.works[agent.id, day] = works
            self._add_serving(agent)
        for session in self.problem.training:
            for agent in self.problem.session_candidates(session):
                key = (agent.id, session.name)
                if agent.id in session.attendees:
                    self.named.add(key)
                    self.attends[key] = self.model.new_constant(1)
                else:
                    self.attends[key] = self.model.new_bool_var(
                        f"{agent.id}_attends_{session.name}"
                    )

    def _add_serving(self, agent: Agent) -> None:
        queues = self.problem.serving_queues(agent)
        for day in range(self.problem.period.days):
            for shift in self.problem.shifts:
                for queue in queues:
                    self.serves[agent.id, day, shift.code, queue] = (
                        self.assigned[agent.id, day, shift.code]
                        if len(queues) == 1
                        else self.model.new_bool_var(f"{agent.id}_d{day}_{shift.code}_{queue}")
                    )

    def serving(
        self, day: int, code: str, queue: str | None
    ) -> list[tuple[Agent, cp_model.IntVar]]:
        """Who counts toward ``queue`` on a shift: everyone on it when demand is pooled."""
        if queue is None:
            return [(a, self.assigned[a.id, day, code]) for a in self.problem.agents]
        return [
            (a, self.serves[a.id, day, code, queue])
            for a in self.problem.agents
            if (a.id, day, code, queue) in self.serves
        ]

    def in_training(self, agent_id: str, session: str, counted: cp_model.IntVar) -> cp_model.IntVar:
        """True when the agent attends the session and ``counted`` (their serve or shift
        variable) holds: the session's time then comes off that count. One variable per
        pair, shared by every interval and requirement that needs it."""
        if (agent_id, session) in self.named:
            return counted
        attends = self.attends[agent_id, session]
        key = (attends.index, counted.index)
        if key not in self._both:
            both = self.model.new_bool_var(f"{agent_id}_training_{session}_{counted.name}")
            # both = attends AND counted, as three linear inequalities the LP sees.
            self.model.add(both <= attends)
            self.model.add(both <= counted)
            self.model.add(both >= attends + counted - 1)
            self._both[key] = both
        return self._both[key]

    def unattended(
        self, needed: cp_model.IntVar, present: list[cp_model.IntVar], name: str
    ) -> cp_model.IntVar:
        """1 exactly when ``needed`` holds and none of ``present`` does (a shift open with no
        lead on it, a trainee with no trainer). Exact, not just bounded, so a roster reported
        on a time limit scores the same here as in the evaluator."""
        anyone = self.model.new_bool_var(f"present_{name}")
        self.model.add_max_equality(anyone, present or [0])
        missing = self.model.new_bool_var(f"unattended_{name}")
        self.model.add_max_equality(missing, [needed - anyone, 0])
        return missing

    def require(self, family: RuleFamily, agent_id: str, constraint: cp_model.Constraint) -> None:
        """Record a hard rule's constraint, guarded by its group's literal when asked."""
        if self.guarded:
            key = (family, agent_id)
            if key not in self.guards:
                self.guards[key] = self.model.new_bool_var(f"rule_{family.value}_{agent_id}")
            constraint.only_enforce_if(self.guards[key])

    def day_shifts(self, agent_id: str, day: int) -> list[cp_model.IntVar]:
        return [self.assigned[agent_id, day, s.code] for s in self.problem.shifts]

    def paid_minutes(self, agent_id: str, days: tuple[int, ...] | range) -> cp_model.LinearExpr:
        return cp_model.LinearExpr.weighted_sum(
            [self.assigned[agent_id, d, s.code] for d in days for s in self.problem.shifts],
            [s.paid_minutes for _ in days for s in self.problem.shifts],
        )
