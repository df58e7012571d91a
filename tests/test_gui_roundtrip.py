"""导入 → 修改过的进度表… in the window: the file picked, the changes shown with ticks, one unticked, the
ticked ones applied as one Ctrl+Z step."""

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QProgressDialog

from desktop.services import export_xlsx, ledgers
from desktop.ui.roundtrip_dialog import RoundTripDialog
from tests.gui_helpers import create_ledger_through_dialog, when_modal


def _edited(store, ledger_id, path):
    export_xlsx.export_progress_workbook(store, ledger_id, path)
    book = openpyxl.load_workbook(path)
    sheet = book["任务清单"]
    header = [c.value for c in sheet[1]]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    rows["1.1"][header.index("责任人")].value = "王丽"
    rows["1.2"][header.index("进度")].value = "推进中"
    book.save(path)
    return path


def test_the_ticked_changes_come_back_as_one_undo_step(qtbot, window, tmp_path, monkeypatch):
    create_ledger_through_dialog(qtbot, window)
    ledger_id = window.view.ledger.id
    path = _edited(window.store, ledger_id, tmp_path / "同事改过的.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    seen = {}

    def review(widget):
        if isinstance(widget, QProgressDialog):  # reading may show its progress first
            when_modal(review, exclude=widget, timeout_ms=30000)
            return
        assert isinstance(widget, RoundTripDialog)
        seen["rows"] = [widget.list.item(i).text() for i in range(widget.list.count())]
        second = next(i for i in range(widget.list.count()) if widget.list.item(i).text().startswith("1.2 "))
        widget.list.item(second).setCheckState(Qt.Unchecked)  # the officer keeps 1.2 as it is
        widget.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok).click()

    when_modal(review, timeout_ms=30000)
    window.action_import_workbook.trigger()
    qtbot.waitUntil(lambda: ledgers.get_item(window.store, _id(window, "1.1")).owner == "王丽", timeout=30000)
    assert seen["rows"] == ["1.1 责任人：（空） → 王丽", "1.2 进度：未开始 → 推进中"]
    assert ledgers.get_item(window.store, _id(window, "1.2")).progress == "未开始"  # unticked: not applied
    assert window.undo_stack.undoText().startswith("从 Excel 导入 1 项修改")
    window.undo_stack.undo()
    assert ledgers.get_item(window.store, _id(window, "1.1")).owner == ""


def _id(window, code):
    return next(i.id for i in window.view.items if i.code == code)
