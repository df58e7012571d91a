"""The registers (专项台账): validation, defaults and links, change log, locking, the three-system verdicts,
yearly totals, counted indicators, evidence, and the register sheets read back from the workbooks."""

import sqlite3
import threading
from datetime import date, datetime

import openpyxl
import pytest

from desktop.domain import registers as rules
from desktop.domain.errors import Cancelled, UserError, ValidationError
from desktop.services import (
    evidence,
    export_xlsx,
    ledgers,
    locking,
    register_export,
    register_settings,
    register_totals,
    registers,
    undo,
)
from desktop.store import change_log
from desktop.store.migrate import available_migrations
from desktop.store.store import Store
from tests.conftest import TODAY
from tests.conftest import add_entry as add

REVIEW, CASE, ADVISER, SERVICE, TRAINING, OFFICER, MATTER, PUBLICITY = rules.ENTITIES




def review(store, ledger, **extra):
    fields = {"category": "行政规范性文件", "title": "关于奖补办法（送审稿）", "received_on": date(2025, 9, 26)}
    return add(store, ledger, REVIEW, **(fields | extra))


def case(store, ledger, **extra):
    fields = {"case_no": "〔2025〕1号", "kind": "处罚", "title": "占道经营", "decision_on": date(2025, 9, 26)}
    return add(store, ledger, CASE, **(fields | extra))


def adviser(store, ledger, **extra):
    fields = {"name": "张明", "adviser_type": "政府法律顾问", "contract_start": date(2025, 1, 1),
              "contract_end": date(2025, 12, 31)}
    return add(store, ledger, ADVISER, **(fields | extra))


# --- validation --------------------------------------------------------------------------------------------

VALID = {
    REVIEW: {"category": "行政规范性文件", "title": "办法", "received_on": date(2025, 9, 26)},
    CASE: {"case_no": "1号", "kind": "处罚", "title": "占道", "decision_on": date(2025, 9, 26)},
    ADVISER: {"name": "张明", "adviser_type": "政府法律顾问"},
    SERVICE: {"served_on": date(2025, 3, 1), "adviser_id": None, "kind": "法律咨询", "served_party": "群众"},
    TRAINING: {"kind": "法治专题讲座", "held_on": date(2025, 4, 1), "topic": "民法典"},
    OFFICER: {"name": "赵敏"},
}


@pytest.mark.parametrize("entity, changes, field, message", [
    (REVIEW, {"title": " "}, "title", "请填写审查事项。"),
    (REVIEW, {"category": "红头文件"}, "category", "审查类别只能是：行政规范性文件、重大行政决策"),
    (REVIEW, {"received_on": "2025-13-01"}, "received_on", "收件日期不是有效日期。"),
    (REVIEW, {"received_on": date(2025, 12, 2)}, "received_on", "收件日期不能晚于今天。"),
    (REVIEW, {"time_limit_days": 0}, "time_limit_days", "审查时限（工作日）应在 1 至 60 之间。"),
    (REVIEW, {"extension_days": 5}, "extension_approved_by", "延长审查期限须填写延长批准人。"),
    (REVIEW, {"opinion": "同意"}, "opinion_on", "已填写审查意见，请填写出具意见日期。"),
    (REVIEW, {"opinion": "同意", "opinion_on": date(2025, 9, 25)}, "opinion_on", "出具意见日期不能早于收件日期。"),
    (REVIEW, {"opinion": "不同意", "opinion_on": date(2025, 9, 30)}, "opinion_reasons",
     "审查意见为“不同意”时，请填写意见理由。"),
    (REVIEW, {"adoption": "已采纳"}, "adoption", "尚未出具审查意见，不能标记为已采纳。"),
    (CASE, {"case_no": ""}, "case_no", "请填写案件编号。"),
    (CASE, {"kind": "罚款"}, "kind", "执法类别只能是：许可、处罚、强制、检查、征收征用、其他。"),
    (CASE, {"published_on": date(2025, 9, 25), "publication_place": "网站"}, "published_on",
     "公示日期不能早于决定日期。"),
    (CASE, {"decision_on": None, "published_on": date(2025, 9, 30)}, "published_on", "尚未填写决定日期"),
    (CASE, {"published_on": date(2025, 9, 30)}, "publication_place", "请填写公示载体"),
    (ADVISER, {"name": ""}, "name", "请填写姓名。"),
    (ADVISER, {"adviser_type": ""}, "adviser_type", "请选择顾问类型。"),
    (ADVISER, {"contract_start": date(2025, 1, 1), "contract_end": date(2025, 1, 1)}, "contract_end",
     "聘期结束日期应晚于聘期开始日期。"),
    (SERVICE, {}, "adviser_id", "请选择法律顾问。"),
    (SERVICE, {"adviser_id": 1, "quantity": 0}, "quantity", "数量应在 1 至 100000 之间。"),
    (SERVICE, {"adviser_id": 1, "quantity": 1.5}, "quantity", "数量应为整数。"),
    (TRAINING, {"hours": -1}, "hours", "学时应在 0 至 200 之间。"),
    (TRAINING, {"topic": ""}, "topic", "请填写主题。"),
    (OFFICER, {"active": "是"}, "active", "在岗只能选“是”或“否”。"),
])
def test_validation_names_the_field_in_chinese(store, ledger, entity, changes, field, message):
    with pytest.raises(ValidationError, match=message) as caught:
        add(store, ledger, entity, **(VALID[entity] | changes))
    assert caught.value.field == field
    assert registers.list_entries(store, entity, ledger) == []


