"""修改记录 read back in Chinese, and a deleted evidence entry restored with its file from the history."""

from datetime import date

import pytest

from desktop.domain.errors import UserError
from desktop.services import evidence, history, ledgers
from tests.conftest import TODAY


def add_minutes(store, mini_ledger, item_ids, sample_file, name="会议纪要.pdf", content=b"%PDF-1.4 minutes"):
    return evidence.add(store, mini_ledger, title="党委中心组学法纪要", kind="会议纪要/记录",
                        formed_on=date(2025, 3, 2), description="学习民法典", item_ids=[item_ids["1.1"]],
                        files=[sample_file(name, content)], today=TODAY).result


def test_item_history_reads_in_chinese(store, mini_ledger, item_ids):
    ledgers.update_item(store, item_ids["1.1"], {"progress": "已完成", "owner": "王丽"})
    lines = history.lines_for(store, "ledger_item", item_ids["1.1"])
    assert ("修改", "进度", "未开始", "已完成") in [(ln.action, ln.field, ln.old, ln.new) for ln in lines]
    assert all(ln.who and ln.at[:4].isdigit() for ln in lines)


def test_deleted_evidence_comes_back_with_links_and_file(store, mini_ledger, item_ids, sample_file):
    evidence_id = add_minutes(store, mini_ledger, item_ids, sample_file)
    sha = evidence.get(store, evidence_id).attachments[0].sha256
    evidence.delete(store, evidence_id)
    assert evidence.count_for_item(store, item_ids["1.1"]) == 0
    deleted = history.deleted_evidence(store, mini_ledger)
    assert [(d.title, d.file_names) for d in deleted] == [("党委中心组学法纪要", ("会议纪要.pdf",))]

    result = history.restore_evidence(store, evidence_id).result
    assert result.missing_files == []
    back = evidence.get(store, result.evidence_id)
    assert (back.title, back.kind, back.formed_on, back.description) == (
        "党委中心组学法纪要", "会议纪要/记录", date(2025, 3, 2), "学习民法典")
    assert list(back.item_ids) == [item_ids["1.1"]]
    assert back.attachments[0].sha256 == sha
    assert store.files.sha256_of(f"{sha}.pdf") == sha  # the file is back in the store
    assert history.deleted_evidence(store, mini_ledger) == []  # restored entries leave the list
    actions = [ln.action for ln in history.lines_for(store, "evidence", evidence_id)]
    assert actions[-2:] == ["删除", "恢复"]


def test_restore_names_files_that_are_gone(store, mini_ledger, item_ids, sample_file):
    evidence_id = add_minutes(store, mini_ledger, item_ids, sample_file, "签到表.jpg", b"\xff\xd8 photo")
    evidence.delete(store, evidence_id)
    for path in store.files.trash.iterdir():
        path.unlink()  # e.g. the trash was emptied
    result = history.restore_evidence(store, evidence_id).result
    assert result.missing_files == ["签到表.jpg"]
    assert not evidence.get(store, result.evidence_id).attachments


def test_restoring_twice_or_unknown_is_refused(store, mini_ledger):
    with pytest.raises(UserError, match="没有这条佐证材料的删除记录"):
        history.restore_evidence(store, 999)


def test_trash_is_purged_by_age(store, mini_ledger, item_ids, sample_file):
    evidence_id = add_minutes(store, mini_ledger, item_ids, sample_file)
    evidence.delete(store, evidence_id)
    assert store.files.purge_trash(30) == 0
    import time
    assert store.files.purge_trash(30, now=time.time() + 31 * 86400) == 1


def test_register_history_uses_the_fields_own_labels(store, mini_ledger):
    from desktop.domain import registers as rules
    from desktop.services import registers

    review = registers.add(store, rules.REVIEW, mini_ledger, {
        "category": "行政规范性文件", "title": "村规民约", "received_on": TODAY}, today=TODAY).result
    registers.edit(store, rules.REVIEW, review, {"reviewer": "李强"}, today=TODAY)
    lines = history.lines_for(store, rules.REVIEW, review)
    assert ("修改", "审查人员", "李强") in [(ln.action, ln.field, ln.new) for ln in lines]


