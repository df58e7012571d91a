from datetime import date

import pytest

from desktop.domain.errors import UserError
from desktop.services import evidence, ledgers
from desktop.store import change_log
from tests.conftest import TODAY


def test_create_ledger_copies_the_tree(store, mini_ledger):
    view = ledgers.load_view(store, mini_ledger)
    codes = [i.code for i in view.items]
    assert codes == ["1", "1.1", "1.2", "5", "5.6", "5.6.1", "5.7", "10", "10.9"]
    child = next(i for i in view.items if i.code == "5.6.1")
    parent = next(i for i in view.items if i.code == "5.6")
    assert child.parent_id == parent.id and child.level == "child"
    assert view.overall.applicable == 5 and view.overall.items == 6  # items and sub-items; 5.7 is 不适用


def test_same_unit_and_year_twice_is_refused(store, mini_ledger, mini_template_id):
    with pytest.raises(UserError, match="已经存在"):
        ledgers.create_ledger(store, "测试镇人民政府", 2025, mini_template_id)


def test_empty_unit_name_is_refused(store, mini_template_id):
    with pytest.raises(UserError, match="单位名称"):
        ledgers.create_ledger(store, "  ", 2025, mini_template_id)


def test_update_item_logs_each_field(store, item_ids):
    changed = ledgers.update_item(store, item_ids["1.1"], {
        "progress": "已完成", "result": "已落实", "owner": "王丽", "due_date": date(2025, 6, 30)}).result
    assert changed == 4
    item = ledgers.get_item(store, item_ids["1.1"])
    assert (item.progress, item.result, item.owner, item.due_date) == ("已完成", "已落实", "王丽", date(2025, 6, 30))
    log = {(e["field"], e["old"], e["new"]) for e in change_log.history(store.db, "ledger_item", item_ids["1.1"])}
    assert ("progress", "未开始", "已完成") in log and ("due_date", None, "2025-06-30") in log
    assert all(e["os_user"] for e in change_log.history(store.db, "ledger_item", item_ids["1.1"]))
    assert ledgers.update_item(store, item_ids["1.1"], {"progress": "已完成"}).result == 0


def test_progress_per_part_and_overall(store, mini_ledger, item_ids):
    ledgers.update_item(store, item_ids["1.1"], {"progress": "已完成"})
    ledgers.update_item(store, item_ids["10.9"], {"result": "不适用", "na_reason": "已合并到县级讲座"})
    view = ledgers.load_view(store, mini_ledger)
    part1 = next(i for i in view.items if i.code == "1")
    assert (view.part_tallies[part1.id].done, view.part_tallies[part1.id].applicable) == (1, 2)
    assert (view.overall.done, view.overall.applicable) == (1, 4)


def test_indicator_values_are_stored_and_logged(store, item_ids):
    ledgers.update_item(store, item_ids["10.9"], {}, {"law_lectures": 2})
    assert ledgers.get_item(store, item_ids["10.9"]).indicator_values == {"law_lectures": 2}
    fields = [e["field"] for e in change_log.history(store.db, "ledger_item", item_ids["10.9"])]
    assert "indicator:law_lectures" in fields


def test_locked_ledger_refuses_writes(store, mini_ledger, item_ids):
    store.db.execute("UPDATE ledger SET locked_at = '2026-01-05T10:00:00', locked_by = 'x' WHERE id = ?",
                     [mini_ledger])
    with pytest.raises(UserError, match="报送锁定"):
        ledgers.update_item(store, item_ids["1.1"], {"progress": "已完成"})
    with pytest.raises(UserError, match="报送锁定"):
        evidence.add(store, mini_ledger, title="x", kind="其他", formed_on=TODAY, item_ids=[item_ids["1.1"]],
                     today=TODAY)


@pytest.mark.parametrize("term", ["纪要", "学法", "中心组学法会议纪要", "1.2", "年度工作"])
def test_search_finds_short_and_long_terms(store, mini_ledger, item_ids, term):
    evidence.add(store, mini_ledger, title="党委中心组学法会议纪要", kind="会议纪要/记录", formed_on=TODAY,
                 description="学习行政处罚法", item_ids=[item_ids["1.1"]], today=TODAY)
    items = ledgers.load_view(store, mini_ledger).items
    hits = ledgers.search(store, mini_ledger, items, term)
    expected = {"纪要": "1.1", "学法": "1.1", "中心组学法会议纪要": "1.1", "1.2": "1.2", "年度工作": "1.2"}[term]
    assert item_ids[expected] in hits
    assert item_ids["10.9"] not in hits


def test_search_misses_are_empty(store, mini_ledger):
    items = ledgers.load_view(store, mini_ledger).items
    assert ledgers.search(store, mini_ledger, items, "不存在的词") == set()


def test_evidence_links_several_items_and_counts(store, mini_ledger, item_ids, sample_file):
    evidence.add(store, mini_ledger, title="中心组学习纪要", kind="会议纪要/记录", formed_on=date(2025, 3, 2),
                 item_ids=[item_ids["1.1"], item_ids["10.9"]], files=[sample_file()], today=TODAY)
    items = {i.code: i for i in ledgers.load_view(store, mini_ledger).items}
    assert items["1.1"].evidence_count == 1 and items["10.9"].evidence_count == 1
    assert ledgers.last_evidence_dates(store, mini_ledger)[item_ids["1.1"]] == date(2025, 3, 2)


def test_executables_are_refused_and_nothing_is_stored(store, mini_ledger, item_ids, sample_file):
    with pytest.raises(UserError, match="可执行文件"):
        evidence.add(store, mini_ledger, title="x", kind="其他", formed_on=TODAY, item_ids=[item_ids["1.1"]],
                     files=[sample_file("setup.exe", b"MZ")], today=TODAY)
    assert store.db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0