def test_text_is_cleaned_and_dates_accept_iso_text(store, ledger):
    entry = registers.get(store, REVIEW, review(store, ledger, title="  关于\x0b奖补\n办法 ", received_on="2025-09-26"))
    assert entry.title == "关于奖补 办法" and entry.received_on == date(2025, 9, 26)


def test_unknown_field_names_are_programming_errors(store, ledger):
    with pytest.raises(ValueError, match="titel"):
        review(store, ledger, titel="拼错")


def test_case_numbers_are_unique_in_a_ledger(store, ledger):
    case(store, ledger)
    with pytest.raises(ValidationError, match="案件编号“〔2025〕1号”已登记过"):
        case(store, ledger)


def test_references_must_stay_in_the_ledger(store, ledger):
    other = ledgers.create_ledger(store, "乙镇", 2025).result
    foreign = adviser(store, other)
    with pytest.raises(ValidationError, match="所选法律顾问不在本年度台账中"):
        add(store, ledger, SERVICE, **(VALID[SERVICE] | {"adviser_id": foreign}))
    foreign_item = ledgers.load_view(store, other).items[1].id
    with pytest.raises(ValidationError, match="关联的台账条目不在本年度台账中"):
        review(store, ledger, item_ids=[foreign_item])


# --- defaults, links, change log, locking -----------------------------------------------------------------

def test_time_limits_default_from_settings_and_follow_the_category(store, ledger):
    first = registers.get(store, REVIEW, review(store, ledger))
    assert first.time_limit_days == 15
    assert registers.review_due(store, first).due == date(2025, 10, 23)
    register_settings.set_review_days(store, {"行政规范性文件": 10})
    second = registers.get(store, REVIEW, review(store, ledger, title="二"))
    assert second.time_limit_days == 10
    registers.edit(store, REVIEW, second.id, {"category": "重大执法决定"}, today=TODAY)
    assert registers.get(store, REVIEW, second.id).time_limit_days == 5  # it was the default: it follows
    registers.edit(store, REVIEW, first.id, {"category": "重大执法决定"}, today=TODAY)
    assert registers.get(store, REVIEW, first.id).time_limit_days == 15  # no longer the default: it stays
    chosen = review(store, ledger, title="三", time_limit_days=12)
    registers.edit(store, REVIEW, chosen, {"category": "重大执法决定"}, today=TODAY)
    assert registers.get(store, REVIEW, chosen).time_limit_days == 12
    with pytest.raises(ValidationError, match="时限应为 1 至 60"):
        register_settings.set_review_days(store, {"行政规范性文件": 0})


def test_publicity_limits_and_service_units_default_by_kind(store, ledger):
    assert registers.get(store, CASE, case(store, ledger)).publicity_days == 7
    assert registers.get(store, CASE, case(store, ledger, case_no="2号", kind="检查")).publicity_days == 20
    register_settings.set_publicity_days(store, {"检查": 15})
    assert registers.get(store, CASE, case(store, ledger, case_no="3号", kind="检查")).publicity_days == 15
    adviser_id = adviser(store, ledger)
    units = [registers.get(store, SERVICE, add(store, ledger, SERVICE, **(VALID[SERVICE] | {
        "adviser_id": adviser_id, "kind": kind}))).unit for kind in ("法律咨询", "审核合同", "法治讲座")]
    assert units == ["人次", "件", "场"]


def test_default_links_follow_the_entry_until_the_officer_changes_them(store, ledger, codes):
    entry_id = review(store, ledger)
    linked = lambda: {c for c, i in codes.items() if i in registers.get(store, REVIEW, entry_id).item_ids}  # noqa: E731
    assert linked() == {"3.3", "3.7.4", "3.7.8"}
    registers.edit(store, REVIEW, entry_id, {"category": "重大行政决策"}, today=TODAY)
    assert linked() == {"3.7.5", "3.7.8", "4.1", "4.3"}
    registers.set_item_links(store, REVIEW, entry_id, [codes["4.3"]])
    registers.edit(store, REVIEW, entry_id, {"category": "行政协议/合同"}, today=TODAY)
    assert linked() == {"4.3"}
    case_id = case(store, ledger, is_major=True, av_measure="查封扣押")
    case_codes = {c for c, i in codes.items() if i in registers.get(store, CASE, case_id).item_ids}
    assert case_codes == {"5.6.5", "5.6.6", "5.6.10"}
    registers.edit(store, CASE, case_id, {"published_on": date(2025, 9, 30), "publication_place": "网站"},
                   today=TODAY)
    assert codes["5.6.3"] in registers.get(store, CASE, case_id).item_ids


