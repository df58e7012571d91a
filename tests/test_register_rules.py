"""Issue 11 §3: the register rules each statute checks — every test names its article."""

from datetime import date, timedelta

import pytest

from desktop.domain import registers as rules
from desktop.domain.errors import ValidationError
from desktop.services import due, ledgers, register_notes, register_totals, registers
from desktop.store.store import Store

REVIEW, CASE, ADVISER, SERVICE, TRAINING, OFFICER, MATTER, PUBLICITY = rules.ENTITIES
TODAY = date(2026, 12, 1)


@pytest.fixture
def ledger26(store: Store):
    return ledgers.create_ledger(store, "测试镇人民政府", 2026).result


def add(store, ledger, entity, **fields):
    return registers.add(store, entity, ledger, fields, today=TODAY).result


def codes_of(store, ledger):
    return {i.code: i.id for i in ledgers.load_view(store, ledger).items}


# --- dates outside the ledger's year --------------------------------------------------------------------

def test_a_2019_lecture_in_a_2026_ledger_does_not_count_toward_law_lectures_gangyao_34(store, ledger26):
    for held in (date(2019, 5, 1), date(2026, 5, 1)):
        add(store, ledger26, TRAINING, kind="法治专题讲座", held_on=held, topic=f"讲座{held.year}")
    counted = register_totals.counted_indicators(store, ledger26)
    assert counted[codes_of(store, ledger26)["10.9"]]["law_lectures"] == 1
    checks = {c.key: c.value for c in register_totals.yearly_totals(store, ledger26).training_targets}
    assert checks["law_lectures"] == 1


def test_a_date_outside_the_ledgers_year_is_flagged_in_the_form_and_still_saved(store, ledger26):
    notes = register_notes.form_notes(store, ledger26, TRAINING)
    values = {f.name: f.default for f in rules.column_fields(TRAINING)}
    warned = notes({**values, "kind": "法治专题讲座", "held_on": date(2019, 5, 1), "topic": "民法典"})
    assert warned == {"held_on": "注意：2019-05-01 不在本台账年度（2026年）内，该记录不计入2026年度的指标和目标。"
                                 "请核对日期，或在2019年度的台账中登记。"}
    assert notes({**values, "held_on": date(2026, 5, 1)}) == {}
    assert add(store, ledger26, TRAINING, kind="法治专题讲座", held_on=date(2019, 5, 1), topic="民法典")


# --- 重大执法决定法制审核 ------------------------------------------------------------------------------------

def _major_case(store, ledger, review_id):
    return add(store, ledger, CASE, case_no="1号", kind="处罚", title="占道", decision_on=date(2026, 10, 20),
               is_major=True, legality_review_id=review_id)


def test_only_a_review_of_category_major_enforcement_decision_satisfies_the_legal_review_118_hao(store, ledger26):
    document = add(store, ledger26, REVIEW, category="行政规范性文件", title="办法", received_on=date(2026, 10, 9),
                   opinion="同意", opinion_on=date(2026, 10, 12))
    case_id = _major_case(store, ledger26, document)
    check = registers.case_verdicts(store, ledger26, TODAY)[case_id].review
    assert check.status == "fail" and check.text == "关联的审查记录类别为“行政规范性文件”，不是重大执法决定法制审核"
    proper = add(store, ledger26, REVIEW, category="重大执法决定", title="占道审核", received_on=date(2026, 10, 9),
                 opinion="同意", opinion_on=date(2026, 10, 12), reviewer="李华", reviewer_qualified=True)
    registers.edit(store, CASE, case_id, {"legality_review_id": proper}, today=TODAY)
    assert registers.case_verdicts(store, ledger26, TODAY)[case_id].review.status == "ok"


def test_reviewer_without_legal_qualification_is_warned_xingzheng_chufa_fa_art58_para2(store, ledger26):
    review_id = add(store, ledger26, REVIEW, category="重大执法决定", title="审核", received_on=date(2026, 10, 9),
                    reviewer="李华")
    warnings = rules.review_warnings(registers.get(store, REVIEW, review_id))
    assert warnings and "《行政处罚法》第58条第2款" in warnings[0] and "李华" in warnings[0]
    registers.edit(store, REVIEW, review_id, {"reviewer_qualified": True}, today=TODAY)
    assert rules.review_warnings(registers.get(store, REVIEW, review_id)) == []


