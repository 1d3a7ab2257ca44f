"""Every rule family has a model module, an evaluator check and a test file of its own."""

from pathlib import Path

from scheduler.domain import RuleFamily
from scheduler.evaluate import CHECKS
from scheduler.model import RULES


def test_every_family_is_in_the_model_and_the_evaluator():
    assert set(RULES) == set(RuleFamily)
    assert set(CHECKS) == set(RuleFamily)


def test_every_family_has_its_own_test_file():
    here = Path(__file__).parent
    for family in RuleFamily:
        assert (here / f"test_{family.value}.py").exists(), family


def test_the_evaluator_never_imports_the_solver():
    package = Path(__file__).parents[2] / "scheduler" / "evaluate"
    for source in package.rglob("*.py"):
        text = source.read_text()
        assert "ortools" not in text and "scheduler.model" not in text, source