def test_many_entries_are_one_undo_step_with_each_ones_default_links_and_a_bad_one_adds_none(
        store, ledger, codes):
    rows = [{"case_no": "甲1号", "kind": "处罚", "title": "占道", "is_major": True, "av_measure": "查封扣押"},
            {"case_no": "甲2号", "kind": "检查", "title": "巡查"}]
    changes = registers.add_many(store, CASE, ledger, rows, "导入行政执法案件 2 件", today=TODAY)
    assert changes.result == 2 and changes.label == "导入行政执法案件 2 件"
    found = {c.case_no: {k for k, i in codes.items() if i in c.item_ids}
             for c in registers.list_entries(store, CASE, ledger)}
    single = registers.get(store, CASE, case(store, ledger, case_no="乙1号", is_major=True, av_measure="查封扣押"))
    assert found["甲1号"] == {k for k, i in codes.items() if i in single.item_ids} == {"5.6.5", "5.6.6", "5.6.10"}
    assert found["甲2号"] != found["甲1号"]
    undo.undo(store, changes.op_id)
    assert [c.case_no for c in registers.list_entries(store, CASE, ledger)] == ["乙1号"]
    bad = [{"case_no": "丙1号", "kind": "处罚", "title": "甲"}, {"case_no": "乙1号", "kind": "处罚", "title": "重号"}]
    with pytest.raises(ValidationError, match="已登记过"):
        registers.add_many(store, CASE, ledger, bad, "导入", today=TODAY)
    assert [c.case_no for c in registers.list_entries(store, CASE, ledger)] == ["乙1号"]


def test_every_write_is_logged_field_by_field(store, ledger):
    entry_id = review(store, ledger)
    changed = registers.edit(store, REVIEW, entry_id, {"opinion": "同意", "opinion_on": date(2025, 10, 9),
                                                       "reviewer": "李强"}, today=TODAY).result
    assert changed == 3
    assert registers.edit(store, REVIEW, entry_id, {"reviewer": "李强"}, today=TODAY).result == 0
    registers.delete(store, REVIEW, entry_id)
    log = change_log.history(store.db, "legality_review", entry_id)
    assert [r["action"] for r in log] == ["create", "update", "update", "update", "delete"]
    assert {(r["field"], r["old"], r["new"]) for r in log[1:4]} == {
        ("opinion", "", "同意"), ("opinion_on", None, "2025-10-09"), ("reviewer", "", "李强")}
    assert "关于奖补办法" in log[-1]["old"]
    with pytest.raises(UserError, match="找不到该合法性审查登记记录"):
        registers.get(store, REVIEW, entry_id)


def test_training_attendance_is_part_of_the_entry(store, ledger):
    officer = add(store, ledger, OFFICER, name="赵敏")
    other = add(store, ledger, OFFICER, name="孙磊")
    training = add(store, ledger, TRAINING, **(VALID[TRAINING] | {"hours": 3, "attendance": [(officer, None)]}))
    assert registers.get(store, TRAINING, training).attendance == (rules.Attendance(officer, 3.0),)
    registers.edit(store, TRAINING, training, {"attendance": [(other, 2), (officer, None)]}, today=TODAY)
    assert registers.get(store, TRAINING, training).attendance == (rules.Attendance(officer, 3.0),
                                                                     rules.Attendance(other, 2.0))
    assert change_log.history(store.db, "training", training)[-1]["field"] == "attendance"
    with pytest.raises(ValidationError, match="只能登记一次"):
        registers.edit(store, TRAINING, training, {"attendance": [(other, 1), (other, 2)]}, today=TODAY)


def test_referenced_entries_cannot_be_deleted(store, ledger):
    adviser_id = adviser(store, ledger)
    add(store, ledger, SERVICE, **(VALID[SERVICE] | {"adviser_id": adviser_id}))
    with pytest.raises(UserError, match="已有 1 条服务记录，不能删除"):
        registers.delete(store, ADVISER, adviser_id)
    review_id = review(store, ledger, category="重大执法决定")
    case(store, ledger, is_major=True, legality_review_id=review_id)
    with pytest.raises(UserError, match="1 个执法案件关联为法制审核"):
        registers.delete(store, REVIEW, review_id)
    officer = add(store, ledger, OFFICER, name="赵敏")
    add(store, ledger, TRAINING, **(VALID[TRAINING] | {"attendance": [(officer, 2)]}))
    with pytest.raises(UserError, match="条培训学时记录"):
        registers.delete(store, OFFICER, officer)


def test_a_locked_ledger_refuses_every_register_write(store, ledger):
    entry_id = review(store, ledger)
    store.db.execute("UPDATE ledger SET locked_at = '2026-01-05T09:00:00', locked_by = '测试' WHERE id = ?",
                     [ledger])
    with pytest.raises(UserError, match="报送锁定，不能修改"):
        review(store, ledger, title="新")
    with pytest.raises(UserError, match="报送锁定"):
        registers.edit(store, REVIEW, entry_id, {"reviewer": "王"}, today=TODAY)
    with pytest.raises(UserError, match="报送锁定"):
        registers.delete(store, REVIEW, entry_id)
    assert len(registers.list_entries(store, REVIEW, ledger)) == 1


