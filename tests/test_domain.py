from datetime import date

import pytest

from desktop.domain import files, progress
from desktop.domain.errors import ValidationError
from desktop.domain.filters import Criteria, visible_ids
from desktop.domain.models import LedgerItem
from desktop.domain.text import clean_text
from desktop.domain.validation import validate_evidence, validate_item_fields


def make_item(item_id, level="item", parent=None, **kw):
    base = dict(id=item_id, ledger_id=1, parent_id=parent, level=level, code=str(item_id), title="t",
                obligation="", basis="", evidence_kinds=(), applicability="适用", note="", indicators=())
    base.update(kw)
    return LedgerItem(**base)


def test_progress_counts_applicable_items_only():
    items = [make_item(1, "part"), make_item(2, parent=1, progress="已完成"),
             make_item(3, parent=1), make_item(4, parent=1, applicability="不适用"),
             make_item(5, parent=1, result="不适用", na_reason="无此职能"),
             make_item(6, "child", parent=2, progress="已完成", evidence_count=3)]
    tally = progress.tally_by_part(items)[1]
    assert (tally.applicable, tally.done, tally.evidence, tally.items) == (3, 2, 3, 5)  # a sub-item counts too
    assert tally.percent_text == "66.7%"


def test_overdue_needs_past_deadline_and_not_done():
    today = date(2025, 6, 1)
    assert progress.is_overdue(make_item(1, due_date=date(2025, 5, 31)), today)
    assert not progress.is_overdue(make_item(1, due_date=date(2025, 6, 1)), today)
    assert not progress.is_overdue(make_item(1, due_date=date(2025, 5, 1), progress="已完成"), today)


def test_not_applicable_requires_a_reason():
    with pytest.raises(ValidationError, match="不适用理由"):
        validate_item_fields({"result": "不适用", "na_reason": "  "})
    assert validate_item_fields({"result": "不适用", "na_reason": "本镇无执法权"})["na_reason"] == "本镇无执法权"


def test_unknown_progress_is_refused():
    with pytest.raises(ValidationError, match="进度只能是"):
        validate_item_fields({"progress": "差不多"})


def test_evidence_validation_messages():
    today = date(2025, 6, 1)
    with pytest.raises(ValidationError, match="标题"):
        validate_evidence(" ", "其他", today, "", [1], today)
    with pytest.raises(ValidationError, match="晚于今天"):
        validate_evidence("纪要", "其他", date(2025, 6, 2), "", [1], today)
    with pytest.raises(ValidationError, match="至少要关联"):
        validate_evidence("纪要", "其他", today, "", [], today)
    ok = validate_evidence("会议\x0b纪要", "其他", today, "说明\x07", [3, 1, 3], today)
    assert ok["title"] == "会议纪要" and ok["description"] == "说明" and ok["item_ids"] == (1, 3)


def test_clean_text_strips_controls_keeps_newlines():
    assert clean_text("a\x00b\r\nc\x1f") == "ab\r\nc"
    assert clean_text("  a \n b ", single_line=True) == "a b"
    # a direction override would show the rest of a title backwards, in the window and the workbook
    assert clean_text("\u202e关于印发通知\u2066的\u2069") == "关于印发通知的"
    # invisible characters would make "张\u200b三" a second 张三 in a roster or the 责任人 list
    assert clean_text("张\u200b三\u200d\ufeff\u00ad\u2060") == "张三"
    assert clean_text(" 甲\u200b ", single_line=True) == "甲"


@pytest.mark.parametrize("name,refused", [("a.exe", True), ("run.BAT", True), ("x.pdf", False),
                                          ("相片.JPG", False), ("noext", False), ("s.ps1", True)])
def test_refused_extensions(name, refused):
    assert files.is_refused(name) is refused


@pytest.mark.parametrize("raw,expected", [("../../etc/passwd", "passwd"), ("C:\\Windows\\CON", "_CON"),
                                          ("a:b*c?.pdf", "a_b_c_.pdf"), ("", "未命名文件"),
                                          ("nul.txt", "_nul.txt")])
def test_display_names_are_safe(raw, expected):
    assert files.display_name(raw) == expected


def test_long_names_keep_their_extension():
    name = files.display_name("长" * 300 + ".docx")
    assert len(name) == files.MAX_NAME and name.endswith(".docx")


def test_filters_show_matching_items_only():
    items = [make_item(1, "part"), make_item(2, parent=1, owner="张三", evidence_count=1),
             make_item(3, parent=1, owner="李四"), make_item(4, parent=1, due_date=date(2025, 1, 1))]
    today = date(2025, 6, 1)
    assert visible_ids(items, Criteria(), None, today) is None
    assert visible_ids(items, Criteria(owner="张三"), None, today) == {2}
    assert visible_ids(items, Criteria(no_evidence=True), None, today) == {3, 4}
    assert visible_ids(items, Criteria(overdue=True), None, today) == {4}
    assert visible_ids(items, Criteria(text="x"), {3}, today) == {3}