def test_reviewers_to_officers_ratio_from_the_roster_118_hao_11(store, ledger26):
    for n in range(19):
        add(store, ledger26, OFFICER, name=f"执法{n}", certificate_no=f"Z{n}")
    add(store, ledger26, OFFICER, name="审核员", legal_reviewer=True, legal_qualification=True)
    officers = registers.list_entries(store, OFFICER, ledger26)
    assert rules.checks.reviewer_ratio_text(officers).startswith("法制审核人员 1 名／持证执法人员 19 名 = 5.3% ✓")
    add(store, ledger26, OFFICER, name="执法19", certificate_no="Z19")
    add(store, ledger26, OFFICER, name="执法20", certificate_no="Z20")
    assert "✗ 低于5%" in rules.checks.reviewer_ratio_text(registers.list_entries(store, OFFICER, ledger26))


# --- 重大行政决策 (条例 Art.25, Art.26) ------------------------------------------------------------------------

def _decision(store, ledger, **extra):
    fields = {"category": "重大行政决策", "title": "镇区规划", "received_on": date(2026, 9, 1),
              "adviser_consulted": True, "proc_collective_decision": True}
    return registers.get(store, REVIEW, add(store, ledger, REVIEW, **(fields | extra)))


def test_an_opinion_on_the_8th_working_day_is_not_late_art26_is_a_floor(store, ledger26):
    review = _decision(store, ledger26, opinion="同意", opinion_on=date(2026, 9, 11))  # the 8th working day
    deadline = registers.review_due(store, review)
    assert rules.review_status(review, deadline, TODAY) == "已出具意见"
    assert rules.review_warnings(review) == []
    pending = _decision(store, ledger26, title="二")
    assert rules.review_status(pending, registers.review_due(store, pending), TODAY) == "审查中"
    assert not [e for e in due.due_list(store, ledger26, TODAY, within_days=400) if e.kind == due.KIND_REVIEW]


def test_a_review_given_fewer_than_7_working_days_is_warned_tiaoli_art26(store, ledger26):
    review = _decision(store, ledger26, opinion="同意", opinion_on=date(2026, 9, 1))
    assert rules.review_warnings(review) == [
        "合法性审查时间仅 0 个工作日：送请合法性审查应当保证必要的审查时间，一般不少于7个工作日"
        "（《重大行政决策程序暂行条例》第26条）。"]


def test_an_opinion_after_the_collective_discussion_is_warned_tiaoli_art25(store, ledger26):
    review = _decision(store, ledger26, opinion="同意", opinion_on=date(2026, 9, 20),
                       discussed_on=date(2026, 9, 15))
    warnings = rules.review_warnings(review)
    assert any("晚于集体讨论" in w and "第25条" in w for w in warnings)
    notes = register_notes.form_notes(store, ledger26, REVIEW)
    values = {f.name: getattr(review, f.name) for f in rules.column_fields(REVIEW)}
    assert "第25条" in notes(values)["discussed_on"]


# --- adviser services and the 60 hours --------------------------------------------------------------------

def test_adviser_services_count_their_quantity_with_its_unit(store, ledger26):
    adviser = add(store, ledger26, ADVISER, name="张明", adviser_type="村(居)法律顾问")
    add(store, ledger26, SERVICE, served_on=date(2026, 3, 1), adviser_id=adviser, kind="法律咨询",
        served_party="群众", quantity=237)
    add(store, ledger26, SERVICE, served_on=date(2026, 3, 2), adviser_id=adviser, kind="村规民约审核",
        served_party="村(居)", quantity=3)
    counted = register_totals.counted_indicators(store, ledger26)[codes_of(store, ledger26)["10.14"]]
    assert counted == {"adviser_services": 240, "legal_consultations": 237}
    services = registers.list_entries(store, SERVICE, ledger26)
    assert register_totals.quantity_text(services) == "237 人次、3 件"