def test_deleting_a_ledger_takes_its_registers_and_links_along(store, ledger):
    review(store, ledger)
    store.db.execute("DELETE FROM ledger WHERE id = ?", [ledger])
    assert store.db.execute("SELECT count(*) FROM register_item_link").fetchone()[0] == 0
    assert store.db.execute("SELECT count(*) FROM legality_review").fetchone()[0] == 0


def test_a_version_1_database_gains_the_registers(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    conn = sqlite3.connect(data / "taizhang.sqlite")
    conn.executescript(available_migrations()[0][1].read_text(encoding="utf-8") + "PRAGMA user_version = 1;")
    conn.close()
    with Store(data) as opened:
        assert opened.db.execute("PRAGMA user_version").fetchone()[0] == available_migrations()[-1][0]
        assert {"legality_review", "register_item_link", "training_attendance"} <= set(opened.db.utils.table_names())
        ledger_id = ledgers.create_ledger(opened, "甲镇", 2025).result
        assert registers.list_entries(opened, REVIEW, ledger_id) == []


# --- warnings and verdicts ----------------------------------------------------------------------------------

def test_major_decision_warns_when_legality_review_or_collective_decision_is_missing(store, ledger):
    entry = registers.get(store, REVIEW, review(store, ledger, category="重大行政决策", proc_public_participation=True))
    warnings = rules.review_warnings(entry)
    assert len(warnings) == 3
    assert warnings[0].startswith("重大行政决策未经合法性审查") and "集体讨论决定" in warnings[1]
    done = registers.get(store, REVIEW, review(
        store, ledger, title="二", category="重大行政决策", opinion="同意", opinion_on=date(2025, 10, 17),
        proc_collective_decision=True, adviser_consulted=True))
    assert rules.review_warnings(done) == []
    assert rules.review_warnings(registers.get(store, REVIEW, review(store, ledger, title="三"))) == []


def _verdict(store, ledger, case_id, today=TODAY):
    return registers.case_verdicts(store, ledger, today)[case_id]


@pytest.mark.parametrize("changes, today, status, text", [
    ({"published_on": date(2025, 10, 13), "publication_place": "镇政府网站"}, TODAY, "ok",
     "已于 2025-10-13 公示（时限 2025-10-13）"),
    ({"published_on": date(2025, 10, 14), "publication_place": "镇政府网站"}, TODAY, "fail",
     "逾期公示：2025-10-14 公示，时限为 2025-10-13"),
    ({}, date(2025, 10, 15), "fail", "逾期未公示：时限 2025-10-13，已超 2 天"),
    ({}, date(2025, 10, 13), "pending", "待公示：时限 2025-10-13"),
    ({"publicity_exempt_reason": "涉及个人隐私"}, TODAY, "na", "不予公示：涉及个人隐私"),
    ({"decision_on": None}, TODAY, "pending", "尚未作出决定"),
])
def test_publicity_verdict(store, ledger, changes, today, status, text):
    # decided Fri 2025-09-26, a penalty: 7 working days → 9-28 (Sun, worked), 9-29, 9-30, 10-9, 10-10,
    # 10-11 (Sat, worked), 10-13
    case_id = case(store, ledger, **changes)
    check = _verdict(store, ledger, case_id, today).publicity
    assert (check.status, check.text) == (status, text)


def test_publicity_due_date_counts_make_up_days(store, ledger):
    entry = registers.get(store, CASE, case(store, ledger))
    assert registers.publicity_due(store, entry).due == date(2025, 10, 13)
    registers.edit(store, CASE, entry.id, {"kind": "检查"}, today=TODAY)  # 20: 10-13 is the 7th, then 10-14 … 10-30
    assert registers.publicity_due(store, registers.get(store, CASE, entry.id)).due == date(2025, 10, 30)


@pytest.mark.parametrize("changes, status, text", [
    ({"text_record_complete": True}, "ok", "文字记录完整"),
    ({}, "fail", "文字记录不完整"),
    ({"text_record_complete": True, "av_measure": "查封扣押"}, "fail", "查封扣押须全程音像记录，音像记录不完整"),
    ({"text_record_complete": True, "av_measure": "强制拆除", "av_record_complete": True}, "ok", "文字、音像记录完整"),
    ({"decision_on": None}, "pending", "文字记录不完整"),
])
def test_recording_verdict(store, ledger, changes, status, text):
    check = _verdict(store, ledger, case(store, ledger, **changes)).recording
    assert (check.status, check.text) == (status, text)


@pytest.mark.parametrize("review_fields, case_fields, status, text", [
    (None, {"is_major": False}, "na", "非重大执法决定，无须法制审核"),
    (None, {"is_major": True}, "fail", "重大执法决定未经法制审核（未关联合法性审查记录）"),
    ({"opinion": "同意", "opinion_on": date(2025, 9, 25)}, {"is_major": True}, "ok",
     "已于 2025-09-25 经法制审核（同意）"),
    ({"opinion": "同意", "opinion_on": date(2025, 9, 26)}, {"is_major": True}, "ok",
     "已于 2025-09-26 经法制审核（同意）"),
    ({"opinion": "同意", "opinion_on": date(2025, 9, 29)}, {"is_major": True}, "fail",
     "法制审核意见日期 2025-09-29 晚于决定日期 2025-09-26"),
    ({}, {"is_major": True}, "fail", "法制审核尚未出具意见即作出决定"),
    ({"opinion": "不同意", "opinion_on": date(2025, 9, 25), "opinion_reasons": "证据不足"}, {"is_major": True},
     "fail", "法制审核意见为“不同意”，不得作出决定"),
    ({}, {"is_major": True, "decision_on": None}, "pending", "法制审核中"),
])
def test_legal_review_verdict(store, ledger, review_fields, case_fields, status, text):
    if review_fields is not None:
        case_fields = case_fields | {"legality_review_id": review(
            store, ledger, category="重大执法决定", received_on=date(2025, 9, 22), **review_fields)}
    verdict = _verdict(store, ledger, case(store, ledger, **case_fields))
    assert (verdict.review.status, verdict.review.text) == (status, text)
    assert verdict.review.mark == {"ok": "✓", "fail": "✗", "pending": "…", "na": "—"}[status]


def test_case_summary_names_the_failed_systems(store, ledger):
    verdict = _verdict(store, ledger, case(store, ledger, is_major=True))
    assert verdict.summary == "未落实：执法公示、全过程记录、法制审核" and not verdict.ok


# --- totals, indicators, evidence -------------------------------------------------------------------------

@pytest.fixture
def filled(store, ledger):
    adviser_id = adviser(store, ledger)
    for kind, quantity, adopted in (("法律咨询", 3, True), ("法律咨询", 2, False), ("审核合同", 1, True),
                                    ("法治讲座", 1, True)):
        add(store, ledger, SERVICE, served_on=date(2025, 5, 1), adviser_id=adviser_id, kind=kind,
            served_party="群众", quantity=quantity, adoption="已采纳" if adopted else "未记录")
    zhao, sun = add(store, ledger, OFFICER, name="赵敏"), add(store, ledger, OFFICER, name="孙磊")
    add(store, ledger, OFFICER, name="钱进", active=False)
    for day, kind, hours, attendance in ((1, "法治专题讲座", 3, [(zhao, None), (sun, None)]),
                                         (2, "法治专题讲座", 2, []), (3, "执法人员培训", 40, [(zhao, None), (sun, 30)]),
                                         (4, "执法人员培训", 20, [(zhao, None)]), (5, "党委中心组学法", 2, [])):
        add(store, ledger, TRAINING, kind=kind, held_on=date(2025, 6, day), topic=f"第{day}讲", hours=hours,
            attendance=attendance)
    review(store, ledger)
    review(store, ledger, title="合同", category="行政协议/合同")
    case(store, ledger, published_on=date(2025, 9, 30), publication_place="网站")
    case(store, ledger, case_no="2号")
    return ledger


def test_yearly_totals(store, filled):
    totals = register_totals.yearly_totals(store, filled)
    assert totals.adviser_services == {"法律咨询": {"人次": 5}, "审核合同": {"件": 1}, "法治讲座": {"场": 1}}
    assert totals.adviser_service_count == 4 and totals.adviser_adopted_count == 3
    assert totals.reviews_by_category["行政规范性文件"] == 1 and totals.reviews_by_category["行政协议/合同"] == 1
    checks = {c.key: (c.value, c.target, c.met) for c in totals.training_targets}
    # 会前学法 has no target (督察规定 Art.8(七): 定期学法; the "2" of 10.10 was invented, issue 11)
    assert checks == {"law_lectures": (2, 2, True), "central_group_study": (1, 2, False)}
    # issue 11: the 法治专题讲座 (not marked as officers' training) no longer counts toward the 60 hours
    assert [(o.name, o.hours) for o in totals.officer_hours] == [("孙磊", 30.0), ("赵敏", 60.0)]
    assert [(o.name, o.short_by) for o in totals.officers_short] == [("孙磊", 30.0)]
    register_settings.set_targets(store, {"officer_hours": 30, "central_group_study": 1})
    totals = register_totals.yearly_totals(store, filled)
    assert totals.officers_short == [] and all(c.met for c in totals.training_targets[:2])
    with pytest.raises(ValidationError, match="未知的年度目标"):
        register_settings.set_targets(store, {"hours": 1})


def test_counted_indicators_by_item(store, filled, codes):
    counted = register_totals.counted_indicators(store, filled)
    by_code = {c: counted.get(i, {}) for c, i in codes.items()}
    assert by_code["3.7"] == {"legality_reviews": 2}
    assert by_code["5.6.3"] == {"enforcement_cases_published": 1}
    assert by_code["10.14"] == {"adviser_services": 7, "legal_consultations": 5}  # quantities (issue 11)
    assert by_code["10.9"] == {"law_lectures": 2}
    assert by_code["10.10"] == {"exec_meeting_study": 0, "central_group_study": 1}
    assert by_code["10.13"] == {"enforcement_training_hours": 30.0,  # the lowest officer on duty
                                "enforcement_trainings": 2}  # issue 11 §4: 执法培训 次


def test_unused_registers_leave_typed_values_alone(store, ledger, codes):
    ledgers.update_item(store, codes["10.9"], {}, {"law_lectures": 2})
    assert register_totals.counted_indicators(store, ledger) == {}
    review(store, ledger)
    assert register_totals.counted_indicators(store, ledger) == {codes["3.7"]: {"legality_reviews": 1}}
    assert ledgers.get_item(store, codes["10.9"]).indicator_values["law_lectures"] == 2


def test_register_entries_are_evidence_of_their_items(store, ledger, codes, sample_file):
    entry_id = review(store, ledger, title="=SUM(A1) 奖补办法")
    rows = registers.register_evidence_for_item(store, codes["3.3"])
    assert rows == [{"date": date(2025, 9, 26), "title": "=SUM(A1) 奖补办法", "kind": "合法性审查登记",
                     "entity": "legality_review", "id": entry_id, "files": 0}]
    evidence_id = registers.add_evidence(store, REVIEW, entry_id, files=[sample_file("意见书.pdf")], today=TODAY).result
    added = evidence.get(store, evidence_id)
    assert added.title == "合法性审查登记：=SUM(A1) 奖补办法" and added.kind == "审查意见书"
    assert added.formed_on == date(2025, 9, 26) and set(added.item_ids) == set(
        registers.get(store, REVIEW, entry_id).item_ids)
    assert [e.id for e in registers.entry_evidence(store, REVIEW, entry_id)] == [evidence_id]
    assert registers.entries_for_evidence(store, evidence_id) == [("legality_review", entry_id)]
    assert registers.register_evidence_for_item(store, codes["3.3"])[0]["files"] == 1
    registers.delete(store, REVIEW, entry_id)  # the evidence stays with its items; the link goes
    assert registers.register_evidence_for_item(store, codes["3.3"]) == []
    assert evidence.get(store, evidence_id).attachments
    assert registers.entries_for_evidence(store, evidence_id) == []


def test_evidence_needs_linked_items(store, ledger):
    entry_id = review(store, ledger, item_ids=[])
    with pytest.raises(UserError, match="请先为该登记记录关联至少一个台账条目"):
        registers.add_evidence(store, REVIEW, entry_id, today=TODAY)


def test_user_calendar_setting_feeds_the_deadlines(store, ledger):
    register_settings.set_user_calendar_year(store, 2027, [date(2027, 1, 1)], [])
    assert register_settings.user_calendar(store).covers(2027)
    entry = rules.LegalityReview(received_on=date(2026, 12, 28), time_limit_days=5)
    assert registers.review_due(store, entry).due == date(2027, 1, 5)
    register_settings.remove_user_calendar_year(store, 2027)
    assert registers.review_due(store, entry).estimated


def test_seal_content_has_no_row_ids(store, filled):
    content = registers.seal_content(store, filled)
    assert set(content) == set(rules.ENTITIES)
    service = next(s for s in content[SERVICE] if s["kind"] == "法律咨询")
    assert service["adviser_id"] == "张明" and service["item_ids"] == ["10.14.5"]
    assert all(name in ("赵敏", "孙磊") for t in content[TRAINING] for name, _ in t["attendance"])


# --- sheets -------------------------------------------------------------------------------------------------

def _rows(path, sheet):
    return [[c.value for c in row] for row in openpyxl.load_workbook(path)[sheet].iter_rows()]


def test_progress_workbook_gains_the_register_sheets(store, filled, tmp_path):
    seen = []
    out = export_xlsx.export_progress_workbook(store, filled, tmp_path / "a.xlsx", today=TODAY,
                                               progress=lambda done, total: seen.append((done, total)))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["封面", "汇总", "任务清单", "佐证材料目录", "未完成事项", "指标完成情况", "合法性审查台账",
                               "行政执法案件台账", "法律顾问名册", "法律顾问服务台账", "学法培训台账", "执法人员培训学时",
                               "复议应诉信访公开台账", "普法活动台账"]
    assert seen[-1][0] == seen[-1][1]
    reviews = _rows(out, "合法性审查台账")
    assert reviews[0][:5] == ["序号", "审查类别", "审查事项", "送审科室", "收件日期"]
    first = dict(zip(reviews[0], reviews[1], strict=True))  # one field per column since issue 10
    assert [first["审查类别"], first["审查事项"], first["收件日期"]] == ["行政规范性文件", "关于奖补办法（送审稿）",
                                                              datetime(2025, 9, 26)]
    assert first["审查时限（工作日）"] == 15 and first["审查期限"] == datetime(2025, 10, 23)
    assert first["办理情况"] == "已逾期"
    case_rows = _rows(out, "行政执法案件台账")
    cases = {r[1]: dict(zip(case_rows[0], r, strict=True)) for r in case_rows[1:]}
    assert cases["2号"]["执法公示"].startswith("× 逾期未公示") and cases["〔2025〕1号"]["执法公示"].startswith("√ 已于")
    officer_rows = _rows(out, "执法人员培训学时")
    officers = {r[1]: dict(zip(officer_rows[0], r, strict=True)) for r in officer_rows[1:]}
    # issue 11: the 法治专题讲座 is not business/legal training of the officers unless its form says so
    assert [officers["孙磊"][k] for k in ("年度培训学时", "目标学时", "是否达标")] == [30, 60, "未达标（差 30 学时）"]
    advisers = _rows(out, "法律顾问名册")
    assert dict(zip(advisers[0], advisers[1], strict=True))["服务次数"] == "5 人次、1 件、1 场"  # quantities
    assert officers["钱进"]["是否达标"] == "不在岗" and officers["钱进"]["在岗"] == "否"
    sheet = book["学法培训台账"]
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"


def test_user_text_in_register_sheets_stays_text(store, ledger, tmp_path):
    review(store, ledger, title="=HYPERLINK(\"http://x\")", submitted_by="+党政办", note="@备注\x0b")
    out = register_export.export_registers(store, ledger, tmp_path / "r.xlsx", today=TODAY)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [name for _, name in register_export.SHEETS]
    row = list(book["合法性审查台账"].iter_rows(min_row=2, max_row=2))[0]
    assert row[2].value == '=HYPERLINK("http://x")' and row[2].data_type == "s"
    assert row[3].value == "+党政办" and row[3].data_type == "s"
    header = [c.value for c in next(book["合法性审查台账"].iter_rows(max_row=1))]
    note = row[header.index("备注")]
    assert note.value == "@备注" and note.data_type == "s"
    assert _rows(out, "法律顾问服务台账")[1:] == []


def test_register_export_can_be_cancelled(store, filled, tmp_path):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        register_export.export_registers(store, filled, tmp_path / "r.xlsx", cancel=cancel, today=TODAY)
    assert not (tmp_path / "r.xlsx").exists()


def test_enforcement_statistics_workbook(store, ledger, tmp_path):
    review_id = review(store, ledger, category="重大执法决定", opinion="同意", opinion_on=date(2025, 9, 25),
                       received_on=date(2025, 9, 22))
    case(store, ledger, published_on=date(2025, 9, 30), publication_place="网站", text_record_complete=True)
    case(store, ledger, case_no="2号", published_on=date(2025, 10, 20), publication_place="网站")
    case(store, ledger, case_no="3号", kind="强制", is_major=True, legality_review_id=review_id,
         av_measure="查封扣押", av_record_complete=True, text_record_complete=True)
    case(store, ledger, case_no="4号", kind="检查", publicity_exempt_reason="涉及商业秘密")
    case(store, ledger, case_no="5号", kind="许可", decision_on=None)
    out = register_export.export_enforcement_statistics(store, ledger, tmp_path / "年报.xlsx", today=TODAY)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["执法统计", "行政执法案件台账"]
    rows = {r[0]: r[1:] for r in _rows(out, "执法统计")[2:]}
    assert _rows(out, "执法统计")[0][0] == "测试镇人民政府 2025 年度行政执法统计年报"
    #                       cases decided major reviewed on-time late overdue pending exempt text av-req av-done
    assert rows["处罚"] == [2, 2, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0]
    assert rows["强制"] == [1, 1, 1, 1, 0, 0, 1, 0, 0, 1, 1, 1]
    assert rows["检查"] == [1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]
    assert rows["许可"] == [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert rows["合计"] == [5, 4, 1, 1, 1, 1, 1, 0, 1, 2, 1, 1]
    assert len(_rows(out, "行政执法案件台账")) == 6


def test_review_sheet_reads_the_opinion_and_extension_as_sentences(store, mini_ledger, tmp_path):
    registers.add(store, rules.REVIEW, mini_ledger, {
        "category": "行政规范性文件", "title": "村规民约", "received_on": date(2025, 11, 3), "extension_days": 5,
        "extension_approved_by": "王镇长", "opinion": "修改后同意", "opinion_reasons": "第三条与上位法不一致",
        "opinion_on": date(2025, 11, 20), "adoption": "已采纳", "adviser_consulted": True, "archive_no": "HF-9"},
        today=TODAY)
    out = register_export.export_registers(store, mini_ledger, tmp_path / "r.xlsx", today=TODAY)
    header, row = _rows(out, "合法性审查台账")[:2]
    by_title = dict(zip(header, row, strict=True))
    # one field per column since issue 10 (they were sentences before): a workbook can come back
    assert by_title["审查意见"] == "修改后同意" and by_title["意见理由"] == "第三条与上位法不一致"
    assert by_title["出具意见日期"] == datetime(2025, 11, 20) and by_title["意见是否采纳"] == "已采纳"
    assert by_title["听取法律顾问意见"] == "是" and by_title["延长（工作日）"] == 5
    assert by_title["延长批准人"] == "王镇长" and by_title["归档号"] == "HF-9"
    sheet = openpyxl.load_workbook(out)["合法性审查台账"]
    visible = [d.width for d in sheet.column_dimensions.values() if not d.hidden]
    assert sum(visible) < 200  # prints at a legible scale


# --- people belong to the unit --------------------------------------------------------------------------

def test_next_years_roster_lists_the_units_people_and_each_year_has_its_own_hours(store, ledger):
    officer = add(store, ledger, OFFICER, name="赵敏")
    adviser = add(store, ledger, ADVISER, name="张明", adviser_type="政府法律顾问")
    add(store, ledger, TRAINING, **(VALID[TRAINING] | {"hours": 3, "attendance": [(officer, None)]}))
    sealed = locking.content_checksum(store, ledger)
    next_year = ledgers.create_ledger(store, "测试镇人民政府", 2026).result
    assert [o.name for o in registers.list_entries(store, OFFICER, next_year)] == ["赵敏"]  # not retyped
    assert [a.name for a in registers.list_entries(store, ADVISER, next_year)] == ["张明"]
    training = registers.add(store, TRAINING, next_year, {
        "kind": "执法人员培训", "held_on": date(2026, 3, 1), "topic": "程序规范", "hours": 16,
        "attendance": [(officer, None)]}, today=date(2026, 3, 2)).result
    registers.add(store, SERVICE, next_year, {"served_on": date(2026, 3, 1), "adviser_id": adviser,
                                              "kind": "法律咨询", "served_party": "群众"}, today=date(2026, 3, 2))
    assert registers.get(store, TRAINING, training).attendance == (rules.Attendance(officer, 16.0),)
    assert [t.hours for t in registers.list_entries(store, TRAINING, ledger)] == [3.0]  # 2025 keeps its year
    assert locking.content_checksum(store, ledger) == sealed  # next year's work leaves this year's seal
    other_unit = ledgers.create_ledger(store, "乙镇人民政府", 2026).result
    assert registers.list_entries(store, OFFICER, other_unit) == []
    with pytest.raises(ValidationError, match="参训人员不在本年度执法人员名册中"):
        registers.add(store, TRAINING, other_unit, {**VALID[TRAINING], "held_on": date(2026, 3, 1),
                                                    "attendance": [(officer, None)]}, today=date(2026, 3, 2))
    new = registers.add(store, OFFICER, next_year, {"name": "孙磊"}, today=date(2026, 3, 2)).result
    unit = store.db.execute("SELECT unit_id FROM ledger WHERE id = ?", [next_year]).fetchone()[0]
    assert store.db.execute("SELECT unit_id FROM enforcement_officer WHERE id = ?", [new]).fetchone()[0] == unit


def test_an_entry_saved_with_its_files_is_one_undo_step(store, ledger, sample_file):
    """The entry form's 保存 with files: one operation — Ctrl+Z takes back the entry and its evidence at once."""
    from desktop.services import undo

    saved = registers.save_entry(store, REVIEW, ledger, None, VALID[REVIEW], files=[sample_file("意见书.pdf")],
                                 today=TODAY)
    entry = registers.get(store, REVIEW, saved.result)
    assert saved.label == f"添加合法性审查登记“{entry.display_title}”"
    assert store.db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 1
    undo.undo(store, saved.op_id)
    assert registers.list_entries(store, REVIEW, ledger) == []
    assert store.db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0


def test_an_entry_whose_file_is_refused_is_not_saved_either(store, ledger, sample_file):
    with pytest.raises(UserError):
        registers.save_entry(store, REVIEW, ledger, None, VALID[REVIEW], files=[sample_file("工具.exe")],
                             today=TODAY)
    assert registers.list_entries(store, REVIEW, ledger) == []  # the retry adds it once


def test_a_version_5_database_calls_the_meeting_study_by_the_townships_meeting(tmp_path):
    """地方组织法 Art.77-78: a township has no 政府常务会议; its trainings of that kind become 会前学法."""
    conn = sqlite3.connect(tmp_path / "taizhang.sqlite")
    for _number, path in available_migrations()[:5]:
        conn.executescript(path.read_text(encoding="utf-8"))
    conn.execute("INSERT INTO unit (id, name, created_at, uid) VALUES (1, '某镇', 'x', 'u1')")
    conn.execute("INSERT INTO template (id, key, version, name, content_sha256, loaded_at, rules) VALUES "
                 "(1, 'k', '1', 'n', 's', 'x', '{\"when\": {\"kind\": \"政府常务会议学法\"}}')")
    conn.execute("INSERT INTO ledger (id, unit_id, year, template_id, created_at, uid) VALUES (1, 1, 2025, 1, 'x', 'l1')")
    conn.execute("INSERT INTO training (ledger_id, kind, held_on, topic, created_at, updated_at, uid) VALUES "
                 "(1, '政府常务会议学法', '2025-03-01', '行政处罚法', 'x', 'x', 't1')")
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    with Store(tmp_path) as opened:
        assert opened.db.execute("SELECT kind FROM training").fetchone()[0] == "会前学法"
        assert "会前学法" in opened.db.execute("SELECT rules FROM template").fetchone()[0]
