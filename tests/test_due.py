"""到期与逾期: what the start-up list shows, and the demo's registers."""

from datetime import date

from desktop.domain import registers as rules
from desktop.services import demo, due, ledgers, register_totals, registers
from tests.conftest import TODAY  # 2025-12-01, a Monday
from tests.conftest import add_entry as add

REVIEW, CASE, ADVISER = rules.REVIEW, rules.CASE, rules.ADVISER


def kinds(entries, kind):
    return {e.title: e for e in entries if e.kind == kind}


def test_ledger_items_overdue_or_due_soon(store, ledger, codes):
    ledgers.update_item(store, codes["3.3"], {"due_date": date(2025, 11, 28), "owner": "王丽"})
    ledgers.update_item(store, codes["3.4"], {"due_date": date(2025, 12, 6)})
    ledgers.update_item(store, codes["3.5"], {"due_date": date(2025, 12, 20)})
    ledgers.update_item(store, codes["3.6"], {"due_date": date(2025, 11, 1), "progress": "已完成"})
    ledgers.update_item(store, codes["4.1"], {"due_date": date(2025, 11, 1), "result": "不适用", "na_reason": "无"})
    items = kinds(due.due_list(store, ledger, TODAY), "台账条目")
    assert set(items) == {"3.3 规范性文件合法性审核", "3.4 规范性文件备案审查"}
    overdue = items["3.3 规范性文件合法性审核"]
    assert overdue.days_left == -3 and overdue.overdue
    assert overdue.text == "3.3 规范性文件合法性审核：完成时限 2025-11-28，已逾期 3 天（王丽）"
    assert (overdue.entity, overdue.entity_id, overdue.ledger_id) == ("ledger_item", codes["3.3"], ledger)
    assert items["3.4 规范性文件备案审查"].text.endswith("还剩 5 天")
    assert "3.5 规范性文件动态清理" in kinds(due.due_list(store, ledger, TODAY, within_days=30), "台账条目")


def test_reviews_past_or_near_their_due_date_without_an_opinion(store, ledger):
    late = add(store, ledger, REVIEW, category="重大执法决定", title="强拆审核", received_on=date(2025, 11, 20))
    add(store, ledger, REVIEW, category="重大执法决定", title="已办结", received_on=date(2025, 11, 20),
        opinion="同意", opinion_on=date(2025, 11, 21))
    add(store, ledger, REVIEW, category="重大执法决定", title="新收", received_on=date(2025, 11, 28))
    add(store, ledger, REVIEW, category="行政规范性文件", title="规范性文件", received_on=date(2025, 11, 28))
    reviews = kinds(due.due_list(store, ledger, TODAY), "合法性审查")
    assert set(reviews) == {"合法性审查“强拆审核”", "合法性审查“新收”"}
    entry = reviews["合法性审查“强拆审核”"]  # 5 working days: 11-21, 11-24 … 11-27
    assert (entry.due, entry.days_left, entry.entity, entry.entity_id) == (date(2025, 11, 27), -4, REVIEW, late)
    assert entry.text == "合法性审查“强拆审核”：审查期限 2025-11-27，已逾期 4 天，尚未出具审查意见"
    assert reviews["合法性审查“新收”"].due == date(2025, 12, 5)


def test_estimated_due_dates_say_so(store):
    ledger = ledgers.create_ledger(store, "测试镇人民政府", 2026).result  # a review of its own year
    registers.add(store, REVIEW, ledger, {"category": "重大执法决定", "title": "跨年",
                                          "received_on": date(2026, 12, 28)}, today=date(2026, 12, 30))
    entry = due.due_list(store, ledger, date(2026, 12, 30))[-1]
    assert entry.due == date(2027, 1, 4) and entry.estimated
    assert entry.text.endswith("（2027年度法定节假日数据未收录，按周一至周五估算）")


def test_case_publicity_past_or_near_due(store, ledger):
    base = {"kind": "处罚", "title": "占道经营", "decision_on": date(2025, 11, 20)}
    add(store, ledger, CASE, case_no="1号", **base)
    add(store, ledger, CASE, case_no="2号", **(base | {"kind": "检查"}))
    add(store, ledger, CASE, case_no="3号", **base, published_on=date(2025, 11, 21), publication_place="网站")
    add(store, ledger, CASE, case_no="4号", **base, publicity_exempt_reason="涉及个人隐私")
    add(store, ledger, CASE, case_no="5号", kind="处罚", title="未决")
    cases = kinds(due.due_list(store, ledger, TODAY), "执法公示")
    assert list(cases) == ["处罚案件 1号 占道经营"]
    assert cases["处罚案件 1号 占道经营"].text == "处罚案件 1号 占道经营：公示期限 2025-12-01，今天到期，尚未公示"
    later = kinds(due.due_list(store, ledger, date(2025, 12, 22)), "执法公示")
    assert set(later) == {"处罚案件 1号 占道经营", "检查案件 2号 占道经营"}


