"""The one column schema: labels, kinds, and a value's way into a cell and back out of one."""

from dataclasses import fields
from datetime import date, datetime

import pytest

from desktop.domain import columns
from desktop.domain import registers as rules
from desktop.domain.columns import CellError


@pytest.mark.parametrize("entity", rules.ENTITIES)
def test_every_register_field_has_one_label_and_the_dataclass_reads_it(entity):
    declared = [f for f in fields(rules.ENTRY_CLASSES[entity]) if "label" in f.metadata]
    assert [f.name for f in declared] == list(columns.REGISTER_FIELDS[entity])
    assert [f.metadata["label"] for f in declared] == [c.label for c in columns.columns(entity)]
    assert all(c.kind in columns.KINDS for c in columns.columns(entity))


def test_kinds_and_choices_come_from_the_register_metadata():
    category = columns.column(rules.REVIEW, "category")
    assert category.kind == columns.CHOICE and category.choices == rules.REVIEW_CATEGORIES and category.required
    assert columns.column(rules.TRAINING, "hours").kind == columns.NUMBER
    assert columns.column(rules.CASE, "legality_review_id").kind == columns.LINK
    assert columns.column(rules.REVIEW, "opinion_reasons").kind == columns.MULTILINE


def test_history_labels():
    assert columns.label("ledger_item", "na_reason") == "不适用理由"
    assert columns.label("ledger_item", "indicator:law_lectures") == "指标（law_lectures）"
    assert columns.label(rules.CASE, "is_major") == "重大执法决定"
    assert columns.label("evidence", "item_ids") == "关联条目"
    assert columns.label("ledger", "unknown_field") == "unknown_field"
    assert rules.field_label(rules.OFFICER, "active") == "在岗"


def test_values_go_into_cells_as_their_kind():
    assert columns.column(rules.OFFICER, "active").to_cell(True) == "是"
    assert columns.column(rules.OFFICER, "active").to_cell(False) == "否"
    assert columns.column("ledger_item", "due_date").to_cell(date(2025, 6, 30)) == date(2025, 6, 30)
    assert columns.column(rules.TRAINING, "hours").to_cell(3.0) == 3
    assert columns.column(rules.TRAINING, "hours").to_cell(2.5) == 2.5
    assert columns.column("ledger_item", "remark").to_cell("") is None
    assert columns.column("ledger_item", "due_date").to_cell(None) is None
    assert columns.column(rules.TRAINING, "hours").display(2.5) == "2.5"


@pytest.mark.parametrize("entity, key, cell, expected", [
    ("ledger_item", "due_date", datetime(2025, 6, 30), date(2025, 6, 30)),
    ("ledger_item", "due_date", "2025/6/30", date(2025, 6, 30)),
    ("ledger_item", "due_date", "2025年6月30日", date(2025, 6, 30)),
    ("ledger_item", "due_date", 45838, date(2025, 6, 30)),  # a serial WPS left without a date format
    ("ledger_item", "due_date", None, None),
    ("ledger_item", "progress", " 已完成 ", "已完成"),
    ("ledger_item", "owner", 123.0, "123"),
    ("ledger_item", "owner", "", ""),
    ("ledger_item", "remark", "第一行\n第二行 ", "第一行\n第二行"),
    (rules.OFFICER, "active", "是", True),
    (rules.OFFICER, "active", "否", False),
    (rules.OFFICER, "active", None, False),
    (rules.SERVICE, "quantity", 3.0, 3),
    (rules.SERVICE, "quantity", "12", 12),
    (rules.TRAINING, "hours", "2.5", 2.5),
])
def test_cells_read_back(entity, key, cell, expected):
    assert columns.column(entity, key).from_cell(cell) == expected


@pytest.mark.parametrize("entity, key, cell, message", [
    ("ledger_item", "progress", "做完了", "进度：“做完了”不在可选项中（未开始、推进中、待审核、已完成）。"),
    ("ledger_item", "due_date", "明年", "完成时限：“明年”不是日期"),
    (rules.OFFICER, "active", "也许", "在岗：“也许”应填“是”或“否”。"),
    (rules.SERVICE, "quantity", 2.5, "数量：“2.5”应为整数。"),
    (rules.TRAINING, "hours", "两小时", "学时：“两小时”应为数字。"),
    (rules.TRAINING, "hours", True, "学时："),
])
def test_bad_cells_are_refused_in_chinese(entity, key, cell, message):
    with pytest.raises(CellError) as caught:
        columns.column(entity, key).from_cell(cell)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize("entity", ["ledger_item", "evidence", *rules.ENTITIES])
def test_every_editable_value_survives_a_cell_round_trip(entity):
    samples = {columns.TEXT: "王丽", columns.MULTILINE: "两行\n文字", columns.DATE: date(2025, 3, 1),
               columns.BOOL: True, columns.INT: 7, columns.NUMBER: 2.5, columns.LINK: "张明"}
    for c in columns.editable(entity):
        value = c.choices[-1] if c.kind == columns.CHOICE else samples[c.kind]
        assert c.from_cell(c.to_cell(value)) == value, c.key
