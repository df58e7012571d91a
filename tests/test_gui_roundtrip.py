"""导入 → 修改过的进度表… in the window, through the one import dialog: what will change said first, the file
picked where the 进度表 was exported, the changes shown with ticks, one unticked, the ticked ones applied as one
Ctrl+Z step; what the file cannot change (an edit made here since the export) listed apart, not imported."""

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desktop.services import export_xlsx, ledgers
from desktop.ui import file_dialogs
from desktop.ui.import_dialog import ImportDialog
from tests.gui_helpers import create_ledger_through_dialog, when_modal


def _edited(store, ledger_id, path, edits):
    export_xlsx.export_progress_workbook(store, ledger_id, path)
    book = openpyxl.load_workbook(path)
    sheet = book["任务清单"]
    header = [c.value for c in sheet[1]]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    for (code, title), value in edits.items():
        rows[code][header.index(title)].value = value
    book.save(path)
    return path


def _pick(monkeypatch, path, asked):
    def pick(parent, title, folder, name_filter, *args, **kwargs):
        asked.append(folder)
        return str(path), name_filter

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick))


def _texts(widget):
    return [widget.item(i).text() for i in range(widget.count())]


def test_the_ticked_changes_come_back_as_one_undo_step(qtbot, window, tmp_path, monkeypatch):
    create_ledger_through_dialog(qtbot, window)
    ledger_id = window.view.ledger.id
    exported = tmp_path / "发给同事的"
    exported.mkdir()
    file_dialogs.remember(file_dialogs.EXPORT, exported)  # where the officer exported the 进度表
    file_dialogs.remember(file_dialogs.IMPORT, tmp_path / "没有导入过")  # no import folder (yet)
    path = _edited(window.store, ledger_id, exported / "同事改过的.xlsx",
                   {("1.1", "责任人"): "王丽", ("1.2", "进度"): "推进中"})
    asked, seen = [], {}
    _pick(monkeypatch, path, asked)

    def review(dialog):
        assert isinstance(dialog, ImportDialog)
        seen["title"], seen["enabled_before"] = dialog.windowTitle(), dialog.import_button.isEnabled()
        seen["says"] = " ".join(label.text() for label in dialog.findChildren(type(dialog.status)))
        dialog.choose_button.click()
        qtbot.waitUntil(lambda: dialog.choices.isVisible(), timeout=30000)
        seen["rows"] = _texts(dialog.choices)
        seen["status"], seen["button"] = dialog.status.text(), dialog.import_button.text()
        second = seen["rows"].index("1.2 进度：未开始 → 推进中")
        dialog.choices.item(second).setCheckState(Qt.Unchecked)  # the officer keeps 1.2 as it is
        dialog.import_button.click()

    when_modal(review, timeout_ms=30000)
    window.action_import_workbook.trigger()
    qtbot.waitUntil(lambda: ledgers.get_item(window.store, _id(window, "1.1")).owner == "王丽", timeout=30000)
    assert seen["title"] == "导入修改过的进度表" and seen["enabled_before"] is False
    assert "按隐藏的“标识”列逐项对照本台账" in seen["says"] and "其他台账或其他年度的进度表会被拒绝" in seen["says"]
    assert asked == [str(exported)]  # a first import starts where the export went
    assert seen["rows"] == ["1.1 责任人：（空） → 王丽", "1.2 进度：未开始 → 推进中"]
    assert seen["status"] == "同事改过的.xlsx：2 项共 2 处修改。请勾选要导入的修改：" and seen["button"] == "导入所选修改"
    assert ledgers.get_item(window.store, _id(window, "1.2")).progress == "未开始"  # unticked: not applied
    assert window.undo_stack.undoText().startswith("从 Excel 导入 1 项修改")
    window.undo_stack.undo()
    assert ledgers.get_item(window.store, _id(window, "1.1")).owner == ""


def test_an_edit_made_here_after_the_export_is_listed_and_nothing_ticked_imports_nothing(
        qtbot, window, tmp_path, monkeypatch):
    create_ledger_through_dialog(qtbot, window)
    ledger_id = window.view.ledger.id
    path = _edited(window.store, ledger_id, tmp_path / "周一.xlsx", {("2.1", "备注"): "同事的备注"})
    ledgers.update_item(window.store, _id(window, "1.1"), {"remark": "本机周二的备注"})
    _pick(monkeypatch, path, [])
    seen = {}

    def review(dialog):
        dialog.choose_button.click()
        qtbot.waitUntil(lambda: dialog.choices.isVisible(), timeout=30000)
        seen["rows"], seen["notes"] = _texts(dialog.choices), _texts(dialog.notes)
        seen["notes_title"] = dialog.notes_title.text()
        dialog.choices.item(0).setCheckState(Qt.Unchecked)
        seen["enabled_with_none"] = dialog.import_button.isEnabled()
        dialog.reject()

    when_modal(review, timeout_ms=30000)
    window.action_import_workbook.trigger()
    assert seen["rows"] == ["2.1 备注：（空） → 同事的备注"] and seen["enabled_with_none"] is False
    assert seen["notes_title"] == "以下 1 处不会导入："
    assert "1.1：导出后已在本机改为“本机周二的备注”，表中仍是导出时的值，保留本机的值" in seen["notes"][0]
    assert ledgers.get_item(window.store, _id(window, "2.1")).remark == ""


def _id(window, code):
    return next(i.id for i in window.view.items if i.code == code)
