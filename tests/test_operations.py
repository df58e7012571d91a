"""Every kind of operation, done, undone and redone: after the undo the database is what it was before (every
table compared row by row), after the redo what the operation had made it; files follow their rows."""

from datetime import date, datetime

import pytest

from desktop.domain import registers as rules
from desktop.domain.errors import UserError, ValidationError
from desktop.services import (
    demo,
    due,
    evidence,
    history,
    ledgers,
    locking,
    register_settings,
    registers,
    undo,
)
from desktop.store import change_log, operations
from tests.conftest import TODAY

# bookkeeping of the operations themselves, the FTS index and AUTOINCREMENT counters are not data; nor is
# a checklist template: installed for a new ledger, it stays installed (as a library would) when that is undone
NOT_DATA = ("operation", "change_log", "op_context", "sqlite_sequence", "template", "template_node")


def dump(store) -> dict[str, list[tuple]]:
    tables = [r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: sorted(store.db.execute(f"SELECT * FROM [{t}]").fetchall(), key=repr)
            for t in tables if t not in NOT_DATA and not t.startswith("evidence_fts")}


def round_trip(store, action):
    """Do, undo, redo; each state compared with the one it must equal. Returns the do's Changes and the
    redo's (the step an officer's next Ctrl+Z undoes)."""
    before = dump(store)
    done = action()
    assert not done.empty and done.label
    after = dump(store)
    assert after != before
    undone = undo.undo(store, done.op_id)
    assert dump(store) == before, f"undo of “{done.label}” left a difference"
    redone = undo.redo(store, undone.op_id)
    assert dump(store) == after, f"redo of “{done.label}” left a difference"
    assert redone.label == done.label and undone.label == f"撤销“{done.label}”"
    return done, redone


def op_row(store, op_id):
    return operations.get(store.db, op_id)


@pytest.fixture
def codes(store, ledger):
    return {i.code: i.id for i in ledgers.load_view(store, ledger).items}


def test_an_item_edit_is_one_labelled_operation_and_undo_gives_back_no_value(store, ledger, codes):
    item = codes["10.9"]
    done, done_redo = round_trip(store, lambda: ledgers.update_item(
        store, item, {"progress": "推进中", "owner": "王丽"}, {"law_lectures": 2}))
    assert done.label == "修改 10.9 的进度、责任人、指标" == op_row(store, done.op_id)["label"]
    assert done.result == 3 and done.item_ids == {item} and done.ledger_id == ledger
    assert {r["operation_id"] for r in operations.log_rows(store.db, done.op_id)} == {done.op_id}
    undone = undo.undo(store, done_redo.op_id)  # undoing it again gives back "no value"
    assert "law_lectures" not in ledgers.get_item(store, item).indicator_values
    undo.redo(store, undone.op_id)
    cleared, cleared_redo = round_trip(store, lambda: ledgers.update_item(store, item, {}, {"law_lectures": None}))
    assert ledgers.get_item(store, item).indicator_values["law_lectures"] is None
    undo.undo(store, cleared_redo.op_id)
    assert ledgers.get_item(store, item).indicator_values["law_lectures"] == 2


def test_an_edit_without_a_change_is_no_operation(store, ledger, codes):
    unchanged = ledgers.update_item(store, codes["1.1"], {"progress": "未开始"})
    assert unchanged.empty and unchanged.result == 0
    assert store.db.execute("SELECT count(*) FROM operation WHERE label LIKE '修改 1.1%'").fetchone()[0] == 0


def test_bulk_setting_a_field_is_one_operation(store, ledger, codes):
    ids = [codes[c] for c in ("1.1", "1.2", "3.2")]
    done, done_redo = round_trip(store, lambda: ledgers.set_items_field(store, ids, "owner", "王丽"))
    assert done.label == "批量设置 3 项的责任人" and done.result == 3 and done.item_ids == set(ids)
    assert {ledgers.get_item(store, i).owner for i in ids} == {"王丽"}
    assert store.db.execute("SELECT count(*) FROM operation WHERE label = ?", [done.label]).fetchone()[0] == 2


