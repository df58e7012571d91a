"""The hand-over actions in the window: the binder exported through its menu action with the save dialog
answered, and the report text saved through the dialog."""

import zipfile

from PySide6.QtWidgets import QFileDialog, QProgressDialog

from tests.gui_helpers import accept_message, create_ledger_through_dialog, when_modal


def test_binder_and_report_through_the_menu_actions(qtbot, window, tmp_path, monkeypatch):
    create_ledger_through_dialog(qtbot, window)
    target = tmp_path / "包.zip"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "包"), "")))
    messages = []
    answer = accept_message(messages)

    def handle(widget):  # the progress dialog may come first (a slow machine): wait on for the message
        if isinstance(widget, QProgressDialog):
            when_modal(handle, exclude=widget, timeout_ms=60000)
        else:
            answer(widget)

    def export(dialog):  # the export dialog: 浏览… answered by the file dialog, then 导出
        dialog.browse_button.click()
        when_modal(handle, exclude=dialog, timeout_ms=60000)
        dialog.export_button.click()

    when_modal(export, timeout_ms=60000)
    window.action_binder.trigger()
    qtbot.waitUntil(lambda: bool(messages), timeout=60000)
    assert "佐证材料包已保存到" in messages[0]
    with zipfile.ZipFile(target) as book:
        assert "SHA256SUMS.txt" in book.namelist() and "佐证材料目录.xlsx" in book.namelist()


def test_report_text_saved_through_the_dialog(qtbot, window):
    from desktop.services import report_texts
    from desktop.ui.report_text_dialog import ReportTextDialog

    create_ledger_through_dialog(qtbot, window)
    dialog = ReportTextDialog(window, window.store, window.view.ledger.id)
    qtbot.addWidget(dialog)
    dialog.sections.setCurrentIndex(1)
    dialog.editor.setPlainText("审核力量不足。")
    dialog.save()
    assert report_texts.get_texts(window.store, window.view.ledger.id) == {("2", ""): "审核力量不足。"}
    assert not dialog.changes.empty
    window.undo_stack.undo()  # Ctrl+Z in the window takes the text back, as any other edit
    assert report_texts.get_texts(window.store, window.view.ledger.id) == {}
    window.undo_stack.redo()
    assert report_texts.get_texts(window.store, window.view.ledger.id) == {("2", ""): "审核力量不足。"}