def test_60_hours_count_business_and_legal_training_not_central_group_study_gangyao_34(store, ledger26):
    officer = add(store, ledger26, OFFICER, name="赵敏", certificate_no="Z1")
    add(store, ledger26, TRAINING, kind="党委中心组学法", held_on=date(2026, 4, 1), topic="学习", hours=30,
        attendance=[(officer, None)])
    add(store, ledger26, TRAINING, kind="法治专题讲座", held_on=date(2026, 4, 2), topic="行政处罚法", hours=4,
        officer_training=True, attendance=[(officer, None)])  # one session, two targets: its form says so
    add(store, ledger26, TRAINING, kind="执法人员培训", held_on=date(2026, 4, 3), topic="执法", hours=20,
        attendance=[(officer, None)])
    totals = register_totals.yearly_totals(store, ledger26)
    assert [(o.name, o.hours) for o in totals.officer_hours] == [("赵敏", 24.0)]
    assert {c.key: c.value for c in totals.training_targets}["law_lectures"] == 1
    with pytest.raises(ValidationError, match="党委中心组学法属于政治理论学习"):
        add(store, ledger26, TRAINING, kind="党委中心组学法", held_on=date(2026, 4, 4), topic="学习",
            officer_training=True)


# --- choices ----------------------------------------------------------------------------------------------

def test_new_choices_and_adoption_defaults_to_not_recorded(store, ledger26):
    adviser = add(store, ledger26, ADVISER, name="张明", adviser_type="政府法律顾问")
    for kind in ("法律援助", "值班/驻窗/驻村", "村规民约审核"):
        add(store, ledger26, SERVICE, served_on=date(2026, 3, 1), adviser_id=adviser, kind=kind, served_party="企业")
    assert {s.adoption for s in registers.list_entries(store, SERVICE, ledger26)} == {"未记录"}
    review = registers.get(store, REVIEW, add(
        store, ledger26, REVIEW, category="行政规范性文件", title="办法", received_on=date(2026, 3, 1),
        opinion="暂不同意（退回补充材料）", opinion_reasons="缺少起草说明", opinion_on=date(2026, 3, 2)))
    assert review.adoption == "未记录" and review.opinion == "暂不同意（退回补充材料）"


def test_a_certificate_about_to_expire_is_reminded_in_due(store, ledger26):
    add(store, ledger26, OFFICER, name="赵敏", certificate_no="Z1", certificate_expires=date(2026, 12, 20))
    add(store, ledger26, OFFICER, name="孙磊", certificate_no="Z2", certificate_expires=date(2028, 1, 1))
    found = [e for e in due.due_list(store, ledger26, TODAY, within_days=30) if e.kind == due.KIND_CERTIFICATE]
    assert [e.text for e in found] == ["执法人员 赵敏（Z1）：执法证有效期至 2026-12-20，还剩 19 天，请及时办理换证（持证上岗）"]


# --- 行政执法案件 (行政处罚法) -------------------------------------------------------------------------------

def test_a_filed_penalty_case_is_due_90_days_after_filing_xingzheng_chufa_fa_art60(store, ledger26):
    add(store, ledger26, CASE, case_no="3号", kind="处罚", title="违建", filed_on=date(2026, 9, 1),
        case_officers="赵敏、孙磊")
    found = [e for e in due.due_list(store, ledger26, TODAY) if e.kind == due.KIND_CASE_LIMIT]
    assert [(e.due, e.overdue) for e in found] == [(date(2026, 11, 30), True)]
    assert "立案后90日内作出决定" in found[0].text


