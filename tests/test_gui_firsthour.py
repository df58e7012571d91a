"""The first hour of a new officer (issue 9 §6): a panel that stays put, columns that fit, refusals that
say why and lose nothing, prompts that can be cancelled, the help menu, file pickers, export and lock."""

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QKeySequence

from desktop.services import ledgers
from tests.gui_helpers import click_item, press_keys


@pytest.fixture
def opened(window, store):
    """The window with a ledger of the built-in checklist, all rows open."""
    ledger_id = ledgers.create_ledger(store, "青山镇人民政府", 2025)
    window.reload_ledgers(select_id=ledger_id)
    window.tree.expandAll()
    return window


def _top_in_window(widget, window) -> int:
    return widget.mapTo(window, QPoint(0, 0)).y()


def test_item_fields_keep_their_place_and_save_stays_in_view(qtbot, opened):
    """A long 要求 (3.7.8), two indicators (10.9) or none (1.1): every field and 保存修改 at the same spot,
    inside the window at its default size, and no gap before 完成时限."""
    places = []
    for code in ("1.1", "3.7.8", "10.9", "5.6.2"):
        click_item(qtbot, opened, code)
        panel = opened.item_panel
        qtbot.wait(10)
        widgets = (panel.progress, panel.na_reason, panel.owner, panel.due, panel.remark, panel.save_button)
        places.append(tuple(_top_in_window(w, opened) for w in widgets))
        save = panel.save_button
        bottom = _top_in_window(save, opened) + save.height()
        assert save.isVisible() and bottom <= opened.statusBar().mapTo(opened, QPoint(0, 0)).y(), code
        step = _top_in_window(panel.owner, opened) - _top_in_window(panel.na_reason, opened)
        assert _top_in_window(panel.due, opened) - _top_in_window(panel.owner, opened) <= step + 2, code
    assert len(set(places)) == 1, places


def test_checklist_columns_show_codes_and_evidence_uncut(qtbot, opened):
    tree, header = opened.tree, opened.tree.header()
    metrics = tree.fontMetrics()
    last = header.count() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= tree.viewport().width()
    for column in (0, 6):
        title = header.model().headerData(column, header.orientation())
        assert header.fontMetrics().horizontalAdvance(title) + 8 <= header.sectionSize(column)
    deepest = next(i for i in opened.view.items if i.code.count(".") == 2 and len(i.code) >= 6)
    index = opened.model.index_of(deepest.id)
    rect = tree.visualRect(index)
    assert rect.left() + metrics.horizontalAdvance(deepest.code) <= header.sectionSize(0)


def test_over_long_remark_and_owner_are_refused_next_to_the_field_and_kept(qtbot, opened, store):
    item_id = click_item(qtbot, opened, "1.1")
    panel = opened.item_panel
    long_remark = "记" * 20001
    panel.remark.setPlainText(long_remark)
    press_keys(opened, QKeySequence.Save)
    assert panel.error.text() == "备注不能超过 20000 个字（现有 20001 个字），请删减后再保存。"
    assert panel.remark.hasFocus() and panel.remark.toPlainText() == long_remark  # nothing lost
    assert ledgers.get_item(store, item_id).remark == ""  # and nothing cut and saved
    panel.remark.setPlainText("记" * 20000)
    panel.owner.setText("王" * 101)
    press_keys(opened, QKeySequence.Save)
    assert panel.error.text().startswith("责任人不能超过 100 个字")
    assert panel.owner.text() == "王" * 101 and ledgers.get_item(store, item_id).owner == ""
    panel.owner.setText("王丽")
    press_keys(opened, QKeySequence.Save)
    saved = ledgers.get_item(store, item_id)
    assert (saved.owner, len(saved.remark)) == ("王丽", 20000) and opened.item_panel.error.text() == ""