def test_bulk_setting_is_validated_and_refused_on_a_locked_ledger(store, ledger, codes):
    with pytest.raises(ValidationError, match="责任人不能超过"):
        ledgers.set_items_field(store, [codes["1.1"]], "owner", "王" * 101)
    store.db.execute("UPDATE ledger SET locked_at = '2026-01-05T10:00:00', locked_by = 'x' WHERE id = ?", [ledger])
    with pytest.raises(UserError, match="报送锁定"):
        ledgers.set_items_field(store, [codes["1.1"]], "owner", "王丽")
    assert ledgers.get_item(store, codes["1.1"]).owner == ""


def add_minutes(store, ledger, codes, sample_file, name="纪要.pdf", content=b"%PDF-1.4 minutes"):
    return evidence.add(store, ledger, title="学法纪要", kind="会议纪要/记录", formed_on=date(2025, 3, 2),
                        item_ids=[codes["1.1"], codes["1.2"]], files=[sample_file(name, content)], today=TODAY)


def test_evidence_add_edit_and_delete_with_files_and_links(store, ledger, codes, sample_file):
    added, added_redo = round_trip(store, lambda: add_minutes(store, ledger, codes, sample_file))
    assert added.label == "添加佐证“学法纪要”" and added.item_ids == {codes["1.1"], codes["1.2"]}
    entry = evidence.get(store, added.result)
    sha = entry.attachments[0].sha256
    assert store.files.sha256_of(f"{sha}.pdf") == sha  # the redo brought the file back from the trash

    edited, edited_redo = round_trip(store, lambda: evidence.edit(
        store, entry.id, title="学法纪要（定稿）", kind=entry.kind, formed_on=entry.formed_on,
        item_ids=[codes["1.2"], codes["3.2"]], add_files=[sample_file("照片.jpg", b"\xff\xd8 photo")],
        remove_attachment_ids=[entry.attachments[0].id], today=TODAY))
    assert edited.label == "修改佐证“学法纪要（定稿）”"
    assert not store.files.path_for(f"{sha}.pdf").exists()  # removed: in the trash
    undo.undo(store, edited_redo.op_id)
    assert store.files.sha256_of(f"{sha}.pdf") == sha  # the undo took it out of the trash again

    entry = evidence.get(store, entry.id)
    registers_entry = registers.add(store, rules.REVIEW, ledger, {
        "category": "行政规范性文件", "title": "办法", "received_on": date(2025, 9, 26)}, today=TODAY).result
    registers.link_evidence(store, rules.REVIEW, registers_entry, entry.id)
    deleted, deleted_redo = round_trip(store, lambda: evidence.delete(store, entry.id))
    assert deleted.label == "删除佐证“学法纪要”"
    assert not store.files.path_for(f"{sha}.pdf").exists()
    undo.undo(store, deleted_redo.op_id)
    back = evidence.get(store, entry.id)  # its own id, its links, its file and its register link
    assert back.item_ids == entry.item_ids and back.attachments == entry.attachments
    assert store.files.sha256_of(f"{sha}.pdf") == sha
    assert registers.entries_for_evidence(store, entry.id) == [(rules.REVIEW, registers_entry)]


def test_an_undo_says_which_files_could_not_come_back(store, ledger, codes, sample_file):
    added = add_minutes(store, ledger, codes, sample_file)
    deleted = evidence.delete(store, added.result)
    for path in store.files.trash.iterdir():
        path.unlink()  # the trash was emptied meanwhile
    undone = undo.undo(store, deleted.op_id)
    assert undone.result == ["纪要.pdf"] and "纪要.pdf" in undo.missing_files_text(undone)
    assert evidence.get(store, added.result).attachments == ()


def test_undoing_the_first_use_of_a_file_another_entry_uses_since_keeps_it(store, ledger, codes, sample_file):
    first = add_minutes(store, ledger, codes, sample_file)
    second = add_minutes(store, ledger, codes, sample_file)  # the same file again: one copy in the store
    sha = evidence.get(store, second.result).attachments[0].sha256
    undo.undo(store, first.op_id)
    assert evidence.get(store, second.result).attachments[0].sha256 == sha
    assert store.files.sha256_of(f"{sha}.pdf") == sha
    undo.undo(store, second.op_id)
    assert store.db.execute("SELECT count(*) FROM blob").fetchone()[0] == 0
    assert not store.files.path_for(f"{sha}.pdf").exists() and store.files.trashed_name(sha)