def test_fewer_than_two_certified_officers_are_warned_xingzheng_chufa_fa_art42(store, ledger26):
    add(store, ledger26, OFFICER, name="赵敏", certificate_no="Z1")
    add(store, ledger26, OFFICER, name="孙磊", certificate_no="Z2", certificate_expires=date(2026, 6, 30))
    officers = {o.name: o for o in registers.list_entries(store, OFFICER, ledger26)}
    one = rules.EnforcementCase(kind="处罚", decision_on=date(2026, 10, 1), case_officers="赵敏")
    assert "不得少于两人" in rules.checks.case_warnings(one, officers)["case_officers"]
    expired = rules.EnforcementCase(kind="处罚", decision_on=date(2026, 10, 1), case_officers="赵敏、孙磊")
    assert rules.checks.case_warnings(expired, officers) == {
        "case_officers": "承办执法人员不具有有效执法证：孙磊（执法证已于 2026-06-30 到期）（《行政处罚法》第42条）。"}
    ok = rules.EnforcementCase(kind="处罚", decision_on=date(2026, 6, 1), case_officers="赵敏 孙磊")
    assert rules.checks.case_warnings(ok, officers) == {}



def test_each_kind_of_case_is_held_to_its_own_law_and_none_to_another(store, ledger26):
    add(store, ledger26, OFFICER, name="赵敏", certificate_no="Z1")
    officers = {o.name: o for o in registers.list_entries(store, OFFICER, ledger26)}

    def warned(kind, names):
        case = rules.EnforcementCase(kind=kind, decision_on=date(2026, 10, 1), case_officers=names)
        return rules.checks.case_warnings(case, officers).get("case_officers", "")

    assert "两名以上行政执法人员实施（《行政强制法》第18条第二项）" in warned("强制", "赵敏")
    assert "行政处罚法" not in warned("强制", "赵敏")
    assert warned("检查", "赵敏") == ""  # no law sets two for an inspection: none is claimed
    assert warned("检查", "赵敏、钱某") == "承办执法人员不具有有效执法证：钱某（执法人员名册中无执法证）（《行政处罚法》第55条：检查时应当出示执法证件）。"
    assert warned("许可", "钱某") == "" and warned("其他", "钱某") == ""


def test_a_revoked_published_decision_is_withdrawn_within_3_working_days_art48_art85(store, ledger26):
    case_id = add(store, ledger26, CASE, case_no="5号", kind="处罚", title="占道", decision_on=date(2026, 9, 1),
                  published_on=date(2026, 9, 2), publication_place="网站", revision="撤销",
                  revised_on=date(2026, 11, 27))  # a Friday: three working days end on Wednesday 12-02
    found = [e for e in due.due_list(store, ledger26, TODAY) if e.kind == due.KIND_CASE_LIMIT]
    assert [(e.entity_id, e.due) for e in found] == [(case_id, date(2026, 12, 2))]
    registers.edit(store, CASE, case_id, {"withdrawn_on": date(2026, 12, 1)}, today=TODAY)
    assert not [e for e in due.due_list(store, ledger26, TODAY) if e.kind == due.KIND_CASE_LIMIT]
    with pytest.raises(ValidationError, match="请填写撤销日期"):
        add(store, ledger26, CASE, case_no="6号", kind="处罚", title="x", decision_on=date(2026, 9, 1),
            revision="撤销")


def test_a_case_handled_in_the_case_room_needs_full_av_recording_118_hao_8(store, ledger26):
    case_id = add(store, ledger26, CASE, case_no="7号", kind="处罚", title="询问", decision_on=date(2026, 9, 1),
                  text_record_complete=True, av_measure="在执法办案场所办案")
    check = registers.case_verdicts(store, ledger26, TODAY)[case_id].recording
    assert check.status == "fail" and "在执法办案场所办案须全程音像记录" in check.text


def test_no_penalty_with_a_fine_is_refused_and_fields_are_stored(store, ledger26):
    with pytest.raises(ValidationError, match="不予处罚的案件不应填写罚没金额"):
        add(store, ledger26, CASE, case_no="8号", kind="处罚", title="x", no_penalty=True, fine_amount=200)
    case_id = add(store, ledger26, CASE, case_no="9号", kind="处罚", title="x", fine_amount=1500.5,
                  transferred_to="移送司法机关")
    stored = registers.get(store, CASE, case_id)
    assert stored.fine_amount == 1500.5 and stored.transferred_to == "移送司法机关"


