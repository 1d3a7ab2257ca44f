"""The README tells the truth: CI runs its commands, and it documents every input name."""

import re
from pathlib import Path

from scheduler.domain import RuleFamily
from scheduler.io.schema import SETTINGS, SHEETS

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text()


def _quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```\n(.*?)```", section, re.S)]


def test_ci_runs_exactly_the_readme_commands():
    ci = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.startswith(("#", "set ", "cd "))
    ]
    assert ci == _quick_start_commands()
    assert len(ci) == 2


def test_readme_documents_every_sheet_column_setting_and_rule():
    for sheet in SHEETS:
        assert f"### {sheet.name}" in README
        for column in sheet.columns:
            assert f"`{column.name}`" in README, (sheet.name, column.name)
    for setting in SETTINGS:
        assert f"`{setting.name}`" in README
    for family in RuleFamily:
        assert f"`{family.value}`" in README