def test_adviser_contracts_ending_soon_or_ended(store, ledger):
    base = {"adviser_type": "政府法律顾问", "contract_start": date(2025, 1, 1)}
    add(store, ledger, ADVISER, name="张明", contract_end=date(2025, 12, 20), **base)
    add(store, ledger, ADVISER, name="刘芳", contract_end=date(2026, 3, 1), **base)
    add(store, ledger, ADVISER, name="陈律师", contract_end=date(2025, 11, 10), **base)
    add(store, ledger, ADVISER, name="王律师", contract_end=date(2025, 6, 30), **base)
    add(store, ledger, ADVISER, name="王律师", contract_end=date(2026, 6, 30), **(base | {"contract_start": date(2025, 7, 1)}))
    contracts = kinds(due.due_list(store, ledger, TODAY), "法律顾问聘期")
    assert set(contracts) == {"政府法律顾问 张明", "政府法律顾问 陈律师"}
    assert contracts["政府法律顾问 张明"].text.endswith("聘期届满 2025-12-20，还剩 19 天")
    assert contracts["政府法律顾问 陈律师"].text.endswith("已逾期 21 天，请办理续聘或更新名册")


def test_statutory_yearly_dates_until_their_items_are_done(store, ledger, codes):
    """The reports about 2025 fall due early in 2026 and belong to the 2025 ledger."""
    titles = lambda today: set(kinds(due.due_list(store, ledger, today), "法定报送"))  # noqa: E731
    stats = "2025年度行政执法统计年报公开并报送（1月31日前）"
    report = "2025年度法治政府建设情况报告报送上级党委和政府（3月1日前）"
    publish = "2025年度法治政府建设情况报告向社会公开（4月1日前）"
    assert titles(TODAY) == set() and titles(date(2026, 1, 20)) == set()
    assert titles(date(2026, 1, 25)) == {stats}
    assert titles(date(2026, 2, 25)) == {stats, report}
    entry = kinds(due.due_list(store, ledger, date(2026, 2, 25)), "法定报送")[report]
    assert entry.clears.startswith("报送后，在台账条目 10.5 的指标“年度报告按时报送”填写 1")
    ledgers.update_item(store, codes["5.6.4"], {"progress": "已完成"})
    ledgers.update_item(store, codes["10.5"], {}, {"annual_report_on_time": 1})
    assert titles(date(2026, 3, 28)) == {publish}
    entry = kinds(due.due_list(store, ledger, date(2026, 3, 28)), "法定报送")[publish]
    assert (entry.due, entry.days_left, entry.entity, entry.entity_id, entry.ledger_id) == (
        date(2026, 4, 1), 4, "ledger_item", codes["10.5"], ledger)
    ledgers.update_item(store, codes["10.5"], {"progress": "已完成"})
    assert titles(date(2026, 12, 1)) == set()


def test_a_fresh_ledger_shows_no_statutory_rows_of_the_year_before(store, ledger):
    fresh = ledgers.create_ledger(store, "测试镇人民政府", 2026).result
    found = due.due_list(store, fresh, date(2026, 12, 2))
    assert [e for e in found if e.kind == "法定报送"] == []
    assert not any(e.overdue for e in found)
    assert "2025年度法治政府建设情况报告报送上级党委和政府（3月1日前）" in kinds(
        due.due_list(store, ledger, date(2026, 12, 2)), "法定报送")  # they stay with the 2025 ledger


def test_a_back_filled_past_ledger_adds_no_rows_long_overdue(store, ledger, codes):
    old = ledgers.create_ledger(store, "测试镇人民政府", 2024).result
    old_codes = {i.code: i.id for i in ledgers.load_view(store, old).items}
    ledgers.update_item(store, old_codes["3.3"], {"due_date": date(2024, 6, 30)})
    add(store, old, REVIEW, category="重大执法决定", title="旧审查", received_on=date(2024, 5, 6))
    today = date(2026, 12, 2)
    assert due.due_list(store, old, today) == []
    assert "2024年度台账" in due.past_ledger_note(store, old, today)
    current = ledgers.create_ledger(store, "测试镇人民政府", 2026).result
    assert not any(e.days_left < -100 for e in due.due_list(store, current, today))
    assert due.past_ledger_note(store, current, today) == ""


def test_marking_a_reminder_done_hides_it_until_taken_back(store, ledger, codes):
    ledgers.update_item(store, codes["3.3"], {"due_date": date(2025, 11, 28)})
    [entry] = kinds(due.due_list(store, ledger, TODAY), "台账条目").values()
    assert entry.clears.startswith("将台账条目 3.3 的进度改为已完成") and due.overdue_count(store, ledger, TODAY) == 1
    due.set_done(store, entry, True)
    assert kinds(due.due_list(store, ledger, TODAY), "台账条目") == {}
    assert due.overdue_count(store, ledger, TODAY) == 0
    [shown] = kinds(due.due_list(store, ledger, TODAY, include_done=True), "台账条目").values()
    assert shown.done
    due.set_done(store, shown, False)
    assert list(kinds(due.due_list(store, ledger, TODAY), "台账条目")) == [entry.title]