# --- 案件/事项: 行政复议, 行政应诉, 信访, 依申请公开 -------------------------------------------------------------

def _matter(store, ledger, **fields):
    return registers.get(store, rules.MATTER, add(store, ledger, rules.MATTER, **({"title": "事项"} | fields)))


def _due(matter):
    what, deadline, _met = rules.matters.matter_deadline(matter)
    return what, deadline.due


def test_reconsideration_reply_is_10_working_days_fuyi_fa_art48_art88_para2(store, ledger26):
    # National Day (10-01…10-07) not counted, the make-up Saturday 10-10 counted
    matter = _matter(store, ledger26, kind="行政复议", received_on=date(2026, 9, 25))
    assert _due(matter) == ("提出书面答复并提交证据", date(2026, 10, 15))


def test_litigation_defence_is_15_days_susong_fa_art67(store, ledger26):
    matter = _matter(store, ledger26, kind="行政应诉", received_on=date(2026, 11, 2))
    assert _due(matter) == ("提交答辩状和证据", date(2026, 11, 17))


def test_petition_notice_is_15_days_art23_para3_and_art31_6_matters_60_days_art34(store, ledger26):
    notice = _matter(store, ledger26, kind="信访", received_on=date(2026, 11, 2), petition_track="转送交办（第23条）")
    assert _due(notice) == ("书面告知信访人", date(2026, 11, 17))
    handled = _matter(store, ledger26, kind="信访", title="二", received_on=date(2026, 9, 1),
                      petition_track="按第31条第（六）项办理（第34条）")
    assert _due(handled) == ("办结", date(2026, 10, 31))
    extended = registers.edit(store, rules.MATTER, handled.id, {"extended": True}, today=TODAY)
    assert not extended.empty
    assert _due(registers.get(store, rules.MATTER, handled.id)) == ("办结", date(2026, 11, 30))
    with pytest.raises(ValidationError, match="请选择信访办理方式"):
        add(store, ledger26, rules.MATTER, kind="信访", title="三", received_on=date(2026, 11, 2))


def test_disclosure_is_20_working_days_plus_20_with_approval_gongkai_tiaoli_art33(store, ledger26):
    matter = _matter(store, ledger26, kind="依申请公开", received_on=date(2026, 11, 2))
    assert _due(matter) == ("答复申请人", date(2026, 11, 30))
    longer = _matter(store, ledger26, kind="依申请公开", title="二", received_on=date(2026, 11, 2), extended=True)
    assert _due(longer) == ("答复申请人", date(2026, 12, 28))


def test_open_matters_are_in_due_and_leave_when_answered(store, ledger26):
    matter = _matter(store, ledger26, kind="行政复议", received_on=date(2026, 11, 16))
    found = [e for e in due.due_list(store, ledger26, TODAY) if e.kind == due.KIND_MATTER]
    assert [e.text for e in found] == ["行政复议：事项：提出书面答复并提交证据 2026-11-30，已逾期 1 天"
                                       "（《行政复议法》第48条、第88条第2款）"]
    registers.edit(store, rules.MATTER, matter.id, {"answered_on": date(2026, 11, 27)}, today=TODAY)
    assert not [e for e in due.due_list(store, ledger26, TODAY) if e.kind == due.KIND_MATTER]
    assert rules.matters.matter_state(registers.get(store, rules.MATTER, matter.id), TODAY) == "按期办理"


def test_matter_counts_outcomes_appearances_and_rates(store, ledger26):
    _matter(store, ledger26, kind="行政应诉", received_on=date(2026, 3, 2), answered_on=date(2026, 3, 10),
            outcome="驳回", head_appeared=True)
    _matter(store, ledger26, kind="行政应诉", title="二", received_on=date(2026, 3, 2), answered_on=date(2026, 4, 30))
    _matter(store, ledger26, kind="信访", received_on=date(2026, 5, 4), petition_track="转送交办（第23条）")
    summary = register_totals.matter_summary(store, ledger26, TODAY)
    assert summary == ["行政应诉 2 件，结果：驳回 1 件，负责人出庭 1 件，已到期或已办理 2 件，办理率 100.0%，按期率 50.0%",
                       "信访 1 件，已到期或已办理 1 件，办理率 0.0%，按期率 0.0%"]


