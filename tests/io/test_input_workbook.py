"""The template and the example: comments on every header, drop-downs where lists exist."""

from pathlib import Path

import openpyxl
import pytest

from scheduler.io.errors import InputError
from scheduler.io.input_reader import load_problem
from scheduler.io.input_workbook import write_input
from scheduler.io.schema import SETTINGS, SHEETS


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("template") / "template.xlsx"
    write_input(None, path)
    return openpyxl.load_workbook(path)


def test_template_has_every_sheet_with_a_commented_header(template: openpyxl.Workbook):
    assert template.sheetnames == ["Guide", *(s.name for s in SHEETS)]
    for sheet in SHEETS:
        header = template[sheet.name][1]
        assert [c.value for c in header] == [c.name for c in sheet.columns]
        for cell, column in zip(header, sheet.columns, strict=True):
            assert cell.comment is not None and column.help in cell.comment.text


def test_template_offers_drop_downs_of_ids_and_choices(template: openpyxl.Workbook):
    def formulas(sheet: str) -> dict[str, str]:
        return {
            str(rule.sqref).split(":")[0][0]: rule.formula1
            for rule in template[sheet].data_validations.dataValidation
        }

    assert formulas("Agents")["D"] == "Contracts!$A$2:$A$2000"
    assert formulas("Agents")["G"] == '"junior,senior,qa,trainer,team_lead"'
    assert formulas("Requests")["A"] == "Agents!$A$2:$A$2000"
    assert formulas("Requests")["D"] == '"want,avoid"'
    assert formulas("Demand")["B"] == "Shifts!$A$2:$A$2000"


def test_template_settings_carry_defaults_and_only_the_start_date_and_rows_are_missing(
    template: openpyxl.Workbook, tmp_path: Path
):
    names = [row[0] for row in template["Settings"].iter_rows(min_row=2, values_only=True)]
    assert names == [s.name for s in SETTINGS]
    path = tmp_path / "t.xlsx"
    write_input(None, path)
    with pytest.raises(InputError) as raised:
        load_problem(path)
    assert [str(i) for i in raised.value.issues] == [
        "Settings, row 3, column value: expected a value for start_date",
        # The first empty sheet others refer to is named, not every reference to it.
        "Shifts: expected at least one row below the header row",
    ]


def test_template_number_checks_carry_the_schema_bounds(template: openpyxl.Workbook):
    rules = {
        str(rule.sqref).split(":")[0][0]: rule
        for rule in template["Demand"].data_validations.dataValidation
    }
    required = rules["C"]
    assert (required.type, required.operator) == ("whole", "between")
    assert (required.formula1, required.formula2) == ("0", "10000")
