"""The evaluator's twin of each model rule family: ``FAMILY`` and ``check(problem, roster)``.

These modules read only the domain records, never the CP-SAT model, so a model bug cannot
hide itself from the check.
"""
