"""One module per rule family. Each exposes ``FAMILY`` and ``build(variables) -> soft terms``.

Hard families add constraints and return no terms; soft families return the named terms that
make up the objective.
"""
