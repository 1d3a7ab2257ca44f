"""Mend a constructive roster where a hard tier rule linking agents breaks.

The constructive roster is built agent by agent, so rules about who works beside whom
(a team lead or senior on every open shift, juniors per senior, a trainer beside each new
starter) are nobody's while it is built. When such a rule is hard, a roster breaking it is
no first roster at all: CP-SAT must then find one itself, which took 35 s on the five-queue
hotline with onboarding hard (the default), and it started far worse.

This walks the shifts that break one and tries, in order: moving a team lead, senior or
trainer over from another shift that day, bringing one in on a day off, moving the agents
who need one to a shift that has one, and giving them the day off. A move is taken only if
it lowers the number of breaches and keeps the moved agent's own hard rules (the caller's
judge, the evaluator on that agent alone). Coverage is left to the solver.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection

from scheduler.domain import SUPERVISING_TIERS, Problem, Strength, Tier

Rows = dict[str, list[str | None]]
# Whether an agent's trial row keeps their own hard rules, as well as their current row does.
KeepsRules = Callable[[str, list[str | None]], bool]
# The agent's row closest to their current one with them on a shift that day, keeping their
# own hard rules; None if there is none.
Reshape = Callable[[str, int, str], list[str | None] | None]

# Rounds over the broken shifts; a round that mends nothing ends the walk.
MAX_ROUNDS = 20
# Helpers whose whole row may be reshaped to mend one shift: each costs a small solve.
RESHAPED_HELPERS = 3


def mend_tier_rules(
    problem: Problem, rows: Rows, keeps_rules: KeepsRules, reshape: Reshape
) -> None:
    """Change ``rows`` in place until no hard tier rule breaks, or no move mends one."""
    mender = _Mender(problem, rows, keeps_rules, reshape)
    if not (mender.supervision or mender.ratio is not None or mender.onboarding):
        return
    for _ in range(MAX_ROUNDS):
        broken = [pair for pair in sorted(mender.on) if mender.breaches(pair)]
        if not broken or not sum(mender.mend(day, code) for day, code in broken):
            return


class _Mender:
    def __init__(
        self, problem: Problem, rows: Rows, keeps_rules: KeepsRules, reshape: Reshape
    ) -> None:
        tiers = problem.tiers
        self.problem = problem
        self.rows = rows
        self.keeps_rules = keeps_rules
        self.reshape = reshape
        self.supervision = tiers.supervision is Strength.HARD
        self.ratio = tiers.max_juniors_per_senior if tiers.junior_ratio is Strength.HARD else None
        self.onboarding = tiers.onboarding is Strength.HARD and any(
            agent.start_date is not None for agent in problem.agents
        )
        self.on: defaultdict[tuple[int, str], set[str]] = defaultdict(set)
        for agent_id, row in rows.items():
            for day, code in enumerate(row):
                if code is not None:
                    self.on[day, code].add(agent_id)

    def breaches(self, pair: tuple[int, str], working: Collection[str] | None = None) -> int:
        """Hard tier breaches on a shift: one if nobody supervises, each junior over the
        ratio, each new starter without a trainer beside them."""
        day = pair[0]
        ids = self.on[pair] if working is None else working
        agents = [self.problem.agent_by_id[agent_id] for agent_id in ids]
        leads = sum(1 for agent in agents if agent.tier in SUPERVISING_TIERS)
        found = 0
        if self.supervision and agents and not leads:
            found += 1
        if self.ratio is not None:
            juniors = sum(1 for agent in agents if agent.tier is Tier.JUNIOR)
            found += max(juniors - self.ratio * leads, 0)
        if self.onboarding:
            trainers = {agent.id for agent in agents if agent.tier is Tier.TRAINER}
            found += sum(
                1
                for agent in agents
                if self.problem.in_onboarding(agent, day) and not trainers - {agent.id}
            )
        return found

    def mend(self, day: int, code: str) -> bool:
        """Take the best move that lowers the breaches of this shift; True if one was taken.

        One day's change first. Rest and runs of days often forbid it for a helper (a night
        before an early), so then a few helpers are tried with their row reshaped around the
        shift (the caller's closest row that keeps their rules), the cost of each counted over
        every day it changes."""
        if not self.breaches((day, code)):
            return False  # mended by an earlier move
        helpers = []
        for _, kind, agent_id, new in sorted(self._moves(day, code)):
            row = self.rows[agent_id]
            trial = [*row[:day], new, *row[day + 1 :]]
            if self.keeps_rules(agent_id, trial):
                self._apply(agent_id, trial)
                return True
            if kind < 2:
                helpers.append(agent_id)
        for agent_id in helpers[:RESHAPED_HELPERS]:
            trial = self.reshape(agent_id, day, code)
            if trial is not None and self._change(agent_id, trial) < 0:
                self._apply(agent_id, trial)
                return True
        return False

    def _moves(self, day: int, code: str) -> list[tuple[int, int, str, str | None]]:
        """(change in breaches, kind, agent, new shift) for each one-day move that lowers
        them: kinds 0 and 1 bring a helper over from another shift or in on a day off, 2 and
        3 move an agent who needs one to another shift or give them the day off."""
        moves = []
        working = self.on[day, code]
        helpers = {*SUPERVISING_TIERS, Tier.TRAINER}
        for agent in self.problem.agents:
            current = self.rows[agent.id][day]
            if (
                agent.id not in working
                and agent.tier in helpers
                and code in agent.allowed_shifts
                and day not in self.problem.leave_days(agent.id)
            ):
                moves.append((agent.id, code, 0 if current is not None else 1))
            elif agent.id in working:
                for other in sorted(agent.allowed_shifts - {code}):
                    moves.append((agent.id, other, 2))
                moves.append((agent.id, None, 3))
        found = []
        for agent_id, new, kind in moves:
            row = self.rows[agent_id]
            change = self._change(agent_id, [*row[:day], new, *row[day + 1 :]])
            if change < 0:
                found.append((change, kind, agent_id, new))
        return found

    def _change(self, agent_id: str, trial: list[str | None]) -> int:
        """Breaches after the agent takes the trial row, less breaches before, on every
        shift whose staff it changes."""
        row = self.rows[agent_id]
        before = after = 0
        for day, (old, new) in enumerate(zip(row, trial, strict=True)):
            if old == new:
                continue
            for code in (old, new):
                if code is None:
                    continue
                pair = (day, code)
                working = set(self.on[pair])
                before += self.breaches(pair, working)
                if code == old:
                    working.discard(agent_id)
                else:
                    working.add(agent_id)
                after += self.breaches(pair, working)
        return after - before

    def _apply(self, agent_id: str, row: list[str | None]) -> None:
        for day, (old, new) in enumerate(zip(self.rows[agent_id], row, strict=True)):
            if old != new:
                if old is not None:
                    self.on[day, old].discard(agent_id)
                if new is not None:
                    self.on[day, new].add(agent_id)
        self.rows[agent_id] = row