def test_a_matter_not_yet_due_is_no_zero_percent(store, ledger26):
    """A 依申请公开 received 3 days ago and not yet answered (20 working days, 政府信息公开条例 Art.33) is
    neither handled nor late: no 按期率 is quoted over it."""
    _matter(store, ledger26, kind="依申请公开", received_on=TODAY - timedelta(days=3))
    assert register_totals.matter_summary(store, ledger26, TODAY) == ["依申请公开 1 件，尚无到期事项"]
    counted = register_totals.counted_indicators(store, ledger26, TODAY)
    assert all("disclosure_on_time_rate" not in values for values in counted.values())
    late = register_totals.counted_indicators(store, ledger26, TODAY + timedelta(days=60))
    assert any(values.get("disclosure_on_time_rate") == 0.0 for values in late.values())  # once overdue: 0 %


# --- issue 11 §4: a structured place for every figure a township report quotes ---------------------------

REPORTED = {"8.8": "information_published", "3.2": "normative_documents", "10.2": "inspection_bulletins",
            "2.8": "enterprise_problems_solved", "10.16": "law_publicity_events", "5.7": "certified_officers",
            "10.13": "enforcement_trainings", "7.1": "mediation_success_rate", "8.1": "clues_filed",
            "7.5": "petition_done_rate", "7.4": "head_appearance_rate", "2.1": "grid_count"}


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_reported_figure_has_an_indicator_with_its_unit_in_both_templates(store, year):
    ledger = ledgers.create_ledger(store, "测试镇人民政府", year).result
    items = {i.code: i for i in ledgers.load_view(store, ledger).items}
    for code, key in REPORTED.items():
        [indicator] = [i for i in items[code].indicators if i.key == key]
        assert indicator.unit, (code, key)
    assert [i.unit for i in items["10.16"].indicators] == ["场次", "人次"]


def test_a_rate_is_a_percentage_of_two_counts_typed_or_counted(store, ledger26):
    items = codes_of(store, ledger26)
    ledgers.update_item(store, items["7.1"], {}, {"mediations": 383, "mediations_succeeded": 381})
    counted = register_totals.counted_indicators(store, ledger26)
    assert counted[items["7.1"]] == {"mediation_success_rate": 99.5}
    _matter(store, ledger26, kind="行政应诉", received_on=date(2026, 3, 2), head_appeared=True)
    _matter(store, ledger26, kind="行政应诉", title="二", received_on=date(2026, 3, 2))
    counted = register_totals.counted_indicators(store, ledger26)
    assert counted[items["7.4"]] == {"litigation_cases": 2, "head_court_appearances": 1, "head_appearance_rate": 50.0}


def test_registers_fill_the_reported_counts(store, ledger26):
    items = codes_of(store, ledger26)
    add(store, ledger26, OFFICER, name="赵敏", certificate_no="Z1")
    add(store, ledger26, OFFICER, name="孙磊")
    add(store, ledger26, TRAINING, kind="执法人员培训", held_on=date(2026, 4, 3), topic="执法", hours=8)
    _matter(store, ledger26, kind="依申请公开", received_on=date(2026, 3, 2), answered_on=date(2026, 3, 20))
    counted = register_totals.counted_indicators(store, ledger26)
    assert counted[items["5.7"]] == {"certified_officers": 1}
    assert counted[items["10.13"]]["enforcement_trainings"] == 1
    assert counted[items["8.9"]] == {"disclosure_requests": 1, "disclosure_on_time_rate": 100.0}


# --- importing the 执法人员 list from Excel -----------------------------------------------------------------

