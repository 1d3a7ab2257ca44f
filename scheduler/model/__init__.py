"""The CP-SAT model: variables, one module per rule family, and the objective."""

from scheduler.model.builder import RULES, RosterModel, build_model
from scheduler.model.terms import RELAXED_RULE_WEIGHT, SOFTENED_MINUTE_WEIGHT, SoftTerm
from scheduler.model.variables import RosterVariables

__all__ = [
    "RELAXED_RULE_WEIGHT",
    "RULES",
    "SOFTENED_MINUTE_WEIGHT",
    "RosterModel",
    "RosterVariables",
    "SoftTerm",
    "build_model",
]
