"""The window shows what the workbook exports: 佐证 counting register entries, 不适用 from the template."""

from datetime import date

from desktop.domain.registers import REVIEW
from desktop.ui.checklist_model import COL_EVIDENCE, COL_RESULT, DISPLAY_ROLE, TOOLTIP_ROLE
from tests.conftest import add_entry
from tests.gui_helpers import click_item, create_ledger_through_dialog


def _cell(window, code: str, column: int, role=DISPLAY_ROLE):
    item = next(i for i in window.view.items if i.code == code)
    index = window.model.index_of(item.id)
    return window.model.data(window.model.index(index.row(), column, index.parent()), role)


def test_a_review_counts_in_the_list_and_the_panel(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    assert _cell(window, "3", COL_EVIDENCE) == _cell(window, "3.7.8", COL_EVIDENCE) == "无"  # parts as items
    add_entry(store, window.view.ledger.id, REVIEW, category="行政规范性文件", title="关于奖补办法（送审稿）",
              received_on=date(2025, 9, 26))  # linked by default to 3.3, 3.7.4 and 3.7.8
    window.refresh()
    assert _cell(window, "3.7.8", COL_EVIDENCE) == "1"
    assert _cell(window, "3", COL_EVIDENCE) == "3"  # the part adds up its items: 3.3, 3.7.4, 3.7.8
    click_item(qtbot, window, "3.7.8")
    assert window.evidence.caption.text() == "佐证 1 条（佐证材料 0 条，专项台账登记 1 条）"
    assert window.evidence.register_model.rowCount() == 1


def test_template_not_applicable_shows_as_such_in_list_and_panel(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    assert _cell(window, "4.2", COL_RESULT) == "不适用"
    assert _cell(window, "4.2", COL_RESULT, TOOLTIP_ROLE) == "不适用（由上级组织实施，乡镇为被检查对象。）"
    click_item(qtbot, window, "4.2")
    panel = window.item_panel
    assert panel.result.currentText() == "不适用"
    assert panel.na_reason.text() == "由上级组织实施，乡镇为被检查对象。" and not panel.dirty
    assert "条目 112 项（不适用 4 项）" in window.progress_label.text()


def test_the_statistics_export_disables_its_own_action_and_names_its_file_safely(qtbot, window, store, tmp_path,
                                                                                monkeypatch):
    from tests.gui_helpers import accept_message, when_modal

    create_ledger_through_dialog(qtbot, window)
    store.db.execute("UPDATE unit SET name = '城关镇/开发区:一*组?.'")  # a name typed before names were checked
    store.db.conn.commit()
    window.reload_ledgers(select_id=window.view.ledger.id)
    offered = []

    def look(dialog):  # the export dialog suggests the file's name
        offered.append(dialog.target().name)
        dialog.reject()

    when_modal(look)
    window.action_statistics.trigger()
    seen = []
    monkeypatch.setattr(window.runner, "run_with_store", lambda *args, **kwargs: seen.append(
        (window.action_statistics.isEnabled(), window.action_export.isEnabled())) or kwargs["on_success"](None))
    messages = []
    when_modal(accept_message(messages))
    window.actions_.export_statistics(target=tmp_path / "年报.xlsx")
    assert seen == [(False, True)]  # while it runs: its own action waits, the progress workbook does not
    assert window.action_statistics.isEnabled()
    assert offered and not set(offered[0]) & set('<>:"/\\|?*') and offered[0].endswith("行政执法统计年报.xlsx")