def officers_sheet(path, rows, header=("序号", "姓名", "执法证号", "所在科室", "证件有效期")):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def test_officers_are_imported_by_header_in_one_undo_step(store, ledger26, tmp_path):
    from desktop.services import officer_import, undo

    path = officers_sheet(tmp_path / "名册.xlsx", [
        (1, "赵敏", "Z0001", "综合执法办", date(2028, 6, 30)), (2, " 孙磊 ", 12345, "", "2027-01-31"),
        (None, None, None, None, None), (3, "钱进", None, "党政办", None)])
    from desktop.services import backup

    before = len(backup.list_backups(store))
    changes = officer_import.import_officers(store, ledger26, path, today=TODAY)
    assert changes.result == 3 and changes.label == "导入执法人员 3 名（名册.xlsx）"
    assert len(backup.list_backups(store)) == before + 1  # a backup before every import
    roster = {o.name: o for o in registers.list_entries(store, OFFICER, ledger26)}
    assert roster["孙磊"].certificate_no == "12345" and roster["孙磊"].certificate_expires == date(2027, 1, 31)
    assert roster["赵敏"].department == "综合执法办" and roster["钱进"].certificate_no == ""
    undo.undo(store, changes.op_id)
    assert registers.list_entries(store, OFFICER, ledger26) == []


def test_a_bad_row_imports_nothing_and_is_named_by_its_row_number(store, ledger26, tmp_path):
    from desktop.domain.errors import UserError
    from desktop.services import officer_import

    add(store, ledger26, OFFICER, name="周强", certificate_no="Z0009")
    path = officers_sheet(tmp_path / "名册.xlsx", [
        (1, "赵敏", "Z0001", "", "2028-02-30"), (2, "", "Z0002", "", None), (3, "孙磊", "Z0001", "", None),
        (4, "吴刚", "Z0009", "", None), (5, "郑丽", "Z0005", "", None)])
    with pytest.raises(UserError) as refused:
        officer_import.import_officers(store, ledger26, path, today=TODAY)
    assert str(refused.value).splitlines() == [
        "没有导入任何人员：4 行有问题，请改正后重新导入。",
        "第 2 行：证件有效期：“2028-02-30”不是日期（如 2025-06-30）。",
        "第 3 行：请填写姓名。",
        "第 4 行：执法证号 Z0001 与第 2 行重复。",
        "第 5 行：执法证号 Z0009 已登记在名册中（周强）。"]
    assert [o.name for o in registers.list_entries(store, OFFICER, ledger26)] == ["周强"]
    missing = officers_sheet(tmp_path / "无表头.xlsx", [("赵敏",)], header=("名字",))
    with pytest.raises(UserError, match="第 1 行没有“姓名”列"):
        officer_import.import_officers(store, ledger26, missing, today=TODAY)


def test_a_name_twice_without_certificates_and_invisible_characters_are_one_person(store, ledger26, tmp_path):
    """"张\u200b三" looks like 张三 and would count twice toward 持证执法人员: it is cleaned and refused."""
    from desktop.domain.errors import UserError
    from desktop.services import officer_import

    path = officers_sheet(tmp_path / "名册.xlsx", [(1, "张三", None, "", None), (2, "张\u200b三", None, "", None)])
    with pytest.raises(UserError) as refused:
        officer_import.import_officers(store, ledger26, path, today=TODAY)
    assert "第 3 行：张三 与第 2 行同名，且没有执法证号可区分。" in str(refused.value)
    assert registers.list_entries(store, OFFICER, ledger26) == []


def test_fazhi_import_officers_from_the_command_line(tmp_path, capsys):
    from desktop.app import main

    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "ledger", "new", "--unit", "河口镇", "--year", "2026"]) == 0
    path = officers_sheet(tmp_path / "名册.xlsx", [(1, "赵敏", "Z0001", "综合执法办", None)])
    assert main(["--data-dir", data, "import", "officers", "--year", "2026", str(path)]) == 0
    assert "已导入执法人员 1 名" in capsys.readouterr().out
    assert main(["--data-dir", data, "import", "officers", "--year", "2026", str(path)]) == 2
    assert "执法证号 Z0001 已登记在名册中（赵敏）" in capsys.readouterr().err


# --- migration 0005 -----------------------------------------------------------------------------------------