def test_an_edit_is_undone_with_its_files(store, mini_ledger, item_ids, sample_file):
    """Undo of an evidence edit puts back a removed file (from the trash) and takes out the added one."""
    evidence_id = add_minutes(store, mini_ledger, item_ids, sample_file)
    before = evidence.get(store, evidence_id)
    kept_sha = before.attachments[0].sha256
    evidence.edit(store, evidence_id, title="改过的标题", kind=before.kind, formed_on=before.formed_on,
                  item_ids=before.item_ids, add_files=[sample_file("照片.jpg", b"\xff\xd8 new photo")],
                  remove_attachment_ids=[before.attachments[0].id], today=TODAY)
    after = evidence.get(store, evidence_id)
    assert [a.original_name for a in after.attachments] == ["照片.jpg"]
    assert not store.files.path_for(f"{kept_sha}.pdf").exists()  # in the trash now

    missing = history.set_evidence_state(store, evidence_id, history.evidence_state(before)).result
    assert missing == []
    undone = evidence.get(store, evidence_id)
    assert undone.title == "党委中心组学法纪要"  # fields and files in the same step
    assert [(a.original_name, a.sha256) for a in undone.attachments] == [("会议纪要.pdf", kept_sha)]
    assert store.files.sha256_of(f"{kept_sha}.pdf") == kept_sha  # back from the trash, intact
    new_sha = after.attachments[0].sha256
    assert not store.files.path_for(f"{new_sha}.jpg").exists()  # the added file went to the trash

    history.set_evidence_state(store, evidence_id, history.evidence_state(after))  # redo
    assert [a.original_name for a in evidence.get(store, evidence_id).attachments] == ["照片.jpg"]
    assert store.files.sha256_of(f"{new_sha}.jpg") == new_sha
    fields = [ln.field for ln in history.lines_for(store, "evidence", evidence_id)]
    assert fields.count("附件") >= 4  # every file put back or taken out is in the 修改记录


def test_undo_of_an_edit_is_one_transaction(store, mini_ledger, item_ids, sample_file, monkeypatch):
    """A file that fails to come back leaves the entry as it was: no half-undone step."""
    evidence_id = add_minutes(store, mini_ledger, item_ids, sample_file)
    before = evidence.get(store, evidence_id)
    evidence.edit(store, evidence_id, title="改过的标题", kind=before.kind, formed_on=before.formed_on,
                  item_ids=before.item_ids, remove_attachment_ids=[before.attachments[0].id], today=TODAY)

    def disk_error(*_args):
        raise OSError("设备未就绪")

    monkeypatch.setattr(history, "_reattach", disk_error)
    with pytest.raises(OSError):
        history.set_evidence_state(store, evidence_id, history.evidence_state(before))
    after = evidence.get(store, evidence_id)
    assert after.title == "改过的标题" and after.attachments == ()


def test_undo_keeps_a_file_held_twice_and_finds_a_file_trashed_under_another_name(
        store, mini_ledger, item_ids, sample_file):
    content = b"%PDF-1.4 the same scan"
    first = add_minutes(store, mini_ledger, item_ids, sample_file, "扫描件.pdf", content)  # stored as <sha>.pdf
    second = evidence.add(store, mini_ledger, title="照片", kind="其他", formed_on=date(2025, 3, 3),
                          item_ids=[item_ids["1.1"]], files=[sample_file("扫描件.jpg", content),
                                                              sample_file("副本.jpg", content)], today=TODAY).result
    evidence.delete(store, first)
    entry = evidence.get(store, second)
    assert len(entry.attachments) == 2 and len({a.sha256 for a in entry.attachments}) == 1
    evidence.edit(store, second, title=entry.title, kind=entry.kind, formed_on=entry.formed_on,
                  item_ids=entry.item_ids, remove_attachment_ids=[a.id for a in entry.attachments], today=TODAY)
    sha = entry.attachments[0].sha256
    assert store.files.trashed_name(sha) == f"{sha}.pdf"  # trashed under the first entry's extension

    assert history.set_evidence_state(store, second, history.evidence_state(entry)).result == []
    back = evidence.get(store, second)
    assert sorted(a.original_name for a in back.attachments) == ["副本.jpg", "扫描件.jpg"]
    assert store.files.sha256_of(f"{sha}.pdf") == sha