def test_edit_evidence_changes_links_files_and_logs(store, mini_ledger, item_ids, sample_file):
    eid = evidence.add(store, mini_ledger, title="旧标题", kind="其他", formed_on=TODAY,
                       item_ids=[item_ids["1.1"]], files=[sample_file("a.pdf", b"one")], today=TODAY).result
    old_attachment = evidence.get(store, eid).attachments[0]
    evidence.edit(store, eid, title="新标题", kind="制度文件", formed_on=TODAY, item_ids=[item_ids["1.2"]],
                  add_files=[sample_file("b.docx", b"two")], remove_attachment_ids=[old_attachment.id],
                  today=TODAY)
    entry = evidence.get(store, eid)
    assert entry.title == "新标题" and entry.item_ids == (item_ids["1.2"],)
    assert [a.original_name for a in entry.attachments] == ["b.docx"]
    fields = {e["field"] for e in change_log.history(store.db, "evidence", eid)}
    assert {"title", "kind", "item_ids", "attachment"} <= fields


def test_deleted_evidence_is_kept_in_the_change_log(store, mini_ledger, item_ids, sample_file):
    eid = evidence.add(store, mini_ledger, title="误删的纪要", kind="其他", formed_on=TODAY,
                       item_ids=[item_ids["1.1"]], files=[sample_file()], today=TODAY).result
    evidence.delete(store, eid)
    last = change_log.history(store.db, "evidence", eid)[-1]
    assert last["action"] == "delete" and "误删的纪要" in last["old"] and "会议纪要.pdf" in last["old"]


def test_viewing_copy_refuses_scripts_and_reports_missing_file(store, mini_ledger, item_ids, sample_file):
    from dataclasses import replace

    from desktop.services.attachment_view import viewing_copy

    eid = evidence.add(store, mini_ledger, title="纪要", kind="其他", formed_on=TODAY,
                       item_ids=[item_ids["1.1"]], files=[sample_file()], today=TODAY).result
    attachment = evidence.get(store, eid).attachments[0]
    assert viewing_copy(store, attachment).read_bytes() == b"%PDF-1.4 sample"
    with pytest.raises(UserError, match="不直接打开"):
        viewing_copy(store, replace(attachment, original_name="x.vbs"))
    for path in store.files.root.glob("*/*"):
        path.unlink()
    with pytest.raises(UserError, match="缺失"):
        viewing_copy(store, attachment)


def test_a_register_entry_counts_as_evidence_in_the_list_filter_and_status(store, mini_ledger, item_ids):
    """登记即佐证: a review linked to 1.2 is one piece of its evidence everywhere the count shows."""
    from desktop.domain.filters import Criteria, visible_ids
    from desktop.domain.registers import REVIEW
    from tests.conftest import add_entry

    add_entry(store, mini_ledger, REVIEW, category="行政规范性文件", title="关于奖补办法（送审稿）",
              received_on=date(2025, 9, 26), item_ids=[item_ids["1.2"]])
    view = ledgers.load_view(store, mini_ledger)
    items = {i.code: i for i in view.items}
    assert items["1.2"].evidence_count == 1 and ledgers.get_item(store, item_ids["1.2"]).evidence_count == 1
    assert view.overall.evidence == 1
    without = visible_ids(view.items, Criteria(no_evidence=True), None, TODAY)
    assert item_ids["1.2"] not in without and item_ids["1.1"] in without


def test_template_not_applicable_is_one_meaning_everywhere(store, mini_ledger, item_ids):
    """5.7 is 不适用 in the template: 不适用 with a reason in the list's rules, the filter and the totals; saving
    it as the panel shows it changes nothing."""
    from desktop.domain import progress
    from desktop.domain.filters import Criteria, visible_ids

    item = ledgers.get_item(store, item_ids["5.7"])
    assert item.result == "未评估"  # stored as created: the meaning is computed, no migration
    assert progress.effective_result(item) == "不适用"
    assert progress.result_text(item) == "不适用（清单模板标注乡镇不适用）"
    view = ledgers.load_view(store, mini_ledger)
    assert visible_ids(view.items, Criteria(result="不适用"), None, TODAY) == {item_ids["5.7"]}
    assert item_ids["5.7"] not in visible_ids(view.items, Criteria(result="未评估"), None, TODAY)
    assert ledgers.update_item(store, item_ids["5.7"], {"result": "不适用",
                                                      "na_reason": progress.na_reason(item)}).result == 0
    assert not [e for e in change_log.history(store.db, "ledger_item", item_ids["5.7"]) if e["field"]]
    # the officer may still assess it: then it counts like any other item
    ledgers.update_item(store, item_ids["5.7"], {"result": "已落实", "progress": "已完成"})
    assert ledgers.load_view(store, mini_ledger).overall.applicable == view.overall.applicable + 1


def test_one_item_count_for_status_bar_restore_list_and_self_test(store, ledger):
    """An 条目 is every row the officer fills in: the numbered items and their sub-items, not the parts."""
    from desktop.domain import progress
    from desktop.services import self_test
    from desktop.store import backup_store

    view = ledgers.load_view(store, ledger)
    count = progress.item_count(view.items)
    assert count == sum(1 for i in view.items if i.level in ("item", "child")) > 100
    assert view.overall.items == count
    assert view.overall.items - view.overall.applicable == 4  # 4.2, 8.3, 10.6, 10.15
    assert backup_store.holdings(store.data.database)["ledgers"][0]["items"] == count
    said = []
    assert self_test.run(say=said.append)
    assert f"  ✓ 建立台账：{count} 个条目" in said