def test_migration_0005_turns_a_ticked_adopted_into_yiciacai_and_an_unticked_one_into_weijilu(tmp_path):
    import shutil
    import sqlite3

    from tests.conftest import DATA

    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(DATA / "schema_v3.sqlite", data / "taizhang.sqlite")
    shutil.copytree(DATA / "files", data / "files")
    conn = sqlite3.connect(data / "taizhang.sqlite")
    conn.execute("UPDATE legality_review SET adopted = 1")
    conn.commit()
    conn.close()
    with Store(data) as opened:
        [review] = opened.db.query("SELECT * FROM legality_review")
        [service] = opened.db.query("SELECT * FROM adviser_service")
        assert review["adoption"] == "已采纳" and service["adoption"] == "未记录"
        assert review["reviewer_qualified"] == 0 and review["discussed_on"] is None
        ledger_id = review["ledger_id"]
        assert registers.list_entries(opened, rules.MATTER, ledger_id) == []
        entry = registers.get(opened, REVIEW, review["id"])
        assert entry.adoption == "已采纳"


def test_new_fields_read_in_chinese_in_the_history(store, ledger26):
    from desktop.services import history

    case_id = add(store, ledger26, CASE, case_no="10号", kind="处罚", title="x", filed_on=date(2026, 9, 1))
    registers.edit(store, CASE, case_id, {"filed_on": date(2026, 9, 2), "case_officers": "赵敏、孙磊",
                                          "fine_amount": 200}, today=TODAY)
    matter = _matter(store, ledger26, kind="行政应诉", received_on=date(2026, 3, 2))
    registers.edit(store, rules.MATTER, matter.id, {"head_appeared": True}, today=TODAY)
    fields = {line.field for line in history.lines_for(store, CASE, case_id)}
    assert {"立案日期", "承办执法人员", "罚没金额（元）"} <= fields
    matter_lines = history.lines_for(store, rules.MATTER, matter.id)
    assert any(line.field == "负责人出庭应诉" for line in matter_lines)


def test_the_case_sheet_carries_the_case_warnings(store, ledger26, tmp_path):
    import openpyxl

    from desktop.services import register_export

    add(store, ledger26, CASE, case_no="11号", kind="处罚", title="x", decision_on=date(2026, 9, 1),
        case_officers="赵敏")
    out = register_export.export_registers(store, ledger26, tmp_path / "r.xlsx", today=TODAY)
    rows = list(openpyxl.load_workbook(out)["行政执法案件台账"].iter_rows(values_only=True))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert "执法人员不得少于两人" in row["办案提示"] and row["承办执法人员"] == "赵敏"


def test_law_publicity_events_fill_changci_and_renci_of_10_16_gangyao_35(store, ledger26):
    items = codes_of(store, ledger26)
    for day, people in ((1, 320), (2, 80)):
        add(store, ledger26, rules.PUBLICITY, held_on=date(2026, 3, day), kind="法律进村(社区)", title=f"第{day}场",
            quantity=people)
    add(store, ledger26, rules.PUBLICITY, held_on=date(2025, 12, 30), kind="其他", title="去年的", quantity=999)
    counted = register_totals.counted_indicators(store, ledger26)
    assert counted[items["10.16"]] == {"law_publicity_events": 2, "law_publicity_participants": 400}
    entry = registers.list_entries(store, rules.PUBLICITY, ledger26)[0]
    assert items["10.16"] in entry.item_ids  # proves 10.16 by default


def test_a_matter_dated_outside_the_ledgers_year_is_no_reminder_either(store, ledger26):
    """As the counts: a 依申请公开 dated 2019 in the 2026 ledger is a slip, not 2,850 days overdue."""
    _matter(store, ledger26, kind="依申请公开", title="旧申请", received_on=date(2019, 1, 10))
    _matter(store, ledger26, kind="依申请公开", title="新申请", received_on=TODAY - timedelta(days=40))
    titles = [e.title for e in due.due_list(store, ledger26, TODAY, within_days=30)]
    assert any("新申请" in t for t in titles) and not any("旧申请" in t for t in titles)