def test_attachment_added_and_removed(store, ledger, codes, sample_file):
    entry = evidence.get(store, add_minutes(store, ledger, codes, sample_file).result)
    fields = dict(title=entry.title, kind=entry.kind, formed_on=entry.formed_on, item_ids=entry.item_ids,
                  today=TODAY)
    round_trip(store, lambda: evidence.edit(store, entry.id, add_files=[sample_file("b.docx", b"two")], **fields))
    round_trip(store, lambda: evidence.edit(store, entry.id, remove_attachment_ids=[entry.attachments[0].id],
                                            **fields))


ENTRIES = {
    rules.REVIEW: ({"category": "行政规范性文件", "title": "办法", "received_on": date(2025, 9, 26)},
                   {"reviewer": "李强", "opinion": "同意", "opinion_on": date(2025, 10, 9)}),
    rules.CASE: ({"case_no": "1号", "kind": "处罚", "title": "占道", "decision_on": date(2025, 9, 26)},
                 {"published_on": date(2025, 9, 30), "publication_place": "镇政府网站"}),
    rules.ADVISER: ({"name": "张明", "adviser_type": "政府法律顾问"}, {"firm": "示范律师事务所"}),
    rules.TRAINING: ({"kind": "法治专题讲座", "held_on": date(2025, 4, 1), "topic": "民法典", "hours": 3},
                     {"topic": "民法典与基层治理"}),
    rules.OFFICER: ({"name": "赵敏"}, {"department": "综合行政执法队"}),
}


@pytest.mark.parametrize("entity", [*ENTRIES, rules.SERVICE])
def test_register_entries_added_edited_and_deleted(store, ledger, codes, entity):
    if entity == rules.SERVICE:
        adviser = registers.add(store, rules.ADVISER, ledger, ENTRIES[rules.ADVISER][0], today=TODAY).result
        first, change = ({"served_on": date(2025, 3, 1), "adviser_id": adviser, "kind": "法律咨询",
                          "served_party": "群众"}, {"quantity": 3})
    else:
        first, change = ENTRIES[entity]
    added, added_redo = round_trip(store, lambda: registers.add(store, entity, ledger, first, today=TODAY))
    assert added.label.startswith("添加" + rules.REGISTER_LABELS[entity] + "“")
    entry_id = added.result
    edited, edited_redo = round_trip(store, lambda: registers.edit(
        store, entity, entry_id, {**change, "item_ids": [codes["1.1"]]}, today=TODAY))
    assert edited.label.startswith("修改" + rules.REGISTER_LABELS[entity]) and (entity, entry_id) in edited.entries
    deleted, deleted_redo = round_trip(store, lambda: registers.delete(store, entity, entry_id))
    assert deleted.label.startswith("删除" + rules.REGISTER_LABELS[entity])


def test_training_attendance_and_evidence_links(store, ledger, codes, sample_file):
    officers = [registers.add(store, rules.OFFICER, ledger, {"name": n}, today=TODAY).result for n in ("赵敏", "孙磊")]
    training = registers.add(store, rules.TRAINING, ledger, {**ENTRIES[rules.TRAINING][0],
                                                            "attendance": [(officers[0], None)]}, today=TODAY).result
    round_trip(store, lambda: registers.edit(store, rules.TRAINING, training,
                                             {"attendance": [(officers[1], 2), (officers[0], None)]}, today=TODAY))
    added, added_redo = round_trip(store, lambda: registers.add_evidence(store, rules.TRAINING, training,
                                                             files=[sample_file("签到表.pdf")], today=TODAY))
    other = evidence.add(store, ledger, title="讲稿", kind="其他", formed_on=TODAY, item_ids=[codes["1.1"]],
                         today=TODAY).result
    linked, linked_redo = round_trip(store, lambda: registers.link_evidence(store, rules.TRAINING, training, other))
    assert linked.label == f"关联佐证“讲稿”到{rules.REGISTER_LABELS[rules.TRAINING]}“民法典”"
    round_trip(store, lambda: registers.unlink_evidence(store, rules.TRAINING, training, added.result))