def test_list_is_in_date_order(store, ledger, codes):
    ledgers.update_item(store, codes["3.3"], {"due_date": date(2025, 12, 5)})
    add(store, ledger, REVIEW, category="重大执法决定", title="强拆审核", received_on=date(2025, 11, 20))
    found = due.due_list(store, ledger, TODAY)
    assert [e.due for e in found] == sorted(e.due for e in found)
    assert due.left_text(-2) == "已逾期 2 天" and due.left_text(0) == "今天到期" and due.left_text(3) == "还剩 3 天"


def test_demo_fills_every_register_with_some_entries_overdue(store):
    ledger_id = demo.create_demo_ledger(store, demo.DEMO_UNIT, 2025, TODAY).result
    counts = {e: len(registers.list_entries(store, e, ledger_id)) for e in rules.ENTITIES}
    assert all(counts.values()), counts
    found = due.due_list(store, ledger_id, TODAY)
    assert {"合法性审查", "执法公示", "法律顾问聘期"} <= {e.kind for e in found}
    # issue 11: the open 重大行政决策 is not overdue (条例 Art.26's 7 working days are a floor, not a deadline)
    assert [e.title for e in found if e.kind == "合法性审查"] == ["合法性审查“东风村村规民约（修订稿）”"]
    verdicts = registers.case_verdicts(store, ledger_id, TODAY)
    assert any(v.ok for v in verdicts.values()) and not all(v.ok for v in verdicts.values())
    assert register_totals.yearly_totals(store, ledger_id).officers_short
    linked = registers.register_evidence_for_item(store, {
        i.code: i.id for i in ledgers.load_view(store, ledger_id).items}["3.3"])
    assert linked and linked[0]["files"] == 1


def test_demo_is_deterministic(tmp_path):
    from desktop.store.store import Store

    def snapshot(folder):
        with Store(tmp_path / folder) as opened:
            ledger_id = demo.create_demo_ledger(opened, demo.DEMO_UNIT, 2025, TODAY).result
            return registers.seal_content(opened, ledger_id)

    assert snapshot("a") == snapshot("b")


# --- the page and panel say when the ledger's template declares no rules (issue 10 point 5) ------------

def _window_on(qtbot, store, template_id):
    from desktop.ui.main_window import MainWindow

    ledgers.create_ledger(store, "测试镇人民政府", 2025, template_id)
    window = MainWindow(store, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.due_tab)
    return window


def test_due_page_and_item_panel_say_the_template_declares_no_rules(qtbot, store, mini_template_id):
    from tests.gui_helpers import click_item

    window = _window_on(qtbot, store, mini_template_id)
    qtbot.waitUntil(lambda: window.due_page.rules_note.isVisible())
    assert "未声明法定报送期限" in window.due_page.rules_note.text()
    window.tabs.setCurrentIndex(0)
    click_item(qtbot, window, "5.6")  # an item with an indicator
    assert window.item_panel.uncounted.isVisible()
    assert "不由任何专项台账填写" in window.item_panel.uncounted.text()


def test_due_page_of_the_builtin_template_has_no_such_note(qtbot, store):
    from desktop.services import templates

    window = _window_on(qtbot, store, templates.install_builtin(store.db))
    qtbot.wait(50)
    window.due_page.reload()
    assert not window.due_page.rules_note.isVisible() and window.due_page.rules_note.text() == ""


def test_new_ledger_dialog_names_the_version_and_warns_outside_its_years(qtbot, store):
    from desktop.ui.new_ledger_dialog import NewLedgerDialog

    dialog = NewLedgerDialog(store=store)
    qtbot.addWidget(dialog)
    dialog.year_box.setValue(2026)
    assert dialog.template.version == "2026.1" and "版本 2026.1" in dialog.template_note.text()
    assert dialog.template_warning.text() == ""
    dialog.year_box.setValue(2025)  # not picked by hand: the version follows the year
    assert dialog.template.version == "2025.2"
    dialog.template_box.setCurrentIndex(next(i for i, c in enumerate(dialog.choices) if c.version == "2025.2"))
    dialog._template_picked(0)
    dialog.year_box.setValue(2027)  # picked by hand: it stays, with a warning
    assert dialog.template.version == "2025.2"
    assert "2027 年度不在该清单的适用年度（2021－2025年度）之内" in dialog.template_warning.text()


def test_a_template_picked_in_the_dialog_builds_the_ledger(qtbot, window, store):
    from PySide6.QtCore import Qt

    from tests.gui_helpers import type_text, when_modal

    def fill(dialog):
        type_text(dialog.unit, "河口镇人民政府")
        dialog.year_box.setValue(2026)
        older = next(i for i, c in enumerate(dialog.choices) if c.version == "2025.2")
        dialog.template_box.setCurrentIndex(older)
        dialog.template_box.activated.emit(older)  # as a click in the list does
        assert "2026 年度不在该清单的适用年度" in dialog.template_warning.text()
        qtbot.mouseClick(dialog.create_button, Qt.LeftButton)

    when_modal(fill)
    assert window.actions_.new_ledger()
    made = ledgers.get_ledger(store, window.view.ledger.id)
    assert made.year == 2026 and made.template_name == "法治政府建设实施纲要（2021－2025年）乡镇（街道）任务清单"
