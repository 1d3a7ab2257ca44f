"""The CP-SAT model: variables, one module per rule family, and the objective."""

from scheduler.model.builder import RELAXED_RULE_WEIGHT, RULES, RosterModel, build_model
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

__all__ = [
    "RELAXED_RULE_WEIGHT",
    "RULES",
    "RosterModel",
    "RosterVariables",
    "SoftTerm",
    "build_model",
]