def test_people_belong_to_the_unit(store, ledger):
    officer = registers.add(store, rules.OFFICER, ledger, {"name": "赵敏"}, today=TODAY).result
    adviser = registers.add(store, rules.ADVISER, ledger, ENTRIES[rules.ADVISER][0], today=TODAY).result
    unit = store.db.execute("SELECT unit_id FROM ledger WHERE id = ?", [ledger]).fetchone()[0]
    assert store.db.execute("SELECT unit_id FROM enforcement_officer WHERE id = ?", [officer]).fetchone()[0] == unit
    assert store.db.execute("SELECT unit_id FROM adviser WHERE id = ?", [adviser]).fetchone()[0] == unit


def test_settings_saved_as_one_operation_and_unchanged_settings_write_nothing(store):
    rows = store.db.execute("SELECT count(*) FROM change_log").fetchone()[0]
    unchanged = register_settings.save_settings(
        store, review=register_settings.review_days(store), publicity=register_settings.publicity_days(store),
        target_values=register_settings.targets(store))
    assert unchanged.empty
    assert store.db.execute("SELECT count(*) FROM change_log").fetchone()[0] == rows
    assert store.db.execute("SELECT count(*) FROM operation").fetchone()[0] == 0
    done, done_redo = round_trip(store, lambda: register_settings.save_settings(
        store, review={"行政规范性文件": 7}, target_values={"law_lectures": 3},
        calendar_year=(2031, [date(2031, 1, 1)], [])))
    assert done.label == "保存设置" and done.tables == {"setting"}
    fields = {ln.field for ln in history.operation_view(store, done.op_id).lines}
    assert fields == {"合法性审查时限", "年度目标", "节假日与调休"}
    assert register_settings.review_days(store)["行政规范性文件"] == 7


def test_a_reminder_marked_done(store, ledger, codes):
    ledgers.update_item(store, codes["3.3"], {"due_date": date(2025, 11, 28)})
    entry = next(e for e in due.due_list(store, ledger, TODAY) if "3.3" in e.title)
    done, done_redo = round_trip(store, lambda: due.set_done(store, entry, True))
    assert done.label == f"标记已办“{entry.title}”"


def test_lock_and_unlock(store, mini_ledger):
    now = datetime(2025, 12, 20, 16, 0)
    locked, locked_redo = round_trip(store, lambda: locking.lock_year(store, mini_ledger, who="张三", now=now))
    assert locked.label.startswith("锁定") and locked.result.locked_by == "张三"
    round_trip(store, lambda: locking.unlock_year(store, mini_ledger, "补充材料", now=now))


def test_no_undo_changes_a_ledger_locked_since(store, mini_ledger, item_ids):
    done = ledgers.update_item(store, item_ids["1.1"], {"owner": "王丽"})
    locked = locking.lock_year(store, mini_ledger, who="张三", now=datetime(2025, 12, 20, 16, 0))
    with pytest.raises(UserError, match="报送锁定"):
        undo.undo(store, done.op_id)
    assert ledgers.get_item(store, item_ids["1.1"]).owner == "王丽"
    undo.undo(store, locked.op_id)  # the lock itself can be taken back, then the edit
    undo.undo(store, done.op_id)
    assert ledgers.get_item(store, item_ids["1.1"]).owner == ""


def test_an_undo_that_would_take_later_work_with_it_is_refused(store, ledger, codes):
    created = ledgers.create_ledger(store, "测试镇人民政府", 2026)
    items = {i.code: i.id for i in ledgers.load_view(store, created.result).items}
    evidence.add(store, created.result, title="年初计划", kind="其他", formed_on=TODAY, item_ids=[items["1.1"]],
                 today=TODAY)
    before = dump(store)
    with pytest.raises(UserError, match="不能撤销或重做这一步"):  # the ledger would take the evidence along
        undo.undo(store, created.op_id)
    assert dump(store) == before
    officer = registers.add(store, rules.OFFICER, ledger, {"name": "赵敏"}, today=TODAY)
    registers.add(store, rules.TRAINING, ledger, {**ENTRIES[rules.TRAINING][0], "attendance": [(officer.result, 2)]},
                  today=TODAY)
    with pytest.raises(UserError, match="不能撤销或重做这一步"):  # the officer has hours on record since
        undo.undo(store, officer.op_id)
    assert registers.get(store, rules.OFFICER, officer.result).name == "赵敏"


def test_an_undo_that_would_point_at_what_is_gone_is_refused(store, ledger):
    officer = registers.add(store, rules.OFFICER, ledger, {"name": "赵敏"}, today=TODAY).result
    training = registers.add(store, rules.TRAINING, ledger, {**ENTRIES[rules.TRAINING][0],
                                                            "attendance": [(officer, 2)]}, today=TODAY).result
    deleted = registers.delete(store, rules.TRAINING, training)
    registers.delete(store, rules.OFFICER, officer)  # no hours on record any more: allowed
    with pytest.raises(UserError, match="不能撤销或重做这一步"):
        undo.undo(store, deleted.op_id)
    assert registers.list_entries(store, rules.TRAINING, ledger) == []


def test_creating_a_ledger(store, ledger):
    done, done_redo = round_trip(store, lambda: ledgers.create_ledger(store, "测试镇人民政府", 2026))
    assert done.label == "新建 2026 年度台账" and done.ledger_id == done.result
    assert op_row(store, done.op_id)["ledger_id"] == done.result


def test_the_demo_is_one_operation(store, ledger):
    done, done_redo = round_trip(store, lambda: demo.create_demo_ledger(store, demo.DEMO_UNIT, 2025, TODAY))
    assert done.label == "创建 2025 年度演示台账"
    for table in operations.UID_TABLES:  # every row the demo made has its uid
        assert store.db.execute(f"SELECT count(*) FROM [{table}] WHERE uid IS NULL").fetchone()[0] == 0, table
    assert op_row(store, done.op_id)["ledger_id"] == done.result
    assert store.db.execute("SELECT count(*) FROM operation WHERE label LIKE '添加%'").fetchone()[0] == 0


def test_a_deleted_entry_is_restored_under_its_own_id(store, ledger, codes, sample_file):
    entry = evidence.get(store, add_minutes(store, ledger, codes, sample_file).result)
    evidence.delete(store, entry.id)
    restored, restored_redo = round_trip(store, lambda: history.restore_evidence(store, entry.id))
    assert restored.label == "恢复佐证“学法纪要”" and restored.result.evidence_id == entry.id
    assert evidence.get(store, entry.id).attachments == entry.attachments
    actions = [ln.action for ln in history.lines_for(store, "evidence", entry.id)]
    assert actions == ["新建", "删除", "恢复", "删除", "恢复"]  # restored, undone, redone: one history


def test_a_deleted_register_entry_is_restored_with_its_links(store, ledger, codes):
    review = registers.add(store, rules.REVIEW, ledger, {**ENTRIES[rules.REVIEW][0],
                                                         "item_ids": [codes["3.3"]]}, today=TODAY).result
    registers.delete(store, rules.REVIEW, review)
    [listed] = history.deleted_entries(store, ledger, rules.REVIEW)
    assert (listed.entry_id, listed.title) == (review, "办法")
    restored, restored_redo = round_trip(store, lambda: history.restore_entry(store, rules.REVIEW, review))
    assert restored.label == f"恢复{rules.REGISTER_LABELS[rules.REVIEW]}“办法”"
    assert registers.get(store, rules.REVIEW, review).item_ids == (codes["3.3"],)
    assert history.deleted_entries(store, ledger, rules.REVIEW) == []


def test_an_operation_is_shown_whole(store, ledger, codes):
    done = ledgers.update_item(store, codes["3.2"], {"progress": "已完成", "owner": "王丽"})
    view = history.operation_view(store, done.op_id)
    lines = history.lines_for(store, "ledger_item", codes["3.2"])
    assert [ln.operation_id for ln in lines][-2:] == [done.op_id, done.op_id]  # the step each line was part of
    assert view.label == "修改 3.2 的进度、责任人" and view.who
    assert {(ln.target, ln.field, ln.new) for ln in view.lines} == {("3.2", "进度", "已完成"), ("3.2", "责任人", "王丽")}
    deleted = registers.delete(store, rules.REVIEW, registers.add(store, rules.REVIEW, ledger, ENTRIES[rules.REVIEW][0],
                                                                  today=TODAY).result)
    [line] = history.operation_view(store, deleted.op_id).lines
    assert (line.action, line.target) == ("删除", f"{rules.REGISTER_LABELS[rules.REVIEW]}“办法”")
    assert {r["field"] for r in change_log.operation_rows(store.db, done.op_id)} == {"progress", "owner"}
